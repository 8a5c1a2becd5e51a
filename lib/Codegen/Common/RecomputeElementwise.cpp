//===- RecomputeElementwise.cpp - elementwise producers in every consumer -===//
//
// kiln-recompute-elementwise: upstream elementwise fusion fuses a producer
// only into its single consumer. Where reading memory costs more than
// arithmetic (a GPU), an elementwise producer read by several ops is better
// recomputed in each: a softmax's exp(x - max) then needs no buffer of its
// own, and its reductions read x directly.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Common/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNRECOMPUTEELEMENTWISE
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// Whether `op` is a contraction or convolution, whose strategies need
/// their bodies as they are.
static bool isContractionLike(linalg::LinalgOp op) {
  return linalg::isaContractionOpInterface(op) ||
         isa<linalg::ConvolutionOpInterface>(op.getOperation());
}

/// Whether `op` only moves its one input (a transpose, a broadcast): its
/// body yields the input unchanged.
static bool isPureCopy(linalg::GenericOp op) {
  if (op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
      !op.isAllParallelLoops())
    return false;
  Block *body = op.getBody();
  return body->getOperations().size() == 1 &&
         body->getTerminator()->getOperand(0) == body->getArgument(0);
}

/// Transposes feeding matmuls become generics, and the matmuls too, so
/// that elementwise fusion folds each transpose into the matmul's indexing
/// map: the matmul reads its operand in place.
static void generalizeTransposedMatmuls(func::FuncOp function) {
  SmallVector<linalg::LinalgOp> matmuls;
  function.walk([&](linalg::LinalgOp op) {
    if (isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op.getOperation()) &&
        llvm::any_of(op.getDpsInputs(), [](Value input) {
          return input.getDefiningOp<linalg::TransposeOp>() != nullptr;
        }))
      matmuls.push_back(op);
  });
  IRRewriter rewriter(function.getContext());
  for (linalg::LinalgOp matmul : matmuls) {
    for (Value input : matmul.getDpsInputs())
      if (auto transpose = input.getDefiningOp<linalg::TransposeOp>()) {
        rewriter.setInsertionPoint(transpose);
        (void)linalg::generalizeNamedOp(rewriter, transpose);
      }
    rewriter.setInsertionPoint(matmul);
    (void)linalg::generalizeNamedOp(rewriter, matmul);
  }
}

namespace {
struct KilnRecomputeElementwisePass
    : public kiln::impl::KilnRecomputeElementwiseBase<
          KilnRecomputeElementwisePass> {
  using Base::Base;

  void runOnOperation() override {
    generalizeTransposedMatmuls(getOperation());
    linalg::ControlFusionFn control = [this](OpOperand *use) {
      auto producer = use->get().getDefiningOp<linalg::GenericOp>();
      auto consumer = dyn_cast<linalg::GenericOp>(use->getOwner());
      if (!producer || !consumer || !producer.isAllParallelLoops())
        return false;
      // A contraction keeps its body; a permutation of its operand only
      // changes the operand's indexing map.
      if (isContractionLike(consumer))
        return isPureCopy(producer) &&
               producer.getMatchingIndexingMap(producer.getDpsInputOperand(0))
                   .isPermutation();
      // Each fusion copies the producer's body: keep the copies small.
      auto size = [](linalg::GenericOp op) {
        return std::distance(op.getBody()->begin(), op.getBody()->end());
      };
      return size(producer) <= maxBodyOps &&
             size(producer) + size(consumer) <= 4 * maxBodyOps;
    };
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    // Unit dimensions a broadcast added (x - max(x, keepdims)) are collapsed
    // away so that the producer meets its consumers in one shape.
    linalg::populateFoldReshapeOpsByCollapsingPatterns(
        patterns, [](OpOperand *use) {
          return isa<linalg::GenericOp>(use->getOwner()) ||
                 isa_and_nonnull<linalg::GenericOp>(use->get().getDefiningOp());
        });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
