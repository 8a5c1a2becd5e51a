//===- NNOps.cpp - ONNX neural-network ops as kiln ops --------------------===//
//
// MatMul and Gemm, convolution and pooling (2-D, and 1-D through a unit
// height), the normalizations (BatchNormalization in inference form,
// LayerNormalization) as kiln primitives, softmax, reductions and argmax.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {
LogicalResult convertMatMul(Node &n) {
  FailureOr<Value> a = n.input(0), b = n.input(1);
  if (failed(a) || failed(b))
    return failure();
  n.setOutput(0, n.make<MatmulOp>(*a, *b));
  return success();
}

LogicalResult convertGemm(Node &n) {
  FailureOr<Value> a = n.input(0), b = n.input(1);
  if (failed(a) || failed(b))
    return failure();
  OpBuilder &builder = n.builder();
  if (typeOf(*a).getRank() != 2 || typeOf(*b).getRank() != 2)
    return n.fail("A and B must be matrices");
  double alpha = n.floatAttribute("alpha", 1.0f);
  double beta = n.floatAttribute("beta", 1.0f);
  auto transposed = [&](Value x, StringRef flag) -> Value {
    if (!n.intAttribute(flag, 0))
      return x;
    return n.make<TransposeOp>(x, builder.getDenseI64ArrayAttr({1, 0}));
  };
  Type element = typeOf(*a).getElementType();
  Value y =
      n.make<MatmulOp>(transposed(*a, "transA"), transposed(*b, "transB"));
  if (alpha != 1.0)
    y = n.make<MulOp>(y, scalar(builder, n.loc, element, alpha));
  if (n.hasInput(2)) {
    FailureOr<Value> c = n.input(2);
    if (failed(c))
      return failure();
    Value bias = *c;
    if (beta != 1.0)
      bias = n.make<MulOp>(bias, scalar(builder, n.loc, element, beta));
    y = n.make<AddOp>(y, bias);
  }
  n.setOutput(0, y);
  return success();
}

/// The window attributes of Conv and the pools, resolved to kiln's 2-D
/// form (1-D windows get a unit height).
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, padding; // padding: t,l,b,r
  SmallVector<int64_t> pads; // ONNX's: the begins, then the ends
};

FailureOr<Window> resolveWindow(Node &n, RankedTensorType input,
                                ArrayRef<int64_t> kernel, bool ceilMode) {
  int64_t spatial = input.getRank() - 2;
  Window w;
  w.kernel.assign(kernel.begin(), kernel.end());
  w.strides = n.intsAttribute("strides", SmallVector<int64_t>(spatial, 1));
  w.dilations = n.intsAttribute("dilations", SmallVector<int64_t>(spatial, 1));
  SmallVector<int64_t> pads =
      n.intsAttribute("pads", SmallVector<int64_t>(2 * spatial, 0));
  std::string autoPad = n.stringAttribute("auto_pad", "NOTSET");
  if (static_cast<int64_t>(w.kernel.size()) != spatial ||
      static_cast<int64_t>(w.strides.size()) != spatial ||
      static_cast<int64_t>(w.dilations.size()) != spatial ||
      static_cast<int64_t>(pads.size()) != 2 * spatial)
    return n.fail("kernel_shape, strides, dilations and pads must match the " +
                  llvm::Twine(spatial) + " spatial dimensions");
  ArrayRef<int64_t> sizes = input.getShape().drop_front(2);
  if (autoPad == "VALID") {
    pads.assign(2 * spatial, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int64_t d = 0; d < spatial; ++d) {
      if (ShapedType::isDynamic(sizes[d]))
        return n.fail("auto_pad " + autoPad +
                      " needs static spatial dimensions");
      int64_t out = (sizes[d] + w.strides[d] - 1) / w.strides[d];
      int64_t total = std::max<int64_t>((out - 1) * w.strides[d] +
                                            (w.kernel[d] - 1) * w.dilations[d] +
                                            1 - sizes[d],
                                        0);
      int64_t small = total / 2;
      pads[d] = autoPad == "SAME_UPPER" ? small : total - small;
      pads[d + spatial] = total - pads[d];
    }
  } else if (autoPad != "NOTSET") {
    return n.fail("auto_pad '" + autoPad +
                  "' is not one of NOTSET, VALID, "
                  "SAME_UPPER, SAME_LOWER");
  }
  if (ceilMode) {
    // Extra padding at the end makes the floor of kiln's formula the
    // ceiling of ONNX's.
    for (int64_t d = 0; d < spatial; ++d) {
      if (ShapedType::isDynamic(sizes[d]))
        return n.fail("ceil_mode needs static spatial dimensions");
      int64_t span = sizes[d] + pads[d] + pads[d + spatial] -
                     (w.kernel[d] - 1) * w.dilations[d] - 1;
      int64_t remainder = span % w.strides[d];
      if (remainder != 0)
        pads[d + spatial] += w.strides[d] - remainder;
    }
  }
  w.pads = pads;
  if (spatial == 3)
    return w; // 3-D pools are split into 2-D ones (pool3D)
  if (spatial == 1) {
    w.kernel.insert(w.kernel.begin(), 1);
    w.strides.insert(w.strides.begin(), 1);
    w.dilations.insert(w.dilations.begin(), 1);
    w.padding = {0, pads[0], 0, pads[1]};
  } else {
    w.padding = {pads[0], pads[1], pads[2], pads[3]};
  }
  return w;
}

