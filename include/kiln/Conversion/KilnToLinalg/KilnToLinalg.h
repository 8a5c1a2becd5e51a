//===- KilnToLinalg.h - kiln to linalg conversion patterns ------*- C++ -*-===//

#ifndef KILN_CONVERSION_KILNTOLINALG_KILNTOLINALG_H
#define KILN_CONVERSION_KILNTOLINALG_KILNTOLINALG_H

namespace mlir {
class ConversionTarget;
class RewritePatternSet;

namespace kiln {
/// All patterns of convert-kiln-to-linalg, by op family.
void populateKilnToLinalgPatterns(RewritePatternSet &patterns);
void populateElementwiseToLinalgPatterns(RewritePatternSet &patterns);
void populateMatmulToLinalgPatterns(RewritePatternSet &patterns);
void populateConvolutionToLinalgPatterns(RewritePatternSet &patterns);
void populateReductionToLinalgPatterns(RewritePatternSet &patterns);
void populateShapeToTensorPatterns(RewritePatternSet &patterns);
void populateControlFlowToSCFPatterns(RewritePatternSet &patterns);
} // namespace kiln
} // namespace mlir

#endif // KILN_CONVERSION_KILNTOLINALG_KILNTOLINALG_H
