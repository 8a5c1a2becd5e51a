//===- Vectorize.cpp - tile linalg ops and vectorize the tiles ------------===//
//
// The CPU's kernel strategy reader: register tiles come from each kernel's
// #kiln_codegen.kernel (and, outside kernels, from the same KernelTiling),
// cache blocks and packing from KernelTiling.
//
//===----------------------------------------------------------------------===//

#include "VectorizeConvolution.h"
#include "kiln/Codegen/CPU/Passes.h"
#include "kiln/Codegen/Common/KernelTiling.h"
#include "kiln/Codegen/Common/StaticBytes.h"
#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNVECTORIZE
#include "kiln/Codegen/CPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// The kernel `op` belongs to, if any.
static kiln::KernelAttr enclosingKernel(Operation *op) {
  for (auto loop = op->getParentOfType<scf::ForallOp>(); loop;
       loop = loop->getParentOfType<scf::ForallOp>())
    if (kiln::KernelAttr kernel = kiln::getKernelAttr(loop))
      return kernel;
  return {};
}

/// The accumulator tile (rows, columns) of a contraction: its kernel's
/// register tile when it is a matmul kernel's contraction (the register tile
/// is per loop of the root: the contraction itself, or its elementwise
/// epilogue over the output), else the target's.
static std::pair<int64_t, int64_t>
contractionTile(linalg::LinalgOp op, const linalg::ContractionDimensions &dims,
                const kiln::KernelTiling &tiling) {
  kiln::KernelAttr kernel = enclosingKernel(op);
  if (kernel && kernel.getStrategy() == kiln::KernelStrategy::Matmul) {
    ArrayRef<int64_t> tile = kernel.getRegisterTile();
    if (tile.size() == op.getNumLoops())
      return {tile[dims.m.back()], tile[dims.n.back()]};
    if (tile.size() >= 2 && tile.size() == op.getNumParallelLoops())
      return {tile[tile.size() - 2], tile.back()};
  }
  return {tiling.registerRows, tiling.registerColumns};
}

/// Tile sizes (one per loop; 0 = untiled) for `op`: a contraction's
/// accumulator tile one step of k at a time, width x width squares of a
/// transpose, otherwise one vector along the innermost loop.
static SmallVector<int64_t> chooseTileSizes(linalg::LinalgOp op,
                                            const kiln::KernelTiling &tiling) {
  unsigned loops = op.getNumLoops();
  int64_t width = tiling.vectorWidth;
  SmallVector<int64_t> sizes(loops, 1);
  if (linalg::isaContractionOpInterface(op)) {
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::inferContractionDims(op);
    if (succeeded(dims) && !dims->m.empty() && !dims->n.empty()) {
      auto [rows, columns] = contractionTile(op, *dims, tiling);
      sizes[dims->m.back()] = rows;
      sizes[dims->n.back()] = columns;
    }
  } else if (isa<linalg::TransposeOp>(op.getOperation()) && loops >= 2) {
    // A width x width square: read rows, transpose in registers (shuffles),
    // write rows, instead of reading columns element by element.
    sizes[loops - 2] = width;
    sizes[loops - 1] = width;
  } else if (loops > 0) {
    sizes[loops - 1] = width;
    // A reduction's innermost parallel loop of a few vectors (the partials
    // of kiln-split-reductions) is one tile: its vectors accumulate
    // independently, interleaved.
    int64_t innermost = op.getStaticLoopRanges().back();
    if (op.getNumReductionLoops() > 0 &&
        linalg::isParallelIterator(op.getIteratorTypesArray().back()) &&
        !ShapedType::isDynamic(innermost) && innermost % width == 0 &&
        innermost <= 4 * width)
      sizes[loops - 1] = innermost;
  }
  // Never tile past a static loop range.
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  for (unsigned i = 0; i < loops; ++i)
    if (!ShapedType::isDynamic(ranges[i]))
      sizes[i] = std::min(sizes[i], ranges[i]);
  return sizes;
}

