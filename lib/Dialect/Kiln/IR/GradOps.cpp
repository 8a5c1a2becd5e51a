//===- GradOps.cpp - kiln.grad and kiln.value_and_grad --------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace mlir::kiln;

static bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

/// Checks a grad op against the function it differentiates.
template <typename OpTy>
static LogicalResult verifyGradOp(OpTy op, SymbolTableCollection &symbols) {
  auto callee =
      symbols.lookupNearestSymbolFrom<func::FuncOp>(op, op.getCalleeAttr());
  if (!callee)
    return op.emitOpError("'callee' ")
           << op.getCalleeAttr() << " does not name a func.func";
  FunctionType type = callee.getFunctionType();
  if (type.getNumResults() != 1)
    return op.emitOpError("can only differentiate a function with one "
                          "result, but ")
           << op.getCalleeAttr() << " has " << type.getNumResults();
  Type resultType = type.getResult(0);
  if (!isFloatTensor(resultType))
    return op.emitOpError("the result of ")
           << op.getCalleeAttr() << " must be a float tensor, got "
           << resultType;
  bool scalarLoss = cast<RankedTensorType>(resultType).getRank() == 0;

  // Arguments, then the seed of a non-scalar result.
  unsigned expected = type.getNumInputs() + (scalarLoss ? 0 : 1);
  ValueRange args = op.getArguments();
  if (args.size() != expected)
    return op.emitOpError("expects ")
           << expected << " operands (the arguments of " << op.getCalleeAttr()
           << (scalarLoss ? "" : " and the cotangent of its non-scalar result")
           << "), got " << args.size();
  for (auto [i, input] : llvm::enumerate(type.getInputs()))
    if (args[i].getType() != input)
      return op.emitOpError("operand #")
             << i << " has type " << args[i].getType() << " but "
             << op.getCalleeAttr() << " takes " << input;
  if (!scalarLoss && args.back().getType() != resultType)
    return op.emitOpError("the cotangent operand has type ")
           << args.back().getType() << " but the result of "
           << op.getCalleeAttr() << " is " << resultType;

  SmallVector<Type> results;
  if (OpTy::kWithValue)
    results.push_back(resultType);
  llvm::SmallDenseSet<int64_t> seen;
  for (int64_t position : op.getWrt()) {
    if (position < 0 || position >= type.getNumInputs())
      return op.emitOpError("'wrt' position ")
             << position << " is out of range for the " << type.getNumInputs()
             << " arguments of " << op.getCalleeAttr();
    if (!seen.insert(position).second)
      return op.emitOpError("'wrt' names argument ") << position << " twice";
    Type input = type.getInput(position);
    if (!isFloatTensor(input))
      return op.emitOpError("cannot differentiate with respect to argument ")
             << position << " of type " << input
             << ": only float tensors have gradients";
    results.push_back(input);
  }
  if (TypeRange(op.getResultTypes()) != TypeRange(results)) {
    auto diag = op.emitOpError("result types must be (");
    llvm::interleaveComma(results, diag);
    return diag << ")" << (OpTy::kWithValue ? ": the value, then " : ": ")
                << "the gradients in 'wrt' order";
  }
  return success();
}

LogicalResult GradOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyGradOp(*this, symbols);
}

LogicalResult ValueAndGradOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyGradOp(*this, symbols);
}