/// `x` of rank 3 with a unit height inserted (N, C, 1, L), for 1-D windows.
Value addUnitHeight(Node &n, Value x) {
  if (!x)
    return nullptr;
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  SmallVector<int64_t> target = {shape[0], shape[1], 1, shape[2]};
  for (int64_t &size : target)
    if (ShapedType::isDynamic(size))
      size = -1;
  return reshape(n, x, target);
}

Value dropUnitHeight(Node &n, Value x) {
  if (!x)
    return nullptr;
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  SmallVector<int64_t> target = {shape[0], shape[1], shape[3]};
  for (int64_t &size : target)
    if (ShapedType::isDynamic(size))
      size = -1;
  return reshape(n, x, target);
}

/// Checks the input is N x C x spatial with one or two spatial dimensions
/// and at most one dynamic dimension among N, C and a 1-D length (a 1-D
/// input is reshaped).
LogicalResult checkWindowInput(Node &n, RankedTensorType type) {
  if (type.getRank() != 3 && type.getRank() != 4)
    return n.fail("only 1-D and 2-D windows are supported (the input has "
                  "rank " +
                  llvm::Twine(type.getRank()) + ")");
  if (type.getRank() == 3 && llvm::count_if(type.getShape(), [](int64_t s) {
                               return ShapedType::isDynamic(s);
                             }) > 1)
    return n.fail("a 1-D window's input may have one dynamic dimension");
  return success();
}

LogicalResult convertConv(Node &n) {
  FailureOr<Value> x = n.input(0), w = n.input(1);
  if (failed(x) || failed(w))
    return failure();
  RankedTensorType xType = typeOf(*x), wType = typeOf(*w);
  if (failed(checkWindowInput(n, xType)))
    return failure();
  if (wType.getRank() != xType.getRank() ||
      llvm::any_of(wType.getShape().drop_front(2),
                   [](int64_t s) { return ShapedType::isDynamic(s); }))
    return n.fail("the filter must have the input's rank and a static window");
  SmallVector<int64_t> kernel =
      n.intsAttribute("kernel_shape", wType.getShape().drop_front(2));
  if (ArrayRef<int64_t>(kernel) != wType.getShape().drop_front(2))
    return n.fail("kernel_shape disagrees with the filter's shape");
  FailureOr<Window> window = resolveWindow(n, xType, kernel, false);
  if (failed(window))
    return failure();
  int64_t groups = n.intAttribute("group", 1);
  Value bias;
  if (n.hasInput(2)) {
    FailureOr<Value> b = n.input(2);
    if (failed(b))
      return failure();
    bias = *b;
  }
  OpBuilder &b = n.builder();
  bool oneD = xType.getRank() == 3;
  Value input = oneD ? addUnitHeight(n, *x) : *x;
  Value filter = oneD ? addUnitHeight(n, *w) : *w;
  Value y = n.make<Conv2DOp>(input, filter, OptionalOperand{bias},
                             b.getDenseI64ArrayAttr(window->strides),
                             b.getDenseI64ArrayAttr(window->padding),
                             b.getDenseI64ArrayAttr(window->dilations),
                             b.getI64IntegerAttr(groups));
  n.setOutput(0, oneD ? dropUnitHeight(n, y) : y);
  return success();
}

