//===- OnlineSoftmax.cpp - a row's max and sum of exps in one pass --------===//
//
// Matches, among a row kernel's ops, fill(M, -inf); M = max_j x; fill(S, 0);
// S = sum_j exp(x - M) over the same x and loops, and emits one loop per
// thread carrying (m, s): m' = max(m, x), s' = s exp(m - m') + exp(x - m')
// (0 while m' is -inf, so that masked -inf entries add nothing). The block
// combines M = max over threads of m, S = sum over threads of
// s exp(m - M), and thread 0 stores both.
//
//===----------------------------------------------------------------------===//

#include "OnlineSoftmax.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;

namespace {
/// A matched pair: the row maximum and the row sum of exp(x - max).
struct SoftmaxRows {
  linalg::GenericOp max, sum;
  Value x, maxBuffer, sumBuffer;
};
} // namespace

/// Whether `op` reduces only its innermost loop, reading `x` through the
/// identity and writing its one output through the other loops.
static bool isRowReduction(linalg::GenericOp op) {
  unsigned loops = op.getNumLoops();
  if (loops == 0 || op.getNumDpsInits() != 1 || !op.hasPureBufferSemantics())
    return false;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned d = 0; d + 1 < loops; ++d)
    if (!linalg::isParallelIterator(iterators[d]))
      return false;
  return linalg::isReductionIterator(iterators.back()) &&
         op.getMatchingIndexingMap(op.getDpsInitOperand(0)) ==
             AffineMap::getMultiDimIdentityMap(loops, op.getContext())
                 .dropResult(loops - 1);
}

/// Whether `value` is `first` and `second` combined by `Op`, in either order.
template <typename Op>
static Op combines(Value value, Value first, Value second) {
  auto op = value.getDefiningOp<Op>();
  if (!op)
    return nullptr;
  if ((op.getLhs() == first && op.getRhs() == second) ||
      (op.getLhs() == second && op.getRhs() == first))
    return op;
  return nullptr;
}

/// Whether `fill` writes `buffer` with the float `expected`.
static bool fills(linalg::LinalgOp op, Value buffer, double expected) {
  auto fill = dyn_cast<linalg::FillOp>(op.getOperation());
  if (!fill || fill.getOutputs()[0] != buffer)
    return false;
  auto constant = fill.getInputs()[0].getDefiningOp<arith::ConstantFloatOp>();
  return constant && constant.value().convertToDouble() == expected;
}

