//===- ConvGradients.cpp - VJPs of conv2d and the poolings ----------------===//
//
// Written, like the other rules, in kiln ops and tensor slices so they can be
// differentiated again:
// - conv2d w.r.t. its input is a convolution of the output gradient (spread
//   out by the strides, padded) with the flipped, group-transposed filter;
//   w.r.t. its filter a convolution of the input with the output gradient,
//   batch and channels exchanged (strides and dilations swap roles); w.r.t.
//   the bias a sum over batch and space.
// - poolings send each window's gradient back tap by tap: every tap is a
//   strided slice of the (padded) input, and its share is written into a
//   zero tensor at the same strided place, the taps' tensors summed; when
//   the windows tile the input exactly, the shares fill one tensor's
//   strided parts instead. Max pooling gives a window's gradient to the
//   first tap that holds the maximum (PyTorch's choice).
//
//===----------------------------------------------------------------------===//

#include "GradBuilder.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

namespace {
/// The geometry of a window along one spatial axis.
struct WindowAxis {
  int64_t size;   // input extent (without padding)
  int64_t out;    // output extent
  int64_t kernel; // taps
  int64_t stride;
  int64_t dilation;
  int64_t padLow;
  int64_t padHigh;

  int64_t padded() const { return size + padLow + padHigh; }
};
} // namespace

static SmallVector<OpFoldResult> indexAttrs(OpBuilder &b,
                                            ArrayRef<int64_t> values) {
  return getAsIndexOpFoldResult(b.getContext(), values);
}

/// Zeros whose leading two dimensions are those of `like` and whose spatial
/// sizes are `height` x `width`.
static Value zerosNCHW(GradBuilder &gb, OpBuilder &b, Location loc, Value like,
                       int64_t height, int64_t width) {
  RankedTensorType type = tensorType(like);
  auto zerosType =
      type.clone({type.getDimSize(0), type.getDimSize(1), height, width});
  SmallVector<Value> dims;
  for (int64_t d = 0; d < 2; ++d)
    if (type.isDynamicDim(d))
      dims.push_back(tensor::DimOp::create(b, loc, like, d));
  return BroadcastToOp::create(b, loc, zerosType, gb.scalar(like, 0), dims);
}

/// Whether the windows tile the axis exactly, each input element a tap of
/// one window: no padding or dilation, strides equal to the kernel, nothing
/// left past the last window.
static bool windowsPartition(const WindowAxis &a) {
  return a.padLow == 0 && a.padHigh == 0 && a.dilation == 1 &&
         a.stride == a.kernel && a.out * a.stride == a.size;
}

/// An uninitialised tensor of `like`'s type, for a gradient every tap
/// overwrites in part.
static Value emptyLike(OpBuilder &b, Location loc, Value like) {
  RankedTensorType type = tensorType(like);
  SmallVector<Value> dims;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dims.push_back(tensor::DimOp::create(b, loc, like, d));
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dims);
}

/// `g` (N x C x out_h x out_w) written into `into` at spatial offset
/// (`top`, `left`) with the axes' strides: the transpose of a strided slice.
static Value scatterStrided(OpBuilder &b, Location loc, Value g, Value into,
                            int64_t top, int64_t left, const WindowAxis &h,
                            const WindowAxis &w) {
  return tensor::InsertSliceOp::create(
      b, loc, g, into, indexAttrs(b, {0, 0, top, left}),
      tensor::getMixedSizes(b, loc, g),
      indexAttrs(b, {1, 1, h.stride, w.stride}));
}

/// Tap (`kh`, `kw`) of every window: a strided slice of the padded input.
static Value windowTap(OpBuilder &b, Location loc, Value padded, int64_t kh,
                       int64_t kw, const WindowAxis &h, const WindowAxis &w,
                       RankedTensorType tapType) {
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, padded);
  sizes[2] = b.getIndexAttr(h.out);
  sizes[3] = b.getIndexAttr(w.out);
  return tensor::ExtractSliceOp::create(
      b, loc, tapType, padded,
      indexAttrs(b, {0, 0, kh * h.dilation, kw * w.dilation}), sizes,
      indexAttrs(b, {1, 1, h.stride, w.stride}));
}

/// `x` padded on the spatial axes with `value` (unchanged without padding).
static Value padSpatial(OpBuilder &b, Location loc, Value x,
                        const WindowAxis &h, const WindowAxis &w,
                        double value) {
  if (!h.padLow && !h.padHigh && !w.padLow && !w.padHigh)
    return x;
  return PadOp::create(b, loc, x,
                       b.getDenseI64ArrayAttr({0, 0, h.padLow, w.padLow}),
                       b.getDenseI64ArrayAttr({0, 0, h.padHigh, w.padHigh}),
                       b.getF64FloatAttr(value));
}

