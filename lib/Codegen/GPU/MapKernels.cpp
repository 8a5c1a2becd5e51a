//===- MapKernels.cpp - kernels as gpu.launch, one thread per tile --------===//
//
// kiln-gpu-map-kernels: each kernel (an scf.forall on buffers) becomes a
// gpu.launch whose threads walk the forall's iterations in a grid-stride
// loop, or, for a kernel of long row reductions, whose blocks walk them and
// share each iteration's work among their threads; any other host op that
// touches buffer elements runs as a one-thread (or, for a long reduction,
// one-block) kernel, so the host side only allocates, copies and launches.
//
//===----------------------------------------------------------------------===//

#include "CooperativeOps.h"
#include "HostBuffers.h"
#include "MatmulTiles.h"
#include "OnlineSoftmax.h"
#include "VectorTiles.h"
#include "kiln/Codegen/Common/KernelTiling.h"
#include "kiln/Codegen/GPU/Passes.h"
#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNGPUMAPKERNELS
#include "kiln/Codegen/GPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// A launch of `blocks` x `threads` threads (1-D) before `at`, its body
/// ending in gpu.terminator; the builder is left at the start of the body.
static gpu::LaunchOp createLaunch(RewriterBase &rewriter, Location loc,
                                  Value blocks, Value threads) {
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  auto launch =
      gpu::LaunchOp::create(rewriter, loc, blocks, one, one, threads, one, one);
  rewriter.setInsertionPointToEnd(&launch.getBody().front());
  gpu::TerminatorOp::create(rewriter, loc);
  rewriter.setInsertionPointToStart(&launch.getBody().front());
  return launch;
}

/// A scratch buffer whose dynamic sizes are bounded (a partial tile,
/// `min(4, n - i)`): a per-thread slot as large as the bound, viewed with the
/// buffer's sizes and row-major strides.
static LogicalResult privatizeBoundedScratch(RewriterBase &rewriter,
                                             memref::AllocOp alloc,
                                             Block &body) {
  MemRefType type = alloc.getType();
  Location loc = alloc.getLoc();
  int64_t slots = 1;
  unsigned dynamicIndex = 0;
  for (int64_t size : type.getShape()) {
    if (!ShapedType::isDynamic(size)) {
      slots *= size;
      continue;
    }
    Value dynamicSize = alloc.getDynamicSizes()[dynamicIndex++];
    FailureOr<int64_t> bound = ValueBoundsConstraintSet::computeConstantBound(
        presburger::BoundType::UB, ValueBoundsConstraintSet::Variable(dynamicSize),
        /*stopCondition=*/nullptr, /*closedUB=*/true);
    if (failed(bound))
      return alloc.emitError("kiln-gpu-map-kernels: a kernel's scratch "
                             "buffer of unbounded dynamic shape ")
             << type << " cannot live in a GPU thread";
    slots *= std::max<int64_t>(*bound, 0);
  }
  rewriter.setInsertionPointToStart(&body);
  auto slot = memref::AllocaOp::create(
      rewriter, loc, MemRefType::get({slots}, type.getElementType()),
      alloc.getAlignmentAttr());
  rewriter.setInsertionPoint(alloc);
  SmallVector<OpFoldResult> sizes = memref::getMixedSizes(rewriter, loc, alloc);
  SmallVector<OpFoldResult> strides(sizes.size());
  OpFoldResult stride = rewriter.getIndexAttr(1);
  for (int64_t d = sizes.size() - 1; d >= 0; --d) {
    strides[d] = stride;
    AffineExpr s0, s1;
    bindSymbols(rewriter.getContext(), s0, s1);
    stride = affine::makeComposedFoldedAffineApply(rewriter, loc, s0 * s1,
                                                   {stride, sizes[d]});
  }
  rewriter.replaceOpWithNewOp<memref::ReinterpretCastOp>(
      alloc, type, slot, rewriter.getIndexAttr(0), sizes, strides);
  return success();
}

