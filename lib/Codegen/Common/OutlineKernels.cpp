//===- OutlineKernels.cpp - one function per top-level loop nest ----------===//
//
// After bufferization, each loop nest at a function's top level (a kernel's
// scf.forall, or a small op's loops) moves into a private function of its
// own, called in its place and never inlined. LLVM then optimises many small
// functions instead of one with thousands of loops, which keeps compile time
// linear in the graph size; each kernel is also a function in the IR.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Common/Passes.h"
#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNOUTLINEKERNELS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// Moves `loop` into a new function `name`, placed before `parent`, and
/// calls it in its place. The values the loop reads from above become the
/// function's arguments; constants are cloned into it instead (CSE leaves
/// one constant per value for the whole graph).
///
/// Done by hand rather than through `outlineSingleBlockRegion`: that
/// replaces a captured value's uses by scanning all of them, and an arena
/// view or a graph input is read by a share of all kernels, which made
/// outlining quadratic in the graph size. Here each operand inside the loop
/// is visited once.
static func::FuncOp outlineLoop(RewriterBase &rewriter, Operation *loop,
                                StringRef name, func::FuncOp parent) {
  Location loc = loop->getLoc();
  llvm::SetVector<Value> captured;
  SmallVector<Operation *> constants;
  llvm::SmallPtrSet<Operation *, 8> seenConstants;
  loop->walk([&](Operation *op) {
    for (Value operand : op->getOperands()) {
      if (loop->isAncestor(operand.getParentRegion()->getParentOp()))
        continue;
      Operation *def = operand.getDefiningOp();
      if (def && def->hasTrait<OpTrait::ConstantLike>()) {
        if (seenConstants.insert(def).second)
          constants.push_back(def);
        continue;
      }
      captured.insert(operand);
    }
  });

  rewriter.setInsertionPoint(parent);
  auto type = rewriter.getFunctionType(
      llvm::map_to_vector(captured, [](Value v) { return v.getType(); }),
      loop->getResultTypes());
  auto function = func::FuncOp::create(rewriter, loc, name, type);
  Block *body = function.addEntryBlock();

  // The call replaces the loop, which then moves into the body.
  rewriter.setInsertionPoint(loop);
  auto call =
      func::CallOp::create(rewriter, loc, function, captured.getArrayRef());
  rewriter.replaceAllUsesWith(loop->getResults(), call.getResults());
  rewriter.setInsertionPointToStart(body);
  IRMapping inside;
  for (auto [value, argument] : llvm::zip(captured, body->getArguments()))
    inside.map(value, argument);
  for (Operation *constant : constants)
    rewriter.clone(*constant, inside);
  rewriter.moveOpBefore(loop, body, body->end());
  rewriter.setInsertionPointToEnd(body);
  func::ReturnOp::create(rewriter, loc, loop->getResults());
  loop->walk([&](Operation *op) {
    for (OpOperand &operand : op->getOpOperands())
      if (Value replacement = inside.lookupOrNull(operand.get()))
        rewriter.modifyOpInPlace(op, [&] { operand.set(replacement); });
  });
  return function;
}

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
      if (function.isExternal())
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
        func::FuncOp outlined = outlineLoop(rewriter, loop, name, function);
        outlined.setPrivate();
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