/// The unpadded part of a gradient of the padded input.
static Value cropSpatial(OpBuilder &b, Location loc, Value padded,
                         RankedTensorType inputType, const WindowAxis &h,
                         const WindowAxis &w) {
  if (padded.getType() == inputType)
    return padded;
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, padded);
  sizes[2] = b.getIndexAttr(h.size);
  sizes[3] = b.getIndexAttr(w.size);
  return tensor::ExtractSliceOp::create(
      b, loc, inputType, padded, indexAttrs(b, {0, 0, h.padLow, w.padLow}),
      sizes, indexAttrs(b, {1, 1, 1, 1}));
}

/// Window geometry of a conv/pool op on `input` giving `result`, or failure
/// (with a diagnostic) when a spatial size is dynamic.
static FailureOr<std::pair<WindowAxis, WindowAxis>>
windowAxes(Operation *op, Value input, Value result, ArrayRef<int64_t> kernel,
           ArrayRef<int64_t> strides, ArrayRef<int64_t> padding,
           ArrayRef<int64_t> dilations) {
  RankedTensorType in = tensorType(input), out = tensorType(result);
  for (int64_t d : {2, 3})
    if (in.isDynamicDim(d) || out.isDynamicDim(d))
      return op->emitOpError("gradient needs static spatial sizes, got input ")
             << in << " and result " << out;
  auto axis = [&](int64_t i) {
    return WindowAxis{in.getDimSize(2 + i), out.getDimSize(2 + i), kernel[i],
                      strides[i],           dilations[i],          padding[i],
                      padding[2 + i]};
  };
  return std::pair(axis(0), axis(1));
}

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

/// The filter as a filter of the input-gradient convolution: F x C/g x KH x
/// KW becomes C x F/g x KH x KW (within each group the two channel axes
/// swap) with both spatial axes reversed.
static Value transposedFilter(GradBuilder &gb, OpBuilder &b, Location loc,
                              Value filter, int64_t groups) {
  ArrayRef<int64_t> shape = tensorType(filter).getShape();
  int64_t f = shape[0], cg = shape[1], kh = shape[2], kw = shape[3];
  Value grouped = ReshapeOp::create(
      b, loc, filter, b.getDenseI64ArrayAttr({groups, f / groups, cg, kh, kw}));
  Value swapped = gb.transpose(grouped, {0, 2, 1, 3, 4});
  Value w = ReshapeOp::create(
      b, loc, swapped,
      b.getDenseI64ArrayAttr({groups * cg, f / groups, kh, kw}));
  for (auto [axis, extent] : {std::pair<int64_t, int64_t>(2, kh), {3, kw}}) {
    if (extent == 1)
      continue;
    SmallVector<int64_t> reversed;
    for (int64_t i = extent - 1; i >= 0; --i)
      reversed.push_back(i);
    auto indicesType = RankedTensorType::get({extent}, b.getI64Type());
    Value indices = ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(indicesType, ArrayRef<int64_t>(reversed)));
    w = GatherOp::create(b, loc, w, indices, axis);
  }
  return w;
}

/// d(loss)/d(input): the output gradient spread out by the strides, padded
/// so that a stride-1 convolution with the transposed filter gives the
/// input's size.
static Value convInputGradient(GradBuilder &gb, OpBuilder &b, Location loc,
                               Conv2DOp op, Value g, const WindowAxis &h,
                               const WindowAxis &w) {
  // Padding before/after the spread-out gradient on each axis; negative
  // means cropping (padding wider than the kernel reaches).
  auto low = [](const WindowAxis &a) {
    return (a.kernel - 1) * a.dilation - a.padLow;
  };
  auto spread = [](const WindowAxis &a) { return (a.out - 1) * a.stride + 1; };
  auto high = [&](const WindowAxis &a) {
    return a.size - spread(a) - low(a) + (a.kernel - 1) * a.dilation;
  };
  int64_t lowH = low(h), lowW = low(w), highH = high(h), highW = high(w);
  int64_t extentH =
      spread(h) + std::max<int64_t>(lowH, 0) + std::max<int64_t>(highH, 0);
  int64_t extentW =
      spread(w) + std::max<int64_t>(lowW, 0) + std::max<int64_t>(highW, 0);
  Value spreadOut = scatterStrided(
      b, loc, g, zerosNCHW(gb, b, loc, g, extentH, extentW),
      std::max<int64_t>(lowH, 0), std::max<int64_t>(lowW, 0), h, w);
  if (lowH < 0 || lowW < 0 || highH < 0 || highW < 0) {
    int64_t cropTop = std::max<int64_t>(-lowH, 0);
    int64_t cropLeft = std::max<int64_t>(-lowW, 0);
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, spreadOut);
    sizes[2] = b.getIndexAttr(extentH - cropTop - std::max<int64_t>(-highH, 0));
    sizes[3] =
        b.getIndexAttr(extentW - cropLeft - std::max<int64_t>(-highW, 0));
    spreadOut = tensor::ExtractSliceOp::create(
        b, loc, spreadOut, indexAttrs(b, {0, 0, cropTop, cropLeft}), sizes,
        indexAttrs(b, {1, 1, 1, 1}));
  }
  int64_t groups = op.getGroupsAttr() ? op.getGroupsAttr().getInt() : 1;
  Value filter = transposedFilter(gb, b, loc, op.getFilter(), groups);
  Value dx =
      Conv2DOp::create(b, loc, spreadOut, filter, /*bias=*/Value(), {1, 1},
                       {0, 0, 0, 0}, {h.dilation, w.dilation}, groups);
  if (dx.getType() != op.getInput().getType())
    dx = tensor::CastOp::create(b, loc, op.getInput().getType(), dx);
  return dx;
}