/// Ops worth tiling and vectorizing here.
static bool isCandidate(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumLoops() == 0)
    return false;
  // Masked transfers through maps with constant results (keepdims outputs,
  // broadcast inputs) are lowered incorrectly upstream when a mask is
  // needed: keep such ops scalar when shapes are dynamic.
  if (op.hasDynamicShape() &&
      llvm::any_of(op.getIndexingMapsArray(), [](AffineMap map) {
        return !map.isProjectedPermutation(/*allowZeroInResults=*/false);
      }))
    return false;
  // Empty iteration spaces have nothing to vectorize.
  if (llvm::is_contained(op.getStaticLoopRanges(), 0))
    return false;
  // Convolutions and pooling keep their loops for now: vectorizing them well
  // needs their own tiling.
  if (isa<linalg::ConvolutionOpInterface>(op.getOperation()))
    return false;
  // An i1 tensor is a byte per element in memory, but LLVM packs vectors of
  // i1 into bits when it loads or stores them: leave such ops to scalar code.
  for (OpOperand &operand : op->getOpOperands())
    if (getElementTypeOrSelf(operand.get().getType()).isInteger(1))
      return false;
  return isa<TilingInterface>(op.getOperation());
}

/// Splits `op` along each loop whose static range is not a multiple of its
/// tile size in `sizes` (0 = untiled) into a part of whole tiles and a
/// remainder smaller than one tile (`linalg::splitOp`; along a reduction
/// loop the second part accumulates into the first's result). Tiling a
/// loop with a partial last tile would give every tile a dynamic shape and
/// mask every vector op. Returns the parts.
static SmallVector<linalg::LinalgOp> splitRemainders(RewriterBase &rewriter,
                                                     linalg::LinalgOp op,
                                                     ArrayRef<int64_t> sizes) {
  SmallVector<linalg::LinalgOp> parts = {op};
  for (auto [loop, size] : llvm::enumerate(sizes)) {
    if (size <= 1)
      continue;
    SmallVector<linalg::LinalgOp> next;
    for (linalg::LinalgOp part : parts) {
      int64_t range = part.getStaticLoopRanges()[loop];
      if (ShapedType::isDynamic(range) || range <= size || range % size == 0) {
        next.push_back(part);
        continue;
      }
      rewriter.setInsertionPoint(part);
      auto [whole, rest] =
          linalg::splitOp(rewriter, cast<TilingInterface>(part.getOperation()),
                          loop, rewriter.getIndexAttr(range - range % size));
      if (!whole || !rest) {
        next.push_back(part);
        continue;
      }
      next.push_back(cast<linalg::LinalgOp>(whole.getOperation()));
      next.push_back(cast<linalg::LinalgOp>(rest.getOperation()));
    }
    parts = std::move(next);
  }
  return parts;
}

/// Splits every large contraction among `ops` into the target's cache
/// blocks (loops in n, k, m order); the blocks replace the contraction in
/// `ops` and are then register-tiled like any contraction.
static void blockForCaches(RewriterBase &rewriter,
                           SmallVectorImpl<linalg::LinalgOp> &ops,
                           const kiln::KernelTiling &tiling) {
  int64_t blockM = tiling.cacheBlockM, blockN = tiling.cacheBlockN,
          blockK = tiling.cacheBlockK;
  SmallVector<linalg::LinalgOp> result;
  for (linalg::LinalgOp op : ops) {
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::isaContractionOpInterface(op)
            ? linalg::inferContractionDims(op)
            : FailureOr<linalg::ContractionDimensions>(failure());
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    auto single = [&](ArrayRef<unsigned> group) {
      return group.size() == 1 && !ShapedType::isDynamic(ranges[group[0]]);
    };
    if (failed(dims) || !single(dims->m) || !single(dims->n) ||
        !single(dims->k) || !dims->batch.empty()) {
      result.push_back(op);
      continue;
    }
    unsigned m = dims->m[0], n = dims->n[0], k = dims->k[0];
    // Only contractions larger than a block in m and k and at least a block
    // wide (kiln-form-kernels hands out column blocks) are split: blocking
    // a short k or a thin n measured slower (MLP training step).
    if (ranges[m] <= blockM || ranges[n] < blockN || ranges[k] <= blockK) {
      result.push_back(op);
      continue;
    }
    SmallVector<int64_t> sizes(op.getNumLoops(), 0);
    sizes[m] = blockM;
    sizes[n] = blockN;
    sizes[k] = blockK;
    SmallVector<int64_t> order = {static_cast<int64_t>(n),
                                  static_cast<int64_t>(k),
                                  static_cast<int64_t>(m)};
    for (linalg::LinalgOp part : splitRemainders(rewriter, op, sizes)) {
      // A remainder smaller than a block in some dimension stays whole.
      SmallVector<int64_t> partRanges = part.getStaticLoopRanges();
      if (partRanges[m] < blockM || partRanges[n] < blockN ||
          partRanges[k] < blockK) {
        result.push_back(part);
        continue;
      }
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(op.getContext(), sizes));
      options.setInterchange(order);
      rewriter.setInsertionPoint(part);
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(part.getOperation()), options);
      if (failed(tiled)) {
        result.push_back(part);
        continue;
      }
      rewriter.replaceOp(part, tiled->replacements);
      for (Operation *tile : tiled->tiledOps)
        if (auto block = dyn_cast<linalg::LinalgOp>(tile))
          result.push_back(block);
    }
  }
  ops = std::move(result);
}

