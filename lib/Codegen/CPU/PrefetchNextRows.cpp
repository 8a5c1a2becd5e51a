//===- PrefetchNextRows.cpp - a row kernel fetches its next row early -----===//
//
// kiln-prefetch-next-rows: a row kernel (softmax, layer norm) reads each
// input row in several passes. The first pass streams it from memory, the
// others find it in the caches, and while they compute, memory sits idle:
// the hardware prefetchers follow the first pass only. Here the last pass
// over a row also prefetches the same elements of the next row, so that
// its first pass finds them in the caches too and memory is busy all along
// (softmax 4096 x 4096 on one thread: about 1.5x faster).
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/CPU/Passes.h"
#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNPREFETCHNEXTROWS
#include "kiln/Codegen/CPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
/// A read of a row and the views between the row and the read.
struct RowRead {
  Operation *read;                // a vector.transfer_read
  SmallVector<Operation *> views; // from the row's view to the read's
};
} // namespace

/// The memref `read` reads, if it is a read this pass handles: a vector
/// read (a scalar loop would issue a prefetch per element).
static Value readMemRef(Operation *read) {
  if (auto transfer = dyn_cast<vector::TransferReadOp>(read))
    return isa<MemRefType>(transfer.getBase().getType()) ? transfer.getBase()
                                                         : Value();
  return {};
}

static ValueRange readIndices(Operation *read) {
  return cast<vector::TransferReadOp>(read).getIndices();
}

/// Whether `view` is a row of the kernel `loop`: a subview of a buffer from
/// outside the loop, at an offset given by the loop's last induction
/// variable.
static bool isRow(memref::SubViewOp view, scf::ForallOp loop) {
  Value iv = loop.getInductionVars().back();
  return !loop.getRegion().isAncestor(view.getSource().getParentRegion()) &&
         llvm::is_contained(view.getOffsets(), iv);
}

/// Bytes of a cache line: one prefetch fetches one.
static constexpr int64_t kCacheLineBytes = 64;

static int64_t elementBytes(Operation *read) {
  auto type = cast<MemRefType>(readMemRef(read).getType());
  return std::max<int64_t>(1, type.getElementTypeBitWidth() / 8);
}

/// Cache lines along its innermost dimension a read covers: a vector read
/// along the memref's last dimension may span several (a 64-lane f32 read
/// spans four); anything else is given one.
static int64_t cacheLines(Operation *read) {
  auto transfer = cast<vector::TransferReadOp>(read);
  if (!transfer.getPermutationMap().isMinorIdentity() ||
      transfer.getVectorType().getRank() == 0)
    return 1;
  int64_t bytes =
      transfer.getVectorType().getShape().back() * elementBytes(read);
  return std::max<int64_t>(1, llvm::divideCeil(bytes, kCacheLineBytes));
}

/// `index` + `offset`, folded when `index` is a constant.
static Value addIndex(OpBuilder &b, Location loc, Value index, int64_t offset) {
  if (std::optional<int64_t> value = getConstantIntValue(index))
    return arith::ConstantIndexOp::create(b, loc, *value + offset);
  return arith::AddIOp::create(b, loc, index,
                               arith::ConstantIndexOp::create(b, loc, offset));
}

/// The row `read` reads from (through subviews and reshapes), with the
/// views in between; null when it reads something else.
static memref::SubViewOp rowOf(Operation *read, scf::ForallOp loop,
                               SmallVectorImpl<Operation *> &views) {
  Value memref = readMemRef(read);
  while (memref) {
    Operation *def = memref.getDefiningOp();
    if (!def || !loop->isAncestor(def))
      return {};
    if (auto subview = dyn_cast<memref::SubViewOp>(def))
      if (isRow(subview, loop)) {
        std::reverse(views.begin(), views.end());
        return subview;
      }
    if (!isa<memref::SubViewOp, memref::ExpandShapeOp, memref::CollapseShapeOp>(
            def))
      return {};
    views.push_back(def);
    memref = def->getOperand(0);
  }
  return {};
}

