//===- HostAccess.cpp - host reads and writes of device elements ----------===//
//
// Control flow stays on the host: a kiln.if condition, a loop's test or a
// shape computed from data is an element of a device buffer the host
// reads. gpu.memcpy moves whole buffers, so the element is viewed as a
// one-element buffer and copied through a host buffer of that shape
// (gpu-async-region makes the host wait for the copy before it reads).
//
//===----------------------------------------------------------------------===//

#include "HostAccess.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;

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
    element =
        memref::SubViewOp::create(rewriter, loc, buffer, offsets, ones, ones);
  }
  auto stageType = MemRefType::get(SmallVector<int64_t>(type.getRank(), 1),
                                   type.getElementType());
  // At the function's start: inside a loop (a while loop's test), an
  // alloca per iteration would grow the stack with every iteration.
  OpBuilder::InsertionGuard guard(rewriter);
  Operation *function = buffer.getParentRegion()->getParentOp();
  while (!isa<FunctionOpInterface>(function))
    function = function->getParentOp();
  rewriter.setInsertionPointToStart(
      &cast<FunctionOpInterface>(function).getFunctionBody().front());
  Value stage = memref::AllocaOp::create(rewriter, loc, stageType);
  return {element, stage};
}

/// A host load of a device buffer's element (a loop's condition, a trip
/// count): the element is copied to a host buffer and read there.
void kiln::loadThroughHost(RewriterBase &rewriter, memref::LoadOp load) {
  Location loc = load.getLoc();
  rewriter.setInsertionPoint(load);
  auto [element, stage] =
      elementAndStage(rewriter, loc, load.getMemref(), load.getIndices());
  gpu::MemcpyOp::create(rewriter, loc, Type(), ValueRange(), stage, element);
  SmallVector<Value> zeros(cast<MemRefType>(stage.getType()).getRank(),
                           arith::ConstantIndexOp::create(rewriter, loc, 0));
  rewriter.replaceOpWithNewOp<memref::LoadOp>(load, stage, zeros);
}

/// A host store into a device buffer: written to a host buffer, copied.
void kiln::storeThroughHost(RewriterBase &rewriter, memref::StoreOp store) {
  Location loc = store.getLoc();
  rewriter.setInsertionPoint(store);
  auto [element, stage] =
      elementAndStage(rewriter, loc, store.getMemref(), store.getIndices());
  SmallVector<Value> zeros(cast<MemRefType>(stage.getType()).getRank(),
                           arith::ConstantIndexOp::create(rewriter, loc, 0));
  memref::StoreOp::create(rewriter, loc, store.getValueToStore(), stage, zeros);
  gpu::MemcpyOp::create(rewriter, loc, Type(), ValueRange(), element, stage);
  rewriter.eraseOp(store);
}
