//===- CooperativeOps.cpp - one linalg op shared by a block's threads -----===//
//
// Loops for a linalg op on buffers whose innermost loop the threads of a
// block divide among themselves: elementwise ops store their own elements,
// reductions fold a per-thread partial result and meet in gpu.all_reduce.
//
//===----------------------------------------------------------------------===//

#include "CooperativeOps.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

/// The gpu.all_reduce operation that `combiner` is, if any.
static std::optional<gpu::AllReduceOperation>
allReduceKind(Operation *combiner) {
  using Kind = gpu::AllReduceOperation;
  return llvm::TypeSwitch<Operation *, std::optional<Kind>>(combiner)
      .Case<arith::AddFOp, arith::AddIOp>([](auto) { return Kind::ADD; })
      .Case<arith::MulFOp, arith::MulIOp>([](auto) { return Kind::MUL; })
      .Case<arith::MaximumFOp>([](auto) { return Kind::MAXIMUMF; })
      .Case<arith::MinimumFOp>([](auto) { return Kind::MINIMUMF; })
      .Case<arith::MaxNumFOp>([](auto) { return Kind::MAXNUMF; })
      .Case<arith::MinNumFOp>([](auto) { return Kind::MINNUMF; })
      .Case<arith::MaxSIOp>([](auto) { return Kind::MAXSI; })
      .Case<arith::MinSIOp>([](auto) { return Kind::MINSI; })
      .Case<arith::MaxUIOp>([](auto) { return Kind::MAXUI; })
      .Case<arith::MinUIOp>([](auto) { return Kind::MINUI; })
      .Case<arith::AndIOp>([](auto) { return Kind::AND; })
      .Case<arith::OrIOp>([](auto) { return Kind::OR; })
      .Case<arith::XOrIOp>([](auto) { return Kind::XOR; })
      .Default([](Operation *) { return std::nullopt; });
}

/// The op combining a reduction's partial result with the next value: the
/// producer of the yielded value, whose one other operand is not the output
/// argument, which nothing else reads. Null if the body is not of that form.
static Operation *reductionCombiner(linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1 || op.getNumLoops() == 0)
    return nullptr;
  Block *body = op.getBlock();
  BlockArgument out = op.getRegionOutputArgs().front();
  Value yielded = body->getTerminator()->getOperand(0);
  Operation *combiner = yielded.getDefiningOp();
  if (!combiner || combiner->getBlock() != body ||
      combiner->getNumOperands() != 2 || !out.hasOneUse() ||
      out.getUses().begin()->getOwner() != combiner ||
      combiner->getOperand(0) == combiner->getOperand(1) ||
      !allReduceKind(combiner) || !arith::getNeutralElement(combiner))
    return nullptr;
  return combiner;
}

bool kiln::canRunCooperatively(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumLoops() == 0 ||
      op.hasDynamicIndexingMaps())
    return false;
  unsigned innermost = op.getNumLoops() - 1;
  if (linalg::isParallelIterator(op.getIteratorTypesArray()[innermost]))
    return llvm::all_of(op.getDpsInitsMutable(), [&](OpOperand &init) {
      return op.getMatchingIndexingMap(&init).getResultPosition(
                 getAffineDimExpr(innermost, op.getContext())) != std::nullopt;
    });
  return reductionCombiner(op) != nullptr;
}

bool kiln::reducesInnermostLoop(linalg::LinalgOp op, int64_t minExtent) {
  if (op.getNumLoops() == 0 ||
      !linalg::isReductionIterator(op.getIteratorTypesArray().back()))
    return false;
  int64_t extent = op.getStaticLoopRanges().back();
  return ShapedType::isDynamic(extent) || extent >= minExtent;
}

/// The indices of `operand` at iteration `ivs`.
static SmallVector<Value> indicesAt(OpBuilder &b, Location loc,
                                    linalg::LinalgOp op, OpOperand &operand,
                                    ArrayRef<Value> ivs) {
  SmallVector<Value> indices;
  AffineMap map = op.getMatchingIndexingMap(&operand);
  for (unsigned i = 0; i < map.getNumResults(); ++i) {
    // Only the loops this index depends on: the others' induction variables
    // may belong to loops that do not enclose `b`'s insertion point.
    SmallVector<OpFoldResult> operands(ivs.size(), b.getIndexAttr(0));
    for (unsigned d = 0; d < ivs.size(); ++d)
      if (map.getResult(i).isFunctionOfDim(d))
        operands[d] = ivs[d];
    indices.push_back(
        affine::makeComposedAffineApply(b, loc, map.getSubMap({i}), operands));
  }
  return indices;
}

