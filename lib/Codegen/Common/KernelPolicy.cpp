//===- KernelPolicy.cpp - which linalg ops form a kernel ------------------===//
//
// The policy of kiln-form-kernels (documented in Codegen/Common/Passes.td):
// which producers join a root, the kernel's strategy, its tiles, and the
// register tile the target will use (from KernelTiling, never restated).
//
//===----------------------------------------------------------------------===//

#include "KernelPolicy.h"
#include "kiln/Codegen/Common/StaticBytes.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"

using namespace mlir;
using namespace mlir::kiln;

/// Elements a row tile should hold at least, so that short rows are
/// processed several at a time.
static constexpr int64_t kRowTileElements = 4096;

/// Rows per tile of a transpose.
static constexpr int64_t kTransposeTileRows = 64;

/// Elements per tile of a 1-D elementwise op (64 KiB of f32).
static constexpr int64_t kChunkElements = 16384;

/// Iteration points from which an op on its own gets a parallel loop.
static constexpr int64_t kMinParallelPoints = 1 << 16;

/// Filters per tile of a convolution kernel.
static constexpr int64_t kConvFilterBlock = 32;

static bool isPlainElementwise(linalg::LinalgOp op) {
  return op.getNumLoops() == op.getNumParallelLoops() &&
         llvm::all_of(op.getIndexingMapsArray(), [](AffineMap map) {
           return map.isProjectedPermutation(/*allowZeroInResults=*/true);
         });
}

bool kiln::isKernelMember(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp && linalgOp.hasPureTensorSemantics() &&
         op->getNumResults() == 1 && isa<TilingInterface>(op) &&
         linalgOp.getNumLoops() > 0;
}

/// Whether `producer` may be fused into `consumer`'s tile, whatever the
/// loops: memory-layout ops and convolutions keep their own loop nests, and
/// a contraction or a 2-D convolution is only fused as the producer of an
/// elementwise epilogue.
static bool mayFuse(linalg::LinalgOp producer, linalg::LinalgOp consumer) {
  Operation *op = producer.getOperation();
  // A row tile of a transpose reads a column of its input.
  if (isa<linalg::TransposeOp>(op))
    return false;
  // A convolution's tiles are blocks of whole images: its epilogue must
  // read it element for element.
  if (isa<linalg::Conv2DNchwFchwOp>(op))
    return isPlainElementwise(consumer) &&
           !isa<linalg::TransposeOp>(consumer.getOperation()) &&
           llvm::all_of(consumer.getDpsInputOperands(), [&](OpOperand *input) {
             return input->get().getDefiningOp() != op ||
                    consumer.getMatchingIndexingMap(input).isIdentity();
           });
  if (isa<linalg::ConvolutionOpInterface>(op))
    return false;
  if (linalg::isaContractionOpInterface(producer))
    return isPlainElementwise(consumer);
  return true;
}

/// The loops of `producer` that are tiled when it is fused into `consumer`
/// (whose tiled loops are `consumerTiled`) through `operand`; failure when
/// fusing would compute the same producer tile in several iterations (a
/// tiled consumer loop that does not index the producer's result), or the
/// producer reduces along a tiled loop.
static FailureOr<llvm::SmallBitVector>
producerTiledLoops(linalg::LinalgOp consumer,
                   const llvm::SmallBitVector &consumerTiled,
                   OpOperand &operand, linalg::LinalgOp producer) {
  AffineMap operandMap = consumer.getMatchingIndexingMap(&operand);
  AffineMap resultMap =
      producer.getIndexingMapMatchingResult(cast<OpResult>(operand.get()));
  // Upstream tiling cannot produce a tile of a result read through a
  // constant (a keepdims output): such producers are not fused.
  if (!resultMap.isProjectedPermutation(/*allowZeroInResults=*/false))
    return failure();
  SmallVector<utils::IteratorType> iterators = producer.getIteratorTypesArray();
  llvm::SmallBitVector tiled(producer.getNumLoops());
  for (int loop : consumerTiled.set_bits()) {
    std::optional<unsigned> resultDim;
    for (auto [dim, expr] : llvm::enumerate(operandMap.getResults())) {
      auto dimExpr = dyn_cast<AffineDimExpr>(expr);
      if (!dimExpr || dimExpr.getPosition() != static_cast<unsigned>(loop))
        continue;
      // A loop indexing two dimensions (a diagonal read) is not a tile.
      if (resultDim)
        return failure();
      resultDim = dim;
    }
    if (!resultDim)
      return failure();
    auto producerLoop =
        dyn_cast<AffineDimExpr>(resultMap.getResult(*resultDim));
    if (!producerLoop ||
        linalg::isReductionIterator(iterators[producerLoop.getPosition()]))
      return failure();
    tiled.set(producerLoop.getPosition());
  }
  return tiled;
}

