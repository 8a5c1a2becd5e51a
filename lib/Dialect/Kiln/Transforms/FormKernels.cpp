//===- FormKernels.cpp - group linalg ops into fused kernels --------------===//
//
// Kernel formation in two steps: an analysis decides which linalg ops run
// together (the policy is in Passes.td), then each group's root is tiled and
// the rest of the group is fused into the tile through TilingInterface
// (`scf::tileConsumerAndFuseProducersUsingSCF`). The tile loop is an
// `scf.forall` marked `kiln.kernel`: one kernel, later one GPU launch.
//
//===----------------------------------------------------------------------===//

#include "StaticBytes.h"
#include "kiln/Dialect/Kiln/Transforms/Passes.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallBitVector.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNFORMKERNELS
#include "kiln/Dialect/Kiln/Transforms/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// Elements a row tile should hold at least, so that short rows are
/// processed several at a time.
static constexpr int64_t kRowTileElements = 4096;

/// Tile of a contraction's output (m x n): one cache block (see
/// kiln-vectorize's blocking).
static constexpr int64_t kEpilogueTileM = 64;
static constexpr int64_t kEpilogueTileN = 256;

/// Rows per tile of a transpose.
static constexpr int64_t kTransposeTileRows = 64;

/// Elements per tile of a 1-D elementwise op (64 KiB of f32).
static constexpr int64_t kChunkElements = 16384;

/// Iteration points from which an op on its own gets a parallel loop.
static constexpr int64_t kMinParallelPoints = 1 << 16;

namespace {
/// A group of linalg ops computed as one loop nest.
struct Kernel {
  linalg::LinalgOp root;
  /// Tile size per loop of the root; 0 leaves the loop whole.
  SmallVector<int64_t> tileSizes;
  /// The producers fused into the root's tile, consumers before producers.
  llvm::SetVector<Operation *> fused;
  /// Which loops of each member are tiled.
  DenseMap<Operation *, llvm::SmallBitVector> tiledLoops;
};
} // namespace

static bool isPlainElementwise(linalg::LinalgOp op) {
  return op.getNumLoops() == op.getNumParallelLoops() &&
         llvm::all_of(op.getIndexingMapsArray(), [](AffineMap map) {
           return map.isProjectedPermutation(/*allowZeroInResults=*/true);
         });
}

/// Ops the analysis may put in a kernel at all.
static bool isKernelMember(Operation *op) {
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

/// Register tiles of kiln-vectorize: contraction tiles should hold whole
/// ones.
static constexpr int64_t kRowQuantum = 8;
static constexpr int64_t kColumnQuantum = 32;

/// Filters per tile of a convolution kernel.
static constexpr int64_t kConvFilterBlock = 32;

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

/// Tile sizes of a contraction on its own: column blocks of the output
/// (each tile then streams all rows past one block of the right operand),
/// or row blocks when the output is too narrow to split.
static SmallVector<int64_t> chooseContractionTileSizes(linalg::LinalgOp op) {
  SmallVector<int64_t> sizes(op.getNumLoops(), 0);
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1)
    return sizes;
  for (unsigned batch : dims->batch)
    sizes[batch] = 1;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  unsigned m = dims->m[0], n = dims->n[0];
  if (int64_t tile = dividingTile(ranges[n], kEpilogueTileN, kColumnQuantum);
      tile != 0 && (ShapedType::isDynamic(ranges[n]) || ranges[n] > tile))
    sizes[n] = tile;
  else
    sizes[m] = dividingTile(ranges[m], kEpilogueTileM, kRowQuantum);
  return sizes;
}

