//===- VectorTiles.cpp - a thread's tile as 128-bit loads and stores ------===//
//
// An elementwise tile of 1 x ... x 1 x 4 f32 becomes vector.load/store of
// vector<4xf32> with 16-byte alignment (NVPTX: ld.global.v4.f32) and its
// body the same ops on vectors, under a run-time test that the addresses
// are 16-byte aligned; the scalar tile stays for the other case.
//
//===----------------------------------------------------------------------===//

#include "VectorTiles.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/OpDefinition.h"

using namespace mlir;
using kiln::kThreadVectorBytes;

namespace {
/// How a tile's operand is read: a vector along the innermost loop, or one
/// value for the whole tile.
enum class Access { Vector, Broadcast };
} // namespace

/// The elements of a vector of kThreadVectorBytes for `type`, or 0.
static int64_t vectorLanes(Type type) {
  if (!type.isIntOrFloat() || type.getIntOrFloatBitWidth() < 8 ||
      (kThreadVectorBytes * 8) % type.getIntOrFloatBitWidth() != 0)
    return 0;
  return kThreadVectorBytes * 8 / type.getIntOrFloatBitWidth();
}

/// How `op` reads `operand`, if it can be vectorized.
static std::optional<Access> accessOf(linalg::GenericOp op, OpOperand &operand,
                                      int64_t lanes) {
  unsigned innermost = op.getNumLoops() - 1;
  AffineMap map = op.getMatchingIndexingMap(&operand);
  auto type = dyn_cast<MemRefType>(operand.get().getType());
  if (!type)
    return std::nullopt;
  bool usesInnermost = map.isFunctionOfDim(innermost);
  if (!usesInnermost)
    return Access::Broadcast;
  // Along the innermost loop: its last index is that loop, no other index
  // depends on it, and the elements are contiguous.
  if (map.getNumResults() == 0 ||
      map.getResults().back() != getAffineDimExpr(innermost, op.getContext()))
    return std::nullopt;
  for (AffineExpr result : map.getResults().drop_back())
    if (result.isFunctionOfDim(innermost))
      return std::nullopt;
  auto [strides, offset] = type.getStridesAndOffset();
  if (type.getShape().back() != lanes || strides.back() != 1)
    return std::nullopt;
  return Access::Vector;
}

bool kiln::isVectorTile(linalg::GenericOp op) {
  if (!op.hasPureBufferSemantics() || !op.isAllParallelLoops() ||
      op.getNumLoops() == 0 || op.getNumDpsInits() != 1)
    return false;
  Type element = getElementTypeOrSelf(op.getDpsInits()[0].getType());
  int64_t lanes = vectorLanes(element);
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (lanes <= 1 || ranges.back() != lanes ||
      llvm::any_of(ArrayRef(ranges).drop_back(),
                   [](int64_t range) { return range != 1; }))
    return false;
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      return false;
    if (getElementTypeOrSelf(operand.get().getType()).getIntOrFloatBitWidth() !=
        element.getIntOrFloatBitWidth())
      return false;
    std::optional<Access> access = accessOf(op, operand, lanes);
    if (!access || (op.isDpsInit(&operand) && *access != Access::Vector))
      return false;
  }
  for (Operation &inner : op.getBody()->without_terminator())
    if (inner.getNumRegions() != 0 || isa<linalg::IndexOp>(inner) ||
        !(OpTrait::hasElementwiseMappableTraits(&inner) ||
          inner.getNumOperands() == 0))
      return false;
  return true;
}

/// Whether the first element of `memref` is kThreadVectorBytes-aligned.
static Value isAligned(OpBuilder &b, Location loc, Value memref) {
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memref);
  auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, memref);
  int64_t elementBytes =
      getElementTypeOrSelf(memref.getType()).getIntOrFloatBitWidth() / 8;
  Value offsetBytes = arith::MulIOp::create(
      b, loc, metadata.getOffset(),
      arith::ConstantIndexOp::create(b, loc, elementBytes));
  Value address = arith::AddIOp::create(b, loc, base, offsetBytes);
  Value misalignment = arith::RemUIOp::create(
      b, loc, address,
      arith::ConstantIndexOp::create(b, loc, kThreadVectorBytes));
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, misalignment,
                               arith::ConstantIndexOp::create(b, loc, 0));
}