/// The body of `op` at iteration `ivs`: its operands loaded (the output
/// argument replaced by `accumulator` when given), the values it yields.
static SmallVector<Value> emitBody(OpBuilder &b, Location loc,
                                   linalg::LinalgOp op, ArrayRef<Value> ivs,
                                   Value accumulator = {}) {
  IRMapping mapping;
  for (OpOperand &operand : op->getOpOperands()) {
    BlockArgument arg = op.getMatchingBlockArgument(&operand);
    if (!isa<MemRefType>(operand.get().getType())) {
      mapping.map(arg, operand.get());
      continue;
    }
    if (accumulator && op.isDpsInit(&operand)) {
      mapping.map(arg, accumulator);
      continue;
    }
    if (!op.payloadUsesValueFromOperand(&operand))
      continue;
    mapping.map(arg,
                memref::LoadOp::create(b, loc, operand.get(),
                                       indicesAt(b, loc, op, operand, ivs)));
  }
  for (Operation &inner : op.getBlock()->without_terminator()) {
    if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
      mapping.map(index.getResult(), ivs[index.getDim()]);
      continue;
    }
    b.clone(inner, mapping);
  }
  SmallVector<Value> yielded;
  for (Value value : op.getBlock()->getTerminator()->getOperands())
    yielded.push_back(mapping.lookupOrDefault(value));
  return yielded;
}

/// Loops over `dims` (in order), then `body(ivs)`.
static void buildLoops(OpBuilder &b, Location loc, ArrayRef<Range> ranges,
                       ArrayRef<unsigned> dims, SmallVector<Value> &ivs,
                       function_ref<void(OpBuilder &)> body) {
  if (dims.empty())
    return body(b);
  auto index = [&](OpFoldResult value) {
    return getValueOrCreateConstantIndexOp(b, loc, value);
  };
  const Range &range = ranges[dims.front()];
  Value upper =
      arith::AddIOp::create(b, loc, index(range.offset), index(range.size));
  scf::ForOp::create(
      b, loc, index(range.offset), upper, index(range.stride), ValueRange(),
      [&](OpBuilder &inner, Location, Value iv, ValueRange) {
        ivs[dims.front()] = iv;
        buildLoops(inner, loc, ranges, dims.drop_front(), ivs, body);
        scf::YieldOp::create(inner, loc);
      });
}

/// The bounds of the innermost loop as this thread walks it: from its
/// offset plus `threadId` steps, by `threadCount` steps.
static std::tuple<Value, Value, Value> threadBounds(OpBuilder &b, Location loc,
                                                    const Range &range,
                                                    Value threadId,
                                                    Value threadCount) {
  Value offset = getValueOrCreateConstantIndexOp(b, loc, range.offset);
  Value step = getValueOrCreateConstantIndexOp(b, loc, range.stride);
  Value size = getValueOrCreateConstantIndexOp(b, loc, range.size);
  Value first = arith::AddIOp::create(
      b, loc, offset, arith::MulIOp::create(b, loc, threadId, step));
  Value upper = arith::AddIOp::create(b, loc, offset, size);
  Value stride = arith::MulIOp::create(b, loc, threadCount, step);
  return {first, upper, stride};
}

