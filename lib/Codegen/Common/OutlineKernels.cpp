//===- OutlineKernels.cpp - one function per top-level loop nest ----------===//
//
// After bufferization, each loop nest at a function's top level (a kernel's
// scf.forall, or a small op's loops) moves into a private function of its
// own, called in its place and never inlined. LLVM then optimises many small
// functions instead of one with thousands of loops, which keeps compile time
// linear in the graph size; each kernel is also a function in the IR.
//
//===----------------------------------------------------------------------===//

#include "Outlining.h"
#include "kiln/Codegen/Common/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNOUTLINEKERNELS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
struct KilnOutlineKernelsPass
    : public kiln::impl::KilnOutlineKernelsBase<KilnOutlineKernelsPass> {
  using KilnOutlineKernelsBase::KilnOutlineKernelsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    IRRewriter rewriter(&getContext());
    // A kernel outlined on tensors is one already.
    for (func::FuncOp function : kiln::graphFunctions(module)) {
      SmallVector<Operation *> loops;
      for (Operation &op : function.getBody().front())
        if (isa<scf::ForOp, scf::ForallOp, scf::ParallelOp, scf::WhileOp>(op))
          loops.push_back(&op);
      unsigned loopIndex = 0;
      for (Operation *loop : loops) {
        // Constants are cloned in (CSE left one per value for the whole
        // graph).
        kiln::outlineIntoFunction(
            rewriter, symbols, loop, function, "loop", loopIndex,
            [](Operation *op) {
              return op->hasTrait<OpTrait::ConstantLike>();
            });
      }
    }
  }
};
} // namespace