/// The row maximum at `ops[i]`, its sum of exps later in `ops`, or nothing.
static std::optional<std::pair<SoftmaxRows, size_t>>
matchAt(MutableArrayRef<linalg::LinalgOp> ops, size_t i) {
  auto max = dyn_cast<linalg::GenericOp>(ops[i].getOperation());
  if (!max || !isRowReduction(max) || max.getNumDpsInputs() != 1)
    return std::nullopt;
  unsigned loops = max.getNumLoops();
  AffineMap identity =
      AffineMap::getMultiDimIdentityMap(loops, max.getContext());
  if (max.getMatchingIndexingMap(max.getDpsInputOperand(0)) != identity)
    return std::nullopt;
  Block *body = max.getBody();
  Value in = body->getArgument(0), out = body->getArgument(1);
  Value yielded = body->getTerminator()->getOperand(0);
  if (!combines<arith::MaximumFOp>(yielded, in, out) ||
      std::distance(body->begin(), body->end()) != 2)
    return std::nullopt;
  SoftmaxRows rows;
  rows.max = max;
  rows.x = max.getDpsInputs()[0];
  rows.maxBuffer = max.getDpsInits()[0];
  if (i == 0 || !fills(ops[i - 1], rows.maxBuffer,
                       -std::numeric_limits<double>::infinity()))
    return std::nullopt;
  for (size_t j = i + 1; j < ops.size(); ++j) {
    auto sum = dyn_cast<linalg::GenericOp>(ops[j].getOperation());
    if (sum && isRowReduction(sum) && sum.getNumLoops() == loops &&
        sum.getNumDpsInputs() == 2 &&
        sum.getIndexingMapsArray()[2] == max.getIndexingMapsArray()[1]) {
      OpOperand *x = sum.getDpsInputOperand(0), *m = sum.getDpsInputOperand(1);
      if (x->get() != rows.x)
        std::swap(x, m);
      Block *sumBody = sum.getBody();
      Value xArg = sum.getMatchingBlockArgument(x);
      Value mArg = sum.getMatchingBlockArgument(m);
      Value sumOut = sumBody->getArguments().back();
      auto add = sumBody->getTerminator()
                     ->getOperand(0)
                     .getDefiningOp<arith::AddFOp>();
      Value term = add ? (add.getLhs() == sumOut ? add.getRhs() : add.getLhs())
                       : Value();
      auto exp = term ? term.getDefiningOp<math::ExpOp>() : nullptr;
      auto sub =
          exp ? exp.getOperand().getDefiningOp<arith::SubFOp>() : nullptr;
      if (x->get() == rows.x && m->get() == rows.maxBuffer &&
          sum.getMatchingIndexingMap(x) == identity &&
          sum.getMatchingIndexingMap(m) == max.getIndexingMapsArray()[1] &&
          add && (add.getLhs() == sumOut || add.getRhs() == sumOut) && sub &&
          sub.getLhs() == xArg && sub.getRhs() == mArg &&
          std::distance(sumBody->begin(), sumBody->end()) == 4 &&
          fills(ops[j - 1], sum.getDpsInits()[0], 0.0)) {
        rows.sum = sum;
        rows.sumBuffer = sum.getDpsInits()[0];
        return std::make_pair(rows, j);
      }
    }
    // Nothing in between may read or write the maximum.
    for (Value operand : ops[j]->getOperands())
      if (operand == rows.maxBuffer)
        return std::nullopt;
  }
  return std::nullopt;
}

/// The indices of `map` (over the loops) at `ivs`.
static SmallVector<Value> indicesOf(OpBuilder &b, Location loc, AffineMap map,
                                    ArrayRef<Value> ivs) {
  SmallVector<Value> indices;
  for (unsigned r = 0; r < map.getNumResults(); ++r)
    indices.push_back(affine::makeComposedAffineApply(
        b, loc, map.getSubMap({r}), SmallVector<OpFoldResult>(ivs)));
  return indices;
}

