//===- OutlineKernels.cpp - one function per top-level loop nest ----------===//
//
// After bufferization, each loop nest at a function's top level (a kernel's
// scf.forall, or a small op's loops) moves into a private function of its
// own, called in its place and never inlined. LLVM then optimises many small
// functions instead of one with thousands of loops, which keeps compile time
// linear in the graph size; each kernel is also a function in the IR.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNOUTLINEKERNELS
#include "kiln/Dialect/Kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// Wraps `loop` in an scf.execute_region and outlines that region into a
/// function named `name`.
static FailureOr<func::FuncOp> outlineLoop(RewriterBase &rewriter,
                                           Operation *loop, StringRef name) {
  Location loc = loop->getLoc();
  rewriter.setInsertionPoint(loop);
  auto region =
      scf::ExecuteRegionOp::create(rewriter, loc, loop->getResultTypes());
  Block *body = rewriter.createBlock(&region.getRegion());
  rewriter.replaceAllUsesWith(loop->getResults(), region.getResults());
  rewriter.moveOpBefore(loop, body, body->end());
  // Constants the loop reads become its own copies. Outlining replaces a
  // captured value's uses by scanning all of them, and CSE leaves one
  // constant per value for the whole function: capturing constants would
  // make outlining quadratic in the graph size.
  DenseMap<Value, Value> copies;
  rewriter.setInsertionPointToStart(body);
  loop->walk([&](Operation *op) {
    for (OpOperand &operand : op->getOpOperands()) {
      Operation *def = operand.get().getDefiningOp();
      if (!def || !def->hasTrait<OpTrait::ConstantLike>() ||
          loop->isAncestor(def))
        continue;
      Value &copy = copies[operand.get()];
      if (!copy)
        copy = rewriter.clone(*def)->getResult(0);
      rewriter.modifyOpInPlace(op, [&] { operand.set(copy); });
    }
  });
  rewriter.setInsertionPointToEnd(body);
  scf::YieldOp::create(rewriter, loc, loop->getResults());
  func::CallOp call;
  FailureOr<func::FuncOp> outlined =
      outlineSingleBlockRegion(rewriter, loc, region.getRegion(), name, &call);
  if (failed(outlined))
    return failure();
  // The call now fills the region: take it out and drop the region.
  rewriter.moveOpBefore(call, region);
  rewriter.replaceOp(region, call->getResults());
  return outlined;
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
        if (auto kernel = loop->getAttrOfType<IntegerAttr>("kiln.kernel"))
          name = (function.getSymName() + "_kernel" + Twine(kernel.getInt()))
                     .str();
        else
          name = (function.getSymName() + "_loop" + Twine(loopIndex++)).str();
        while (symbols.lookup(name))
          name = (function.getSymName() + "_loop" + Twine(loopIndex++)).str();
        FailureOr<func::FuncOp> outlined = outlineLoop(rewriter, loop, name);
        if (failed(outlined)) {
          loop->emitError("kiln-outline-kernels: could not outline this loop");
          return signalPassFailure();
        }
        outlined->setPrivate();
        // Kept a function through LLVM's inliner too.
        (*outlined)->setAttr(
            "passthrough",
            rewriter.getArrayAttr({rewriter.getStringAttr("noinline")}));
        symbols.insert(*outlined);
      }
    }
  }
};
} // namespace
