//===- ShapeOps.cpp - ONNX shape and data-movement ops --------------------===//
//
// Reshape-like ops become kiln.reshape (one size left to infer where the
// input has a dynamic one), Transpose/Concat/Slice/Gather/Pad/Expand their
// kiln ops, and Constant, ConstantOfShape and Range constants. Shape and
// the ops exporters chain after it (Gather, Unsqueeze, Concat, Slice, ...)
// compute ShapeValues at import time when their inputs are shapes.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {
/// Whether input `i` is a shape value (computed at import time), which the
/// shape path handles, so that its consumers see numbers.
bool isShapeValue(Node &n, unsigned i) {
  const ImportedValue *value =
      n.hasInput(i) ? n.graph.lookup(n.proto.input(i)) : nullptr;
  return value && value->shape;
}

/// kiln.reshape of `x` to `shape`, where dynamic entries (kDynamic or -1)
/// must be at most one.
FailureOr<Value> reshapeTo(Node &n, Value x, ArrayRef<int64_t> shape) {
  SmallVector<int64_t> target(shape);
  int64_t unknown = 0;
  for (int64_t &size : target)
    if (size < 0) {
      size = -1;
      ++unknown;
    }
  if (unknown > 1)
    return n.fail("the target shape has " + llvm::Twine(unknown) +
                  " sizes to infer (-1 or known only at run time); "
                  "kiln.reshape infers at most one");
  return reshape(n, x, target);
}

LogicalResult convertShape(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> sizes = typeOf(*x).getShape();
  int64_t rank = sizes.size();
  auto clampAxis = [&](int64_t axis) {
    return std::clamp<int64_t>(axis < 0 ? axis + rank : axis, 0, rank);
  };
  int64_t start = clampAxis(n.intAttribute("start", 0));
  int64_t end = clampAxis(n.intAttribute("end", rank));
  ShapeValue shape;
  for (int64_t d = start; d < end; ++d)
    shape.entries.push_back(ShapedType::isDynamic(sizes[d])
                                ? ShapeEntry::dimOf(*x, d)
                                : ShapeEntry{sizes[d], true});
  n.setShapeOutput(0, shape);
  return success();
}

LogicalResult convertSize(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  ShapeValue size;
  size.scalar = true;
  RankedTensorType type = typeOf(*x);
  size.entries.push_back(type.hasStaticShape()
                             ? ShapeEntry{type.getNumElements(), true}
                             : ShapeEntry::unknown());
  n.setShapeOutput(0, size);
  return success();
}

LogicalResult convertReshape(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  std::optional<ShapeValue> shape = n.shapeInput(1);
  if (!shape)
    return n.fail("the target shape must be known at import time (shapes "
                  "computed from run-time values are not supported)");
  bool allowZero = n.intAttribute("allowzero", 0);
  ArrayRef<int64_t> sizes = typeOf(*x).getShape();
  // A size read from the input itself (Shape(x)[0] for the batch) keeps
  // that dimension: the other sizes are then computable here.
  SmallVector<int64_t> target;
  SmallVector<bool> kept(sizes.size(), false);
  for (auto [d, entry] : llvm::enumerate(shape->entries)) {
    if (!entry.known && entry.source == *x &&
        ShapedType::isDynamic(sizes[entry.sourceDim]) &&
        !kept[entry.sourceDim]) {
      kept[entry.sourceDim] = true;
      target.push_back(ShapedType::kDynamic);
    } else if (!entry.known) {
      target.push_back(-1);
    } else if (entry.value == 0 && !allowZero) {
      if (d >= sizes.size())
        return n.fail("a 0 in the target shape copies dimension " +
                      llvm::Twine(d) + ", which the input lacks");
      target.push_back(ShapedType::isDynamic(sizes[d]) ? -1 : sizes[d]);
    } else {
      target.push_back(entry.value);
    }
  }
  // Resolve a -1 from the static sizes when every dynamic input dimension
  // is kept; the kept one is then kiln.reshape's -1.
  bool allKept = llvm::all_of(llvm::enumerate(sizes), [&](auto pair) {
    return !ShapedType::isDynamic(pair.value()) || kept[pair.index()];
  });
  if (allKept && llvm::count(target, -1) == 1 && llvm::count(kept, true) == 1) {
    int64_t known = 1, total = 1;
    for (int64_t size : sizes)
      if (!ShapedType::isDynamic(size))
        total *= size;
    for (int64_t size : target)
      if (size > 0)
        known *= size;
    if (known > 0 && total % known == 0)
      for (int64_t &size : target)
        if (size == -1)
          size = total / known;
  }
  FailureOr<Value> y = reshapeTo(n, *x, target);
  if (failed(y))
    return failure();
  n.setOutput(0, *y);
  return success();
}