/// The online loops of `rows`, at the sum's place.
static void emitOnline(RewriterBase &rewriter, const SoftmaxRows &rows,
                       Value threadId, Value threadCount) {
  linalg::GenericOp sum = rows.sum;
  Location loc = sum.getLoc();
  rewriter.setInsertionPoint(sum);
  SmallVector<Range> ranges = cast<linalg::LinalgOp>(sum.getOperation())
                                  .createLoopRanges(rewriter, loc);
  unsigned innermost = sum.getNumLoops() - 1;
  Type element = getElementTypeOrSelf(rows.x.getType());
  auto floatType = cast<FloatType>(element);
  auto index = [&](OpBuilder &b, OpFoldResult value) {
    return getValueOrCreateConstantIndexOp(b, loc, value);
  };
  SmallVector<Value> ivs(sum.getNumLoops());
  std::function<void(OpBuilder &, unsigned)> rowsLoop = [&](OpBuilder &b,
                                                            unsigned d) {
    if (d < innermost) {
      Value lower = index(b, ranges[d].offset);
      Value upper =
          arith::AddIOp::create(b, loc, lower, index(b, ranges[d].size));
      scf::ForOp::create(b, loc, lower, upper, index(b, ranges[d].stride),
                         ValueRange(),
                         [&](OpBuilder &inner, Location, Value iv, ValueRange) {
                           ivs[d] = iv;
                           rowsLoop(inner, d + 1);
                           scf::YieldOp::create(inner, loc);
                         });
      return;
    }
    Value negInf = arith::ConstantOp::create(
        b, loc, element,
        b.getFloatAttr(element, APFloat::getInf(floatType.getFloatSemantics(),
                                                /*Negative=*/true)));
    Value zero =
        arith::ConstantOp::create(b, loc, element, b.getZeroAttr(element));
    Value offset = index(b, ranges[innermost].offset);
    Value step = index(b, ranges[innermost].stride);
    Value first = arith::AddIOp::create(
        b, loc, offset, arith::MulIOp::create(b, loc, threadId, step));
    Value upper =
        arith::AddIOp::create(b, loc, offset, index(b, ranges[innermost].size));
    Value stride = arith::MulIOp::create(b, loc, threadCount, step);
    auto walk = scf::ForOp::create(
        b, loc, first, upper, stride, ValueRange{negInf, zero},
        [&](OpBuilder &ib, Location, Value j, ValueRange carried) {
          ivs[innermost] = j;
          Value x = memref::LoadOp::create(ib, loc, rows.x, ivs);
          Value m = carried[0], s = carried[1];
          Value grown = arith::MaximumFOp::create(ib, loc, m, x);
          Value scale = math::ExpOp::create(
              ib, loc, arith::SubFOp::create(ib, loc, m, grown));
          Value term = math::ExpOp::create(
              ib, loc, arith::SubFOp::create(ib, loc, x, grown));
          Value next = arith::AddFOp::create(
              ib, loc, arith::MulFOp::create(ib, loc, s, scale), term);
          Value nothing = arith::CmpFOp::create(
              ib, loc, arith::CmpFPredicate::OEQ, grown, negInf);
          Value kept = arith::SelectOp::create(ib, loc, nothing, zero, next);
          scf::YieldOp::create(ib, loc, ValueRange{grown, kept});
        });
    Value m = walk.getResult(0), s = walk.getResult(1);
    Value total = gpu::AllReduceOp::create(
        b, loc, m,
        gpu::AllReduceOperationAttr::get(b.getContext(),
                                         gpu::AllReduceOperation::MAXIMUMF),
        /*uniform=*/true);
    Value rescaled = arith::MulFOp::create(
        b, loc, s,
        math::ExpOp::create(b, loc, arith::SubFOp::create(b, loc, m, total)));
    Value empty =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, m, negInf);
    Value share = arith::SelectOp::create(b, loc, empty, zero, rescaled);
    Value sums = gpu::AllReduceOp::create(
        b, loc, share,
        gpu::AllReduceOperationAttr::get(b.getContext(),
                                         gpu::AllReduceOperation::ADD),
        /*uniform=*/true);
    Value isFirst =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, threadId,
                              arith::ConstantIndexOp::create(b, loc, 0));
    scf::IfOp::create(b, loc, isFirst, [&](OpBuilder &then, Location) {
      AffineMap rowMap = sum.getIndexingMapsArray()[2];
      SmallVector<Value> at = indicesOf(
          then, loc, rowMap, ArrayRef<Value>(ivs).take_front(innermost + 1));
      memref::StoreOp::create(then, loc, total, rows.maxBuffer, at);
      memref::StoreOp::create(then, loc, sums, rows.sumBuffer, at);
      scf::YieldOp::create(then, loc);
    });
  };
  rowsLoop(rewriter, 0);
  gpu::BarrierOp::create(rewriter, loc);
}

void kiln::fuseOnlineSoftmax(RewriterBase &rewriter,
                             SmallVectorImpl<linalg::LinalgOp> &ops,
                             Value threadId, Value threadCount) {
  for (size_t i = 0; i < ops.size(); ++i) {
    std::optional<std::pair<SoftmaxRows, size_t>> match = matchAt(ops, i);
    if (!match)
      continue;
    auto [rows, j] = *match;
    emitOnline(rewriter, rows, threadId, threadCount);
    rewriter.eraseOp(rows.sum);
    rewriter.eraseOp(rows.max);
    ops.erase(ops.begin() + j);
    ops.erase(ops.begin() + i);
    --i;
  }
}