/// The next row's index: the last induction variable plus its step,
/// clamped to the last iteration's row (prefetching it again is harmless;
/// past it the buffer may end).
static Value nextRowIndex(OpBuilder &b, scf::ForallOp loop) {
  Location loc = loop.getLoc();
  auto index = [&](OpFoldResult value) {
    return getValueOrCreateConstantIndexOp(b, loc, value);
  };
  Value iv = loop.getInductionVars().back();
  Value lower = index(loop.getMixedLowerBound().back());
  Value upper = index(loop.getMixedUpperBound().back());
  Value step = index(loop.getMixedStep().back());
  // last = upper - 1 - (upper - 1 - lower) mod step; the body runs, so
  // upper > lower.
  Value one = index(b.getIndexAttr(1));
  Value top = b.createOrFold<arith::SubIOp>(loc, upper, one);
  Value span = b.createOrFold<arith::SubIOp>(loc, top, lower);
  Value rest = b.createOrFold<arith::RemUIOp>(loc, span, step);
  Value last = b.createOrFold<arith::SubIOp>(loc, top, rest);
  Value next = b.createOrFold<arith::AddIOp>(loc, iv, step);
  return b.createOrFold<arith::MinSIOp>(loc, next, last);
}

/// Adds the prefetches to one row kernel.
static void prefetchNextRows(scf::ForallOp loop) {
  Block *body = loop.getBody();
  // The reads of each row, by the pass (op of the body) they are in.
  llvm::MapVector<Operation *,
                  llvm::MapVector<Operation *, SmallVector<RowRead>>>
      readsByRow;
  loop.walk([&](Operation *read) {
    if (!readMemRef(read))
      return;
    SmallVector<Operation *> views;
    memref::SubViewOp row = rowOf(read, loop, views);
    if (!row)
      return;
    Operation *pass = body->findAncestorOpInBlock(*read);
    readsByRow[row][pass].push_back({read, std::move(views)});
  });
  Value next;
  for (auto &[row, passes] : readsByRow) {
    // One pass streams the row: the hardware prefetchers keep up with it.
    if (passes.size() < 2)
      continue;
    Operation *lastPass = passes.back().first;
    for (auto &[pass, reads] : passes)
      if (lastPass->isBeforeInBlock(pass))
        lastPass = pass;
    OpBuilder b(loop.getContext());
    if (!next) {
      b.setInsertionPointToStart(body);
      next = nextRowIndex(b, loop);
    }
    b.setInsertionPointAfter(row);
    // The next row's view, mapped from this row's.
    IRMapping mapping;
    mapping.map(loop.getInductionVars().back(), next);
    b.clone(*row, mapping);
    for (const RowRead &rowRead : passes[lastPass]) {
      b.setInsertionPoint(rowRead.read);
      IRMapping views = mapping;
      for (Operation *view : rowRead.views)
        b.clone(*view, views);
      Value nextView = views.lookup(readMemRef(rowRead.read));
      Location loc = rowRead.read->getLoc();
      SmallVector<Value> indices(readIndices(rowRead.read));
      int64_t lines = cacheLines(rowRead.read);
      for (int64_t line = 0; line < lines; ++line) {
        if (line > 0)
          indices.back() =
              addIndex(b, loc, readIndices(rowRead.read).back(),
                       line * kCacheLineBytes / elementBytes(rowRead.read));
        memref::PrefetchOp::create(b, loc, nextView, indices,
                                   /*isWrite=*/false, /*localityHint=*/3,
                                   /*isDataCache=*/true);
      }
    }
  }
}

namespace {
struct KilnPrefetchNextRowsPass
    : public kiln::impl::KilnPrefetchNextRowsBase<KilnPrefetchNextRowsPass> {
  void runOnOperation() override {
    getOperation().walk([](scf::ForallOp loop) {
      kiln::KernelAttr kernel = kiln::getKernelAttr(loop);
      if (kernel && kernel.getStrategy() == kiln::KernelStrategy::Reduction &&
          loop.getRank() > 0)
        prefetchNextRows(loop);
    });
  }
};
} // namespace