/// A 3-D max or average pool as two 2-D ones: over (H, W) with the depth
/// folded into the channels, then over (D, H'W'). A box window is the
/// product of its axes, so the maximum of maxima is the maximum, and the
/// average of averages is the average, with or without the padding
/// counted: the real taps of a box are the product of each axis's.
template <bool IsMax>
Value pool3D(Node &n, Value x, const Window &w, bool countPad) {
  ArrayRef<int64_t> shape = typeOf(x).getShape();
  int64_t batch = ShapedType::isDynamic(shape[0]) ? -1 : shape[0];
  OpBuilder &b = n.builder();
  auto pool = [&](Value input, ArrayRef<int64_t> kernel,
                  ArrayRef<int64_t> strides, ArrayRef<int64_t> padding,
                  ArrayRef<int64_t> dilations) -> Value {
    if (!input)
      return nullptr;
    if (IsMax)
      return n.make<MaxPool2DOp>(input, b.getDenseI64ArrayAttr(kernel),
                                 b.getDenseI64ArrayAttr(strides),
                                 b.getDenseI64ArrayAttr(padding),
                                 b.getDenseI64ArrayAttr(dilations));
    return n.make<AvgPool2DOp>(
        input, b.getDenseI64ArrayAttr(kernel), b.getDenseI64ArrayAttr(strides),
        b.getDenseI64ArrayAttr(padding), b.getBoolAttr(countPad));
  };
  const SmallVector<int64_t> &p = w.pads; // d0, h0, w0, d1, h1, w1
  Value planes =
      reshape(n, x, {batch, shape[1] * shape[2], shape[3], shape[4]});
  Value pooled =
      pool(planes, {w.kernel[1], w.kernel[2]}, {w.strides[1], w.strides[2]},
           {p[1], p[2], p[4], p[5]}, {w.dilations[1], w.dilations[2]});
  if (!pooled)
    return nullptr;
  ArrayRef<int64_t> planeShape = typeOf(pooled).getShape();
  Value columns = reshape(
      n, pooled, {batch, shape[1], shape[2], planeShape[2] * planeShape[3]});
  Value depth = pool(columns, {w.kernel[0], 1}, {w.strides[0], 1},
                     {p[0], 0, p[3], 0}, {w.dilations[0], 1});
  if (!depth)
    return nullptr;
  return reshape(n, depth,
                 {batch, shape[1], typeOf(depth).getDimSize(2), planeShape[2],
                  planeShape[3]});
}

