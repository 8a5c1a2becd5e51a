//===- Autodiff.cpp - reverse-mode differentiation of kiln functions ------===//
//
// The kiln-autodiff pass: expands grad ops into calls of generated gradient
// functions and runs the reverse sweep over their ops. The reverse of
// kiln.if and of the loops lives in AutodiffIf.cpp and AutodiffLoops.cpp.
//
//===----------------------------------------------------------------------===//

#include "Autodiff.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/Transforms/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"
#include <functional>

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNAUTODIFF
#include "kiln/Dialect/Kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::autodiff;

//===----------------------------------------------------------------------===//
// The reverse sweep
//===----------------------------------------------------------------------===//

/// A float tensor or a float scalar: a value a gradient could flow through.
static bool isFloatLike(Type type) {
  return isFloatTensor(type) || isa<FloatType>(type);
}

/// The reverse of any other op: its VJP rule.
static LogicalResult reverseOp(OpBuilder &b, Operation *op,
                               Adjoints &adjoints) {
  auto vjp = dyn_cast<VJPOpInterface>(op);
  if (!vjp) {
    // No float input and no region that could read one: nothing to pass
    // a gradient to.
    if (op->getNumRegions() == 0 &&
        llvm::none_of(op->getOperandTypes(), isFloatLike))
      return success();
    return op->emitOpError("is not differentiable: it has no VJP rule");
  }
  SmallVector<Value> resultGrads;
  for (Value result : op->getResults()) {
    Value g = adjoints.lookup(result);
    resultGrads.push_back(g || !isFloatTensor(result.getType())
                              ? g
                              : zerosLike(b, op->getLoc(), result));
  }
  SmallVector<Value> operandGrads;
  if (failed(vjp.buildVJP(b, resultGrads, operandGrads)))
    return failure();
  for (auto [operand, gradient] : llvm::zip(op->getOperands(), operandGrads))
    if (gradient && isFloatTensor(operand.getType()))
      adjoints.accumulate(b, op->getLoc(), operand, gradient);
  return success();
}