LogicalResult convertFlatten(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> sizes = typeOf(*x).getShape();
  int64_t rank = sizes.size();
  int64_t axis = n.intAttribute("axis", 1);
  if (axis < -rank || axis > rank)
    return n.fail("axis is out of range");
  if (axis < 0)
    axis += rank;
  auto product = [&](int64_t from, int64_t to) -> int64_t {
    int64_t result = 1;
    for (int64_t d = from; d < to; ++d) {
      if (ShapedType::isDynamic(sizes[d]))
        return -1;
      result *= sizes[d];
    }
    return result;
  };
  FailureOr<Value> y =
      reshapeTo(n, *x, {product(0, axis), product(axis, rank)});
  if (failed(y))
    return failure();
  n.setOutput(0, *y);
  return success();
}

/// The axes input (opset 13) or attribute of Squeeze and Unsqueeze.
FailureOr<SmallVector<int64_t>> squeezeAxes(Node &n) {
  if (n.opset() >= 13) {
    if (!n.hasInput(1))
      return SmallVector<int64_t>();
    return n.intsInput(1);
  }
  return n.intsAttribute("axes");
}

LogicalResult convertSqueeze(Node &n) {
  FailureOr<SmallVector<int64_t>> axes = squeezeAxes(n);
  if (failed(axes))
    return failure();
  if (std::optional<ShapeValue> shape = n.shapeInput(0);
      shape && isShapeValue(n, 0)) {
    if (shape->entries.size() != 1)
      return n.fail("squeezing a shape of more than one entry");
    shape->scalar = true;
    n.setShapeOutput(0, *shape);
    return success();
  }
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> sizes = typeOf(*x).getShape();
  int64_t rank = sizes.size();
  SmallVector<bool> drop(rank, false);
  if (axes->empty()) {
    for (int64_t d = 0; d < rank; ++d)
      drop[d] = sizes[d] == 1;
  }
  for (int64_t axis : *axes) {
    std::optional<int64_t> d = normalizeAxis(axis, rank);
    if (!d)
      return n.fail("axis " + llvm::Twine(axis) + " is out of range");
    if (sizes[*d] != 1 && !ShapedType::isDynamic(sizes[*d]))
      return n.fail("dimension " + llvm::Twine(*d) + " has size " +
                    llvm::Twine(sizes[*d]) + ", not 1");
    drop[*d] = true;
  }
  SmallVector<int64_t> target;
  for (int64_t d = 0; d < rank; ++d)
    if (!drop[d])
      target.push_back(sizes[d]);
  FailureOr<Value> y = reshapeTo(n, *x, target);
  if (failed(y))
    return failure();
  n.setOutput(0, *y);
  return success();
}

LogicalResult convertUnsqueeze(Node &n) {
  FailureOr<SmallVector<int64_t>> axes = squeezeAxes(n);
  if (failed(axes))
    return failure();
  if (std::optional<ShapeValue> shape = n.shapeInput(0);
      shape && isShapeValue(n, 0)) {
    if (!shape->scalar || axes->size() != 1)
      return n.fail("unsqueezing a shape value to more than one dimension");
    shape->scalar = false;
    n.setShapeOutput(0, *shape);
    return success();
  }
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> sizes = typeOf(*x).getShape();
  int64_t rank = sizes.size() + axes->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t axis : *axes) {
    std::optional<int64_t> d = normalizeAxis(axis, rank);
    if (!d || inserted[*d])
      return n.fail("axis " + llvm::Twine(axis) +
                    " is out of range or "
                    "repeated");
    inserted[*d] = true;
  }
  SmallVector<int64_t> target;
  for (int64_t d = 0, next = 0; d < rank; ++d)
    target.push_back(inserted[d] ? 1 : sizes[next++]);
  FailureOr<Value> y = reshapeTo(n, *x, target);
  if (failed(y))
    return failure();
  n.setOutput(0, *y);
  return success();
}

LogicalResult convertTranspose(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  SmallVector<int64_t> reversed;
  for (int64_t d = rank - 1; d >= 0; --d)
    reversed.push_back(d);
  SmallVector<int64_t> permutation = n.intsAttribute("perm", reversed);
  n.setOutput(0, n.make<TransposeOp>(
                     *x, n.builder().getDenseI64ArrayAttr(permutation)));
  return success();
}

