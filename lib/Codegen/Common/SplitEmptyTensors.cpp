//===- SplitEmptyTensors.cpp - one tensor.empty per use -------------------===//

#include "kiln/Codegen/Common/Passes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNSPLITEMPTYTENSORS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
struct KilnSplitEmptyTensorsPass
    : public kiln::impl::KilnSplitEmptyTensorsBase<KilnSplitEmptyTensorsPass> {
  void runOnOperation() override {
    SmallVector<tensor::EmptyOp> empties;
    getOperation()->walk([&](tensor::EmptyOp op) { empties.push_back(op); });
    OpBuilder b(&getContext());
    for (tensor::EmptyOp empty : empties) {
      SmallVector<OpOperand *> uses = llvm::map_to_vector(
          empty->getUses(), [](OpOperand &use) { return &use; });
      if (uses.size() < 2)
        continue;
      // The first use keeps the original; the clones sit right after it so
      // they see the same dynamic sizes.
      for (OpOperand *use : llvm::drop_begin(uses)) {
        b.setInsertionPointAfter(empty);
        use->set(b.clone(*empty)->getResult(0));
      }
    }
  }
};
} // namespace