/// The largest power of two that divides `range` and is at most `limit`.
static int64_t powerOfTwoDivisor(int64_t range, int64_t limit) {
  int64_t size = 1;
  while (size * 2 <= limit && range % (size * 2) == 0)
    size *= 2;
  return size;
}

/// A tile of at most `limit` that divides a static `range`: a partial tile
/// would make every tile's shape dynamic, and its vectors masked. Prefers
/// multiples of `quantum`, then of its halves; tiles below a quarter of
/// `limit` do not count. Returns `limit` for a dynamic range, 0 (leave the
/// loop whole) when no tile fits.
static int64_t dividingTile(int64_t range, int64_t limit, int64_t quantum) {
  if (ShapedType::isDynamic(range))
    return limit;
  for (int64_t step = quantum; step >= 1; step /= 2)
    for (int64_t tile = limit - limit % step;
         tile >= std::max<int64_t>(step, limit / 4); tile -= step)
      if (range % tile == 0)
        return tile;
  return 0;
}

/// The root's tiles and register tile, and the strategy they follow.
struct RootTiling {
  KernelStrategy strategy;
  SmallVector<int64_t> tileSizes;
  SmallVector<int64_t> registerTile;
};

/// Tile sizes of a contraction on its own: column blocks of the output
/// (each tile then streams all rows past one block of the right operand),
/// or row blocks when the output is too narrow to split. Its register tile
/// is the accumulator tile of `tiling`, one step of k at a time.
static RootTiling tileContraction(linalg::LinalgOp op,
                                  const KernelTiling &tiling) {
  unsigned loops = op.getNumLoops();
  RootTiling result{KernelStrategy::Matmul, SmallVector<int64_t>(loops, 0),
                    SmallVector<int64_t>(loops, 1)};
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1)
    return result;
  for (unsigned batch : dims->batch)
    result.tileSizes[batch] = 1;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  unsigned m = dims->m[0], n = dims->n[0];
  result.registerTile[m] = tiling.registerRows;
  result.registerTile[n] = tiling.registerColumns;
  if (int64_t tile =
          dividingTile(ranges[n], tiling.cacheBlockN, tiling.registerColumns);
      tile != 0 && (ShapedType::isDynamic(ranges[n]) || ranges[n] > tile))
    result.tileSizes[n] = tile;
  else
    result.tileSizes[m] =
        dividingTile(ranges[m], tiling.cacheBlockM, tiling.registerRows);
  return result;
}

/// Tiles of a root when each tile is one GPU thread's work: every parallel
/// loop is tiled, by one except the innermost, whose tile is one vector
/// (consecutive threads take consecutive vectors of a row, so a warp's
/// accesses coalesce), or a register tile for a contraction's output and
/// its epilogue. Reduction loops stay whole: a thread reduces a whole row.
/// Whether `root` reads, across its innermost loop, the result of a long
/// reduction along that reduction's innermost loop (a softmax dividing by
/// its row sums): the rows then make one kernel with the reduction, each
/// row shared by a block's threads.
static bool readsRowReduction(linalg::LinalgOp root) {
  unsigned innermost = root.getNumLoops() - 1;
  for (OpOperand *input : root.getDpsInputOperands()) {
    auto producer = input->get().getDefiningOp<linalg::LinalgOp>();
    if (!producer || producer.getNumLoops() == 0 ||
        !linalg::isReductionIterator(producer.getIteratorTypesArray().back()))
      continue;
    int64_t extent = producer.getStaticLoopRanges().back();
    if (!ShapedType::isDynamic(extent) && extent < kBlockReductionMinExtent)
      continue;
    if (!root.getMatchingIndexingMap(input).isFunctionOfDim(innermost))
      return true;
  }
  return false;
}