/// MaxPool's Indices output: for each window, the flat index of its first
/// maximum in the (N, C, H, W) tensor (H and W swapped if `columnMajor`), found
/// tap by tap on the input padded with -inf. The last tap's index is chosen
/// first and each earlier matching tap overrides it, so the first maximum wins,
/// as in ONNX's reference.
Value maxPoolIndices(Node &n, Value x, const Window &w, Value y,
                     bool columnMajor) {
  auto xType = typeOf(x);
  auto yType = typeOf(y);
  ArrayRef<int64_t> in = xType.getShape(), out = yType.getShape();
  OpBuilder &b = n.builder();
  Type i64 = b.getI64Type();
  int64_t height = in[2], width = in[3];
  Value padded = n.make<PadOp>(
      x, b.getDenseI64ArrayAttr({0, 0, w.padding[0], w.padding[1]}),
      b.getDenseI64ArrayAttr({0, 0, w.padding[2], w.padding[3]}),
      b.getF64FloatAttr(-INFINITY));
  // (n * C + c) * H * W, broadcast over the output positions.
  SmallVector<int64_t> planes;
  for (int64_t p = 0; p < in[0] * in[1]; ++p)
    planes.push_back(p * height * width);
  Value planeBase = constant(
      b, n.loc,
      DenseElementsAttr::get(RankedTensorType::get({in[0], in[1], 1, 1}, i64),
                             ArrayRef(planes)));
  Value indices;
  for (int64_t kh = w.kernel[0] - 1; kh >= 0 && padded; --kh)
    for (int64_t kw = w.kernel[1] - 1; kw >= 0; --kw) {
      int64_t top = kh * w.dilations[0], left = kw * w.dilations[1];
      Value tap = n.make<SliceOp>(
          padded, b.getDenseI64ArrayAttr({0, 0, top, left}),
          b.getDenseI64ArrayAttr({in[0], in[1],
                                  top + (out[2] - 1) * w.strides[0] + 1,
                                  left + (out[3] - 1) * w.strides[1] + 1}),
          b.getDenseI64ArrayAttr({1, 1, w.strides[0], w.strides[1]}));
      SmallVector<int64_t> positions;
      for (int64_t oh = 0; oh < out[2]; ++oh)
        for (int64_t ow = 0; ow < out[3]; ++ow) {
          int64_t h = oh * w.strides[0] + top - w.padding[0];
          int64_t v = ow * w.strides[1] + left - w.padding[1];
          positions.push_back(columnMajor ? v * height + h : h * width + v);
        }
      Value position =
          constant(b, n.loc,
                   DenseElementsAttr::get(
                       RankedTensorType::get({1, 1, out[2], out[3]}, i64),
                       ArrayRef(positions)));
      Value index = n.make<AddOp>(planeBase, position);
      if (!indices) {
        indices = index;
        continue;
      }
      Value hit = n.make<CompareOp>(ComparePredicate::eq, tap, y);
      indices = n.make<SelectOp>(hit, index, indices);
      if (!indices)
        return nullptr;
    }
  return indices;
}

template <bool IsMax> LogicalResult convertPool(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  // kiln's pools are on floats; ONNX's 8-bit integers are exact in f32.
  Type element = typeOf(*x).getElementType();
  if (!isa<FloatType>(element)) {
    if (element.getIntOrFloatBitWidth() > 16)
      return n.fail("pooling " + llvm::Twine(element.getIntOrFloatBitWidth()) +
                    "-bit integers is not supported");
    x = castTo(n, *x, n.builder().getF32Type());
  }
  bool wantsIndices = IsMax && n.hasOutput(1);
  if (wantsIndices &&
      (typeOf(*x).getRank() != 4 || !typeOf(*x).hasStaticShape()))
    return n.fail("the Indices output needs a 2-D window and static shapes");
  if (!IsMax && n.hasOutput(1))
    return n.fail("AveragePool has one output");
  RankedTensorType type = typeOf(*x);
  if (type.getRank() != 5 && failed(checkWindowInput(n, type)))
    return failure();
  const onnx::AttributeProto *kernelAttr = n.typedAttribute(
      "kernel_shape", onnx::AttributeProto::INTS, "a list of ints");
  if (!kernelAttr)
    return n.fail("attribute 'kernel_shape' is missing");
  SmallVector<int64_t> kernel(kernelAttr->ints().begin(),
                              kernelAttr->ints().end());
  bool ceilMode = n.intAttribute("ceil_mode", 0);
  // Only the Indices output depends on storage_order.
  int64_t storageOrder = IsMax ? n.intAttribute("storage_order", 0) : 0;
  if (storageOrder != 0 && storageOrder != 1)
    return n.fail("storage_order must be 0 (row major) or 1 (column major)");
  FailureOr<Window> window = resolveWindow(n, type, kernel, ceilMode);
  if (failed(window))
    return failure();
  OpBuilder &b = n.builder();
  bool countPad = !IsMax && n.intAttribute("count_include_pad", 0);
  if (!IsMax) {
    if (llvm::any_of(window->dilations, [](int64_t d) { return d != 1; }))
      return n.fail("dilations are not supported for average pooling");
    if (ceilMode && countPad)
      return n.fail("ceil_mode with count_include_pad is not supported");
  }
  if (type.getRank() == 5) {
    if (llvm::any_of(type.getShape().drop_front(), ShapedType::isDynamic))
      return n.fail("a 3-D window needs static channels and spatial "
                    "dimensions");
    Value y = pool3D<IsMax>(n, *x, *window, countPad);
    if (!y)
      return failure();
    n.setOutput(0, castTo(n, y, element));
    return success();
  }
  bool oneD = type.getRank() == 3;
  Value input = oneD ? addUnitHeight(n, *x) : *x;
  Value y;
  if (IsMax) {
    y = n.make<MaxPool2DOp>(input, b.getDenseI64ArrayAttr(window->kernel),
                            b.getDenseI64ArrayAttr(window->strides),
                            b.getDenseI64ArrayAttr(window->padding),
                            b.getDenseI64ArrayAttr(window->dilations));
    if (wantsIndices && y) {
      Value indices = maxPoolIndices(n, *x, *window, y, storageOrder == 1);
      if (!indices)
        return failure();
      n.setOutput(1, indices);
    }
  } else {
    y = n.make<AvgPool2DOp>(input, b.getDenseI64ArrayAttr(window->kernel),
                            b.getDenseI64ArrayAttr(window->strides),
                            b.getDenseI64ArrayAttr(window->padding),
                            b.getBoolAttr(countPad));
  }
  n.setOutput(0, castTo(n, oneD ? dropUnitHeight(n, y) : y, element));
  return success();
}

