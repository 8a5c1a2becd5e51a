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
#include "HostAccess.h"
#include "HostBuffers.h"
#include "Launches.h"
#include "MatmulTiles.h"
#include "RowKernels.h"
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
        presburger::BoundType::UB,
        ValueBoundsConstraintSet::Variable(dynamicSize),
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
      rewriter.replaceOp(
          alloc, memref::AllocaOp::create(rewriter, alloc.getLoc(), type,
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

/// Replaces `forall` by a launch whose threads are its iterations:
/// ceil(count / threadsPerBlock) blocks, each thread striding over the
/// linearized iterations, the innermost dimension fastest.
static FailureOr<gpu::LaunchOp> mapForall(RewriterBase &rewriter,
                                          scf::ForallOp forall,
                                          int64_t threadsPerBlock) {
  Location loc = forall.getLoc();
  rewriter.setInsertionPoint(forall);
  kiln::LinearIterations space = kiln::LinearIterations::of(rewriter, forall);
  Value threads =
      arith::ConstantIndexOp::create(rewriter, loc, threadsPerBlock);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  // At least one block: an empty grid is a launch error, not a no-op.
  Value blocks = arith::MaxSIOp::create(
      rewriter, loc,
      arith::CeilDivSIOp::create(rewriter, loc, space.total, threads), one);
  gpu::LaunchOp launch = kiln::createLaunch(rewriter, loc, blocks, threads);

  Value first = arith::AddIOp::create(
      rewriter, loc,
      arith::MulIOp::create(rewriter, loc, launch.getBlockIds().x, threads),
      launch.getThreadIds().x);
  Value stride =
      arith::MulIOp::create(rewriter, loc, launch.getGridSize().x, threads);
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

/// Runs `op` (a host-side op on buffer elements) as a one-thread kernel.
static void runOnOneThread(RewriterBase &rewriter, Operation *op) {
  Location loc = op->getLoc();
  rewriter.setInsertionPoint(op);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  gpu::LaunchOp launch = kiln::createLaunch(rewriter, loc, one, one);
  rewriter.moveOpBefore(op, launch.getBody().front().getTerminator());
  copiesToLinalg(rewriter, launch);
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
    for (auto [name, value] :
         {std::pair<StringRef, int64_t>("threads-per-block", threadsPerBlock),
          {"row-threads", rowThreads}}) {
      if (value >= 32 || (value >= 1 && name == "threads-per-block"))
        if (value <= kiln::kMaxBlockThreads)
          continue;
      getOperation().emitError("kiln-gpu-map-kernels: ")
          << name << " must be between " << (name == "row-threads" ? 32 : 1)
          << " and " << kiln::kMaxBlockThreads << ", got " << value;
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
        kiln::loadThroughHost(rewriter, load);
      else
        kiln::storeThroughHost(rewriter, cast<memref::StoreOp>(op));
    }
    for (scf::ForallOp forall : kernels) {
      if (kiln::isSharedTileMatmul(forall)) {
        gpu::LaunchOp launch = kiln::mapMatmulToBlocks(rewriter, forall);
        if (failed(privatizeScratch(rewriter, launch)))
          return signalPassFailure();
        copiesToLinalg(rewriter, launch);
        continue;
      }
      SmallVector<linalg::LinalgOp> shared = kiln::cooperativeOps(forall);
      if (!shared.empty()) {
        kiln::mapForallToBlocks(rewriter, forall,
                                kiln::cooperativeThreads(shared, rowThreads));
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
        kiln::runOnOneBlock(rewriter, linalgOp, kiln::kMaxBlockThreads);
        continue;
      }
      if (linalgOp && kiln::canRunCooperatively(linalgOp) &&
          kiln::reducesInnermostLoop(linalgOp,
                                     kiln::kBlockReductionMinExtent)) {
        kiln::runOnOneBlock(
            rewriter, linalgOp,
            kiln::cooperativeThreads({linalgOp}, kiln::kMaxBlockThreads));
        continue;
      }
      runOnOneThread(rewriter, op);
    }
  }
};
} // namespace
