//===- RowKernels.cpp - rows of a kernel shared by a block's threads ------===//
//
// A reduction kernel over long rows runs a row per block: blocks stride over
// the kernel's iterations, and each linalg op of an iteration is shared by
// the block's threads (CooperativeOps.h), a softmax's maximum and sum in
// one pass (OnlineSoftmax.h). Small scratch buffers live in shared memory.
//
//===----------------------------------------------------------------------===//

#include "RowKernels.h"
#include "CooperativeOps.h"
#include "Launches.h"
#include "OnlineSoftmax.h"
#include "kiln/Codegen/Common/KernelTiling.h"
#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;

/// Threads of a block sharing `ops`: enough for the longest innermost loop
/// (a power of two, at least a warp), at most `maxThreads`.
int64_t kiln::cooperativeThreads(ArrayRef<linalg::LinalgOp> ops,
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
SmallVector<linalg::LinalgOp> kiln::cooperativeOps(scf::ForallOp forall) {
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
void kiln::mapForallToBlocks(RewriterBase &rewriter, scf::ForallOp forall,
                             int64_t threadsPerBlock) {
  Location loc = forall.getLoc();
  rewriter.setInsertionPoint(forall);
  kiln::LinearIterations space = kiln::LinearIterations::of(rewriter, forall);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  Value threads =
      arith::ConstantIndexOp::create(rewriter, loc, threadsPerBlock);
  Value blocks = arith::MaxSIOp::create(rewriter, loc, space.total, one);
  gpu::LaunchOp launch = kiln::createLaunch(rewriter, loc, blocks, threads);
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
void kiln::runOnOneBlock(RewriterBase &rewriter, linalg::LinalgOp op,
                         int64_t threadsPerBlock) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  Value threads =
      arith::ConstantIndexOp::create(rewriter, loc, threadsPerBlock);
  gpu::LaunchOp launch = kiln::createLaunch(rewriter, loc, one, threads);
  rewriter.moveOpBefore(op, launch.getBody().front().getTerminator());
  kiln::runCooperatively(rewriter, op, launch.getThreadIds().x,
                         launch.getBlockSize().x);
}
