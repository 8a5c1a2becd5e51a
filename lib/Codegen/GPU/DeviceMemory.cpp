//===- DeviceMemory.cpp - the host side's buffers in GPU memory -----------===//
//
// kiln-gpu-device-memory: after kiln-gpu-map-kernels the host code only
// allocates, copies, frees and launches; here its buffers move to the
// device (gpu.alloc / gpu.dealloc / gpu.memcpy) and constants are copied
// there before use.
//
//===----------------------------------------------------------------------===//

#include "HostBuffers.h"
#include "kiln/Codegen/GPU/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNGPUDEVICEMEMORY
#include "kiln/Codegen/GPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// A device buffer of `type` (an identity layout) in place of `op`.
static Value allocateOnDevice(RewriterBase &rewriter, Location loc,
                              MemRefType type, ValueRange dynamicSizes,
                              ValueRange symbols) {
  return gpu::AllocOp::create(rewriter, loc, type, /*asyncToken=*/Type(),
                              /*asyncDependencies=*/ValueRange(), dynamicSizes,
                              symbols, /*hostShared=*/false)
      .getMemref();
}

namespace {
struct KilnGpuDeviceMemoryPass
    : public kiln::impl::KilnGpuDeviceMemoryBase<KilnGpuDeviceMemoryPass> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (kiln::isHostFunction(function))
      return;
    SmallVector<Operation *> hostOps;
    function.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (isa<gpu::LaunchOp>(op))
        return WalkResult::skip();
      if (isa<memref::AllocOp, memref::AllocaOp>(op) &&
          kiln::isHostBuffer(op->getResult(0)))
        return WalkResult::advance();
      if (auto dealloc = dyn_cast<memref::DeallocOp>(op);
          dealloc && kiln::isHostBuffer(dealloc.getMemref()))
        return WalkResult::advance();
      if (isa<memref::AllocOp, memref::AllocaOp, memref::DeallocOp,
              memref::CopyOp, memref::GetGlobalOp>(op))
        hostOps.push_back(op);
      return WalkResult::advance();
    });

    IRRewriter rewriter(&getContext());
    for (Operation *op : hostOps) {
      Location loc = op->getLoc();
      rewriter.setInsertionPoint(op);
      if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
        rewriter.replaceOp(alloc,
                           allocateOnDevice(rewriter, loc, alloc.getType(),
                                            alloc.getDynamicSizes(),
                                            alloc.getSymbolOperands()));
      } else if (auto alloca = dyn_cast<memref::AllocaOp>(op)) {
        // Freed where the stack slot would have been: at the end of its
        // block.
        Value buffer = allocateOnDevice(rewriter, loc, alloca.getType(),
                                        alloca.getDynamicSizes(),
                                        alloca.getSymbolOperands());
        rewriter.replaceOp(alloca, buffer);
        rewriter.setInsertionPoint(buffer.getParentBlock()->getTerminator());
        gpu::DeallocOp::create(rewriter, loc, Type(), ValueRange(), buffer);
      } else if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
        rewriter.replaceOpWithNewOp<gpu::DeallocOp>(
            dealloc, Type(), ValueRange(), dealloc.getMemref());
      } else if (auto copy = dyn_cast<memref::CopyOp>(op)) {
        rewriter.replaceOpWithNewOp<gpu::MemcpyOp>(
            copy, Type(), ValueRange(), copy.getTarget(), copy.getSource());
      } else if (auto global = dyn_cast<memref::GetGlobalOp>(op)) {
        if (failed(copyGlobalToDevice(rewriter, global)))
          return signalPassFailure();
      }
    }
  }

  /// The constant's data is in the host's memory: kernels read a device copy
  /// made where it is first named and freed at the end of that block.
  LogicalResult copyGlobalToDevice(RewriterBase &rewriter,
                                   memref::GetGlobalOp global) {
    Location loc = global.getLoc();
    for (Operation *user : global->getUsers()) {
      if (isa<func::ReturnOp>(user))
        return global.emitError("kiln-gpu-device-memory: a constant buffer "
                                "is returned; expected it to be copied first");
      // Yielded out of a region (a branch of an scf.if): one copy for the
      // whole function, made at its start.
      if (user->hasTrait<OpTrait::IsTerminator>()) {
        auto function = global->getParentOfType<func::FuncOp>();
        rewriter.moveOpBefore(global, &function.getBody().front().front());
      }
    }
    rewriter.setInsertionPointAfter(global);
    Value device = allocateOnDevice(rewriter, loc, global.getType(),
                                    ValueRange(), ValueRange());
    rewriter.replaceAllUsesWith(global.getResult(), device);
    gpu::MemcpyOp::create(rewriter, loc, Type(), ValueRange(), device,
                          global.getResult());
    rewriter.setInsertionPoint(global->getBlock()->getTerminator());
    gpu::DeallocOp::create(rewriter, loc, Type(), ValueRange(), device);
    return success();
  }
};
} // namespace