/// The axes of a normalization or global pool: [first, rank).
SmallVector<int64_t> trailingAxes(int64_t first, int64_t rank) {
  SmallVector<int64_t> axes;
  for (int64_t d = first; d < rank; ++d)
    axes.push_back(d);
  return axes;
}

template <typename ReduceOpTy> LogicalResult convertGlobalPool(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  OpBuilder &b = n.builder();
  int64_t rank = typeOf(*x).getRank();
  if (rank < 3)
    return n.fail("the input must be N x C x spatial dimensions");
  n.setOutput(0, n.template make<ReduceOpTy>(
                     *x, b.getDenseI64ArrayAttr(trailingAxes(2, rank)),
                     b.getUnitAttr()));
  return success();
}

LogicalResult convertBatchNorm(Node &n) {
  if (n.intAttribute("training_mode", 0) != 0 || n.hasOutput(1) ||
      n.hasOutput(2))
    return n.fail("only inference (training_mode 0, one output) is "
                  "supported");
  SmallVector<Value> in;
  for (unsigned i = 0; i < 5; ++i) {
    FailureOr<Value> value = n.input(i);
    if (failed(value))
      return failure();
    in.push_back(*value);
  }
  double epsilon = n.floatAttribute("epsilon", 1e-5f);
  n.floatAttribute("momentum", 0.9f); // training only
  OpBuilder &b = n.builder();
  int64_t rank = typeOf(in[0]).getRank();
  if (rank < 2)
    return n.fail("the input must have a channel dimension");
  // Per-channel parameters broadcast over the dimensions after C.
  auto perChannel = [&](Value v) {
    SmallVector<int64_t> shape = {-1};
    shape.append(rank - 2, 1);
    return reshape(n, v, shape);
  };
  Type element = typeOf(in[0]).getElementType();
  Value scale = perChannel(in[1]), bias = perChannel(in[2]),
        mean = perChannel(in[3]), variance = perChannel(in[4]);
  Value inverse = n.make<RsqrtOp>(
      n.make<AddOp>(variance, scalar(b, n.loc, element, epsilon)));
  Value y =
      n.make<MulOp>(n.make<SubOp>(in[0], mean), n.make<MulOp>(scale, inverse));
  n.setOutput(0, n.make<AddOp>(y, bias));
  return success();
}

LogicalResult convertLayerNorm(Node &n) {
  FailureOr<Value> x = n.input(0), scale = n.input(1);
  if (failed(x) || failed(scale))
    return failure();
  OpBuilder &b = n.builder();
  int64_t rank = typeOf(*x).getRank();
  std::optional<int64_t> axis = normalizeAxis(n.intAttribute("axis", -1), rank);
  if (!axis)
    return n.fail("axis is out of range");
  double epsilon = n.floatAttribute("epsilon", 1e-5f);
  n.intAttribute("stash_type", 1); // computed in the input's type
  Type element = typeOf(*x).getElementType();
  auto axes = b.getDenseI64ArrayAttr(trailingAxes(*axis, rank));
  Value mean = n.make<ReduceMeanOp>(*x, axes, b.getUnitAttr());
  Value centered = n.make<SubOp>(*x, mean);
  Value variance = n.make<ReduceMeanOp>(n.make<MulOp>(centered, centered), axes,
                                        b.getUnitAttr());
  Value inverse = n.make<RsqrtOp>(
      n.make<AddOp>(variance, scalar(b, n.loc, element, epsilon)));
  Value y = n.make<MulOp>(n.make<MulOp>(centered, inverse), *scale);
  if (n.hasInput(2)) {
    FailureOr<Value> bias = n.input(2);
    if (failed(bias))
      return failure();
    y = n.make<AddOp>(y, *bias);
  }
  n.setOutput(0, y);
  n.setOutput(1, mean);
  n.setOutput(2, inverse);
  return success();
}

