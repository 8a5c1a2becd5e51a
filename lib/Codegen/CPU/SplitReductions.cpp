//===- SplitReductions.cpp - innermost reductions into vector partials ----===//

#include "kiln/Codegen/CPU/Passes.h"
#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNSPLITREDUCTIONS
#include "kiln/Codegen/CPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
/// A reduction `kiln-split-reductions` can split, with what it needs.
struct SplittableReduction {
  linalg::GenericOp op;
  Operation *combiner; // the single op folding an element into the result
  TypedAttr neutral;   // its neutral element
  int64_t length;      // static length of the reduced (innermost) loop
};
} // namespace

/// `op` as a splittable reduction for `width` lanes, if it is one.
static std::optional<SplittableReduction> match(linalg::GenericOp op,
                                                int64_t width) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() == 0)
    return std::nullopt;
  // A body that reads its loop indices would see the split ones.
  if (!op.getBody()->getOps<linalg::IndexOp>().empty())
    return std::nullopt;
  unsigned reduced = op.getNumLoops() - 1;
  if (!linalg::isReductionIterator(op.getIteratorTypesArray()[reduced]))
    return std::nullopt;
  // Every parallel loop indexes the output, so that the final reduction of
  // the partials has the same parallel loops.
  AffineMap outputMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  for (auto [i, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
    if (linalg::isParallelIterator(iterator) && !outputMap.isFunctionOfDim(i))
      return std::nullopt;
  // One vector's worth is enough when other reduced loops accumulate into
  // the lanes too.
  int64_t length = op.getStaticLoopRanges()[reduced];
  int64_t minLength = op.getNumReductionLoops() > 1 ? width : 2 * width;
  if (ShapedType::isDynamic(length) || length < minLength ||
      length % width != 0)
    return std::nullopt;
  // Inputs read the reduced dimension last (so it can be reshaped into
  // K/width x width) or not at all.
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    for (auto [i, result] : llvm::enumerate(map.getResults()))
      if (result.isFunctionOfDim(reduced) &&
          (i + 1 != map.getNumResults() || !isa<AffineDimExpr>(result)))
        return std::nullopt;
  }
  SmallVector<Operation *> combiners;
  Value combined = matchReduction(op.getRegionOutputArgs(), 0, combiners);
  if (!combined || combiners.size() != 1)
    return std::nullopt;
  std::optional<TypedAttr> neutral = arith::getNeutralElement(combiners[0]);
  if (!neutral)
    return std::nullopt;
  return SplittableReduction{op, combiners[0], *neutral, length};
}

/// Lanes of the partial reduction of a loop of `length`: several vectors'
/// worth when the loop is long, so that independent accumulators hide the
/// combiner's latency (a NaN-propagating max is a chain of four dependent
/// instructions per vector, an add one of three cycles).
static int64_t partialLanes(int64_t length, int64_t width) {
  for (int64_t vectors : {4, 2})
    if (length % (vectors * width) == 0 && length >= 8 * vectors * width)
      return vectors * width;
  return width;
}

