//===- MatmulTiles.cpp - a matmul kernel's blocks share operand tiles -----===//
//
// Blocks of 16 x 16 threads, each thread a tm x tn tile of the output (the
// kernel's thread tile), the block (16 tm) x (16 tn). Per step of 16 along
// k, the block's threads copy the A and B tiles into shared memory
// (consecutive threads read consecutive addresses; elements beyond the
// matrices read as zero), meet at a barrier, and each accumulates its tile
// in registers with fused multiply-adds.
//
//===----------------------------------------------------------------------===//

#include "MatmulTiles.h"
#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ValueBoundsOpInterface.h"

using namespace mlir;

namespace {
/// Threads along each side of a block.
constexpr int64_t kBlockSide = 16;
/// The step along k of the shared tiles.
constexpr int64_t kStepK = 16;
/// The largest thread tile side (accumulators live in registers).
constexpr int64_t kMaxThreadTile = 8;

/// What the strategy reads of a matched kernel.
struct MatmulKernel {
  linalg::LinalgOp matmul; // a (batch) matmul, named or generic
  Value a, b;              // the whole operands, defined outside the kernel
  int64_t tileM, tileN;
  bool batched;     // loops (batch, m, n): one grid layer per batch
  bool transposedA; // A stored k x m, read in place
  bool transposedB; // B stored n x k

  /// Index lists into A, B and the output tile with the batch first.
  SmallVector<Value> indices(Value batch, Value first, Value second) const {
    if (batched)
      return {batch, first, second};
    return {first, second};
  }
};
} // namespace

/// Whether `size` is provably all of dimension `dim` of `buffer` (a
/// constant, or a value the IR shows equal to it).
static bool isWholeDim(OpFoldResult size, Value buffer, int64_t dim) {
  FailureOr<bool> equal = ValueBoundsConstraintSet::areEqual(
      ValueBoundsConstraintSet::Variable(size),
      ValueBoundsConstraintSet::Variable(buffer, dim));
  return succeeded(equal) && *equal;
}

/// The operand `value` as a subview of a buffer of `rank` defined outside
/// `forall` with unit strides, or null.
static memref::SubViewOp outsideView(Value value, scf::ForallOp forall,
                                     int64_t rank) {
  auto view = value.getDefiningOp<memref::SubViewOp>();
  if (!view || view.getSourceType().getRank() != rank ||
      forall.getRegion().isAncestor(view.getSource().getParentRegion()) ||
      !llvm::all_of(view.getMixedStrides(), [](OpFoldResult stride) {
        return isConstantIntValue(stride, 1);
      }))
    return {};
  return view;
}