template <typename OpTy> LogicalResult convertSoftmax(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  OpBuilder &b = n.builder();
  RankedTensorType type = typeOf(*x);
  int64_t rank = type.getRank();
  bool coerced = n.opset() < 13; // before 13: over all dims from axis on
  std::optional<int64_t> axis =
      normalizeAxis(n.intAttribute("axis", coerced ? 1 : -1), rank);
  if (!axis)
    return n.fail("axis is out of range");
  if (!coerced || *axis == rank - 1) {
    n.setOutput(0, n.template make<OpTy>(*x, b.getI64IntegerAttr(*axis)));
    return success();
  }
  if (!type.hasStaticShape())
    return n.fail("a softmax over several dimensions (opset < 13) needs "
                  "static dimensions");
  int64_t rows = 1;
  for (int64_t d = 0; d < *axis; ++d)
    rows *= type.getDimSize(d);
  Value flat = reshape(n, *x, {rows, type.getNumElements() / rows});
  Value y = n.template make<OpTy>(flat, b.getI64IntegerAttr(1));
  n.setOutput(0, reshape(n, y, type.getShape()));
  return success();
}

/// The reduction's axes, from the `axes` input (ReduceSum from opset 13,
/// every reduction from 18) or attribute; nullopt for "all of them".
FailureOr<std::optional<SmallVector<int64_t>>>
reductionAxes(Node &n, int64_t rank, bool axesAsInput) {
  SmallVector<int64_t> axes;
  if (axesAsInput) {
    if (n.hasInput(1)) {
      FailureOr<SmallVector<int64_t>> values = n.intsInput(1);
      if (failed(values))
        return failure();
      axes = *values;
    }
  } else {
    axes = n.intsAttribute("axes");
  }
  if (axes.empty())
    return std::optional<SmallVector<int64_t>>();
  for (int64_t &axis : axes) {
    std::optional<int64_t> normalized = normalizeAxis(axis, rank);
    if (!normalized)
      return n.fail("axis " + llvm::Twine(axis) + " is out of range");
    axis = *normalized;
  }
  llvm::sort(axes);
  return std::optional<SmallVector<int64_t>>(axes);
}

/// The kinds of ONNX reductions built from kiln ones.
enum class Reduction { Sum, Mean, Max, Min, SumSquare, L1, L2, LogSumExp };

