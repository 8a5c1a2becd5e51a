//===- HostBuffers.cpp - buffers only the host touches --------------------===//

#include "HostBuffers.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;

bool kiln::isHostFunction(func::FuncOp function) {
  if (function.isExternal() || function.isPublic() ||
      function.getNumResults() != 0)
    return false;
  // Lists of pointers (index) and ownership flags (i1).
  for (Type type : function.getArgumentTypes()) {
    auto memref = dyn_cast<MemRefType>(type);
    if (memref && !memref.getElementType().isIndex() &&
        !memref.getElementType().isInteger(1))
      return false;
  }
  WalkResult walk = function.walk([](Operation *op) {
    if (isa<linalg::LinalgOp, scf::ForallOp, gpu::LaunchOp, func::CallOp,
            memref::CopyOp>(op))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return !walk.wasInterrupted();
}

/// Whether every use of `buffer` is host bookkeeping.
static bool onlyHostUses(Value buffer) {
  for (OpOperand &use : buffer.getUses()) {
    Operation *user = use.getOwner();
    if (isa<memref::LoadOp, memref::StoreOp, memref::DeallocOp, memref::DimOp>(
            user))
      continue;
    // A staging buffer: copied to or from the device, read on the host.
    if (isa<gpu::MemcpyOp>(user))
      continue;
    if (auto cast = dyn_cast<memref::CastOp>(user)) {
      if (!onlyHostUses(cast.getResult()))
        return false;
      continue;
    }
    if (auto call = dyn_cast<func::CallOp>(user)) {
      auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
          call, call.getCalleeAttr());
      if (callee && kiln::isHostFunction(callee))
        continue;
    }
    return false;
  }
  return true;
}

bool kiln::isHostBuffer(Value buffer) {
  while (auto cast = buffer.getDefiningOp<memref::CastOp>())
    buffer = cast.getSource();
  if (auto argument = dyn_cast<BlockArgument>(buffer)) {
    auto function = dyn_cast<func::FuncOp>(argument.getOwner()->getParentOp());
    return function && isHostFunction(function);
  }
  Operation *def = buffer.getDefiningOp();
  return isa_and_nonnull<memref::AllocOp, memref::AllocaOp>(def) &&
         onlyHostUses(buffer);
}