LogicalResult autodiff::reverse(OpBuilder &b, ArrayRef<Operation *> ops,
                                Adjoints &adjoints) {
  for (Operation *op : llvm::reverse(ops)) {
    if (llvm::none_of(op->getResults(),
                      [&](Value r) { return adjoints.contains(r); }))
      continue;
    LogicalResult reversed =
        llvm::TypeSwitch<Operation *, LogicalResult>(op)
            .Case([&](IfOp ifOp) { return reverseIf(b, ifOp, adjoints); })
            .Case([&](ForOp forOp) { return reverseFor(b, forOp, adjoints); })
            .Case([&](WhileOp whileOp) {
              return reverseWhile(b, whileOp, adjoints);
            })
            .Default([&](Operation *other) {
              return reverseOp(b, other, adjoints);
            });
    if (failed(reversed))
      return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Shared by the control-flow rules
//===----------------------------------------------------------------------===//

Value autodiff::zerosLike(OpBuilder &b, Location loc, Value like) {
  auto type = cast<RankedTensorType>(like.getType());
  Type element = type.getElementType();
  auto scalarType = RankedTensorType::get({}, element);
  Value zero = ConstantOp::create(
      b, loc, DenseElementsAttr::get(scalarType, b.getFloatAttr(element, 0)));
  SmallVector<Value> dims;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dims.push_back(tensor::DimOp::create(b, loc, like, d));
  return BroadcastToOp::create(b, loc, type, zero, dims);
}

SmallVector<Value> autodiff::capturedFloats(ArrayRef<Region *> regions) {
  llvm::SetVector<Value> captured;
  for (Region *region : regions)
    getUsedValuesDefinedAbove(*region, captured);
  return llvm::filter_to_vector(
      captured, [](Value v) { return isFloatTensor(v.getType()); });
}

SmallVector<Value> autodiff::cloneBody(OpBuilder &b, Block *body,
                                       ValueRange args,
                                       ValueRange terminatorValues,
                                       SmallVectorImpl<Operation *> *ops) {
  IRMapping mapping;
  for (auto [arg, value] : llvm::zip(body->getArguments(), args))
    if (value)
      mapping.map(arg, value);
  for (Operation &inner : body->without_terminator()) {
    Operation *clone = b.clone(inner, mapping);
    if (ops)
      ops->push_back(clone);
  }
  return llvm::map_to_vector(
      terminatorValues, [&](Value v) { return mapping.lookupOrDefault(v); });
}

//===----------------------------------------------------------------------===//
// Gradient functions and the pass
//===----------------------------------------------------------------------===//

namespace {
/// Generates gradient functions for one module.
class Differentiator {
public:
  explicit Differentiator(ModuleOp module) : module(module) {}

  /// Replaces every grad op in `fn` with a call of its gradient function.
  LogicalResult expandGradOps(func::FuncOp fn) {
    SmallVector<Operation *> gradOps;
    fn.walk([&](Operation *op) {
      if (isa<GradOp, ValueAndGradOp>(op))
        gradOps.push_back(op);
    });
    for (Operation *op : gradOps) {
      bool withValue = isa<ValueAndGradOp>(op);
      auto callee = op->getAttrOfType<FlatSymbolRefAttr>("callee");
      auto wrt = op->getAttrOfType<DenseI64ArrayAttr>("wrt").asArrayRef();
      auto target = module.lookupSymbol<func::FuncOp>(callee);
      FailureOr<func::FuncOp> gradient = getOrCreateGradient(
          target, wrt, withValue,
          op->getNumOperands() != target.getFunctionType().getNumInputs());
      if (failed(gradient))
        return failure();
      OpBuilder b(op);
      auto call =
          func::CallOp::create(b, op->getLoc(), *gradient, op->getOperands());
      op->replaceAllUsesWith(call.getResults());
      op->erase();
    }
    return success();
  }

private:
  FailureOr<func::FuncOp> getOrCreateGradient(func::FuncOp callee,
                                              ArrayRef<int64_t> wrt,
                                              bool withValue, bool hasSeed) {
    std::string name =
        (callee.getName() + "_grad" + (withValue ? "_value" : "") + "_wrt")
            .str();
    for (int64_t position : wrt)
      name += "_" + std::to_string(position);
    if (auto existing = module.lookupSymbol<func::FuncOp>(name))
      return existing;
    if (!llvm::hasSingleElement(callee.getBody()))
      return callee.emitError("kiln-autodiff: cannot differentiate '")
             << callee.getName() << "': its body must be a single block";
    if (failed(checkNotRecursive(callee)))
      return failure();

    FunctionType calleeType = callee.getFunctionType();
    Type lossType = calleeType.getResult(0);
    SmallVector<Type> inputs(calleeType.getInputs());
    if (hasSeed)
      inputs.push_back(lossType);
    SmallVector<Type> results;
    if (withValue)
      results.push_back(lossType);
    for (int64_t position : wrt)
      results.push_back(calleeType.getInput(position));

    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    Location loc = callee.getLoc();
    auto fn =
        func::FuncOp::create(b, loc, name, b.getFunctionType(inputs, results));
    fn.setPrivate();
    Block *entry = fn.addEntryBlock();

    // The forward computation: the callee's body, grad ops expanded and
    // calls inlined.
    IRMapping mapping;
    for (auto [from, to] :
         llvm::zip(callee.getArguments(), entry->getArguments()))
      mapping.map(from, to);
    b.setInsertionPointToEnd(entry);
    for (Operation &op : callee.getBody().front())
      b.clone(op, mapping);
    if (failed(expandGradOps(fn)) || failed(inlineCalls(fn)))
      return failure();

    auto ret = cast<func::ReturnOp>(entry->getTerminator());
    Value loss = ret.getOperand(0);
    ret.erase();
    SmallVector<Operation *> forward =
        llvm::to_vector(llvm::make_pointer_range(entry->getOperations()));

    // The reverse sweep.
    b.setInsertionPointToEnd(entry);
    Adjoints adjoints;
    Value seed;
    if (hasSeed) {
      seed = entry->getArguments().back();
    } else {
      Type element = cast<RankedTensorType>(lossType).getElementType();
      seed = ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(cast<ShapedType>(lossType),
                                 b.getFloatAttr(element, 1.0)));
    }
    adjoints.accumulate(b, loc, loss, seed);
    if (failed(autodiff::reverse(b, forward, adjoints)))
      return failure();

    SmallVector<Value> returned;
    if (withValue)
      returned.push_back(loss);
    for (int64_t position : wrt) {
      Value arg = entry->getArgument(position);
      Value gradient = adjoints.lookup(arg);
      returned.push_back(gradient ? gradient : zerosLike(b, loc, arg));
    }
    func::ReturnOp::create(b, loc, returned);
    return fn;
  }

  /// Fails unless the functions `root` calls (transitively) never call
  /// themselves again: calls are inlined before differentiation.
  LogicalResult checkNotRecursive(func::FuncOp root) {
    enum class State { Active, Done };
    DenseMap<Operation *, State> state;
    std::function<LogicalResult(func::FuncOp)> visit =
        [&](func::FuncOp fn) -> LogicalResult {
      auto [it, inserted] = state.try_emplace(fn, State::Active);
      if (!inserted) {
        if (it->second == State::Done)
          return success();
        return root.emitError("kiln-autodiff: cannot differentiate '")
               << root.getName() << "': '" << fn.getName()
               << "' is reached again through its own calls (recursion)";
      }
      WalkResult walk = fn.walk([&](func::CallOp call) {
        auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee());
        if (callee && failed(visit(callee)))
          return WalkResult::interrupt();
        return WalkResult::advance();
      });
      state[fn] = State::Done;
      return failure(walk.wasInterrupted());
    };
    return visit(root);
  }

  /// Inlines every func.call in `fn` (recursively; the call graph was
  /// checked to be acyclic).
  LogicalResult inlineCalls(func::FuncOp fn) {
    while (true) {
      SmallVector<func::CallOp> calls;
      fn.walk([&](func::CallOp call) { calls.push_back(call); });
      if (calls.empty())
        return success();
      for (func::CallOp call : calls) {
        auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee());
        if (!callee || callee.isExternal() ||
            !llvm::hasSingleElement(callee.getBody()))
          return call.emitError("kiln-autodiff: cannot differentiate through "
                                "a call of '")
                 << call.getCallee()
                 << "': it must be a func.func with a single-block body";
        IRMapping mapping;
        for (auto [from, to] :
             llvm::zip(callee.getArguments(), call.getOperands()))
          mapping.map(from, to);
        OpBuilder b(call);
        for (Operation &op : callee.getBody().front().without_terminator())
          b.clone(op, mapping);
        auto ret =
            cast<func::ReturnOp>(callee.getBody().front().getTerminator());
        for (auto [result, value] :
             llvm::zip(call.getResults(), ret.getOperands()))
          result.replaceAllUsesWith(mapping.lookupOrDefault(value));
        call.erase();
      }
      if (failed(expandGradOps(fn)))
        return failure();
    }
  }

  ModuleOp module;
};

struct KilnAutodiffPass
    : public kiln::impl::KilnAutodiffBase<KilnAutodiffPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    Differentiator differentiator(module);
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp fn : functions)
      if (failed(differentiator.expandGradOps(fn)))
        return signalPassFailure();
  }
};
} // namespace
