//===- OnlineSoftmax.h - a row's max and sum of exps in one pass -*- C++
//-*-===//
//
// A softmax row needs its maximum m and the sum of exp(x - m). Computed as
// two reductions, a block reads the row twice before the division reads it
// a third time. The online form folds both in one pass: each thread keeps
// (m, s) and rescales s by exp(m_old - m_new) when its maximum grows; the
// block then combines the threads' maxima and their rescaled sums.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CODEGEN_GPU_ONLINESOFTMAX_H
#define KILN_LIB_CODEGEN_GPU_ONLINESOFTMAX_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {

/// In `ops` (the linalg ops of a row kernel a block's threads share, in
/// order), finds each row maximum of x followed by a row sum of
/// exp(x - max) over the same x, both accumulating into buffers filled just
/// before with -inf and 0, and replaces the pair by one pass of threadId's
/// share of the row (ending in a barrier). The pair is removed from `ops`.
void fuseOnlineSoftmax(RewriterBase &rewriter,
                       SmallVectorImpl<linalg::LinalgOp> &ops, Value threadId,
                       Value threadCount);

} // namespace mlir::kiln

#endif // KILN_LIB_CODEGEN_GPU_ONLINESOFTMAX_H