static RootTiling tileRootForThreads(linalg::LinalgOp root,
                                     linalg::LinalgOp epilogueOf,
                                     const KernelTiling &tiling) {
  unsigned loops = root.getNumLoops();
  SmallVector<utils::IteratorType> iterators = root.getIteratorTypesArray();
  RootTiling result{KernelStrategy::Elementwise, SmallVector<int64_t>(loops, 0),
                    SmallVector<int64_t>()};
  Operation *op = root.getOperation();
  bool contraction = linalg::isaContractionOpInterface(root);
  if (contraction ||
      (epilogueOf && linalg::isaContractionOpInterface(epilogueOf)))
    result.strategy = KernelStrategy::Matmul;
  else if (isa<linalg::Conv2DNchwFchwOp>(op) ||
           (epilogueOf &&
            isa<linalg::Conv2DNchwFchwOp>(epilogueOf.getOperation())))
    result.strategy = KernelStrategy::Convolution;
  else if (isa<linalg::ConvolutionOpInterface>(op))
    result.strategy = KernelStrategy::Pooling;
  else if (isa<linalg::TransposeOp>(op))
    result.strategy = KernelStrategy::Transpose;
  else if (root.getNumReductionLoops() > 0)
    result.strategy = KernelStrategy::Reduction;

  SmallVector<int64_t> ranges = root.getStaticLoopRanges();
  SmallVector<unsigned> parallel;
  for (unsigned i = 0; i < loops; ++i)
    if (!linalg::isReductionIterator(iterators[i]) && ranges[i] != 1)
      parallel.push_back(i);
  for (unsigned i : parallel)
    result.tileSizes[i] = 1;
  if (parallel.empty())
    return result;
  if (result.strategy == KernelStrategy::Elementwise && loops >= 2 &&
      parallel.back() == loops - 1 && parallel.size() >= 2 &&
      readsRowReduction(root)) {
    // Whole rows: the row reductions it reads join the kernel.
    result.strategy = KernelStrategy::Reduction;
    result.tileSizes[loops - 1] = 0;
  } else if (result.strategy == KernelStrategy::Matmul) {
    // The output's rows and columns: for a contraction its m and n loops,
    // for an epilogue its last two.
    unsigned m = loops >= 2 ? loops - 2 : 0, n = loops - 1;
    if (contraction) {
      FailureOr<linalg::ContractionDimensions> dims =
          linalg::inferContractionDims(root);
      if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1)
        return result;
      m = dims->m[0];
      n = dims->n[0];
    }
    result.tileSizes[m] = tiling.registerRows;
    result.tileSizes[n] = tiling.registerColumns;
  } else if (result.strategy != KernelStrategy::Reduction ||
             parallel.back() == loops - 1) {
    result.tileSizes[parallel.back()] = tiling.vectorWidth;
  }
  // A loop no longer than its tile is not tiled (tiling would drop it from
  // the scf.forall): unit loops, and narrow ones such as a 3-wide row.
  for (unsigned i = 0; i < loops; ++i)
    if (!ShapedType::isDynamic(ranges[i]) && result.tileSizes[i] >= ranges[i])
      result.tileSizes[i] = 0;
  result.registerTile = result.tileSizes;
  for (int64_t &size : result.registerTile)
    size = std::max<int64_t>(size, 1);
  return result;
}

