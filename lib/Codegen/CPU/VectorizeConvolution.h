//===- VectorizeConvolution.h - register tiles for 2-D convolutions -------===//

#ifndef KILN_DIALECT_KILN_TRANSFORMS_VECTORIZECONVOLUTION_H
#define KILN_DIALECT_KILN_TRANSFORMS_VECTORIZECONVOLUTION_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {

/// Replaces `conv` (on tensors, float elements, static filter count and
/// spatial sizes) with loops over register tiles of vector FMAs, for
/// `width` f32 lanes per vector register. Fails, leaving `conv` alone, when
/// the convolution is outside that subset.
LogicalResult vectorizeConvolution(RewriterBase &rewriter,
                                   linalg::Conv2DNchwFchwOp conv,
                                   int64_t width);

} // namespace mlir::kiln

#endif // KILN_DIALECT_KILN_TRANSFORMS_VECTORIZECONVOLUTION_H