/// Moves the kernel's static scratch buffers to the top of the launch as
/// per-thread allocas (they live within one iteration, so one slot per
/// thread serves every iteration) and drops their deallocations.
static LogicalResult privatizeScratch(RewriterBase &rewriter,
                                      gpu::LaunchOp launch) {
  SmallVector<memref::AllocOp> allocs;
  SmallVector<memref::DeallocOp> deallocs;
  launch.getBody().walk([&](Operation *op) {
    if (auto alloc = dyn_cast<memref::AllocOp>(op))
      allocs.push_back(alloc);
    else if (auto dealloc = dyn_cast<memref::DeallocOp>(op))
      deallocs.push_back(dealloc);
  });
  for (memref::DeallocOp dealloc : deallocs)
    rewriter.eraseOp(dealloc);
  Block &body = launch.getBody().front();
  for (memref::AllocOp alloc : allocs) {
    MemRefType type = alloc.getType();
    if (type.hasStaticShape()) {
      rewriter.setInsertionPointToStart(&body);
      rewriter.replaceOp(alloc, memref::AllocaOp::create(
                                    rewriter, alloc.getLoc(), type,
                                    alloc.getAlignmentAttr()));
      continue;
    }
    if (failed(privatizeBoundedScratch(rewriter, alloc, body)))
      return failure();
  }
  return success();
}

/// Device code has no memref.copy runtime call: copies become linalg
/// copies, lowered to loops with the rest.
static void copiesToLinalg(RewriterBase &rewriter, gpu::LaunchOp launch) {
  SmallVector<memref::CopyOp> copies;
  launch.getBody().walk([&](memref::CopyOp copy) { copies.push_back(copy); });
  for (memref::CopyOp copy : copies) {
    rewriter.setInsertionPoint(copy);
    linalg::CopyOp::create(rewriter, copy.getLoc(), copy.getSource(),
                           copy.getTarget());
    rewriter.eraseOp(copy);
  }
}

namespace {
/// A forall's iteration space, linearized: the number of iterations and
/// how to map a linear position back to the forall's induction variables.
struct LinearIterations {
  SmallVector<Value> lower, steps, counts;
  Value total;

  /// Computes the counts before `forall`.
  static LinearIterations of(RewriterBase &rewriter, scf::ForallOp forall) {
    Location loc = forall.getLoc();
    auto index = [&](OpFoldResult value) {
      return getValueOrCreateConstantIndexOp(rewriter, loc, value);
    };
    LinearIterations space;
    space.total = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (auto [lb, ub, step] :
         llvm::zip(forall.getMixedLowerBound(), forall.getMixedUpperBound(),
                   forall.getMixedStep())) {
      space.lower.push_back(index(lb));
      space.steps.push_back(index(step));
      Value extent =
          arith::SubIOp::create(rewriter, loc, index(ub), space.lower.back());
      space.counts.push_back(
          arith::CeilDivSIOp::create(rewriter, loc, extent, space.steps.back()));
      space.total =
          arith::MulIOp::create(rewriter, loc, space.total, space.counts.back());
    }
    return space;
  }

  /// Maps the forall's induction variables to those of linear `position`
  /// (the innermost dimension fastest).
  void mapInductionVars(RewriterBase &rewriter, Location loc,
                        scf::ForallOp forall, Value position,
                        IRMapping &mapping) const {
    SmallVector<Value> ivs;
    if (counts.size() == 1) {
      ivs.push_back(position);
    } else {
      auto delinearized = affine::AffineDelinearizeIndexOp::create(
          rewriter, loc, position, counts, /*hasOuterBound=*/true);
      ivs.append(delinearized.getResults().begin(),
                 delinearized.getResults().end());
    }
    for (auto [iv, coordinate, lb, step] :
         llvm::zip(forall.getInductionVars(), ivs, lower, steps)) {
      Value offset = arith::MulIOp::create(rewriter, loc, coordinate, step);
      mapping.map(iv, arith::AddIOp::create(rewriter, loc, lb, offset));
    }
  }
};
} // namespace