/// The operand of a 2-D contraction (m, n, k) read as rows of its n
/// columns: k x n, n innermost ("B" of C = A B). Null otherwise.
static OpOperand *rightOperand(linalg::LinalgOp op,
                               const linalg::ContractionDimensions &dims) {
  for (OpOperand *input : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(input);
    if (map.getNumResults() == 2 &&
        map.getResult(0) == getAffineDimExpr(dims.k[0], op.getContext()) &&
        map.getResult(1) == getAffineDimExpr(dims.n[0], op.getContext()))
      return input;
  }
  return nullptr;
}

/// Largest packed copy of a right operand: a 64 x 256 epilogue tile's
/// k x 256 block for k up to 4096 (f32).
static constexpr int64_t kMaxPackedBytes = 4 << 20;

/// Packs the right operand (k x n) of each static 2-D contraction among
/// `ops` that is wider than a register tile into strips of `2 * width`
/// columns, one register tile wide: a (n / 2w) x k x 2w copy, made by
/// reading the operand's rows in order. The contraction is split into
/// strips of its columns, and the register tiles of a strip (all its rows)
/// read their strip's slice of the copy in order. Unpacked, each step of k
/// reads a short segment of another row of a wide matrix: rows a power of
/// two apart (4 KiB for 1024 floats) fall into the same cache sets and
/// evict each other, and every row is a new page for the prefetcher. The
/// copy is hoisted out of loops that do not change it (the row blocks of a
/// cache-blocked contraction). The copies and the strips replace the
/// contraction in `ops`.
static void packRightOperands(RewriterBase &rewriter,
                              SmallVectorImpl<linalg::LinalgOp> &ops,
                              const kiln::KernelTiling &tiling) {
  SmallVector<linalg::LinalgOp> result;
  for (linalg::LinalgOp op : ops) {
    FailureOr<linalg::ContractionDimensions> dims =
        linalg::isaContractionOpInterface(op) && !op.hasDynamicShape()
            ? linalg::inferContractionDims(op)
            : FailureOr<linalg::ContractionDimensions>(failure());
    OpOperand *right = nullptr;
    if (succeeded(dims) && dims->m.size() == 1 && dims->n.size() == 1 &&
        dims->k.size() == 1 && dims->batch.empty())
      right = rightOperand(op, *dims);
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    // One strip is one register tile wide.
    auto [tileRows, strip] =
        succeeded(dims)
            ? contractionTile(op, *dims, tiling)
            : std::pair(tiling.registerRows, tiling.registerColumns);
    // Worth it when a strip is read by several register tiles and the
    // operand is not already one strip wide; a copy larger than the caches
    // would only add traffic (and memory per thread).
    std::optional<int64_t> copyBytes =
        right ? kiln::staticBytes(cast<ShapedType>(right->get().getType()))
              : std::nullopt;
    if (!right || !copyBytes || *copyBytes > kMaxPackedBytes ||
        ranges[dims->n[0]] <= strip || ranges[dims->n[0]] % strip != 0 ||
        ranges[dims->m[0]] < 2 * tileRows || ranges[dims->k[0]] < strip) {
      result.push_back(op);
      continue;
    }
    int64_t k = ranges[dims->k[0]], n = ranges[dims->n[0]];
    Location loc = op.getLoc();
    Type elementType = getElementTypeOrSelf(right->get().getType());
    MLIRContext *context = op.getContext();

    // packed[j][kk][c] = right[kk][j * 2w + c], looping kk, j, c: the
    // operand's rows are read in order.
    rewriter.setInsertionPoint(op);
    Value rows = tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get({k, n / strip, strip}, elementType), right->get(),
        SmallVector<ReassociationIndices>{{0}, {1, 2}});
    Value empty = tensor::EmptyOp::create(rewriter, loc, {n / strip, k, strip},
                                          elementType);
    AffineExpr kk, j, c;
    bindDims(context, kk, j, c);
    SmallVector<AffineMap> maps = {
        AffineMap::getMultiDimIdentityMap(3, context),
        AffineMap::get(3, 0, {j, kk, c}, context)};
    auto pack = linalg::GenericOp::create(
        rewriter, loc, empty.getType(), rows, empty, maps,
        SmallVector<utils::IteratorType>(3, utils::IteratorType::parallel),
        [](OpBuilder &b, Location loc, ValueRange args) {
          linalg::YieldOp::create(b, loc, args[0]);
        });

    // Strips of the contraction, each reading its slice of the copy.
    unsigned rightIndex = right->getOperandNumber();
    SmallVector<int64_t> sizes(op.getNumLoops(), 0);
    sizes[dims->n[0]] = strip;
    scf::SCFTilingOptions options;
    options.setTileSizes(getAsIndexOpFoldResult(context, sizes));
    FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(op.getOperation()), options);
    auto slice = failed(tiled) || tiled->tiledOps.size() != 1
                     ? nullptr
                     : tiled->tiledOps.front()
                           ->getOperand(rightIndex)
                           .getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice) {
      rewriter.eraseOp(pack);
      rewriter.eraseOp(empty.getDefiningOp());
      rewriter.eraseOp(rows.getDefiningOp());
      result.push_back(op);
      continue;
    }
    rewriter.replaceOp(op, tiled->replacements);
    Operation *stripOp = tiled->tiledOps.front();
    rewriter.setInsertionPoint(stripOp);
    OpFoldResult index = affine::makeComposedFoldedAffineApply(
        rewriter, loc, getAffineDimExpr(0, context).floorDiv(strip),
        {slice.getMixedOffsets()[1]});
    Value stripSlice = tensor::ExtractSliceOp::create(
        rewriter, loc, RankedTensorType::get({k, strip}, elementType),
        pack.getResult(0),
        SmallVector<OpFoldResult>{index, rewriter.getIndexAttr(0),
                                  rewriter.getIndexAttr(0)},
        SmallVector<OpFoldResult>{rewriter.getIndexAttr(1),
                                  rewriter.getIndexAttr(k),
                                  rewriter.getIndexAttr(strip)},
        SmallVector<OpFoldResult>(3, rewriter.getIndexAttr(1)));
    rewriter.modifyOpInPlace(
        stripOp, [&] { stripOp->setOperand(rightIndex, stripSlice); });
    // The copy (and the slice of the operand it reads) does not change along
    // the loops around it over blocks of rows: hoist it out of them.
    for (auto loop = dyn_cast<scf::ForOp>(pack->getParentOp()); loop;
         loop = dyn_cast<scf::ForOp>(loop->getParentOp()))
      moveLoopInvariantCode(cast<LoopLikeOpInterface>(loop.getOperation()));
    result.push_back(pack);
    result.push_back(cast<linalg::LinalgOp>(stripOp));
  }
  ops = std::move(result);
}