LogicalResult convertConcat(Node &n) {
  const onnx::AttributeProto *axisAttr =
      n.typedAttribute("axis", onnx::AttributeProto::INT, "an int");
  if (!axisAttr)
    return n.fail("attribute 'axis' is missing");
  bool anyPartial = false;
  for (unsigned i = 0; i < n.inputCount(); ++i)
    anyPartial |= isShapeValue(n, i);
  if (anyPartial) {
    ShapeValue result;
    for (unsigned i = 0; i < n.inputCount(); ++i) {
      std::optional<ShapeValue> part = n.shapeInput(i);
      if (!part)
        return n.fail("a shape is concatenated with a value not known at "
                      "import time");
      // Concatenating a shape with itself, node after node, would double
      // it each time.
      if (result.entries.size() + part->entries.size() >
          static_cast<size_t>(ShapeValue::kMaxEntries))
        return n.fail("a shape value of more than " +
                      Twine(ShapeValue::kMaxEntries) + " entries");
      result.entries.append(part->entries);
    }
    n.setShapeOutput(0, result);
    return success();
  }
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < n.inputCount(); ++i) {
    FailureOr<Value> x = n.input(i);
    if (failed(x))
      return failure();
    inputs.push_back(*x);
  }
  int64_t rank = typeOf(inputs[0]).getRank();
  std::optional<int64_t> axis = normalizeAxis(axisAttr->i(), rank);
  if (!axis)
    return n.fail("axis is out of range");
  if (inputs.size() == 1) {
    n.setOutput(0, inputs[0]);
    return success();
  }
  n.setOutput(0,
              n.make<ConcatOp>(inputs, n.builder().getI64IntegerAttr(*axis)));
  return success();
}

/// ONNX's clamping of one Slice axis: [start, end) with step > 0 in a
/// dimension of `size`.
std::pair<int64_t, int64_t> clampSlice(int64_t start, int64_t end,
                                       int64_t size) {
  auto clamp = [&](int64_t i) {
    if (i < 0)
      i += size;
    return std::clamp<int64_t>(i, 0, size);
  };
  int64_t from = clamp(start), to = clamp(end);
  return {from, std::max(from, to)};
}

/// The indices ONNX's Slice keeps along an axis of `size`: from `start`
/// towards `end` (exclusive) by `step` (non-zero), clamped as ONNX does.
SmallVector<int64_t> sliceIndices(int64_t start, int64_t end, int64_t step,
                                  int64_t size) {
  SmallVector<int64_t> kept;
  if (size == 0)
    return kept;
  if (step > 0) {
    auto [from, to] = clampSlice(start, end, size);
    for (int64_t j = from; j < to; j += step) {
      kept.push_back(j);
      if (to - j <= step)
        break; // no overflow for huge steps
    }
    return kept;
  }
  auto wrap = [&](int64_t i) { return i < 0 ? i + size : i; };
  int64_t from = std::clamp<int64_t>(wrap(start), 0, size - 1);
  int64_t to = std::clamp<int64_t>(wrap(end), -1, size - 1);
  for (int64_t j = from; j > to; j += step) {
    kept.push_back(j);
    if (j - to <= -step)
      break;
  }
  return kept;
}

/// A Slice that kiln.slice cannot express (a tensor with dynamic
/// dimensions elsewhere, since kiln.slice has static limits in every
/// dimension, or negative steps): each sliced (static) axis becomes a
/// kiln.gather of the indices it keeps.
LogicalResult sliceByGathers(Node &n, Value x, ArrayRef<int64_t> axes,
                             ArrayRef<int64_t> starts, ArrayRef<int64_t> ends,
                             ArrayRef<int64_t> steps) {
  ArrayRef<int64_t> sizes = typeOf(x).getShape();
  int64_t rank = sizes.size();
  OpBuilder &b = n.builder();
  Value y = x;
  for (size_t i = 0; i < axes.size(); ++i) {
    std::optional<int64_t> d = normalizeAxis(axes[i], rank);
    if (!d)
      return n.fail("axis " + llvm::Twine(axes[i]) + " is out of range");
    if (ShapedType::isDynamic(sizes[*d]))
      return n.fail("slicing dimension " + llvm::Twine(*d) +
                    ", whose size is known only at run time, is not "
                    "supported");
    SmallVector<int64_t> kept =
        sliceIndices(starts[i], ends[i], steps[i], sizes[*d]);
    if (static_cast<int64_t>(kept.size()) == sizes[*d] && steps[i] == 1)
      continue;
    auto type = RankedTensorType::get({(int64_t)kept.size()}, b.getI64Type());
    Value indices =
        constant(b, n.loc, DenseElementsAttr::get(type, ArrayRef(kept)));
    y = n.make<GatherOp>(y, indices, b.getI64IntegerAttr(*d));
  }
  n.setOutput(0, y);
  return success();
}