/// Replaces `forall` by a launch whose threads are its iterations:
/// ceil(count / threadsPerBlock) blocks, each thread striding over the
/// linearized iterations, the innermost dimension fastest.
static FailureOr<gpu::LaunchOp> mapForall(RewriterBase &rewriter,
                                          scf::ForallOp forall,
                                          int64_t threadsPerBlock) {
  Location loc = forall.getLoc();
  rewriter.setInsertionPoint(forall);
  LinearIterations space = LinearIterations::of(rewriter, forall);
  Value threads = arith::ConstantIndexOp::create(rewriter, loc, threadsPerBlock);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  // At least one block: an empty grid is a launch error, not a no-op.
  Value blocks = arith::MaxSIOp::create(
      rewriter, loc,
      arith::CeilDivSIOp::create(rewriter, loc, space.total, threads), one);
  gpu::LaunchOp launch = createLaunch(rewriter, loc, blocks, threads);

  Value first = arith::AddIOp::create(
      rewriter, loc,
      arith::MulIOp::create(rewriter, loc, launch.getBlockIds().x, threads),
      launch.getThreadIds().x);
  Value stride = arith::MulIOp::create(rewriter, loc,
                                       launch.getGridSize().x, threads);
  auto loop = scf::ForOp::create(rewriter, loc, first, space.total, stride);
  rewriter.setInsertionPointToStart(loop.getBody());
  IRMapping mapping;
  space.mapInductionVars(rewriter, loc, forall, loop.getInductionVar(),
                         mapping);
  SmallVector<linalg::GenericOp> vectorTiles;
  for (Operation &op : forall.getBody()->without_terminator()) {
    Operation *clone = rewriter.clone(op, mapping);
    if (auto generic = dyn_cast<linalg::GenericOp>(clone);
        generic && kiln::isVectorTile(generic))
      vectorTiles.push_back(generic);
  }
  rewriter.eraseOp(forall);
  // 128-bit loads and stores where the tile's addresses are aligned.
  for (linalg::GenericOp generic : vectorTiles)
    kiln::vectorizeTile(rewriter, generic);
  if (failed(privatizeScratch(rewriter, launch)))
    return failure();
  copiesToLinalg(rewriter, launch);
  return launch;
}

/// The most threads a CUDA block may have.
static constexpr int64_t kMaxBlockThreads = 1024;

/// Threads of a block sharing `ops`: enough for the longest innermost loop
/// (a power of two, at least a warp), at most `maxThreads`.
static int64_t cooperativeThreads(ArrayRef<linalg::LinalgOp> ops,
                                  int64_t maxThreads) {
  int64_t longest = 0;
  for (linalg::LinalgOp op : ops) {
    int64_t extent = op.getStaticLoopRanges().back();
    if (ShapedType::isDynamic(extent))
      return maxThreads;
    longest = std::max(longest, extent);
  }
  return std::clamp<int64_t>(llvm::PowerOf2Ceil(longest), 32, maxThreads);
}

/// Shared memory a block's kernel may take for its scratch buffers (a
/// row's reduced values); any GPU has 48 KiB.
static constexpr int64_t kMaxSharedScratchBytes = 16 * 1024;

/// The bytes of `alloc`, a kernel's scratch buffer, if it can live in the
/// block's shared memory: a static shape, read and written by linalg ops
/// only.
static std::optional<int64_t> sharedScratchBytes(memref::AllocOp alloc) {
  MemRefType type = alloc.getType();
  if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat() ||
      !llvm::all_of(alloc->getUsers(), [](Operation *user) {
        return isa<linalg::LinalgOp, memref::DeallocOp>(user);
      }))
    return std::nullopt;
  return type.getNumElements() *
         llvm::divideCeil(type.getElementTypeBitWidth(), 8);
}