/// d(loss)/d(filter): within each group, the padded input with batch and
/// channels exchanged, convolved with the output gradient as the filter
/// (the forward strides become dilations and the dilations strides).
static Value convFilterGradient(GradBuilder &gb, OpBuilder &b, Location loc,
                                Conv2DOp op, Value g, const WindowAxis &h,
                                const WindowAxis &w) {
  int64_t groups = op.getGroupsAttr() ? op.getGroupsAttr().getInt() : 1;
  auto filterType = tensorType(op.getFilter());
  int64_t cg = filterType.getDimSize(1);
  Value x = padSpatial(b, loc, op.getInput(), h, w, 0.0);
  int64_t hp = h.padded(), wp = w.padded();
  // N x C x Hp x Wp -> C/g x (g * N) x Hp x Wp, groups outermost.
  Value grouped = ReshapeOp::create(
      b, loc, x, b.getDenseI64ArrayAttr({-1, groups, cg, hp, wp}));
  Value exchanged = gb.transpose(grouped, {2, 1, 0, 3, 4});
  Value input = ReshapeOp::create(b, loc, exchanged,
                                  b.getDenseI64ArrayAttr({cg, -1, hp, wp}));
  Value filter = gb.transpose(g, {1, 0, 2, 3});
  Value dw = Conv2DOp::create(b, loc, input, filter, /*bias=*/Value(),
                              {h.dilation, w.dilation}, {0, 0, 0, 0},
                              {h.stride, w.stride}, groups);
  // Taps past the last one the forward used (a stride that does not divide
  // the padded size) are dropped.
  auto dwType = tensorType(dw);
  if (dwType.getDimSize(2) != h.kernel || dwType.getDimSize(3) != w.kernel)
    dw = tensor::ExtractSliceOp::create(
        b, loc, dw, indexAttrs(b, {0, 0, 0, 0}),
        indexAttrs(b, {cg, dwType.getDimSize(1), h.kernel, w.kernel}),
        indexAttrs(b, {1, 1, 1, 1}));
  Value result = gb.transpose(dw, {1, 0, 2, 3});
  if (result.getType() != filterType)
    result = tensor::CastOp::create(b, loc, filterType, result);
  return result;
}