/// Tile sizes of a root. A contraction and its elementwise epilogue are
/// tiled in cache blocks of the contraction's output, a convolution and
/// its epilogue by images and blocks of filters; any other root by
/// rows: every parallel loop before the first reduction loop (and before
/// the innermost loop) is tiled, the last of them by enough rows (a power of
/// two dividing the range) to fill a tile of `kRowTileElements`. A 1-D
/// elementwise op is split into chunks of `kChunkElements`.
static SmallVector<int64_t> chooseRootTileSizes(linalg::LinalgOp root,
                                                linalg::LinalgOp epilogueOf) {
  unsigned loops = root.getNumLoops();
  SmallVector<int64_t> ranges = root.getStaticLoopRanges();
  SmallVector<int64_t> sizes(loops, 0);
  SmallVector<utils::IteratorType> iterators = root.getIteratorTypesArray();
  bool convolutionEpilogue =
      epilogueOf && isa<linalg::Conv2DNchwFchwOp>(epilogueOf.getOperation());
  if (linalg::isaContractionOpInterface(root)) {
    sizes = chooseContractionTileSizes(root);
  } else if (convolutionEpilogue) {
    // The convolution's own tiles (see below), through the identity map.
    sizes[0] = 1;
    sizes[1] = dividingTile(ranges[1], kConvFilterBlock, 8);
  } else if (epilogueOf && loops >= 2) {
    for (unsigned i = 0; i + 2 < loops; ++i)
      sizes[i] = 1;
    sizes[loops - 2] =
        dividingTile(ranges[loops - 2], kEpilogueTileM, kRowQuantum);
    sizes[loops - 1] =
        dividingTile(ranges[loops - 1], kEpilogueTileN, kColumnQuantum);
  } else if (isa<linalg::TransposeOp>(root.getOperation()) && loops >= 2) {
    // Row blocks deep enough for kiln-vectorize's 16 x 16 squares.
    for (unsigned i = 0; i + 2 < loops; ++i)
      sizes[i] = 1;
    sizes[loops - 2] = dividingTile(ranges[loops - 2], kTransposeTileRows, 16);
  } else if (isa<linalg::Conv2DNchwFchwOp>(root.getOperation())) {
    // Images by blocks of filters: kiln-vectorize's register tiles take up
    // to 16 filters at a time.
    sizes[0] = 1;
    sizes[1] = dividingTile(ranges[1], kConvFilterBlock, 8);
  } else if (isa<linalg::ConvolutionOpInterface>(root.getOperation())) {
    // Batch and channel planes: a plane's window loops stay together.
    for (unsigned i = 0; i < std::min(loops, 2u); ++i)
      if (!linalg::isReductionIterator(iterators[i]))
        sizes[i] = 1;
  } else if (loops == 1) {
    if (!linalg::isReductionIterator(iterators[0]))
      sizes[0] = dividingTile(ranges[0], kChunkElements, 16);
  } else {
    unsigned rowLoops = 0;
    while (rowLoops + 1 < loops &&
           !linalg::isReductionIterator(iterators[rowLoops]))
      ++rowLoops;
    if (rowLoops == 0)
      return sizes;
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
  // A tile as large as a static loop range leaves the loop whole.
  for (unsigned i = 0; i < loops; ++i)
    if (!ShapedType::isDynamic(ranges[i]) && sizes[i] >= ranges[i])
      sizes[i] = 0;
  return sizes;
}

/// Whether a root on its own is worth a parallel loop: enough work (or a
/// dynamic size) to pay for handing tiles to threads.
static bool isWorthParallelizing(const Kernel &kernel) {
  if (llvm::all_of(kernel.tileSizes, [](int64_t size) { return size == 0; }))
    return false;
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
static Kernel formKernel(linalg::LinalgOp root,
                         const DenseSet<Operation *> &claimed) {
  Kernel kernel;
  kernel.root = root;
  kernel.tileSizes = chooseRootTileSizes(root, epilogueProducer(root));
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
  return kernel;
}

/// Whether fusing `kernel` saves anything: fills alone are not worth a loop.
static bool isWorthFusing(const Kernel &kernel) {
  return llvm::any_of(kernel.fused,
                      [](Operation *op) { return !isa<linalg::FillOp>(op); });
}

/// Bytes of memory traffic the kernel no longer makes: each fused result was
/// written once and read by each of its users. std::nullopt when a fused
/// result has a dynamic shape.
static std::optional<int64_t> savedTraffic(const Kernel &kernel) {
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

static std::string describe(const Kernel &kernel) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << kernel.root->getName() << " (root, tiles [";
  llvm::interleaveComma(kernel.tileSizes, os);
  os << "])";
  for (Operation *op : kernel.fused)
    os << " + " << op->getName();
  return text;
}

/// Whether two slices read the same part of the same value in one block.
static bool isSameSlice(tensor::ExtractSliceOp a, tensor::ExtractSliceOp b) {
  return a.getSource() == b.getSource() && a->getBlock() == b->getBlock() &&
         a.getType() == b.getType() &&
         a.getMixedOffsets() == b.getMixedOffsets() &&
         a.getMixedSizes() == b.getMixedSizes() &&
         a.getMixedStrides() == b.getMixedStrides();
}

/// A slice already fused and the fused producer that replaced it.
using FusedSlice = std::pair<tensor::ExtractSliceOp, Value>;

/// The next slice of a kernel member inside `loop` to fuse, after merging
/// identical slices: a producer with several users in the kernel is reached
/// through one slice per use, and fusing each would clone it once per use
/// (exponentially along a chain of softmaxes). A slice of the loop's output
/// argument reads the member that initializes it, which destination fusion
/// changes as it goes.
static tensor::ExtractSliceOp
nextSliceToFuse(RewriterBase &rewriter, scf::ForallOp loop,
                const Kernel &kernel, ArrayRef<FusedSlice> fusedSlices) {
  // The member a slice reads: its source's producer, or for a slice of the
  // loop's output, the producer of the output's initial value (a fill).
  auto memberOf = [&](tensor::ExtractSliceOp slice) -> Operation * {
    Value source = slice.getSource();
    if (auto argument = dyn_cast<BlockArgument>(source))
      if (argument.getOwner()->getParentOp() == loop.getOperation())
        if (OpOperand *init = loop.getTiedOpOperand(argument))
          source = init->get();
    return source.getDefiningOp();
  };
  SmallVector<tensor::ExtractSliceOp> slices;
  loop->walk([&](tensor::ExtractSliceOp slice) {
    if (Operation *member = memberOf(slice);
        member && kernel.fused.contains(member) && !slice->use_empty())
      slices.push_back(slice);
  });
  auto definedBefore = [](Value value, Operation *op) {
    Operation *def = value.getDefiningOp();
    return def && def->getBlock() == op->getBlock() && def->isBeforeInBlock(op);
  };
  for (auto [i, slice] : llvm::enumerate(slices)) {
    // The same tile of a member already computed in the loop is reused...
    for (auto [fused, value] : fusedSlices)
      if (isSameSlice(fused, slice) && definedBefore(value, slice)) {
        rewriter.replaceAllUsesWith(slice.getResult(), value);
        break;
      }
    if (slice->use_empty())
      continue;
    // ... and identical slices not fused yet are fused once.
    for (tensor::ExtractSliceOp earlier : ArrayRef(slices).take_front(i))
      if (!earlier->use_empty() && isSameSlice(earlier, slice) &&
          earlier->isBeforeInBlock(slice)) {
        rewriter.replaceAllUsesWith(slice.getResult(), earlier.getResult());
        break;
      }
  }
  for (tensor::ExtractSliceOp slice : slices)
    if (!slice->use_empty())
      return slice;
  return nullptr;
}

/// Tiles the kernel's root and fuses its members into the tile, one slice
/// at a time; returns the tile loop.
static FailureOr<scf::ForallOp> buildKernel(RewriterBase &rewriter,
                                            const Kernel &kernel) {
  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(
      getAsIndexOpFoldResult(rewriter.getContext(), kernel.tileSizes));
  tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
  Operation *root = kernel.root;
  rewriter.setInsertionPoint(root);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(root), tiling);
  if (failed(tiled) || tiled->loops.size() != 1)
    return failure();
  rewriter.replaceOp(root, tiled->replacements);
  auto loop = cast<scf::ForallOp>(tiled->loops.front().getOperation());
  SmallVector<FusedSlice> fusedSlices;
  while (tensor::ExtractSliceOp slice =
             nextSliceToFuse(rewriter, loop, kernel, fusedSlices)) {
    std::optional<scf::SCFFuseProducerOfSliceResult> fused =
        scf::tileAndFuseProducerOfSlice(rewriter, slice, tiled->loops);
    if (!fused)
      return failure();
    fusedSlices.push_back({slice, fused->tiledAndFusedProducer});
  }
  // Members are erased consumers first; what still reads a member is a
  // slice left dead by the fusion.
  for (Operation *op : kernel.fused) {
    for (Operation *user : llvm::make_early_inc_range(op->getUsers()))
      if (isa<tensor::ExtractSliceOp>(user) && user->use_empty())
        rewriter.eraseOp(user);
    if (op->use_empty())
      rewriter.eraseOp(op);
  }
  return loop;
}

namespace {
struct KilnFormKernelsPass
    : public kiln::impl::KilnFormKernelsBase<KilnFormKernelsPass> {
  using KilnFormKernelsBase::KilnFormKernelsBase;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    // Consumers before producers: a root claims its producers first.
    SmallVector<Operation *> ops;
    function.walk([&](Operation *op) {
      if (isKernelMember(op))
        ops.push_back(op);
    });
    DenseSet<Operation *> claimed;
    // Kernels that fuse producers (the others only split a large op).
    unsigned fusing = 0;
    SmallVector<Kernel> kernels;
    unsigned linalgOps = ops.size();
    for (Operation *op : llvm::reverse(ops)) {
      if (claimed.contains(op))
        continue;
      Kernel kernel = formKernel(cast<linalg::LinalgOp>(op), claimed);
      bool fuses = isWorthFusing(kernel);
      if (!fuses && !isWorthParallelizing(kernel))
        continue;
      fusing += fuses;
      claimed.insert(op);
      claimed.insert(kernel.fused.begin(), kernel.fused.end());
      kernels.push_back(std::move(kernel));
    }

    IRRewriter rewriter(&getContext());
    int64_t totalSaved = 0;
    bool totalKnown = true;
    for (auto [index, kernel] : llvm::enumerate(kernels)) {
      Location loc = kernel.root->getLoc();
      std::string description = describe(kernel);
      std::optional<int64_t> saved = savedTraffic(kernel);
      FailureOr<scf::ForallOp> loop = buildKernel(rewriter, kernel);
      if (failed(loop)) {
        emitError(loc) << "kiln-form-kernels: could not tile and fuse "
                       << description;
        return signalPassFailure();
      }
      (*loop)->setAttr("kiln.kernel", rewriter.getI64IntegerAttr(index));
      if (saved)
        totalSaved += *saved;
      totalKnown &= saved.has_value();
      if (report) {
        InFlightDiagnostic remark = emitRemark(loc)
                                    << "kernel " << index << ": " << description
                                    << "; saves ";
        if (saved)
          remark << *saved << " bytes of memory traffic";
        else
          remark << "memory traffic of dynamic size";
      }
    }
    if (report && linalgOps > 0) {
      unsigned opsInLoops = 0;
      for (const Kernel &kernel : kernels)
        opsInLoops += 1 + kernel.fused.size();
      InFlightDiagnostic remark =
          emitRemark(function.getLoc())
          << "@" << function.getSymName() << ": " << linalgOps
          << " linalg ops, " << opsInLoops << " of them in " << kernels.size()
          << " kernel loops (" << fusing << " fusing producers), "
          << linalgOps - opsInLoops << " outside; fusion saves " << totalSaved
          << " bytes of memory traffic";
      if (!totalKnown)
        remark << " plus some of dynamic size";
    }
  }
};
} // namespace