static std::optional<MatmulKernel> matchMatmul(scf::ForallOp forall) {
  kiln::KernelAttr kernel = kiln::getKernelAttr(forall);
  if (!kernel || kernel.getStrategy() != kiln::KernelStrategy::Matmul ||
      forall.getRank() < 2 || forall.getRank() > 3)
    return std::nullopt;
  bool batched = forall.getRank() == 3;
  // From 0, by one batch and by a thread tile of rows and columns.
  SmallVector<int64_t> steps;
  for (auto [lower, step] :
       llvm::zip(forall.getMixedLowerBound(), forall.getMixedStep())) {
    std::optional<int64_t> size = getConstantIntValue(step);
    if (!isConstantIntValue(lower, 0) || !size || *size < 1 ||
        *size > kMaxThreadTile)
      return std::nullopt;
    steps.push_back(*size);
  }
  if (batched && steps[0] != 1)
    return std::nullopt;
  // The matmul, named or generic: a multiply-add contraction with the
  // (batch) matmul's indexing maps (no transposed operand).
  // Loops (batch,) m, n, k; A read as m x k or k x m, B as k x n or n x k.
  MLIRContext *context = forall.getContext();
  unsigned first = batched ? 1 : 0;
  AffineExpr m = getAffineDimExpr(first, context);
  AffineExpr n = getAffineDimExpr(first + 1, context);
  AffineExpr k = getAffineDimExpr(first + 2, context);
  auto mapOf = [&](AffineExpr row, AffineExpr column) {
    SmallVector<AffineExpr> results;
    if (batched)
      results.push_back(getAffineDimExpr(0, context));
    results.append({row, column});
    return AffineMap::get(first + 3, 0, results, context);
  };
  linalg::LinalgOp matmul;
  bool transposedA = false, transposedB = false;
  for (Operation &op : forall.getBody()->without_terminator()) {
    auto candidate = dyn_cast<linalg::LinalgOp>(op);
    if (!candidate || !linalg::isaContractionOpInterface(candidate))
      continue;
    if (matmul || candidate.getNumLoops() != first + 3)
      return std::nullopt;
    SmallVector<AffineMap> maps = candidate.getIndexingMapsArray();
    if (maps[2] != mapOf(m, n) ||
        (maps[0] != mapOf(m, k) && maps[0] != mapOf(k, m)) ||
        (maps[1] != mapOf(k, n) && maps[1] != mapOf(n, k)))
      return std::nullopt;
    transposedA = maps[0] == mapOf(k, m);
    transposedB = maps[1] == mapOf(n, k);
    matmul = candidate;
  }
  if (!matmul || !matmul.hasPureBufferSemantics())
    return std::nullopt;
  Type element = getElementTypeOrSelf(matmul.getDpsInits()[0].getType());
  if (!isa<FloatType>(element) ||
      llvm::any_of(matmul.getDpsInputs(), [&](Value input) {
        return getElementTypeOrSelf(input.getType()) != element;
      }))
    return std::nullopt;
  int64_t rank = batched ? 3 : 2;
  memref::SubViewOp a = outsideView(matmul.getDpsInputs()[0], forall, rank);
  memref::SubViewOp b = outsideView(matmul.getDpsInputs()[1], forall, rank);
  if (!a || !b)
    return std::nullopt;
  // A: this tile's rows, all of k; B: all of k, this tile's columns (and
  // both this batch).
  ValueRange ivs = forall.getInductionVars();
  SmallVector<OpFoldResult> aOffsets = a.getMixedOffsets();
  SmallVector<OpFoldResult> bOffsets = b.getMixedOffsets();
  if (batched && (aOffsets[0] != OpFoldResult(ivs[0]) ||
                  bOffsets[0] != OpFoldResult(ivs[0])))
    return std::nullopt;
  // The dimension of A holding m and the one holding k (likewise B's n, k).
  unsigned aRows = transposedA ? first + 1 : first;
  unsigned aDepth = transposedA ? first : first + 1;
  unsigned bColumns = transposedB ? first : first + 1;
  unsigned bDepth = transposedB ? first + 1 : first;
  if (aOffsets[aRows] != OpFoldResult(ivs[first]) ||
      !isConstantIntValue(aOffsets[aDepth], 0) ||
      !isConstantIntValue(bOffsets[bDepth], 0) ||
      bOffsets[bColumns] != OpFoldResult(ivs[first + 1]) ||
      !isWholeDim(a.getMixedSizes()[aDepth], a.getSource(), aDepth) ||
      !isWholeDim(b.getMixedSizes()[bDepth], b.getSource(), bDepth))
    return std::nullopt;
  return MatmulKernel{matmul,       a.getSource(),    b.getSource(),
                      steps[first], steps[first + 1], batched,
                      transposedA,  transposedB};
}

bool kiln::isSharedTileMatmul(scf::ForallOp forall) {
  return matchMatmul(forall).has_value();
}

/// `value` if `condition`, else zero of its type: an element loaded only
/// where it exists.
static Value loadOrZero(OpBuilder &b, Location loc, Value condition,
                        Value buffer, ValueRange indices, Type element) {
  auto branch = scf::IfOp::create(
      b, loc, condition,
      [&](OpBuilder &then, Location) {
        scf::YieldOp::create(
            then, loc,
            memref::LoadOp::create(then, loc, buffer, indices).getResult());
      },
      [&](OpBuilder &otherwise, Location) {
        scf::YieldOp::create(
            otherwise, loc,
            arith::ConstantOp::create(otherwise, loc, element,
                                      otherwise.getZeroAttr(element))
                .getResult());
      });
  return branch.getResult(0);
}

/// Copies the rows x columns tile at (firstRow, firstColumn) of `source`
/// (element (r, c) at source[r][c], or source[c][r] when `transposed`;
/// zero beyond rowExtent x columnExtent) into `tile`, each of the block's
/// threads a share: consecutive threads along the source's contiguous
/// dimension, so that a warp's loads coalesce.
static void copyTile(OpBuilder &b, Location loc, const MatmulKernel &kernel,
                     Value batch, Value source, bool transposed, Value tile,
                     int64_t rows, int64_t columns, Value firstRow,
                     Value firstColumn, Value rowExtent, Value columnExtent,
                     Value tid, Type element) {
  auto c = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(b, loc, value);
  };
  auto less = [&](Value lhs, Value rhs) -> Value {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, lhs, rhs);
  };
  int64_t threads = kBlockSide * kBlockSide;
  // The tile's contiguous side in memory: its columns, or its rows.
  int64_t contiguous = transposed ? rows : columns;
  for (int64_t r = 0; r < rows * columns / threads; ++r) {
    Value e = arith::AddIOp::create(b, loc, tid, c(r * threads));
    Value along = arith::RemUIOp::create(b, loc, e, c(contiguous));
    Value across = arith::DivUIOp::create(b, loc, e, c(contiguous));
    Value i = transposed ? along : across;
    Value j = transposed ? across : along;
    Value row = arith::AddIOp::create(b, loc, firstRow, i);
    Value column = arith::AddIOp::create(b, loc, firstColumn, j);
    Value inside = arith::AndIOp::create(b, loc, less(row, rowExtent),
                                         less(column, columnExtent));
    Value value = loadOrZero(b, loc, inside, source,
                             transposed ? kernel.indices(batch, column, row)
                                        : kernel.indices(batch, row, column),
                             element);
    memref::StoreOp::create(b, loc, value, tile, ValueRange{i, j});
  }
}