/// Gives each op that writes into a shared fill (its destination, after
/// the fill's first use) its own copy, right before the op's ancestor in the
/// fill's block: not inside a loop, and short-lived for kiln-plan-memory.
/// Recomputing a fill is cheaper than the copy bufferization would make for
/// every writer after the first, and one-shot analysis of a tensor written
/// by n ops is quadratic in n (CSE leaves one zero fill for all the matmuls
/// and reductions of a shape). Ops that only read the fill keep it.
static void splitSharedFills(RewriterBase &rewriter, func::FuncOp function) {
  SmallVector<linalg::FillOp> fills;
  function.walk([&](linalg::FillOp fill) {
    if (fill.hasPureTensorSemantics() && !fill->hasOneUse() &&
        !fill->use_empty())
      fills.push_back(fill);
  });
  for (linalg::FillOp fill : fills) {
    Block *block = fill->getBlock();
    auto userInBlock = [&](OpOperand *use) {
      return block->findAncestorOpInBlock(*use->getOwner());
    };
    SmallVector<OpOperand *> uses = llvm::map_to_vector(
        fill->getResult(0).getUses(), [](OpOperand &use) { return &use; });
    llvm::stable_sort(uses, [&](OpOperand *a, OpOperand *b) {
      return userInBlock(a)->isBeforeInBlock(userInBlock(b));
    });
    for (OpOperand *use : llvm::drop_begin(uses)) {
      auto writer = dyn_cast<DestinationStyleOpInterface>(use->getOwner());
      if (!writer || !writer.isDpsInit(use))
        continue;
      rewriter.setInsertionPoint(userInBlock(use));
      Operation *copy = rewriter.clone(*fill);
      rewriter.modifyOpInPlace(use->getOwner(),
                               [&] { use->set(copy->getResult(0)); });
    }
  }
}