/// `n`'s Slice of `x` where starts and ends are known only at run time
/// (a loop's iteration number, say): tensor.extract_slice with offsets and
/// sizes computed as ONNX clamps them. Steps must be positive.
LogicalResult sliceAtRunTime(Node &n, Value x) {
  FailureOr<Value> starts = n.input(1), ends = n.input(2);
  if (failed(starts) || failed(ends))
    return failure();
  RankedTensorType indexType = typeOf(*starts);
  if (indexType.getRank() != 1 || !indexType.hasStaticShape() ||
      typeOf(*ends) != indexType)
    return n.fail("run-time starts and ends must be 1-D integer tensors of "
                  "one static size");
  int64_t count = indexType.getDimSize(0), rank = typeOf(x).getRank();
  SmallVector<int64_t> axes, steps(count, 1);
  for (int64_t i = 0; i < count; ++i)
    axes.push_back(i);
  if (n.hasInput(3)) {
    FailureOr<SmallVector<int64_t>> given = n.intsInput(3);
    if (failed(given))
      return failure();
    axes = *given;
  }
  if (n.hasInput(4)) {
    FailureOr<SmallVector<int64_t>> given = n.intsInput(4);
    if (failed(given))
      return failure();
    steps = *given;
  }
  if (static_cast<int64_t>(axes.size()) != count ||
      static_cast<int64_t>(steps.size()) != count)
    return n.fail("starts, ends, axes and steps differ in length");
  if (llvm::any_of(steps, [](int64_t s) { return s <= 0; }))
    return n.fail("run-time starts and ends need positive steps");

  OpBuilder &b = n.builder();
  Location loc = n.loc;
  Type i64 = b.getI64Type();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)),
      sizes = tensor::getMixedSizes(b, loc, x),
      strides(rank, b.getIndexAttr(1));
  auto constantI64 = [&](int64_t v) -> Value {
    return arith::ConstantIntOp::create(b, loc, i64, v);
  };
  Value zero = constantI64(0);
  for (int64_t i = 0; i < count; ++i) {
    std::optional<int64_t> d = normalizeAxis(axes[i], rank);
    if (!d)
      return n.fail("axis " + llvm::Twine(axes[i]) + " is out of range");
    Value position = arith::ConstantIndexOp::create(b, loc, i);
    Value dim = arith::IndexCastOp::create(
        b, loc, i64, tensor::DimOp::create(b, loc, x, *d));
    // ONNX: a negative index counts from the end, then clamp to [0, dim].
    auto clamped = [&](Value indices) -> Value {
      Value v = tensor::ExtractOp::create(b, loc, indices, position);
      if (v.getType() != i64)
        v = arith::ExtSIOp::create(b, loc, i64, v);
      Value negative =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, v, zero);
      v = arith::SelectOp::create(b, loc, negative,
                                  arith::AddIOp::create(b, loc, v, dim), v);
      return arith::MinSIOp::create(
          b, loc, arith::MaxSIOp::create(b, loc, v, zero), dim);
    };
    Value from = clamped(*starts);
    Value to = arith::MaxSIOp::create(b, loc, clamped(*ends), from);
    // ceil((to - from) / step) elements.
    Value step = constantI64(steps[i]);
    Value length = arith::DivSIOp::create(
        b, loc,
        arith::AddIOp::create(b, loc, arith::SubIOp::create(b, loc, to, from),
                              constantI64(steps[i] - 1)),
        step);
    Type index = b.getIndexType();
    offsets[*d] = arith::IndexCastOp::create(b, loc, index, from).getResult();
    sizes[*d] = arith::IndexCastOp::create(b, loc, index, length).getResult();
    strides[*d] = b.getIndexAttr(steps[i]);
  }
  n.setOutput(
      0, tensor::ExtractSliceOp::create(b, loc, x, offsets, sizes, strides));
  return success();
}