gpu::LaunchOp kiln::mapMatmulToBlocks(RewriterBase &rewriter,
                                      scf::ForallOp forall) {
  MatmulKernel kernel = *matchMatmul(forall);
  Location loc = forall.getLoc();
  rewriter.setInsertionPoint(forall);
  auto constant = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  };
  auto index = [&](OpFoldResult value) {
    return getValueOrCreateConstantIndexOp(rewriter, loc, value);
  };
  Type element = getElementTypeOrSelf(kernel.matmul.getDpsInits()[0].getType());
  int64_t tileM = kernel.tileM, tileN = kernel.tileN;
  int64_t blockM = kBlockSide * tileM, blockN = kBlockSide * tileN;
  unsigned first = kernel.batched ? 1 : 0;
  Value batches =
      kernel.batched ? index(forall.getMixedUpperBound()[0]) : Value();
  Value rows = index(forall.getMixedUpperBound()[first]);
  Value columns = index(forall.getMixedUpperBound()[first + 1]);
  Value depth = memref::DimOp::create(rewriter, loc, kernel.a,
                                      kernel.transposedA ? first : first + 1);
  Value one = constant(1);
  auto blocksFor = [&](Value extent, int64_t side) -> Value {
    return arith::MaxSIOp::create(
        rewriter, loc,
        arith::CeilDivSIOp::create(rewriter, loc, extent, constant(side)), one);
  };
  auto workgroup = gpu::AddressSpaceAttr::get(rewriter.getContext(),
                                              gpu::AddressSpace::Workgroup);
  auto sharedA = MemRefType::get({blockM, kStepK}, element,
                                 MemRefLayoutAttrInterface(), workgroup);
  auto sharedB = MemRefType::get({kStepK, blockN}, element,
                                 MemRefLayoutAttrInterface(), workgroup);
  Value threads = constant(kBlockSide * kBlockSide);
  auto launch = gpu::LaunchOp::create(
      rewriter, loc, blocksFor(columns, blockN), blocksFor(rows, blockM),
      kernel.batched ? arith::MaxSIOp::create(rewriter, loc, batches, one)
                     : one,
      threads, one, one, /*dynamicSharedMemorySize=*/nullptr,
      /*asyncTokenType=*/nullptr, /*asyncDependencies=*/{},
      TypeRange{sharedA, sharedB});
  Value tileA = launch.getWorkgroupAttributions()[0];
  Value tileB = launch.getWorkgroupAttributions()[1];
  rewriter.setInsertionPointToEnd(&launch.getBody().front());
  gpu::TerminatorOp::create(rewriter, loc);
  rewriter.setInsertionPointToStart(&launch.getBody().front());

  // This thread's tile: row (ty) and column (tx) of the block, consecutive
  // threads along the output's columns; a grid layer per batch.
  Value tid = launch.getThreadIds().x;
  Value batch = launch.getBlockIds().z;
  Value side = constant(kBlockSide);
  Value tx = arith::RemUIOp::create(rewriter, loc, tid, side);
  Value ty = arith::DivUIOp::create(rewriter, loc, tid, side);
  Value firstRow = arith::MulIOp::create(rewriter, loc, launch.getBlockIds().y,
                                         constant(blockM));
  Value firstColumn = arith::MulIOp::create(
      rewriter, loc, launch.getBlockIds().x, constant(blockN));
  Value rowInBlock = arith::MulIOp::create(rewriter, loc, ty, constant(tileM));
  Value columnInBlock =
      arith::MulIOp::create(rewriter, loc, tx, constant(tileN));
  Value row = arith::AddIOp::create(rewriter, loc, firstRow, rowInBlock);
  Value column =
      arith::AddIOp::create(rewriter, loc, firstColumn, columnInBlock);

  // The accumulators, over steps of k.
  Value zero = arith::ConstantOp::create(rewriter, loc, element,
                                         rewriter.getZeroAttr(element));
  SmallVector<Value> initial(tileM * tileN, zero);
  Value kBegin = constant(0), kStep = constant(kStepK);
  auto steps = scf::ForOp::create(
      rewriter, loc, kBegin, depth, kStep, initial,
      [&](OpBuilder &b, Location, Value k0, ValueRange accumulators) {
        // Copy the block's A (blockM x 16) and B (16 x blockN) tiles.
        auto c = [&](int64_t value) -> Value {
          return arith::ConstantIndexOp::create(b, loc, value);
        };
        copyTile(b, loc, kernel, batch, kernel.a, kernel.transposedA, tileA,
                 blockM, kStepK, firstRow, k0, rows, depth, tid, element);
        copyTile(b, loc, kernel, batch, kernel.b, kernel.transposedB, tileB,
                 kStepK, blockN, k0, firstColumn, depth, columns, tid, element);
        gpu::BarrierOp::create(b, loc);
        // Each thread's tile from the shared tiles.
        auto inner = scf::ForOp::create(
            b, loc, c(0), c(kStepK), c(1), accumulators,
            [&](OpBuilder &ib, Location, Value kk, ValueRange sums) {
              SmallVector<Value> as, bs;
              for (int64_t i = 0; i < tileM; ++i)
                as.push_back(memref::LoadOp::create(
                    ib, loc, tileA,
                    ValueRange{arith::AddIOp::create(
                                   ib, loc, rowInBlock,
                                   arith::ConstantIndexOp::create(ib, loc, i)),
                               kk}));
              for (int64_t j = 0; j < tileN; ++j)
                bs.push_back(memref::LoadOp::create(
                    ib, loc, tileB,
                    ValueRange{
                        kk, arith::AddIOp::create(
                                ib, loc, columnInBlock,
                                arith::ConstantIndexOp::create(ib, loc, j))}));
              SmallVector<Value> next;
              for (int64_t i = 0; i < tileM; ++i)
                for (int64_t j = 0; j < tileN; ++j)
                  next.push_back(math::FmaOp::create(ib, loc, as[i], bs[j],
                                                     sums[i * tileN + j]));
              scf::YieldOp::create(ib, loc, next);
            });
        // Every thread is done reading before the next copy.
        gpu::BarrierOp::create(b, loc);
        scf::YieldOp::create(b, loc, inner.getResults());
      });

  // Threads whose tile is in the output run the kernel's body there, the
  // matmul replaced by adding the accumulators to its output.
  Value inRows = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ult,
                                       row, rows);
  Value inColumns = arith::CmpIOp::create(
      rewriter, loc, arith::CmpIPredicate::ult, column, columns);
  Value inside = arith::AndIOp::create(rewriter, loc, inRows, inColumns);
  auto body = scf::IfOp::create(rewriter, loc, inside, /*withElse=*/false);
  rewriter.setInsertionPoint(body.thenBlock()->getTerminator());
  IRMapping mapping;
  if (kernel.batched)
    mapping.map(forall.getInductionVars()[0], batch);
  mapping.map(forall.getInductionVars()[first], row);
  mapping.map(forall.getInductionVars()[first + 1], column);
  for (Operation &op : forall.getBody()->without_terminator()) {
    if (&op != kernel.matmul.getOperation()) {
      rewriter.clone(op, mapping);
      continue;
    }
    Value out = mapping.lookupOrDefault(kernel.matmul.getDpsInits()[0]);
    Value outRows = memref::DimOp::create(rewriter, loc, out, first);
    Value outColumns = memref::DimOp::create(rewriter, loc, out, first + 1);
    Value zeroIndex = constant(0);
    for (int64_t i = 0; i < tileM; ++i) {
      for (int64_t j = 0; j < tileN; ++j) {
        Value iv = constant(i), jv = constant(j);
        Value rowInside = arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::ult, iv, outRows);
        Value columnInside = arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::ult, jv, outColumns);
        Value present =
            arith::AndIOp::create(rewriter, loc, rowInside, columnInside);
        scf::IfOp::create(rewriter, loc, present, [&](OpBuilder &b, Location) {
          SmallVector<Value> at = kernel.indices(zeroIndex, iv, jv);
          Value old = memref::LoadOp::create(b, loc, out, at);
          Value sum = arith::AddFOp::create(b, loc, old,
                                            steps.getResult(i * tileN + j));
          memref::StoreOp::create(b, loc, sum, out, at);
          scf::YieldOp::create(b, loc);
        });
      }
    }
  }
  rewriter.eraseOp(forall);
  return launch;
}