/// The linalg ops of a kernel whose blocks can share each iteration among
/// their threads, or nothing: a reduction kernel reducing at least one long
/// innermost loop, its body only views, index arithmetic and linalg ops
/// that canRunCooperatively, and small scratch buffers (which move to
/// shared memory).
static SmallVector<linalg::LinalgOp> cooperativeOps(scf::ForallOp forall) {
  kiln::KernelAttr kernel = kiln::getKernelAttr(forall);
  if (!kernel || kernel.getStrategy() != kiln::KernelStrategy::Reduction)
    return {};
  SmallVector<linalg::LinalgOp> ops;
  bool longReduction = false;
  int64_t scratchBytes = 0;
  for (Operation &op : forall.getBody()->without_terminator()) {
    if (isa<memref::DeallocOp>(op))
      continue;
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      std::optional<int64_t> bytes = sharedScratchBytes(alloc);
      if (!bytes || (scratchBytes += *bytes) > kMaxSharedScratchBytes)
        return {};
      continue;
    }
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
      if (!kiln::canRunCooperatively(linalgOp))
        return {};
      longReduction |=
          kiln::reducesInnermostLoop(linalgOp, kiln::kBlockReductionMinExtent);
      ops.push_back(linalgOp);
      continue;
    }
    if (op.getNumRegions() != 0 ||
        !(isa<ViewLikeOpInterface>(op) || isMemoryEffectFree(&op)))
      return {};
  }
  if (!longReduction)
    return {};
  return ops;
}

/// Replaces `forall` by a launch whose blocks are its iterations, each
/// block's threads sharing the linalg ops of an iteration.
static void mapForallToBlocks(RewriterBase &rewriter, scf::ForallOp forall,
                              int64_t threadsPerBlock) {
  Location loc = forall.getLoc();
  rewriter.setInsertionPoint(forall);
  LinearIterations space = LinearIterations::of(rewriter, forall);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  Value threads = arith::ConstantIndexOp::create(rewriter, loc, threadsPerBlock);
  Value blocks = arith::MaxSIOp::create(rewriter, loc, space.total, one);
  gpu::LaunchOp launch = createLaunch(rewriter, loc, blocks, threads);
  // Blocks stride over the iterations; the loop is uniform in a block, so
  // its threads meet at the same barriers.
  auto loop = scf::ForOp::create(rewriter, loc, launch.getBlockIds().x,
                                 space.total, launch.getGridSize().x);
  rewriter.setInsertionPointToStart(loop.getBody());
  IRMapping mapping;
  space.mapInductionVars(rewriter, loc, forall, loop.getInductionVar(),
                         mapping);
  // Scratch buffers are shared by the block's threads: workgroup memory.
  auto workgroup = gpu::AddressSpaceAttr::get(rewriter.getContext(),
                                              gpu::AddressSpace::Workgroup);
  SmallVector<linalg::LinalgOp> ops;
  for (Operation &op : forall.getBody()->without_terminator()) {
    if (isa<memref::DeallocOp>(op))
      continue;
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      MemRefType type = alloc.getType();
      mapping.map(alloc.getResult(),
                  launch.addWorkgroupAttribution(
                      MemRefType::get(type.getShape(), type.getElementType(),
                                      MemRefLayoutAttrInterface(), workgroup),
                      alloc.getLoc()));
      continue;
    }
    Operation *clone = rewriter.clone(op, mapping);
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(clone))
      ops.push_back(linalgOp);
  }
  rewriter.eraseOp(forall);
  // A softmax's row maximum and sum of exps in one pass over the row.
  kiln::fuseOnlineSoftmax(rewriter, ops, launch.getThreadIds().x,
                          launch.getBlockSize().x);
  for (linalg::LinalgOp op : ops)
    kiln::runCooperatively(rewriter, op, launch.getThreadIds().x,
                           launch.getBlockSize().x);
}

/// Runs a long reduction outside any kernel (a full reduction) on one
/// block, its threads sharing it.
static void runOnOneBlock(RewriterBase &rewriter, linalg::LinalgOp op,
                          int64_t threadsPerBlock) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  Value threads = arith::ConstantIndexOp::create(rewriter, loc, threadsPerBlock);
  gpu::LaunchOp launch = createLaunch(rewriter, loc, one, threads);
  rewriter.moveOpBefore(op, launch.getBody().front().getTerminator());
  kiln::runCooperatively(rewriter, op, launch.getThreadIds().x,
                         launch.getBlockSize().x);
}

