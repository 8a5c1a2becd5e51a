//===- Autodiff.cpp - reverse-mode differentiation of kiln functions ------===//

#include "Tape.h"
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
#include <functional>

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNAUTODIFF
#include "kiln/Dialect/Kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

static bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

/// A float tensor or a float scalar: a value a gradient could flow through.
static bool isFloatLike(Type type) {
  return isFloatTensor(type) || isa<FloatType>(type);
}

/// Zeros shaped like `like` (a 0-d constant broadcast to its shape).
static Value zerosLike(OpBuilder &b, Location loc, Value like) {
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

namespace {
/// The gradients accumulated so far for values of the function.
class Adjoints {
public:
  Value lookup(Value value) const { return map.lookup(value); }
  bool contains(Value value) const { return map.count(value); }
  /// Drops the entry of a value whose op is about to be erased.
  void forget(Value value) { map.erase(value); }
  void accumulate(OpBuilder &b, Location loc, Value value, Value gradient) {
    Value &slot = map[value];
    slot = slot ? AddOp::create(b, loc, slot, gradient).getResult() : gradient;
  }

private:
  DenseMap<Value, Value> map;
};

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
    if (failed(reverse(b, forward, adjoints)))
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

  /// Adds the gradients of the operands of `ops` (in reverse order) to
  /// `adjoints`, building at `b`.
  LogicalResult reverse(OpBuilder &b, ArrayRef<Operation *> ops,
                        Adjoints &adjoints) {
    for (Operation *op : llvm::reverse(ops)) {
      if (llvm::none_of(op->getResults(),
                        [&](Value r) { return adjoints.contains(r); }))
        continue;
      if (auto ifOp = dyn_cast<IfOp>(op)) {
        if (failed(reverseIf(b, ifOp, adjoints)))
          return failure();
        continue;
      }
      if (auto forOp = dyn_cast<ForOp>(op)) {
        if (failed(reverseFor(b, forOp, adjoints)))
          return failure();
        continue;
      }
      if (auto whileOp = dyn_cast<WhileOp>(op)) {
        if (failed(reverseWhile(b, whileOp, adjoints)))
          return failure();
        continue;
      }
      auto vjp = dyn_cast<VJPOpInterface>(op);
      if (!vjp) {
        // No float input and no region that could read one: nothing to pass
        // a gradient to.
        if (op->getNumRegions() == 0 &&
            llvm::none_of(op->getOperandTypes(), isFloatLike))
          continue;
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
      for (auto [operand, gradient] :
           llvm::zip(op->getOperands(), operandGrads))
        if (gradient && isFloatTensor(operand.getType()))
          adjoints.accumulate(b, op->getLoc(), operand, gradient);
    }
    return success();
  }

  /// A reverse kiln.if on the same predicate: each branch recomputes the
  /// forward branch, differentiates it and yields the gradients of the
  /// float values it reads from outside.
  LogicalResult reverseIf(OpBuilder &b, IfOp op, Adjoints &adjoints) {
    SmallVector<Value> free =
        capturedFloats({&op.getThenRegion(), &op.getElseRegion()});
    if (free.empty())
      return success();
    Location loc = op.getLoc();
    auto reverseOp =
        IfOp::create(b, loc, ValueRange(free).getTypes(), op.getCondition());
    for (auto [forward, backward] :
         {std::pair(&op.getThenRegion(), &reverseOp.getThenRegion()),
          std::pair(&op.getElseRegion(), &reverseOp.getElseRegion())}) {
      OpBuilder rb = OpBuilder::atBlockBegin(&backward->emplaceBlock());
      SmallVector<Operation *> recomputed;
      auto yield = cast<YieldOp>(forward->front().getTerminator());
      SmallVector<Value> values =
          cloneBody(rb, &forward->front(), {}, yield.getValues(), &recomputed);
      Adjoints local;
      for (auto [result, value] : llvm::zip(op.getResults(), values))
        if (Value g = adjoints.lookup(result))
          local.accumulate(rb, loc, value, g);
      if (failed(reverse(rb, recomputed, local)))
        return failure();
      SmallVector<Value> yielded;
      for (Value v : free) {
        Value g = local.lookup(v);
        yielded.push_back(g ? g : zerosLike(rb, loc, v));
      }
      YieldOp::create(rb, loc, yielded);
    }
    for (auto [v, g] : llvm::zip(free, reverseOp.getResults()))
      adjoints.accumulate(b, loc, v, g);
    return success();
  }

  /// Recomputes forward iteration `k` of a loop inside a reverse loop body:
  /// fills `state` with the loop-carried values the iteration starts from
  /// (null where the body never reads one), `next` with the values it
  /// yields and `ops` with the recomputed ops, in order.
  using Recompute = llvm::function_ref<void(
      OpBuilder &rb, Value k, SmallVectorImpl<Value> &state,
      SmallVectorImpl<Value> &next, SmallVectorImpl<Operation *> &ops)>;

  /// The reverse of `count` loop iterations: `kiln.for %j = 0 to count`
  /// recomputes forward iteration `count - 1 - j` from the tape and
  /// differentiates it. It carries the gradients of the loop-carried values
  /// (`carriedGrads`: one per carried value, null for non-float ones) and
  /// sums the gradients of `captured`, the float values the body reads from
  /// outside, into `adjoints`. Returns the gradients of the carried values
  /// at iteration 0.
  FailureOr<SmallVector<Value>>
  reverseIterations(OpBuilder &b, Location loc, Value count,
                    ArrayRef<Value> carriedGrads, ArrayRef<Value> captured,
                    Recompute recompute, Adjoints &adjoints) {
    SmallVector<unsigned> floats;
    SmallVector<Value> inits;
    for (auto [i, g] : llvm::enumerate(carriedGrads))
      if (g) {
        floats.push_back(i);
        inits.push_back(g);
      }
    for (Value v : captured)
      inits.push_back(zerosLike(b, loc, v));
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    auto loop = ForOp::create(b, loc, ValueRange(inits).getTypes(), zero, count,
                              one, inits);
    Block *body = &loop.getRegion().emplaceBlock();
    body->addArgument(b.getIndexType(), loc);
    for (Value v : inits)
      body->addArgument(v.getType(), loc);

    OpBuilder rb = OpBuilder::atBlockBegin(body);
    Value last = arith::SubIOp::create(rb, loc, count, one);
    Value k = arith::SubIOp::create(rb, loc, last, body->getArgument(0));
    SmallVector<Value> state, next;
    SmallVector<Operation *> ops;
    recompute(rb, k, state, next, ops);
    Adjoints local;
    for (auto [n, i] : llvm::enumerate(floats))
      local.accumulate(rb, loc, next[i], body->getArgument(1 + n));
    if (failed(reverse(rb, ops, local)))
      return failure();
    SmallVector<Value> yielded;
    for (auto [n, i] : llvm::enumerate(floats)) {
      Value g = state[i] ? local.lookup(state[i]) : Value();
      yielded.push_back(g ? g : zerosLike(rb, loc, body->getArgument(1 + n)));
    }
    for (auto [n, v] : llvm::enumerate(captured)) {
      Value sum = body->getArgument(1 + floats.size() + n);
      if (Value g = local.lookup(v))
        sum = AddOp::create(rb, loc, sum, g);
      yielded.push_back(sum);
    }
    YieldOp::create(rb, loc, yielded);

    for (auto [n, v] : llvm::enumerate(captured))
      adjoints.accumulate(b, loc, v, loop.getResult(floats.size() + n));
    SmallVector<Value> grads(carriedGrads.size());
    for (auto [n, i] : llvm::enumerate(floats))
      grads[i] = loop.getResult(n);
    return grads;
  }

  /// The float values `regions` read from outside.
  static SmallVector<Value> capturedFloats(ArrayRef<Region *> regions) {
    llvm::SetVector<Value> captured;
    for (Region *region : regions)
      getUsedValuesDefinedAbove(*region, captured);
    return llvm::filter_to_vector(
        captured, [](Value v) { return isFloatTensor(v.getType()); });
  }

  /// Gradients flowing into the results of a loop, one per result: the
  /// accumulated one (or zeros) for float results, null for others.
  static SmallVector<Value> resultGrads(OpBuilder &b, Operation *loop,
                                        const Adjoints &adjoints) {
    SmallVector<Value> grads;
    for (Value result : loop->getResults()) {
      Value g;
      if (isFloatTensor(result.getType())) {
        g = adjoints.lookup(result);
        if (!g)
          g = zerosLike(b, loop->getLoc(), result);
      }
      grads.push_back(g);
    }
    return grads;
  }

  /// Replaces a loop by its taping version and erases it.
  static void replaceLoop(Operation *loop, ValueRange replacements,
                          Adjoints &adjoints) {
    for (Value result : loop->getResults())
      adjoints.forget(result);
    loop->replaceAllUsesWith(replacements.take_front(loop->getNumResults()));
    loop->erase();
  }

  /// Clones `body`'s ops with its arguments mapped to `args`; returns the
  /// values its terminator passes on (`terminatorValues` of the original).
  static SmallVector<Value> cloneBody(OpBuilder &b, Block *body,
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

  /// A forward kiln.for like `loop` (bounds, inits) that also stores, at the
  /// start of iteration `(iv - lower) / step`, the loop-carried values at
  /// `taped` positions on tapes of `count` entries. `step` is the loop body:
  /// given the induction variable and the carried values it returns the
  /// next carried values.
  using LoopStep = llvm::function_ref<SmallVector<Value>(OpBuilder &, Value iv,
                                                         ValueRange carried)>;
  static ForOp buildTapingFor(OpBuilder &b, Location loc,
                              ArrayRef<Value> bounds, Value lowerIndex,
                              Value stepIndex, Value count, ValueRange inits,
                              ArrayRef<unsigned> taped, LoopStep step) {
    SmallVector<Value> forwardInits(inits);
    for (unsigned i : taped)
      forwardInits.push_back(tape::create(b, loc, inits[i], count));
    auto loop = ForOp::create(b, loc, ValueRange(forwardInits).getTypes(),
                              bounds[0], bounds[1], bounds[2], forwardInits);
    Block *body = &loop.getRegion().emplaceBlock();
    body->addArgument(bounds[0].getType(), loc);
    for (Value v : forwardInits)
      body->addArgument(v.getType(), loc);
    OpBuilder ib = OpBuilder::atBlockBegin(body);
    Value iv = tape::boundToIndex(ib, loc, body->getArgument(0));
    Value iteration = arith::DivSIOp::create(
        ib, loc, arith::SubIOp::create(ib, loc, iv, lowerIndex), stepIndex);
    ValueRange carried = body->getArguments().slice(1, inits.size());
    SmallVector<Value> stored;
    for (auto [n, i] : llvm::enumerate(taped))
      stored.push_back(tape::store(ib, loc,
                                   body->getArgument(1 + inits.size() + n),
                                   iteration, carried[i]));
    SmallVector<Value> next = step(ib, body->getArgument(0), carried);
    next.append(stored);
    YieldOp::create(ib, loc, next);
    return loop;
  }

  /// Loads the values at `taped` positions of entry `k` of `tapes` into a
  /// state of `types.size()` values (null where not taped).
  static SmallVector<Value> loadState(OpBuilder &b, Location loc,
                                      ValueRange tapes,
                                      ArrayRef<unsigned> taped, TypeRange types,
                                      Value k) {
    SmallVector<Value> state(types.size());
    for (auto [n, i] : llvm::enumerate(taped))
      state[i] = tape::load(b, loc, tapes[n], k, types[i]);
    return state;
  }

  /// Positions of the block arguments of `block` that have uses.
  static SmallVector<unsigned> usedArguments(Block *block, unsigned skip) {
    SmallVector<unsigned> used;
    for (unsigned i = skip; i < block->getNumArguments(); ++i)
      if (!block->getArgument(i).use_empty())
        used.push_back(i - skip);
    return used;
  }

  /// kiln.for: the forward loop is rebuilt to store, at the start of every
  /// iteration, the loop-carried values its body reads on tapes sized by the
  /// trip count; the reverse loop recomputes each iteration from its tape
  /// entry and differentiates it, last iteration first.
  LogicalResult reverseFor(OpBuilder &b, ForOp op, Adjoints &adjoints) {
    Location loc = op.getLoc();
    Block *body = op.getBody();
    ValueRange inits = op.getInitArgs();
    ValueRange yielded = op.getYield().getValues();
    Type boundType = op.getLowerBound().getType();
    OpBuilder fb(op);
    Value lower = tape::boundToIndex(fb, loc, op.getLowerBound());
    Value step = tape::boundToIndex(fb, loc, op.getStep());
    Value count = tape::tripCount(
        fb, loc, lower, tape::boundToIndex(fb, loc, op.getUpperBound()), step);
    SmallVector<unsigned> taped = usedArguments(body, /*skip=*/1);
    ForOp forward = buildTapingFor(
        fb, loc, {op.getLowerBound(), op.getUpperBound(), op.getStep()}, lower,
        step, count, inits, taped,
        [&](OpBuilder &ib, Value iv, ValueRange carried) {
          SmallVector<Value> args{iv};
          args.append(carried.begin(), carried.end());
          return cloneBody(ib, body, args, yielded, nullptr);
        });
    ValueRange tapes = forward.getResults().drop_front(inits.size());

    auto recompute = [&](OpBuilder &rb, Value k, SmallVectorImpl<Value> &state,
                         SmallVectorImpl<Value> &next,
                         SmallVectorImpl<Operation *> &ops) {
      Value offset = arith::MulIOp::create(rb, loc, k, step);
      Value iv = tape::indexToBound(
          rb, loc, arith::AddIOp::create(rb, loc, lower, offset), boundType);
      state = loadState(rb, loc, tapes, taped, inits.getTypes(), k);
      SmallVector<Value> args{iv};
      args.append(state);
      next = cloneBody(rb, body, args, yielded, &ops);
    };
    FailureOr<SmallVector<Value>> grads = reverseIterations(
        b, loc, count, resultGrads(b, op, adjoints),
        capturedFloats({&op.getRegion()}), recompute, adjoints);
    if (failed(grads))
      return failure();
    for (auto [init, g] : llvm::zip(inits, *grads))
      if (g)
        adjoints.accumulate(b, loc, init, g);
    replaceLoop(op, forward.getResults(), adjoints);
    return success();
  }

  /// kiln.while: the trip count is known only when the loop ends, and a tape
  /// grown inside the loop would be copied on every iteration by
  /// bufferization. So the loop runs once with a counter added, then a
  /// kiln.for over that count runs its test-and-body pairs again, storing
  /// the loop-carried values on tapes of exactly that size (updated in
  /// place). The reverse differentiates the last test on the final state,
  /// then recomputes and differentiates each test-and-body pair from its
  /// tape entry, last first.
  LogicalResult reverseWhile(OpBuilder &b, WhileOp op, Adjoints &adjoints) {
    Location loc = op.getLoc();
    Block *before = &op.getBefore().front();
    Block *after = &op.getAfter().front();
    ValueRange forwardedValues = op.getConditionOp().getArgs();
    ValueRange yielded = op.getYield().getValues();
    ValueRange inits = op.getInitArgs();
    TypeRange types = inits.getTypes();
    OpBuilder fb(op);

    // The original loop with an iteration counter.
    SmallVector<Value> countingInits(inits);
    countingInits.push_back(arith::ConstantIndexOp::create(fb, loc, 0));
    TypeRange countingTypes = ValueRange(countingInits).getTypes();
    auto counting = WhileOp::create(fb, loc, countingTypes, countingInits);
    SmallVector<Location> locs(countingTypes.size(), loc);
    Block *newBefore =
        fb.createBlock(&counting.getBefore(), {}, countingTypes, locs);
    SmallVector<Value> testValues{op.getConditionOp().getCondition()};
    testValues.append(forwardedValues.begin(), forwardedValues.end());
    SmallVector<Value> forwarded =
        cloneBody(fb, before, newBefore->getArguments(), testValues, nullptr);
    Value go = forwarded.front();
    forwarded.erase(forwarded.begin());
    forwarded.push_back(newBefore->getArguments().back());
    ConditionOp::create(fb, loc, go, forwarded);
    Block *newAfter =
        fb.createBlock(&counting.getAfter(), {}, countingTypes, locs);
    SmallVector<Value> next =
        cloneBody(fb, after, newAfter->getArguments(), yielded, nullptr);
    next.push_back(
        arith::AddIOp::create(fb, loc, newAfter->getArguments().back(),
                              arith::ConstantIndexOp::create(fb, loc, 1)));
    YieldOp::create(fb, loc, next);
    fb.setInsertionPoint(op);
    Value count = counting.getResults().back();

    // The same iterations again, taped.
    auto testAndBody = [&](OpBuilder &ib, ValueRange state,
                           SmallVectorImpl<Operation *> *ops) {
      SmallVector<Value> passed =
          cloneBody(ib, before, state, forwardedValues, ops);
      return cloneBody(ib, after, passed, yielded, ops);
    };
    Value zero = arith::ConstantIndexOp::create(fb, loc, 0);
    Value one = arith::ConstantIndexOp::create(fb, loc, 1);
    SmallVector<unsigned> taped = usedArguments(before, /*skip=*/0);
    ForOp taping =
        buildTapingFor(fb, loc, {zero, count, one}, zero, one, count, inits,
                       taped, [&](OpBuilder &ib, Value, ValueRange carried) {
                         return testAndBody(ib, carried, nullptr);
                       });
    ValueRange tapes = taping.getResults().drop_front(inits.size());

    // The last test, on the final state, forwarded the results.
    SmallVector<Value> finalState(taping.getResults().take_front(inits.size()));
    SmallVector<Operation *> finalOps;
    SmallVector<Value> results =
        cloneBody(b, before, finalState, forwardedValues, &finalOps);
    SmallVector<Value> grads = resultGrads(b, op, adjoints);
    for (auto [value, g] : llvm::zip(results, grads))
      if (g)
        adjoints.accumulate(b, loc, value, g);
    if (failed(reverse(b, finalOps, adjoints)))
      return failure();
    for (unsigned i = 0; i < grads.size(); ++i)
      if (grads[i]) {
        Value g = adjoints.lookup(finalState[i]);
        grads[i] = g ? g : zerosLike(b, loc, inits[i]);
      }

    auto recompute = [&](OpBuilder &rb, Value k, SmallVectorImpl<Value> &state,
                         SmallVectorImpl<Value> &next,
                         SmallVectorImpl<Operation *> &ops) {
      state = loadState(rb, loc, tapes, taped, types, k);
      next = testAndBody(rb, state, &ops);
    };
    FailureOr<SmallVector<Value>> initGrads = reverseIterations(
        b, loc, count, grads, capturedFloats({&op.getBefore(), &op.getAfter()}),
        recompute, adjoints);
    if (failed(initGrads))
      return failure();
    for (auto [init, g] : llvm::zip(inits, *initGrads))
      if (g)
        adjoints.accumulate(b, loc, init, g);
    replaceLoop(op, counting.getResults(), adjoints);
    return success();
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