template <Reduction Kind> LogicalResult convertReduce(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  bool axesAsInput = Kind == Reduction::Sum ? n.opset() >= 13 : n.opset() >= 18;
  int64_t rank = typeOf(*x).getRank();
  FailureOr<std::optional<SmallVector<int64_t>>> axes =
      reductionAxes(n, rank, axesAsInput);
  if (failed(axes))
    return failure();
  bool keepdims = n.intAttribute("keepdims", 1);
  bool noopWhenEmpty = n.intAttribute("noop_with_empty_axes", 0);
  if (!*axes && noopWhenEmpty) {
    n.setOutput(0, *x);
    return success();
  }
  OpBuilder &b = n.builder();
  DenseI64ArrayAttr axesAttr =
      *axes ? b.getDenseI64ArrayAttr(**axes) : DenseI64ArrayAttr();
  UnitAttr keep = keepdims ? b.getUnitAttr() : UnitAttr();
  Value input = *x;
  if (Kind == Reduction::SumSquare || Kind == Reduction::L2)
    input = n.make<MulOp>(input, input);
  if (Kind == Reduction::L1)
    input = n.make<AbsOp>(input);
  Value y;
  switch (Kind) {
  case Reduction::Mean:
    y = n.make<ReduceMeanOp>(input, axesAttr, keep);
    break;
  case Reduction::Max:
    y = n.make<ReduceMaxOp>(input, axesAttr, keep);
    break;
  case Reduction::Min:
    y = n.make<ReduceMinOp>(input, axesAttr, keep);
    break;
  case Reduction::LogSumExp: {
    // max + log(sum(exp(x - max))), stable for large x.
    Value max = n.make<ReduceMaxOp>(input, axesAttr, b.getUnitAttr());
    Value sum = n.make<ReduceSumOp>(n.make<ExpOp>(n.make<SubOp>(input, max)),
                                    axesAttr, b.getUnitAttr());
    y = n.make<AddOp>(n.make<LogOp>(sum), max);
    // Summing the kept unit dimensions drops them.
    if (!keepdims)
      y = n.make<ReduceSumOp>(y, axesAttr, UnitAttr());
    break;
  }
  default:
    y = n.make<ReduceSumOp>(input, axesAttr, keep);
  }
  if (Kind == Reduction::L2)
    y = n.make<SqrtOp>(y);
  n.setOutput(0, y);
  return success();
}

template <bool IsMax> LogicalResult convertArgExtreme(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  if (n.intAttribute("select_last_index", 0) != 0)
    return n.fail("select_last_index 1 is not supported");
  int64_t rank = typeOf(*x).getRank();
  std::optional<int64_t> axis = normalizeAxis(n.intAttribute("axis", 0), rank);
  if (!axis)
    return n.fail("axis is out of range");
  bool keepdims = n.intAttribute("keepdims", 1);
  OpBuilder &b = n.builder();
  Value input = *x;
  if (!IsMax) {
    if (!isa<FloatType>(typeOf(input).getElementType()))
      return n.fail("ArgMin of integers is not supported");
    input = n.make<NegOp>(input);
  }
  n.setOutput(0, n.make<ArgmaxOp>(input, b.getI64IntegerAttr(*axis),
                                  keepdims ? b.getUnitAttr() : UnitAttr()));
  return success();
}

LogicalResult convertDropout(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  n.intAttribute("seed", 0);
  n.floatAttribute("ratio", 0.5f); // an attribute before opset 12
  if (n.hasOutput(1))
    return n.fail("the mask output is not supported (inference only)");
  if (n.hasInput(2)) {
    FailureOr<DenseElementsAttr> training = n.constantInput(2);
    if (failed(training))
      return failure();
    if (training->getSplatValue<bool>())
      return n.fail("training_mode true is not supported (inference only)");
  }
  n.setOutput(0, *x);
  return success();
}
} // namespace

void onnx_import::registerNNConverters(ConverterTable &table) {
  table["MatMul"] = convertMatMul;
  table["Gemm"] = convertGemm;
  table["Conv"] = convertConv;
  table["MaxPool"] = convertPool<true>;
  table["AveragePool"] = convertPool<false>;
  table["GlobalAveragePool"] = convertGlobalPool<ReduceMeanOp>;
  table["GlobalMaxPool"] = convertGlobalPool<ReduceMaxOp>;
  table["BatchNormalization"] = convertBatchNorm;
  table["LayerNormalization"] = convertLayerNorm;
  table["Softmax"] = convertSoftmax<SoftmaxOp>;
  table["LogSoftmax"] = convertSoftmax<LogSoftmaxOp>;
  table["ReduceSum"] = convertReduce<Reduction::Sum>;
  table["ReduceMean"] = convertReduce<Reduction::Mean>;
  table["ReduceMax"] = convertReduce<Reduction::Max>;
  table["ReduceMin"] = convertReduce<Reduction::Min>;
  table["ReduceSumSquare"] = convertReduce<Reduction::SumSquare>;
  table["ReduceL1"] = convertReduce<Reduction::L1>;
  table["ReduceL2"] = convertReduce<Reduction::L2>;
  table["ReduceLogSumExp"] = convertReduce<Reduction::LogSumExp>;
  table["ArgMax"] = convertArgExtreme<true>;
  table["ArgMin"] = convertArgExtreme<false>;
  table["Dropout"] = convertDropout;
}
