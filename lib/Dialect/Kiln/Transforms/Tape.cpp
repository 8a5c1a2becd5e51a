//===- Tape.cpp - per-iteration storage for reverse-mode loops ------------===//

#include "Tape.h"
#include "kiln/Dialect/Kiln/Transforms/RuntimeChecks.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

Value tape::boundToIndex(OpBuilder &b, Location loc, Value bound) {
  if (isa<RankedTensorType>(bound.getType()))
    bound = tensor::ExtractOp::create(b, loc, bound, ValueRange{});
  if (bound.getType().isIndex())
    return bound;
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), bound);
}

Value tape::indexToBound(OpBuilder &b, Location loc, Value index,
                         Type boundType) {
  if (boundType.isIndex())
    return index;
  Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
  if (isa<RankedTensorType>(boundType))
    return tensor::FromElementsOp::create(b, loc, boundType, ValueRange{i64});
  return i64;
}

Value tape::tripCount(OpBuilder &b, Location loc, Value lower, Value upper,
                      Value step) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value span = arith::SubIOp::create(b, loc, upper, lower);
  span = arith::MaxSIOp::create(b, loc, span, zero);
  return arith::CeilDivSIOp::create(b, loc, span, step);
}

/// The tensor type a value is stored as (scalars become 0-d tensors).
static RankedTensorType storedType(Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return tensor;
  return RankedTensorType::get({}, type);
}

/// Tape type for values of `type`: a dynamic iteration dimension in front.
static RankedTensorType tapeType(Type type) {
  RankedTensorType stored = storedType(type);
  SmallVector<int64_t> shape{ShapedType::kDynamic};
  llvm::append_range(shape, stored.getShape());
  return RankedTensorType::get(shape, stored.getElementType());
}

/// `value` as a tensor (0-d for a scalar).
static Value asTensor(OpBuilder &b, Location loc, Value value) {
  if (isa<RankedTensorType>(value.getType()))
    return value;
  return tensor::FromElementsOp::create(b, loc, storedType(value.getType()),
                                        ValueRange{value});
}

/// Empty tape of `capacity` entries whose other dimensions are those of
/// `shape` (a tensor shaped like one entry, or a tape: `skip` = 1).
static Value emptyTape(OpBuilder &b, Location loc, RankedTensorType type,
                       Value capacity, Value shape, unsigned skip) {
  SmallVector<Value> sizes{capacity};
  for (int64_t d = 1; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      sizes.push_back(tensor::DimOp::create(b, loc, shape, d - 1 + skip));
  return tensor::EmptyOp::create(b, loc, type, sizes);
}

Value tape::create(OpBuilder &b, Location loc, Value like, Value capacity) {
  return emptyTape(b, loc, tapeType(like.getType()), capacity,
                   asTensor(b, loc, like), /*skip=*/0);
}

/// Offsets, sizes and strides of entry `index` of `tape`.
static void entryRange(OpBuilder &b, Location loc, Value tape, Value index,
                       SmallVectorImpl<OpFoldResult> &offsets,
                       SmallVectorImpl<OpFoldResult> &sizes,
                       SmallVectorImpl<OpFoldResult> &strides) {
  auto type = cast<RankedTensorType>(tape.getType());
  offsets.assign(type.getRank(), b.getIndexAttr(0));
  offsets[0] = index;
  sizes = tensor::getMixedSizes(b, loc, tape);
  sizes[0] = b.getIndexAttr(1);
  strides.assign(type.getRank(), b.getIndexAttr(1));
}

Value tape::store(OpBuilder &b, Location loc, Value tape, Value index,
                  Value value) {
  Value entry = asTensor(b, loc, value);
  auto entryType = cast<RankedTensorType>(entry.getType());
  for (int64_t d = 0; d < entryType.getRank(); ++d) {
    if (!entryType.isDynamicDim(d))
      continue;
    Value tapeSize = tensor::DimOp::create(b, loc, tape, d + 1);
    Value entrySize = tensor::DimOp::create(b, loc, entry, d);
    Value same = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                       entrySize, tapeSize);
    checkShape(b, loc, same,
               "dimension " + llvm::Twine(d) +
                   " of a loop-carried value changes between iterations; "
                   "reverse-mode differentiation of this loop needs it "
                   "constant");
  }
  SmallVector<OpFoldResult> offsets, sizes, strides;
  entryRange(b, loc, tape, index, offsets, sizes, strides);
  return tensor::InsertSliceOp::create(b, loc, entry, tape, offsets, sizes,
                                       strides);
}

Value tape::load(OpBuilder &b, Location loc, Value tape, Value index,
                 Type type) {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  entryRange(b, loc, tape, index, offsets, sizes, strides);
  Value entry = tensor::ExtractSliceOp::create(b, loc, storedType(type), tape,
                                               offsets, sizes, strides);
  if (isa<RankedTensorType>(type))
    return entry;
  return tensor::ExtractOp::create(b, loc, entry, ValueRange{});
}