namespace {
struct KilnVectorizePass
    : public kiln::impl::KilnVectorizeBase<KilnVectorizePass> {
  using KilnVectorizeBase::KilnVectorizeBase;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    IRRewriter rewriter(&getContext());
    kiln::KernelTiling tiling = kiln::KernelTiling::forVectorWidth(vectorWidth);
    splitSharedFills(rewriter, function);
    SmallVector<linalg::Conv2DNchwFchwOp> convolutions;
    function.walk(
        [&](linalg::Conv2DNchwFchwOp conv) { convolutions.push_back(conv); });
    for (linalg::Conv2DNchwFchwOp conv : convolutions)
      (void)kiln::vectorizeConvolution(rewriter, conv, vectorWidth);

    SmallVector<linalg::LinalgOp> candidates;
    function.walk([&](linalg::LinalgOp op) {
      if (isCandidate(op))
        candidates.push_back(op);
    });

    blockForCaches(rewriter, candidates, tiling);
    packRightOperands(rewriter, candidates, tiling);
    SmallVector<linalg::LinalgOp> parts;
    for (linalg::LinalgOp op : candidates)
      llvm::append_range(
          parts, splitRemainders(rewriter, op, chooseTileSizes(op, tiling)));
    for (linalg::LinalgOp op : parts) {
      SmallVector<int64_t> sizes = chooseTileSizes(op, tiling);
      rewriter.setInsertionPoint(op);
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(&getContext(), sizes));
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled))
        continue;
      rewriter.replaceOp(op, tiled->replacements);

      for (Operation *tile : tiled->tiledOps) {
        auto tiledOp = dyn_cast<linalg::LinalgOp>(tile);
        if (!tiledOp)
          continue;
        // Vector sizes: the tile sizes (the whole range of untiled loops).
        SmallVector<int64_t> vectorSizes = tiledOp.getStaticLoopRanges();
        bool known = true;
        for (auto [i, size] : llvm::enumerate(vectorSizes)) {
          if (!ShapedType::isDynamic(size))
            continue;
          if (sizes[i] > 0)
            size = sizes[i]; // partial tile: masked
          else
            known = false;
        }
        if (!known ||
            failed(linalg::vectorizeOpPrecondition(tiledOp, vectorSizes)))
          continue;
        rewriter.setInsertionPoint(tiledOp);
        SmallVector<bool> scalable(vectorSizes.size(), false);
        FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
            rewriter, tiledOp, vectorSizes, scalable,
            /*vectorizeNDExtract=*/false, /*flatten1DDepthwiseConv=*/false,
            /*assumeDynamicDimsMatchVecSizes=*/false,
            /*createNamedContraction=*/true);
        if (failed(vectorized))
          continue;
        if (!vectorized->replacements.empty())
          rewriter.replaceOp(tiledOp, vectorized->replacements);
        else
          rewriter.eraseOp(tiledOp);
      }
    }

    // Fold vector.mask into the masked transfers first: canonicalization
    // must not put constants inside mask regions.
    {
      RewritePatternSet maskPatterns(&getContext());
      vector::populateVectorMaskLoweringPatternsForSideEffectingOps(
          maskPatterns);
      if (failed(applyPatternsGreedily(function, std::move(maskPatterns))))
        return signalPassFailure();
    }

    // Canonicalize (slices of whole tiles fold away), then keep accumulator
    // tiles in registers across reduction loops: a transfer_read/write pair
    // of a loop-carried tensor moves out of the loop.
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    for (Dialect *dialect : context->getLoadedDialects())
      dialect->getCanonicalizationPatterns(patterns);
    for (RegisteredOperationName op : context->getRegisteredOperations())
      op.getCanonicalizationPatterns(patterns, context);
    if (failed(applyPatternsGreedily(function, std::move(patterns))))
      return signalPassFailure();
    function.walk([&](scf::ForOp loop) { // innermost loops first
      hoistLoopInvariantSubsets(rewriter, loop);
    });

    // Common subexpressions of the tiles (slices and reads of the same
    // rows), within each top-level loop nest: CSE over the whole function
    // also compares loops of the same shape and inputs with each other,
    // which grows with the square of the graph size.
    DominanceInfo dominance;
    for (Operation &op :
         llvm::make_early_inc_range(function.getBody().getOps()))
      if (op.getNumRegions() > 0)
        eliminateCommonSubExpressions(rewriter, dominance, &op);
  }
};
} // namespace