/// Runs `op` (a host-side op on buffer elements) as a one-thread kernel.
static void runOnOneThread(RewriterBase &rewriter, Operation *op) {
  Location loc = op->getLoc();
  rewriter.setInsertionPoint(op);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  gpu::LaunchOp launch = createLaunch(rewriter, loc, one, one);
  rewriter.moveOpBefore(op, launch.getBody().front().getTerminator());
  copiesToLinalg(rewriter, launch);
}

/// The one-element view of `buffer` at `indices`, with a host buffer of its
/// shape to copy it through (`gpu.memcpy` moves whole buffers).
static std::pair<Value, Value> elementAndStage(RewriterBase &rewriter,
                                               Location loc, Value buffer,
                                               ValueRange indices) {
  auto type = cast<MemRefType>(buffer.getType());
  Value element = buffer;
  if (type.getRank() > 0) {
    SmallVector<OpFoldResult> offsets(indices.begin(), indices.end());
    SmallVector<OpFoldResult> ones(type.getRank(), rewriter.getIndexAttr(1));
    element = memref::SubViewOp::create(rewriter, loc, buffer, offsets, ones,
                                        ones);
  }
  auto stageType = MemRefType::get(
      SmallVector<int64_t>(type.getRank(), 1), type.getElementType());
  Value stage = memref::AllocaOp::create(rewriter, loc, stageType);
  return {element, stage};
}

/// A host load of a device buffer's element (a loop's condition, a trip
/// count): the element is copied to a host buffer and read there.
static void loadThroughHost(RewriterBase &rewriter, memref::LoadOp load) {
  Location loc = load.getLoc();
  rewriter.setInsertionPoint(load);
  auto [element, stage] = elementAndStage(rewriter, loc, load.getMemref(),
                                          load.getIndices());
  gpu::MemcpyOp::create(rewriter, loc, Type(), ValueRange(), stage, element);
  SmallVector<Value> zeros(
      cast<MemRefType>(stage.getType()).getRank(),
      arith::ConstantIndexOp::create(rewriter, loc, 0));
  rewriter.replaceOpWithNewOp<memref::LoadOp>(load, stage, zeros);
}

/// A host store into a device buffer: written to a host buffer, copied.
static void storeThroughHost(RewriterBase &rewriter, memref::StoreOp store) {
  Location loc = store.getLoc();
  rewriter.setInsertionPoint(store);
  auto [element, stage] = elementAndStage(rewriter, loc, store.getMemref(),
                                          store.getIndices());
  SmallVector<Value> zeros(
      cast<MemRefType>(stage.getType()).getRank(),
      arith::ConstantIndexOp::create(rewriter, loc, 0));
  memref::StoreOp::create(rewriter, loc, store.getValueToStore(), stage, zeros);
  gpu::MemcpyOp::create(rewriter, loc, Type(), ValueRange(), element, stage);
  rewriter.eraseOp(store);
}

/// Whether a copy can be a plain device-to-device memcpy on the host side.
/// (gpu.memcpy lowers for identity layouts only: a view with an offset, even
/// a contiguous one, is copied by a kernel.)
static bool isContiguousCopy(memref::CopyOp copy) {
  auto identity = [](Value value) {
    return cast<MemRefType>(value.getType()).getLayout().isIdentity();
  };
  return identity(copy.getSource()) && identity(copy.getTarget());
}

