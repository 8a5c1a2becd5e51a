//===- StackTileBuffers.cpp - kernel tile buffers on the stack ------------===//
//
// A fused kernel's intermediates are per tile (e.g. the exponentials of one
// softmax row): each iteration of the kernel's parallel loop allocates one
// on the heap and frees it. Such a buffer becomes one stack buffer per
// thread, made when the thread enters the parallel region and reused by
// each iteration it runs (they run one after another): no allocator call
// per tile, and no allocation that can fail inside a parallel loop.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Common/StaticBytes.h"
#include "kiln/Codegen/CPU/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNSTACKTILEBUFFERS
#include "kiln/Codegen/CPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
struct KilnStackTileBuffersPass
    : public kiln::impl::KilnStackTileBuffersBase<KilnStackTileBuffersPass> {
  using KilnStackTileBuffersBase::KilnStackTileBuffersBase;

  void runOnOperation() override {
    // Buffers allocated in the iterations of a parallel loop.
    SmallVector<memref::AllocOp> allocs;
    getOperation().walk([&](memref::AllocOp alloc) {
      if (alloc->getParentOfType<omp::LoopNestOp>())
        allocs.push_back(alloc);
    });
    for (memref::AllocOp alloc : allocs) {
      std::optional<int64_t> bytes = kiln::staticBytes(alloc.getType());
      if (!bytes || *bytes > maxBytes)
        continue;
      // Only a buffer freed unconditionally in the same block: one thread
      // never holds two of them at once.
      SmallVector<memref::DeallocOp> deallocs;
      for (Operation *user : alloc->getUsers())
        if (auto dealloc = dyn_cast<memref::DeallocOp>(user))
          deallocs.push_back(dealloc);
      if (deallocs.size() != 1 ||
          deallocs.front()->getBlock() != alloc->getBlock())
        continue;
      auto region = alloc->getParentOfType<omp::ParallelOp>();
      if (!region)
        continue;
      deallocs.front().erase();
      auto builder = OpBuilder::atBlockBegin(&region.getRegion().front());
      auto alloca = memref::AllocaOp::create(
          builder, alloc.getLoc(), alloc.getType(), alloc.getAlignmentAttr());
      alloc.replaceAllUsesWith(alloca.getResult());
      alloc.erase();
    }
  }
};
} // namespace