LogicalResult convertSlice(Node &n) {
  if (n.opset() < 10)
    return n.fail("Slice before opset 10 (attributes) is not supported");
  DenseElementsAttr knownStarts, knownEnds;
  if (n.hasInput(1) && n.hasInput(2) && !isShapeValue(n, 0)) {
    FailureOr<Value> starts = n.input(1), ends = n.input(2);
    if (failed(starts) || failed(ends))
      return failure();
    if (!matchPattern(*starts, m_Constant(&knownStarts)) ||
        !matchPattern(*ends, m_Constant(&knownEnds))) {
      FailureOr<Value> x = n.input(0);
      if (failed(x))
        return failure();
      return sliceAtRunTime(n, *x);
    }
  }
  FailureOr<SmallVector<int64_t>> starts = n.intsInput(1),
                                  ends = n.intsInput(2);
  if (failed(starts) || failed(ends))
    return failure();
  if (starts->size() != ends->size())
    return n.fail("starts and ends differ in length");
  SmallVector<int64_t> axes, steps(starts->size(), 1);
  if (n.hasInput(3)) {
    FailureOr<SmallVector<int64_t>> given = n.intsInput(3);
    if (failed(given))
      return failure();
    axes = *given;
  } else {
    for (size_t i = 0; i < starts->size(); ++i)
      axes.push_back(i);
  }
  if (n.hasInput(4)) {
    FailureOr<SmallVector<int64_t>> given = n.intsInput(4);
    if (failed(given))
      return failure();
    steps = *given;
  }
  if (axes.size() != starts->size() || steps.size() != starts->size())
    return n.fail("starts, ends, axes and steps differ in length");
  if (llvm::is_contained(steps, 0))
    return n.fail("steps must not be zero");
  bool reversing = llvm::any_of(steps, [](int64_t s) { return s < 0; });

  if (std::optional<ShapeValue> shape = n.shapeInput(0);
      shape && isShapeValue(n, 0)) {
    if (axes.size() != 1 || (axes[0] != 0 && axes[0] != -1))
      return n.fail("slicing a shape value along other than its one axis");
    ShapeValue result;
    for (int64_t i : sliceIndices((*starts)[0], (*ends)[0], steps[0],
                                  shape->entries.size()))
      result.entries.push_back(shape->entries[i]);
    n.setShapeOutput(0, result);
    return success();
  }

  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> sizes = typeOf(*x).getShape();
  int64_t rank = sizes.size();
  if (!typeOf(*x).hasStaticShape() || reversing)
    return sliceByGathers(n, *x, axes, *starts, *ends, steps);
  SmallVector<int64_t> start(rank, 0), limit(sizes), stride(rank, 1);
  for (size_t i = 0; i < axes.size(); ++i) {
    std::optional<int64_t> d = normalizeAxis(axes[i], rank);
    if (!d)
      return n.fail("axis " + llvm::Twine(axes[i]) + " is out of range");
    std::tie(start[*d], limit[*d]) =
        clampSlice((*starts)[i], (*ends)[i], sizes[*d]);
    stride[*d] = steps[i];
  }
  OpBuilder &b = n.builder();
  n.setOutput(0, n.make<SliceOp>(*x, b.getDenseI64ArrayAttr(start),
                                 b.getDenseI64ArrayAttr(limit),
                                 b.getDenseI64ArrayAttr(stride)));
  return success();
}

LogicalResult convertGather(Node &n) {
  int64_t axisValue = n.intAttribute("axis", 0);
  if (std::optional<ShapeValue> shape = n.shapeInput(0);
      shape && isShapeValue(n, 0)) {
    FailureOr<DenseElementsAttr> indices = n.constantInput(1);
    if (failed(indices))
      return failure();
    ShapeValue result;
    result.scalar = indices->getType().getRank() == 0;
    int64_t size = shape->entries.size();
    for (const APInt &index : indices->getValues<APInt>()) {
      int64_t i = index.getSExtValue();
      if (i < -size || i >= size)
        return n.fail("index " + llvm::Twine(i) + " is out of range");
      result.entries.push_back(shape->entries[i < 0 ? i + size : i]);
    }
    n.setShapeOutput(0, result);
    return success();
  }
  FailureOr<Value> x = n.input(0), indices = n.input(1);
  if (failed(x) || failed(indices))
    return failure();
  std::optional<int64_t> axis = normalizeAxis(axisValue, typeOf(*x).getRank());
  if (!axis)
    return n.fail("axis is out of range");
  // ONNX makes an index out of range an error; kiln.gather clamps it (so
  // that run-time indices never read out of bounds). Known ones are
  // checked here.
  int64_t size = typeOf(*x).getDimSize(*axis);
  DenseElementsAttr constant;
  if (!ShapedType::isDynamic(size) &&
      matchPattern(*indices, m_Constant(&constant)))
    for (const APInt &index : constant.getValues<APInt>()) {
      int64_t i = index.getSExtValue();
      if (i < -size || i >= size)
        return n.fail("index " + llvm::Twine(i) + " is out of range for axis " +
                      llvm::Twine(*axis) + " of size " + llvm::Twine(size));
    }
  n.setOutput(
      0, n.make<GatherOp>(*x, *indices, n.builder().getI64IntegerAttr(*axis)));
  return success();
}