void kiln::runCooperatively(RewriterBase &rewriter, linalg::LinalgOp op,
                            Value threadId, Value threadCount) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  SmallVector<Range> ranges = op.createLoopRanges(rewriter, loc);
  unsigned innermost = op.getNumLoops() - 1;
  SmallVector<Value> ivs(op.getNumLoops());
  Operation *combiner =
      linalg::isReductionIterator(op.getIteratorTypesArray()[innermost])
          ? reductionCombiner(op)
          : nullptr;

  if (!combiner) {
    // Elementwise along the innermost loop: each thread computes and stores
    // its own elements.
    SmallVector<unsigned> outer;
    for (unsigned d = 0; d < innermost; ++d)
      outer.push_back(d);
    buildLoops(rewriter, loc, ranges, outer, ivs, [&](OpBuilder &b) {
      auto [first, upper, stride] =
          threadBounds(b, loc, ranges[innermost], threadId, threadCount);
      scf::ForOp::create(
          b, loc, first, upper, stride, ValueRange(),
          [&](OpBuilder &inner, Location, Value iv, ValueRange) {
            ivs[innermost] = iv;
            SmallVector<Value> results = emitBody(inner, loc, op, ivs);
            for (auto [init, value] :
                 llvm::zip(op.getDpsInitsMutable(), results))
              memref::StoreOp::create(inner, loc, value, init.get(),
                                      indicesAt(inner, loc, op, init, ivs));
            scf::YieldOp::create(inner, loc);
          });
    });
  } else {
    // A reduction: for each output element, every thread folds its share
    // of the reduced loops into a partial result starting from the
    // combiner's neutral element; gpu.all_reduce combines the partials and
    // thread 0 adds the output's initial value and stores.
    SmallVector<unsigned> parallel, reduced;
    for (unsigned d = 0; d < innermost; ++d)
      (linalg::isParallelIterator(op.getIteratorTypesArray()[d]) ? parallel
                                                                 : reduced)
          .push_back(d);
    OpOperand &init = op.getDpsInitsMutable()[0];
    Type elementType = getElementTypeOrSelf(init.get().getType());
    gpu::AllReduceOperation kind = *allReduceKind(combiner);
    TypedAttr neutral = *arith::getNeutralElement(combiner);
    buildLoops(rewriter, loc, ranges, parallel, ivs, [&](OpBuilder &b) {
      Value partial = arith::ConstantOp::create(b, loc, elementType, neutral);
      // The other reduced loops, sequential, carrying the partial result.
      std::function<Value(OpBuilder &, unsigned, Value)> fold =
          [&](OpBuilder &b, unsigned k, Value acc) -> Value {
        Value lower, upper, step;
        unsigned dim = k < reduced.size() ? reduced[k] : innermost;
        if (k < reduced.size()) {
          lower = getValueOrCreateConstantIndexOp(b, loc, ranges[dim].offset);
          upper = arith::AddIOp::create(
              b, loc, lower,
              getValueOrCreateConstantIndexOp(b, loc, ranges[dim].size));
          step = getValueOrCreateConstantIndexOp(b, loc, ranges[dim].stride);
        } else {
          std::tie(lower, upper, step) =
              threadBounds(b, loc, ranges[dim], threadId, threadCount);
        }
        auto loop = scf::ForOp::create(
            b, loc, lower, upper, step, ValueRange{acc},
            [&](OpBuilder &inner, Location, Value iv, ValueRange args) {
              ivs[dim] = iv;
              Value next =
                  k < reduced.size()
                      ? fold(inner, k + 1, args.front())
                      : emitBody(inner, loc, op, ivs, args.front()).front();
              scf::YieldOp::create(inner, loc, next);
            });
        return loop.getResult(0);
      };
      partial = fold(b, 0, partial);
      Value total = gpu::AllReduceOp::create(
          b, loc, partial,
          gpu::AllReduceOperationAttr::get(b.getContext(), kind),
          /*uniform=*/true);
      Value zero = arith::ConstantIndexOp::create(b, loc, 0);
      Value isFirst = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                            threadId, zero);
      scf::IfOp::create(b, loc, isFirst, [&](OpBuilder &then, Location) {
        SmallVector<Value> indices = indicesAt(then, loc, op, init, ivs);
        Value initial = memref::LoadOp::create(then, loc, init.get(), indices);
        IRMapping mapping;
        BlockArgument out = op.getRegionOutputArgs().front();
        for (Value operand : combiner->getOperands())
          mapping.map(operand, operand == out ? initial : total);
        Value result = then.clone(*combiner, mapping)->getResult(0);
        memref::StoreOp::create(then, loc, result, init.get(), indices);
        scf::YieldOp::create(then, loc);
      });
    });
  }
  gpu::BarrierOp::create(rewriter, loc);
  rewriter.eraseOp(op);
}