LogicalResult Conv2DOp::buildVJP(OpBuilder &b, ValueRange grads,
                                 SmallVectorImpl<Value> &out) {
  auto filterType = tensorType(getFilter());
  if (!filterType.hasStaticShape())
    return emitOpError("gradient needs a static filter shape, got ")
           << filterType;
  FailureOr<std::pair<WindowAxis, WindowAxis>> axes = windowAxes(
      *this, getInput(), getResult(), filterType.getShape().drop_front(2),
      getStrides(), getPadding(), getDilations());
  if (failed(axes))
    return failure();
  auto [h, w] = *axes;
  GradBuilder gb(b, getLoc());
  Value g = grads[0];
  out.push_back(convInputGradient(gb, b, getLoc(), *this, g, h, w));
  out.push_back(convFilterGradient(gb, b, getLoc(), *this, g, h, w));
  if (getBias())
    out.push_back(ReduceSumOp::create(b, getLoc(), g,
                                      b.getDenseI64ArrayAttr({0, 2, 3}),
                                      /*keepdims=*/false));
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

LogicalResult MaxPool2DOp::buildVJP(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  ArrayRef<int64_t> kernel = getKernelSize();
  FailureOr<std::pair<WindowAxis, WindowAxis>> axes =
      windowAxes(*this, getInput(), getResult(), kernel,
                 getStrides().value_or(kernel), getPadding(), getDilations());
  if (failed(axes))
    return failure();
  auto [h, w] = *axes;
  GradBuilder gb(b, getLoc());
  Location loc = getLoc();
  Value padded = padSpatial(b, loc, getInput(), h, w, -INFINITY);
  Value zero = gb.scalar(grads[0], 0);
  Value remaining = grads[0];
  // Windows that tile the input: each tap's share fills its own strided
  // part of the gradient, with no zeros to add up.
  bool partition = windowsPartition(h) && windowsPartition(w);
  Value dx = partition ? emptyLike(b, loc, getInput()) : Value();
  for (int64_t kh = 0; kh < h.kernel; ++kh)
    for (int64_t kw = 0; kw < w.kernel; ++kw) {
      Value tap = windowTap(b, loc, padded, kh, kw, h, w, getType());
      Value hit = gb.compare(ComparePredicate::eq, tap, getResult());
      Value share = gb.select(hit, remaining, zero);
      // A compare of its own rather than `hit` again: with one user each,
      // both compares fuse into their selects instead of a bool tensor
      // being written between kernels (bool tensors stay scalar code).
      Value miss = gb.compare(ComparePredicate::ne, tap, getResult());
      remaining = gb.select(miss, remaining, zero);
      if (partition) {
        dx = scatterStrided(b, loc, share, dx, kh, kw, h, w);
        continue;
      }
      Value zeros = zerosNCHW(gb, b, loc, getInput(), h.padded(), w.padded());
      Value scattered = scatterStrided(b, loc, share, zeros, kh * h.dilation,
                                       kw * w.dilation, h, w);
      dx = dx ? gb.add(dx, scattered) : scattered;
    }
  out.push_back(cropSpatial(b, loc, dx, getInput().getType(), h, w));
  return success();
}

/// How many taps of each window fall inside the unpadded input (the divisor
/// of avg_pool2d without count_include_pad), as an out_h x out_w constant.
static Value realTapCounts(OpBuilder &b, Location loc, Type element,
                           const WindowAxis &h, const WindowAxis &w) {
  auto inside = [](const WindowAxis &a, int64_t o) {
    int64_t count = 0;
    for (int64_t k = 0; k < a.kernel; ++k) {
      int64_t at = o * a.stride + k * a.dilation - a.padLow;
      count += at >= 0 && at < a.size;
    }
    return count;
  };
  SmallVector<Attribute> counts;
  for (int64_t oh = 0; oh < h.out; ++oh)
    for (int64_t ow = 0; ow < w.out; ++ow)
      counts.push_back(b.getFloatAttr(
          element, static_cast<double>(inside(h, oh) * inside(w, ow))));
  return ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(RankedTensorType::get({h.out, w.out}, element),
                             counts));
}

LogicalResult AvgPool2DOp::buildVJP(OpBuilder &b, ValueRange grads,
                                    SmallVectorImpl<Value> &out) {
  ArrayRef<int64_t> kernel = getKernelSize();
  FailureOr<std::pair<WindowAxis, WindowAxis>> axes =
      windowAxes(*this, getInput(), getResult(), kernel,
                 getStrides().value_or(kernel), getPadding(), {1, 1});
  if (failed(axes))
    return failure();
  auto [h, w] = *axes;
  GradBuilder gb(b, getLoc());
  Location loc = getLoc();
  Type element = getType().getElementType();
  bool includePad =
      !getCountIncludePadAttr() || getCountIncludePadAttr().getValue();
  Value divisor =
      includePad ? gb.scalar(grads[0], static_cast<double>(h.kernel * w.kernel))
                 : realTapCounts(b, loc, element, h, w);
  Value share = gb.div(grads[0], divisor);
  bool partition = windowsPartition(h) && windowsPartition(w);
  Value dx = partition ? emptyLike(b, loc, getInput()) : Value();
  for (int64_t kh = 0; kh < h.kernel; ++kh)
    for (int64_t kw = 0; kw < w.kernel; ++kw) {
      if (partition) {
        dx = scatterStrided(b, loc, share, dx, kh, kw, h, w);
        continue;
      }
      Value zeros = zerosNCHW(gb, b, loc, getInput(), h.padded(), w.padded());
      Value scattered = scatterStrided(b, loc, share, zeros, kh, kw, h, w);
      dx = dx ? gb.add(dx, scattered) : scattered;
    }
  out.push_back(cropSpatial(b, loc, dx, getInput().getType(), h, w));
  return success();
}