LogicalResult convertExpand(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  std::optional<ShapeValue> shape = n.shapeInput(1);
  if (!shape)
    return n.fail("the target shape must be known at import time (shapes "
                  "computed from run-time values are not supported)");
  ArrayRef<int64_t> sizes = typeOf(*x).getShape();
  int64_t rank = std::max<int64_t>(sizes.size(), shape->entries.size());
  OpBuilder &b = n.builder();
  // Bidirectional broadcasting of the input's shape and the target.
  SmallVector<int64_t> result(rank);
  SmallVector<Value> dims;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t inputDim = d - (rank - static_cast<int64_t>(sizes.size()));
    int64_t targetDim =
        d - (rank - static_cast<int64_t>(shape->entries.size()));
    int64_t from = inputDim >= 0 ? sizes[inputDim] : 1;
    ShapeEntry to =
        targetDim >= 0 ? shape->entries[targetDim] : ShapeEntry{1, true};
    if (to.known && to.value == 1) {
      result[d] = from;
    } else if (to.known && (from == 1 || from == to.value)) {
      result[d] = to.value;
    } else if (to.known && !ShapedType::isDynamic(from)) {
      return n.fail("dimension " + llvm::Twine(d) + " of size " +
                    llvm::Twine(from) + " does not broadcast to " +
                    llvm::Twine(to.value));
    } else if (ShapedType::isDynamic(from)) {
      // Unknown either way: the input's size, which must then match.
      result[d] = ShapedType::kDynamic;
      dims.push_back(tensor::DimOp::create(b, n.loc, *x, inputDim));
    } else if (from == 1) {
      return n.fail("dimension " + llvm::Twine(d) +
                    " broadcasts to a size known only at run time");
    } else {
      result[d] = from;
    }
  }
  auto type = RankedTensorType::get(result, typeOf(*x).getElementType());
  if (type == typeOf(*x)) {
    n.setOutput(0, *x);
    return success();
  }
  n.setOutput(0, BroadcastToOp::create(b, n.loc, type, *x, dims));
  return success();
}

LogicalResult convertConstant(Node &n) {
  MLIRContext *context = n.context();
  OpBuilder &b = n.builder();
  if (const onnx::AttributeProto *attr = n.attribute("value")) {
    std::string error;
    FailureOr<DenseElementsAttr> value =
        tensorElements(attr->t(), context, error);
    if (failed(value))
      return n.fail(error);
    int32_t type = attr->t().data_type();
    n.setOutput(0, constant(b, n.loc, *value), isUnsignedType(type) ? type : 0);
  } else if (const onnx::AttributeProto *attr = n.attribute("value_float")) {
    n.setOutput(0, scalar(b, n.loc, b.getF32Type(), attr->f()));
  } else if (const onnx::AttributeProto *attr = n.attribute("value_int")) {
    n.setOutput(0, constant(b, n.loc,
                            DenseElementsAttr::get(
                                RankedTensorType::get({}, b.getI64Type()),
                                static_cast<int64_t>(attr->i()))));
  } else if (const onnx::AttributeProto *attr = n.attribute("value_floats")) {
    SmallVector<float> values(attr->floats().begin(), attr->floats().end());
    auto type = RankedTensorType::get({(int64_t)values.size()}, b.getF32Type());
    n.setOutput(
        0, constant(b, n.loc, DenseElementsAttr::get(type, ArrayRef(values))));
  } else if (const onnx::AttributeProto *attr = n.attribute("value_ints")) {
    SmallVector<int64_t> values(attr->ints().begin(), attr->ints().end());
    auto type = RankedTensorType::get({(int64_t)values.size()}, b.getI64Type());
    n.setOutput(
        0, constant(b, n.loc, DenseElementsAttr::get(type, ArrayRef(values))));
  } else {
    return n.fail("only tensor, float and int values are supported (not "
                  "sparse tensors or strings)");
  }
  return success();
}

