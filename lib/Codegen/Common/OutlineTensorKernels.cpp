//===- OutlineTensorKernels.cpp - one function per kernel, on tensors -----===//
//
// Before the target's passes on tensors, each kernel at a graph function's
// top level (a kernel's scf.forall, or a linalg op left on its own) moves
// into a private function of its own. Deduplicated right after, a graph
// that repeats a layer then vectorizes, bufferizes and lowers each distinct
// kernel once, and the graph function keeps only calls, which every later
// pass walks quickly.
//
//===----------------------------------------------------------------------===//

#include "Outlining.h"
#include "kiln/Codegen/Common/Passes.h"
#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNOUTLINETENSORKERNELS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// Whether `op`, feeding a kernel, is cloned into the kernel's function
/// rather than passed to it: a scalar or splat constant, a slice (a view of
/// what is passed), a fill of a fresh tensor (the kernel's initial value;
/// the fresh tensor is passed, the kernel's destination).
/// Weights stay arguments: one copy in the graph, and kernels that differ
/// only by their weights stay one kernel.
static bool clonedIntoKernel(Operation *op) {
  if (op->hasTrait<OpTrait::ConstantLike>()) {
    Attribute value;
    if (!matchPattern(op, m_Constant(&value)))
      return false;
    auto elements = dyn_cast<ElementsAttr>(value);
    return !elements || elements.isSplat();
  }
  if (isa<tensor::ExtractSliceOp>(op))
    return true;
  if (auto fill = dyn_cast<linalg::FillOp>(op))
    return fill.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>() != nullptr;
  return false;
}

/// Whether `op` is a kernel to outline: a destination-style op on tensors
/// (a linalg op, a kernel's scf.forall) writing into whole tensors it may
/// own. A kernel writing into a slice or a constant stays where it is: as
/// an argument, that destination would become a copy.
static bool isOutlinableKernel(Operation &op) {
  auto destination = dyn_cast<DestinationStyleOpInterface>(op);
  if (!destination || !destination.hasPureTensorSemantics() ||
      op.getNumResults() == 0 || isa<linalg::FillOp>(op))
    return false;
  if (!isa<linalg::LinalgOp, scf::ForallOp>(op))
    return false;
  return llvm::all_of(destination.getDpsInits(), [](Value init) {
    Operation *def = init.getDefiningOp();
    return !def || !(isa<tensor::ExtractSliceOp>(def) ||
                     def->hasTrait<OpTrait::ConstantLike>());
  });
}

/// Gives each use, inside `kernel`'s body, of an empty tensor from above
/// (a tile's scratch, sliced out of the same tensor.empty as the kernel's
/// destination) an empty tensor of its own, placed before the kernel, and
/// returns them: they go into the kernel's function with it, while its
/// destination stays an argument.
static llvm::SmallPtrSet<Operation *, 4>
separateScratchEmpties(RewriterBase &rewriter, Operation *kernel) {
  llvm::SmallPtrSet<Operation *, 4> scratch;
  kernel->walk([&](Operation *nested) {
    if (nested == kernel)
      return;
    for (OpOperand &operand : nested->getOpOperands()) {
      auto empty = operand.get().getDefiningOp<tensor::EmptyOp>();
      if (!empty || kernel->isAncestor(empty))
        continue;
      rewriter.setInsertionPoint(kernel);
      Operation *own = rewriter.clone(*empty);
      rewriter.modifyOpInPlace(nested, [&] { operand.set(own->getResult(0)); });
      scratch.insert(own);
    }
  });
  return scratch;
}

namespace {
struct KilnOutlineTensorKernelsPass
    : public kiln::impl::KilnOutlineTensorKernelsBase<
          KilnOutlineTensorKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    IRRewriter rewriter(&getContext());
    for (func::FuncOp function : kiln::graphFunctions(module)) {
      SmallVector<Operation *> kernels;
      for (Block &block : function.getBody())
        for (Operation &op : block)
          if (isOutlinableKernel(op))
            kernels.push_back(&op);
      unsigned opIndex = 0;
      for (Operation *kernel : kernels) {
        // Inputs the kernels no longer read (fills, slices, constants now
        // cloned into them) are erased below.
        llvm::SetVector<Operation *> producers;
        for (Value operand : kernel->getOperands())
          if (Operation *def = operand.getDefiningOp();
              def && clonedIntoKernel(def))
            producers.insert(def);
        llvm::SmallPtrSet<Operation *, 4> scratch =
            separateScratchEmpties(rewriter, kernel);
        func::FuncOp outlined = kiln::outlineIntoFunction(
            rewriter, symbols, kernel, function, "op", opIndex,
            [&](Operation *op) {
              return scratch.contains(op) || clonedIntoKernel(op);
            });
        for (Operation *empty : scratch)
          rewriter.eraseOp(empty);
        kiln::markOutlinedKernel(outlined);
        for (Operation *producer : producers)
          if (producer->use_empty())
            rewriter.eraseOp(producer);
      }
    }
  }
};
} // namespace