/// Tiles of a root. A contraction and its elementwise epilogue are tiled in
/// cache blocks of the contraction's output, a convolution and its epilogue
/// by images and blocks of filters; any other root by rows: every parallel
/// loop before the first reduction loop (and before the innermost loop) is
/// tiled, the last of them by enough rows (a power of two dividing the
/// range) to fill a tile of `kRowTileElements`. A 1-D elementwise op is
/// split into chunks of `kChunkElements`. Register tiles: a contraction's
/// accumulators (for an epilogue, over the output it reads), squares of a
/// transpose, otherwise one vector along the innermost loop.
static RootTiling tileRoot(linalg::LinalgOp root, linalg::LinalgOp epilogueOf,
                           const KernelTiling &tiling) {
  if (tiling.threadTiles)
    return tileRootForThreads(root, epilogueOf, tiling);
  unsigned loops = root.getNumLoops();
  SmallVector<int64_t> ranges = root.getStaticLoopRanges();
  SmallVector<utils::IteratorType> iterators = root.getIteratorTypesArray();
  int64_t width = tiling.vectorWidth;
  RootTiling result{KernelStrategy::Elementwise, SmallVector<int64_t>(loops, 0),
                    SmallVector<int64_t>(loops, 1)};
  if (loops > 0)
    result.registerTile.back() = width;
  SmallVector<int64_t> &sizes = result.tileSizes;
  bool convolutionEpilogue =
      epilogueOf && isa<linalg::Conv2DNchwFchwOp>(epilogueOf.getOperation());
  if (linalg::isaContractionOpInterface(root)) {
    result = tileContraction(root, tiling);
  } else if (convolutionEpilogue) {
    // The convolution's own tiles (see below), through the identity map.
    result.strategy = KernelStrategy::Convolution;
    result.registerTile.clear();
    sizes[0] = 1;
    sizes[1] = dividingTile(ranges[1], kConvFilterBlock, 8);
  } else if (epilogueOf && loops >= 2) {
    result.strategy = KernelStrategy::Matmul;
    for (unsigned i = 0; i + 2 < loops; ++i)
      sizes[i] = 1;
    sizes[loops - 2] = dividingTile(ranges[loops - 2], tiling.cacheBlockM,
                                    tiling.registerRows);
    sizes[loops - 1] = dividingTile(ranges[loops - 1], tiling.cacheBlockN,
                                    tiling.registerColumns);
    result.registerTile[loops - 2] = tiling.registerRows;
    result.registerTile[loops - 1] = tiling.registerColumns;
  } else if (isa<linalg::TransposeOp>(root.getOperation()) && loops >= 2) {
    // Row blocks deep enough for kiln-vectorize's width x width squares.
    result.strategy = KernelStrategy::Transpose;
    for (unsigned i = 0; i + 2 < loops; ++i)
      sizes[i] = 1;
    sizes[loops - 2] =
        dividingTile(ranges[loops - 2], kTransposeTileRows, width);
    result.registerTile[loops - 2] = width;
  } else if (isa<linalg::Conv2DNchwFchwOp>(root.getOperation())) {
    // Images by blocks of filters: kiln-vectorize's register tiles take up
    // to 16 filters at a time, chosen from the shapes.
    result.strategy = KernelStrategy::Convolution;
    result.registerTile.clear();
    sizes[0] = 1;
    sizes[1] = dividingTile(ranges[1], kConvFilterBlock, 8);
  } else if (isa<linalg::ConvolutionOpInterface>(root.getOperation())) {
    // Batch and channel planes: a plane's window loops stay together.
    result.strategy = KernelStrategy::Pooling;
    for (unsigned i = 0; i < std::min(loops, 2u); ++i)
      if (!linalg::isReductionIterator(iterators[i]))
        sizes[i] = 1;
  } else if (loops == 1) {
    if (linalg::isReductionIterator(iterators[0]))
      result.strategy = KernelStrategy::Reduction;
    else
      sizes[0] = dividingTile(ranges[0], kChunkElements, width);
  } else {
    if (root.getNumReductionLoops() > 0)
      result.strategy = KernelStrategy::Reduction;
    unsigned rowLoops = 0;
    while (rowLoops + 1 < loops &&
           !linalg::isReductionIterator(iterators[rowLoops]))
      ++rowLoops;
    if (rowLoops == 0)
      return result;
    int64_t rowElements = 1;
    for (unsigned i = rowLoops; i < loops; ++i)
      rowElements = ShapedType::isDynamic(ranges[i])
                        ? kRowTileElements
                        : rowElements * std::max<int64_t>(ranges[i], 1);
    for (unsigned i = 0; i < rowLoops; ++i)
      sizes[i] = 1;
    int64_t lastRange = ranges[rowLoops - 1];
    if (!ShapedType::isDynamic(lastRange))
      sizes[rowLoops - 1] = powerOfTwoDivisor(
          lastRange, std::max<int64_t>(kRowTileElements / rowElements, 1));
  }
  for (unsigned i = 0; i < loops; ++i) {
    if (ShapedType::isDynamic(ranges[i]))
      continue;
    // A tile as large as a static loop range leaves the loop whole, and no
    // register tile is larger than its loop.
    if (result.tileSizes[i] >= ranges[i])
      result.tileSizes[i] = 0;
    if (!result.registerTile.empty())
      result.registerTile[i] =
          std::max<int64_t>(1, std::min(result.registerTile[i], ranges[i]));
  }
  return result;
}

bool kiln::isWorthParallelizing(const Kernel &kernel,
                                const KernelTiling &tiling) {
  if (llvm::all_of(kernel.tileSizes, [](int64_t size) { return size == 0; }))
    return false;
  // A GPU runs every op in a kernel.
  if (tiling.threadTiles)
    return true;
  linalg::LinalgOp root = kernel.root;
  int64_t points = 1;
  for (int64_t range : root.getStaticLoopRanges()) {
    if (ShapedType::isDynamic(range))
      return true;
    points *= range;
  }
  return points >= kMinParallelPoints;
}