/// The indices of the tile's first element in `operand`.
static SmallVector<Value> firstIndices(OpBuilder &b, Location loc,
                                       linalg::GenericOp op,
                                       OpOperand &operand) {
  AffineMap map = op.getMatchingIndexingMap(&operand);
  SmallVector<OpFoldResult> zeros(map.getNumDims(), b.getIndexAttr(0));
  SmallVector<Value> indices;
  for (unsigned i = 0; i < map.getNumResults(); ++i)
    indices.push_back(getValueOrCreateConstantIndexOp(
        b, loc,
        affine::makeComposedFoldedAffineApply(b, loc, map.getSubMap({i}),
                                              zeros)));
  return indices;
}

void kiln::vectorizeTile(RewriterBase &rewriter, linalg::GenericOp op) {
  Location loc = op.getLoc();
  Value output = op.getDpsInits()[0];
  Type element = getElementTypeOrSelf(output.getType());
  int64_t lanes = vectorLanes(element);
  rewriter.setInsertionPoint(op);
  Value aligned;
  for (OpOperand &operand : op->getOpOperands()) {
    if (*accessOf(op, operand, lanes) != Access::Vector)
      continue;
    Value test = isAligned(rewriter, loc, operand.get());
    aligned =
        aligned
            ? arith::AndIOp::create(rewriter, loc, aligned, test).getResult()
            : test;
  }
  auto branch = scf::IfOp::create(rewriter, loc, aligned, /*withElse=*/true);

  OpBuilder b = OpBuilder::atBlockBegin(branch.thenBlock());
  b.setInsertionPoint(branch.thenBlock()->getTerminator());
  auto vectorOf = [&](Type scalar) { return VectorType::get({lanes}, scalar); };
  auto asVector = [&](Value value) -> Value {
    if (isa<VectorType>(value.getType()))
      return value;
    return vector::BroadcastOp::create(b, loc, vectorOf(value.getType()),
                                       value);
  };
  IRMapping mapping;
  for (OpOperand &operand : op->getOpOperands()) {
    if (!op.payloadUsesValueFromOperand(&operand))
      continue;
    SmallVector<Value> indices = firstIndices(b, loc, op, operand);
    Value value =
        *accessOf(op, operand, lanes) == Access::Vector
            ? vector::LoadOp::create(b, loc, vectorOf(element), operand.get(),
                                     indices, /*nontemporal=*/false,
                                     llvm::MaybeAlign(kThreadVectorBytes))
                  .getResult()
            : memref::LoadOp::create(b, loc, operand.get(), indices)
                  .getResult();
    mapping.map(op.getMatchingBlockArgument(&operand), value);
  }
  // The body on vectors: an op with a vector operand works on vectors (its
  // scalar operands broadcast); one without stays scalar.
  for (Operation &inner : op.getBody()->without_terminator()) {
    bool onVectors = llvm::any_of(inner.getOperands(), [&](Value operand) {
      return isa<VectorType>(mapping.lookupOrDefault(operand).getType());
    });
    if (onVectors)
      for (Value operand : inner.getOperands())
        mapping.map(operand, asVector(mapping.lookupOrDefault(operand)));
    Operation *clone = b.clone(inner, mapping);
    if (onVectors)
      for (OpResult result : clone->getResults())
        result.setType(vectorOf(result.getType()));
  }
  Value yielded = asVector(
      mapping.lookupOrDefault(op.getBody()->getTerminator()->getOperand(0)));
  vector::StoreOp::create(b, loc, yielded, output,
                          firstIndices(b, loc, op, op.getDpsInitsMutable()[0]),
                          /*nontemporal=*/false,
                          llvm::MaybeAlign(kThreadVectorBytes));

  rewriter.moveOpBefore(op, branch.elseBlock()->getTerminator());
}