LogicalResult convertConstantOfShape(Node &n) {
  std::optional<ShapeValue> shape = n.shapeInput(0);
  if (!shape || !shape->isFullyKnown())
    return n.fail("the shape must be known at import time (shapes computed "
                  "from run-time values are not supported)");
  // The same bounds as a tensor read from the file (found by fuzzing: a
  // size of -1 computed from a rank made an invalid type).
  int64_t count = 1;
  for (int64_t size : shape->values()) {
    if (size < 0)
      return n.fail("a negative dimension (" + Twine(size) + ")");
    constexpr int64_t kMaxElements = int64_t(1) << 40;
    if (size != 0 && count > kMaxElements / size)
      return n.fail("a tensor of more than 2^40 elements");
    count *= size;
  }
  OpBuilder &b = n.builder();
  auto type = RankedTensorType::get(shape->values(), b.getF32Type());
  DenseElementsAttr value = DenseElementsAttr::get(type, 0.0f);
  int32_t unsignedType = 0;
  if (const onnx::AttributeProto *attr = n.attribute("value")) {
    std::string error;
    FailureOr<DenseElementsAttr> element =
        tensorElements(attr->t(), n.context(), error);
    if (failed(element))
      return n.fail(error);
    if (element->getNumElements() != 1)
      return n.fail("value must hold one element");
    value = DenseElementsAttr::get(type.clone(element->getElementType()),
                                   element->getValues<Attribute>()[0]);
    int32_t onnxType = attr->t().data_type();
    if (isUnsignedType(onnxType))
      unsignedType = onnxType;
  }
  n.setOutput(0, constant(b, n.loc, value), unsignedType);
  return success();
}

LogicalResult convertRange(Node &n) {
  SmallVector<DenseElementsAttr> in;
  for (unsigned i = 0; i < 3; ++i) {
    FailureOr<DenseElementsAttr> value = n.constantInput(i);
    if (failed(value))
      return failure();
    in.push_back(*value);
  }
  Type element = in[0].getElementType();
  OpBuilder &b = n.builder();
  auto number = [&](DenseElementsAttr attr) {
    if (isa<FloatType>(element))
      return attr.getValues<APFloat>()[0].convertToDouble();
    return static_cast<double>(attr.getValues<APInt>()[0].getSExtValue());
  };
  double start = number(in[0]), limit = number(in[1]), delta = number(in[2]);
  if (delta == 0)
    return n.fail("delta is zero");
  int64_t count = std::max<int64_t>(
      static_cast<int64_t>(std::ceil((limit - start) / delta)), 0);
  auto type = RankedTensorType::get({count}, element);
  SmallVector<Attribute> values;
  auto floatType = dyn_cast<FloatType>(element);
  // Integer ranges step exactly, in integers.
  int64_t first = floatType ? 0 : in[0].getValues<APInt>()[0].getSExtValue();
  int64_t step = floatType ? 0 : in[2].getValues<APInt>()[0].getSExtValue();
  for (int64_t i = 0; i < count; ++i)
    values.push_back(
        floatType ? Attribute(b.getFloatAttr(floatType, start + i * delta))
                  : Attribute(b.getIntegerAttr(element, first + i * step)));
  n.setOutput(0, constant(b, n.loc, DenseElementsAttr::get(type, values)));
  return success();
}

LogicalResult convertSplit(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> sizes = typeOf(*x).getShape();
  int64_t rank = sizes.size();
  std::optional<int64_t> axis = normalizeAxis(n.intAttribute("axis", 0), rank);
  if (!axis)
    return n.fail("axis is out of range");
  if (!typeOf(*x).hasStaticShape())
    return n.fail("splitting a tensor with dynamic dimensions is not "
                  "supported");
  SmallVector<int64_t> parts;
  if (n.opset() < 13) {
    parts = n.intsAttribute("split");
  } else if (n.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> given = n.intsInput(1);
    if (failed(given))
      return failure();
    parts = *given;
  }
  if (parts.empty()) {
    int64_t outputs = n.intAttribute("num_outputs", n.outputCount());
    int64_t each = llvm::divideCeil(sizes[*axis], outputs);
    for (int64_t i = 0, left = sizes[*axis]; i < outputs; ++i, left -= each)
      parts.push_back(std::min(each, left));
  }
  if (static_cast<unsigned>(parts.size()) != n.outputCount())
    return n.fail("the split has " + llvm::Twine(parts.size()) + " parts for " +
                  llvm::Twine(n.outputCount()) + " outputs");
  OpBuilder &b = n.builder();
  int64_t offset = 0;
  for (auto [i, part] : llvm::enumerate(parts)) {
    SmallVector<int64_t> start(rank, 0), limit(sizes);
    start[*axis] = offset;
    limit[*axis] = offset + part;
    offset += part;
    if (offset > sizes[*axis])
      return n.fail("the parts are longer than the axis");
    n.setOutput(i, n.make<SliceOp>(*x, b.getDenseI64ArrayAttr(start),
                                   b.getDenseI64ArrayAttr(limit),
                                   DenseI64ArrayAttr()));
  }
  return success();
}