/// The contraction or 2-D convolution whose result `op`, a plain
/// elementwise op, reads (a convolution only through the identity map and
/// as its one user, since the tiles then follow the convolution's); null if
/// none.
static linalg::LinalgOp epilogueProducer(linalg::LinalgOp op) {
  if (!isPlainElementwise(op))
    return {};
  for (OpOperand *input : op.getDpsInputOperands()) {
    auto producer = input->get().getDefiningOp<linalg::LinalgOp>();
    if (!producer)
      continue;
    if (linalg::isaContractionOpInterface(producer))
      return producer;
    if (isa<linalg::Conv2DNchwFchwOp>(producer.getOperation()) &&
        op.getMatchingIndexingMap(input).isIdentity() &&
        producer->getResult(0).hasOneUse())
      return producer;
  }
  return {};
}

/// Grows a kernel from `root`: a producer joins when every user of its
/// result is already in the kernel and fusing it computes each of its tiles
/// once. Repeats until nothing joins.
Kernel kiln::formKernel(linalg::LinalgOp root,
                        const DenseSet<Operation *> &claimed,
                        const KernelTiling &tiling) {
  Kernel kernel;
  kernel.root = root;
  RootTiling tiles = tileRoot(root, epilogueProducer(root), tiling);
  kernel.strategy = tiles.strategy;
  kernel.tileSizes = std::move(tiles.tileSizes);
  kernel.registerTile = std::move(tiles.registerTile);
  llvm::SmallBitVector rootTiled(root.getNumLoops());
  for (auto [loop, size] : llvm::enumerate(kernel.tileSizes))
    if (size != 0)
      rootTiled.set(loop);
  if (rootTiled.none())
    return kernel;
  kernel.tiledLoops[root] = rootTiled;

  auto inKernel = [&](Operation *op) {
    return op == root.getOperation() || kernel.fused.contains(op);
  };
  bool grew = true;
  while (grew) {
    grew = false;
    SmallVector<Operation *> members = {root.getOperation()};
    members.append(kernel.fused.begin(), kernel.fused.end());
    for (Operation *member : members) {
      for (OpOperand &operand : member->getOpOperands()) {
        Operation *producerOp = operand.get().getDefiningOp();
        if (!producerOp || inKernel(producerOp) ||
            claimed.contains(producerOp) || !isKernelMember(producerOp) ||
            producerOp->getBlock() != root->getBlock())
          continue;
        auto producer = cast<linalg::LinalgOp>(producerOp);
        if (!mayFuse(producer, cast<linalg::LinalgOp>(member)))
          continue;
        // Every use must be inside the kernel, each implying the same tiles.
        std::optional<llvm::SmallBitVector> tiled;
        bool fusible = true;
        for (OpOperand &use : producerOp->getResult(0).getUses()) {
          Operation *user = use.getOwner();
          if (!inKernel(user) ||
              !mayFuse(producer, cast<linalg::LinalgOp>(user))) {
            fusible = false;
            break;
          }
          FailureOr<llvm::SmallBitVector> userTiled =
              producerTiledLoops(cast<linalg::LinalgOp>(user),
                                 kernel.tiledLoops[user], use, producer);
          if (failed(userTiled) || (tiled && *tiled != *userTiled)) {
            fusible = false;
            break;
          }
          tiled = *userTiled;
        }
        if (!fusible)
          continue;
        kernel.fused.insert(producerOp);
        kernel.tiledLoops[producerOp] = *tiled;
        grew = true;
      }
    }
  }
  // Rows that reduce a fused producer (softmax, a layer norm) make a
  // reduction kernel even when the root itself is elementwise.
  if (kernel.strategy == KernelStrategy::Elementwise &&
      llvm::any_of(kernel.fused, [](Operation *op) {
        return cast<linalg::LinalgOp>(op).getNumReductionLoops() > 0;
      }))
    kernel.strategy = KernelStrategy::Reduction;
  return kernel;
}

bool kiln::isWorthFusing(const Kernel &kernel) {
  return llvm::any_of(kernel.fused,
                      [](Operation *op) { return !isa<linalg::FillOp>(op); });
}

std::optional<int64_t> kiln::savedTraffic(const Kernel &kernel) {
  int64_t bytes = 0;
  for (Operation *op : kernel.fused) {
    std::optional<int64_t> size =
        kiln::staticBytes(cast<ShapedType>(op->getResult(0).getType()));
    if (!size)
      return std::nullopt;
    int64_t uses = std::distance(op->getUses().begin(), op->getUses().end());
    bytes += *size * (1 + uses);
  }
  return bytes;
}

std::string kiln::describe(const Kernel &kernel) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << kernel.root->getName() << " (root, tiles [";
  llvm::interleaveComma(kernel.tileSizes, os);
  os << "])";
  for (Operation *op : kernel.fused)
    os << " + " << op->getName();
  return text;
}
