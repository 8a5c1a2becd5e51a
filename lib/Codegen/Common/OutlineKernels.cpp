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
#include "kiln/Codegen/IR/KilnCodegen.h"
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
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp function : functions) {
      // A kernel outlined on tensors is one already.
      if (function.isExternal() || kiln::isOutlinedKernel(function))
        continue;
      SmallVector<Operation *> loops;
      for (Operation &op : function.getBody().front())
        if (isa<scf::ForOp, scf::ForallOp, scf::ParallelOp, scf::WhileOp>(op))
          loops.push_back(&op);
      unsigned loopIndex = 0;
      for (Operation *loop : loops) {
        // Kernels keep kiln-form-kernels' numbering (as in its report);
        // other loop nests are numbered apart.
        std::string name;
        if (kiln::KernelAttr kernel = kiln::getKernelAttr(loop))
          name =
              (function.getSymName() + "_kernel" + Twine(kernel.getId())).str();
        else
          name = (function.getSymName() + "_loop" + Twine(loopIndex++)).str();
        while (symbols.lookup(name))
          name = (function.getSymName() + "_loop" + Twine(loopIndex++)).str();
        // Constants are cloned in (CSE left one per value for the whole
        // graph).
        func::FuncOp outlined = kiln::outlineIntoFunction(
            rewriter, loop, name, function, [](Operation *op) {
              return op->hasTrait<OpTrait::ConstantLike>();
            });
        // Kept a function through LLVM's inliner too.
        outlined->setAttr(
            "passthrough",
            rewriter.getArrayAttr({rewriter.getStringAttr("noinline")}));
        symbols.insert(outlined);
      }
    }
  }
};
} // namespace
