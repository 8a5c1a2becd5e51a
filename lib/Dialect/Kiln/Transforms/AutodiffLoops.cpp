//===- AutodiffLoops.cpp - reverse-mode differentiation of kiln loops -----===//
//
// kiln.for and kiln.while store the loop-carried values their bodies read on
// tapes (Tape.h) while running forward; the reverse loop recomputes each
// iteration from its tape entry and differentiates it, last iteration first.
//
//===----------------------------------------------------------------------===//

#include "Autodiff.h"
#include "Tape.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::autodiff;

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
static FailureOr<SmallVector<Value>>
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

/// A forward kiln.for like `loop` (bounds, inits) that also stores, at the
/// start of iteration `(iv - lower) / step`, the loop-carried values at
/// `taped` positions on tapes of `count` entries. `step` is the loop body:
/// given the induction variable and the carried values it returns the
/// next carried values.
using LoopStep = llvm::function_ref<SmallVector<Value>(OpBuilder &, Value iv,
                                                       ValueRange carried)>;
static ForOp buildTapingFor(OpBuilder &b, Location loc, ArrayRef<Value> bounds,
                            Value lowerIndex, Value stepIndex, Value count,
                            ValueRange inits, ArrayRef<unsigned> taped,
                            LoopStep step) {
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
                                    ValueRange tapes, ArrayRef<unsigned> taped,
                                    TypeRange types, Value k) {
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
LogicalResult autodiff::reverseFor(OpBuilder &b, ForOp op, Adjoints &adjoints) {
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
  FailureOr<SmallVector<Value>> grads =
      reverseIterations(b, loc, count, resultGrads(b, op, adjoints),
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
LogicalResult autodiff::reverseWhile(OpBuilder &b, WhileOp op,
                                     Adjoints &adjoints) {
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