namespace {
struct KilnGpuMapKernelsPass
    : public kiln::impl::KilnGpuMapKernelsBase<KilnGpuMapKernelsPass> {
  using KilnGpuMapKernelsBase::KilnGpuMapKernelsBase;

  void runOnOperation() override {
    if (kiln::isHostFunction(getOperation()))
      return;
    for (auto [name, value] : {std::pair<StringRef, int64_t>(
                                   "threads-per-block", threadsPerBlock),
                               {"row-threads", rowThreads}}) {
      if (value >= 32 || (value >= 1 && name == "threads-per-block"))
        if (value <= kMaxBlockThreads)
          continue;
      getOperation().emitError("kiln-gpu-map-kernels: ")
          << name << " must be between "
          << (name == "row-threads" ? 32 : 1) << " and " << kMaxBlockThreads
          << ", got " << value;
      return signalPassFailure();
    }
    SmallVector<scf::ForallOp> kernels;
    SmallVector<Operation *> oneThread, hostAccesses;
    WalkResult walk =
        getOperation().walk<WalkOrder::PreOrder>([&](Operation *op) {
          if (auto forall = dyn_cast<scf::ForallOp>(op)) {
            kernels.push_back(forall);
            return WalkResult::skip();
          }
          if (isa<gpu::LaunchOp>(op))
            return WalkResult::skip();
          if (isa<linalg::LinalgOp>(op)) {
            oneThread.push_back(op);
            return WalkResult::skip();
          }
          if (auto copy = dyn_cast<memref::CopyOp>(op)) {
            if (!isContiguousCopy(copy))
              oneThread.push_back(op);
            return WalkResult::advance();
          }
          if (auto load = dyn_cast<memref::LoadOp>(op);
              load && kiln::isHostBuffer(load.getMemref()))
            return WalkResult::advance();
          if (auto store = dyn_cast<memref::StoreOp>(op);
              store && kiln::isHostBuffer(store.getMemref()))
            return WalkResult::advance();
          if (isa<memref::LoadOp, memref::StoreOp>(op)) {
            hostAccesses.push_back(op);
            return WalkResult::advance();
          }
          if (isa<vector::TransferReadOp, vector::TransferWriteOp,
                  vector::LoadOp, vector::StoreOp>(op)) {
            op->emitError("kiln-gpu-map-kernels: vector code outside a "
                          "kernel (from a CPU pass?) is not supported on "
                          "GPUs yet");
            return WalkResult::interrupt();
          }
          return WalkResult::advance();
        });
    if (walk.wasInterrupted())
      return signalPassFailure();

    IRRewriter rewriter(&getContext());
    for (Operation *op : hostAccesses) {
      if (auto load = dyn_cast<memref::LoadOp>(op))
        loadThroughHost(rewriter, load);
      else
        storeThroughHost(rewriter, cast<memref::StoreOp>(op));
    }
    for (scf::ForallOp forall : kernels) {
      if (kiln::isSharedTileMatmul(forall)) {
        gpu::LaunchOp launch = kiln::mapMatmulToBlocks(rewriter, forall);
        if (failed(privatizeScratch(rewriter, launch)))
          return signalPassFailure();
        copiesToLinalg(rewriter, launch);
        continue;
      }
      SmallVector<linalg::LinalgOp> shared = cooperativeOps(forall);
      if (!shared.empty()) {
        mapForallToBlocks(rewriter, forall,
                          cooperativeThreads(shared, rowThreads));
        continue;
      }
      if (failed(mapForall(rewriter, forall, threadsPerBlock)))
        return signalPassFailure();
    }
    for (Operation *op : oneThread) {
      // A strided copy is a linalg.copy its block's threads share.
      if (auto copy = dyn_cast<memref::CopyOp>(op)) {
        rewriter.setInsertionPoint(copy);
        op = linalg::CopyOp::create(rewriter, copy.getLoc(), copy.getSource(),
                                    copy.getTarget());
        rewriter.eraseOp(copy);
      }
      auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
      if (linalgOp && isa<linalg::CopyOp>(op) &&
          kiln::canRunCooperatively(linalgOp)) {
        runOnOneBlock(rewriter, linalgOp, kMaxBlockThreads);
        continue;
      }
      if (linalgOp && kiln::canRunCooperatively(linalgOp) &&
          kiln::reducesInnermostLoop(linalgOp, kiln::kBlockReductionMinExtent)) {
        runOnOneBlock(rewriter, linalgOp,
                      cooperativeThreads({linalgOp}, kMaxBlockThreads));
        continue;
      }
      runOnOneThread(rewriter, op);
    }
  }
};
} // namespace