LogicalResult convertPad(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  if (n.opset() < 11)
    return n.fail("Pad before opset 11 (attributes) is not supported");
  std::string mode = n.stringAttribute("mode", "constant");
  if (mode != "constant")
    return n.fail("mode '" + mode + "' is not supported (only constant)");
  FailureOr<SmallVector<int64_t>> pads = n.intsInput(1);
  if (failed(pads))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  SmallVector<int64_t> axes;
  if (n.hasInput(3)) {
    FailureOr<SmallVector<int64_t>> given = n.intsInput(3);
    if (failed(given))
      return failure();
    axes = *given;
  } else {
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  }
  if (pads->size() != 2 * axes.size())
    return n.fail("pads must have two entries per axis");
  SmallVector<int64_t> low(rank, 0), high(rank, 0);
  for (auto [i, axis] : llvm::enumerate(axes)) {
    std::optional<int64_t> d = normalizeAxis(axis, rank);
    if (!d)
      return n.fail("axis is out of range");
    low[*d] = (*pads)[i];
    high[*d] = (*pads)[i + axes.size()];
  }
  if (llvm::any_of(low, [](int64_t p) { return p < 0; }) ||
      llvm::any_of(high, [](int64_t p) { return p < 0; }))
    return n.fail("negative pads are not supported");
  double value = 0;
  if (n.hasInput(2)) {
    FailureOr<DenseElementsAttr> given = n.constantInput(2);
    if (failed(given))
      return failure();
    Attribute first = given->getValues<Attribute>()[0];
    if (auto f = dyn_cast<FloatAttr>(first))
      value = f.getValueAsDouble();
    else
      value = cast<IntegerAttr>(first).getInt();
  }
  OpBuilder &b = n.builder();
  n.setOutput(0, n.make<PadOp>(*x, b.getDenseI64ArrayAttr(low),
                               b.getDenseI64ArrayAttr(high),
                               b.getF64FloatAttr(value)));
  return success();
}

LogicalResult convertTile(Node &n) {
  FailureOr<Value> x = n.input(0);
  FailureOr<SmallVector<int64_t>> repeats = n.intsInput(1);
  if (failed(x) || failed(repeats))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  if (static_cast<int64_t>(repeats->size()) != rank)
    return n.fail("repeats must have one entry per dimension");
  Value y = *x;
  OpBuilder &b = n.builder();
  for (int64_t d = 0; d < rank; ++d) {
    if ((*repeats)[d] < 1)
      return n.fail("repeats must be positive");
    if ((*repeats)[d] == 1)
      continue;
    SmallVector<Value> copies((*repeats)[d], y);
    y = n.make<ConcatOp>(copies, b.getI64IntegerAttr(d));
  }
  n.setOutput(0, y);
  return success();
}
} // namespace

void onnx_import::registerShapeConverters(ConverterTable &table) {
  table["Shape"] = convertShape;
  table["Size"] = convertSize;
  table["Reshape"] = convertReshape;
  table["Flatten"] = convertFlatten;
  table["Squeeze"] = convertSqueeze;
  table["Unsqueeze"] = convertUnsqueeze;
  table["Transpose"] = convertTranspose;
  table["Concat"] = convertConcat;
  table["Slice"] = convertSlice;
  table["Gather"] = convertGather;
  table["Expand"] = convertExpand;
  table["Constant"] = convertConstant;
  table["ConstantOfShape"] = convertConstantOfShape;
  table["Range"] = convertRange;
  table["Split"] = convertSplit;
  table["Pad"] = convertPad;
  table["Tile"] = convertTile;
}
