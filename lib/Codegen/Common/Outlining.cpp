//===- Outlining.cpp - move one op into a function of its own -------------===//

#include "Outlining.h"
#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

SmallVector<func::FuncOp> kiln::graphFunctions(ModuleOp module) {
  SmallVector<func::FuncOp> functions;
  for (func::FuncOp function : module.getOps<func::FuncOp>())
    if (!function.isExternal() && !kiln::isOutlinedKernel(function))
      functions.push_back(function);
  return functions;
}

/// Calls `visit` on each operand of `op` and of the ops nested in it that is
/// defined outside `op`.
static void forEachValueFromAbove(Operation *op,
                                  function_ref<void(Value)> visit) {
  op->walk([&](Operation *nested) {
    for (Value operand : nested->getOperands())
      if (!op->isAncestor(operand.getParentRegion()->getParentOp()))
        visit(operand);
  });
}

/// The name of the function outlined from `parent` for `root` (see
/// outlineIntoFunction).
static std::string functionName(SymbolTable &symbols, Operation *root,
                                func::FuncOp parent, StringRef otherName,
                                unsigned &otherIndex) {
  std::string name;
  if (kiln::KernelAttr kernel = kiln::getKernelAttr(root))
    name = (parent.getSymName() + "_kernel" + Twine(kernel.getId())).str();
  while (name.empty() || symbols.lookup(name))
    name = (parent.getSymName() + "_" + otherName + Twine(otherIndex++)).str();
  return name;
}

func::FuncOp
kiln::outlineIntoFunction(RewriterBase &rewriter, SymbolTable &symbols,
                          Operation *root, func::FuncOp parent,
                          StringRef otherName, unsigned &otherIndex,
                          function_ref<bool(Operation *)> cloneIntoFunction) {
  Location loc = root->getLoc();
  std::string name = functionName(symbols, root, parent, otherName, otherIndex);
  // Captured values in order of first use; ops to clone with their
  // operands' producers before them.
  llvm::SetVector<Value> captured;
  llvm::SetVector<Operation *> cloned;
  std::function<void(Value)> capture = [&](Value value) {
    Operation *def = value.getDefiningOp();
    if (!def || !cloneIntoFunction(def)) {
      captured.insert(value);
      return;
    }
    if (cloned.contains(def))
      return;
    forEachValueFromAbove(def, capture);
    cloned.insert(def);
  };
  forEachValueFromAbove(root, capture);

  rewriter.setInsertionPoint(parent);
  auto type = rewriter.getFunctionType(
      llvm::map_to_vector(captured, [](Value v) { return v.getType(); }),
      root->getResultTypes());
  auto function = func::FuncOp::create(rewriter, loc, name, type);
  function.setPrivate();
  // Kept a function through LLVM's inliner too.
  function->setAttr("passthrough", rewriter.getArrayAttr(
                                       {rewriter.getStringAttr("noinline")}));
  symbols.insert(function);
  Block *body = function.addEntryBlock();

  // The call replaces `root`, which then moves into the body.
  rewriter.setInsertionPoint(root);
  auto call =
      func::CallOp::create(rewriter, loc, function, captured.getArrayRef());
  rewriter.replaceAllUsesWith(root->getResults(), call.getResults());
  rewriter.setInsertionPointToStart(body);
  IRMapping inside;
  for (auto [value, argument] : llvm::zip(captured, body->getArguments()))
    inside.map(value, argument);
  for (Operation *op : cloned)
    rewriter.clone(*op, inside);
  rewriter.moveOpBefore(root, body, body->end());
  rewriter.setInsertionPointToEnd(body);
  func::ReturnOp::create(rewriter, loc, root->getResults());
  root->walk([&](Operation *op) {
    for (OpOperand &operand : op->getOpOperands())
      if (Value replacement = inside.lookupOrNull(operand.get()))
        rewriter.modifyOpInPlace(op, [&] { operand.set(replacement); });
  });
  return function;
}