/// Splits `r` into a partial reduction to `width` lanes and a final
/// reduction of the lanes, replacing its result. Returns the final one.
static linalg::GenericOp split(RewriterBase &b, const SplittableReduction &r,
                               int64_t width) {
  linalg::GenericOp op = r.op;
  Location loc = op.getLoc();
  MLIRContext *context = op.getContext();
  unsigned loops = op.getNumLoops(), reduced = loops - 1;
  b.setInsertionPoint(op);

  // Partial op loops: the parallel loops, K/width (reduction), lane.
  AffineExpr lane = getAffineDimExpr(loops, context);
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    SmallVector<AffineExpr> results(map.getResults());
    Value value = input->get();
    if (map.isFunctionOfDim(reduced)) {
      // [..., K] -> [..., K/width, width].
      auto type = cast<RankedTensorType>(value.getType());
      SmallVector<int64_t> shape(type.getShape().drop_back());
      shape.append({r.length / width, width});
      SmallVector<ReassociationIndices> groups;
      for (int64_t d = 0; d + 1 < type.getRank(); ++d)
        groups.push_back({d});
      groups.push_back({type.getRank() - 1, type.getRank()});
      value = tensor::ExpandShapeOp::create(b, loc, type.clone(shape), value,
                                            groups);
      results.push_back(lane);
    }
    inputs.push_back(value);
    maps.push_back(AffineMap::get(loops + 1, 0, results, context));
  }

  // Partial results: the output's parallel dimensions (keepdims constants
  // dropped) plus the lane, filled with the neutral element.
  AffineMap outputMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  SmallVector<Range, 4> ranges =
      cast<linalg::LinalgOp>(op.getOperation()).createLoopRanges(b, loc);
  SmallVector<AffineExpr> partialResults;
  SmallVector<OpFoldResult> partialSizes;
  for (AffineExpr result : outputMap.getResults())
    if (auto dim = dyn_cast<AffineDimExpr>(result)) {
      partialResults.push_back(dim);
      partialSizes.push_back(ranges[dim.getPosition()].size);
    }
  partialResults.push_back(lane);
  partialSizes.push_back(b.getIndexAttr(width));
  maps.push_back(AffineMap::get(loops + 1, 0, partialResults, context));
  Type element = r.neutral.getType();
  Value empty = tensor::EmptyOp::create(b, loc, partialSizes, element);
  Value neutral = arith::ConstantOp::create(b, loc, r.neutral);
  Value init = linalg::FillOp::create(b, loc, neutral, empty).getResult(0);

  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  iterators.push_back(utils::IteratorType::parallel);
  auto partial =
      linalg::GenericOp::create(b, loc, TypeRange{init.getType()}, inputs,
                                ValueRange{init}, maps, iterators);
  b.cloneRegionBefore(op.getRegion(), partial.getRegion(),
                      partial.getRegion().begin());

  // Final op: the parallel loops, then one over the lanes (the other
  // reduced loops, if any, are done in the partials).
  SmallVector<utils::IteratorType> finalIterators;
  DenseMap<unsigned, unsigned> finalDim; // original loop -> final loop
  for (auto [i, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
    if (linalg::isParallelIterator(iterator)) {
      finalDim[i] = finalIterators.size();
      finalIterators.push_back(iterator);
    }
  unsigned finalLoops = finalIterators.size() + 1;
  finalIterators.push_back(utils::IteratorType::reduction);
  auto toFinal = [&](AffineExpr result) -> AffineExpr {
    if (auto dim = dyn_cast<AffineDimExpr>(result))
      return getAffineDimExpr(finalDim.lookup(dim.getPosition()), context);
    return result;
  };
  SmallVector<AffineExpr> laneResults =
      llvm::map_to_vector(ArrayRef(partialResults).drop_back(), toFinal);
  laneResults.push_back(getAffineDimExpr(finalLoops - 1, context));
  AffineMap laneMap = AffineMap::get(finalLoops, 0, laneResults, context);
  AffineMap finalOutputMap = AffineMap::get(
      finalLoops, 0, llvm::map_to_vector(outputMap.getResults(), toFinal),
      context);
  auto final = linalg::GenericOp::create(
      b, loc, op.getResultTypes(), ValueRange{partial.getResult(0)},
      op.getDpsInits(), ArrayRef<AffineMap>{laneMap, finalOutputMap},
      finalIterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        IRMapping mapping;
        Value accumulator = op.getRegionOutputArgs()[0];
        for (Value operand : r.combiner->getOperands())
          mapping.map(operand, operand == accumulator ? args[1] : args[0]);
        Operation *combined = nested.clone(*r.combiner, mapping);
        linalg::YieldOp::create(nested, nestedLoc, combined->getResults());
      });
  b.replaceOp(op, final.getResults());
  return final;
}

namespace {
struct KilnSplitReductionsPass
    : public kiln::impl::KilnSplitReductionsBase<KilnSplitReductionsPass> {
  using KilnSplitReductionsBase::KilnSplitReductionsBase;

  void runOnOperation() override {
    SmallVector<SplittableReduction> reductions;
    getOperation().walk([&](linalg::GenericOp op) {
      if (std::optional<SplittableReduction> r = match(op, width))
        reductions.push_back(*r);
    });
    IRRewriter rewriter(&getContext());
    for (const SplittableReduction &r : reductions) {
      int64_t lanes = partialLanes(r.length, width);
      linalg::GenericOp final = split(rewriter, r, lanes);
      // Several vectors of partials are first combined into one.
      if (lanes > width)
        if (std::optional<SplittableReduction> again = match(final, width))
          split(rewriter, *again, width);
    }
  }
};
} // namespace
