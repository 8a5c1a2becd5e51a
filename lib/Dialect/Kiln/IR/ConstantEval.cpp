//===- ConstantEval.cpp - evaluate kiln ops on constants ------------------===//

#include "ConstantEval.h"
#include "mlir/IR/BuiltinTypeInterfaces.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::eval;

DenseElementsAttr eval::getFoldable(Attribute attr, Type resultType) {
  auto elements = dyn_cast_or_null<DenseElementsAttr>(attr);
  auto type = dyn_cast<RankedTensorType>(resultType);
  if (!elements || !type || !type.hasStaticShape() ||
      type.getNumElements() > kMaxFoldedElements)
    return {};
  return elements;
}

double eval::toDouble(const APFloat &value) {
  APFloat wide = value;
  bool lost;
  wide.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
  return wide.convertToDouble();
}

APFloat eval::fromDouble(double value, const llvm::fltSemantics &semantics) {
  APFloat result(value);
  bool lost;
  result.convert(semantics, APFloat::rmNearestTiesToEven, &lost);
  return result;
}

namespace {
/// Maps positions of a result to positions of broadcast operands.
class BroadcastIndexer {
public:
  BroadcastIndexer(ArrayRef<int64_t> resultShape,
                   ArrayRef<DenseElementsAttr> operands)
      : resultShape(resultShape) {
    int64_t rank = resultShape.size();
    for (DenseElementsAttr operand : operands) {
      SmallVector<int64_t> strides(rank, 0);
      if (!operand.isSplat()) {
        ArrayRef<int64_t> shape = operand.getType().getShape();
        int64_t offset = rank - shape.size(), stride = 1;
        for (int64_t d = shape.size() - 1; d >= 0; --d) {
          if (shape[d] != 1)
            strides[d + offset] = stride;
          stride *= shape[d];
        }
      }
      operandStrides.push_back(std::move(strides));
    }
    indices.resize(operands.size());
  }

  /// The operand positions of result position `linear`.
  ArrayRef<int64_t> operandIndices(int64_t linear) {
    std::fill(indices.begin(), indices.end(), 0);
    for (int64_t d = resultShape.size() - 1; d >= 0; --d) {
      int64_t coord = linear % resultShape[d];
      linear /= resultShape[d];
      for (size_t k = 0; k < indices.size(); ++k)
        indices[k] += coord * operandStrides[k][d];
    }
    return indices;
  }

private:
  ArrayRef<int64_t> resultShape;
  SmallVector<SmallVector<int64_t>> operandStrides;
  SmallVector<int64_t> indices;
};

template <typename T>
Attribute buildBroadcastImpl(
    RankedTensorType resultType, ArrayRef<DenseElementsAttr> operands,
    llvm::function_ref<std::optional<T>(ArrayRef<int64_t>)> compute) {
  if (resultType.getNumElements() == 0)
    return DenseElementsAttr::get(resultType, ArrayRef<T>());
  bool allSplat =
      llvm::all_of(operands, [](DenseElementsAttr a) { return a.isSplat(); });
  int64_t count = allSplat ? 1 : resultType.getNumElements();
  BroadcastIndexer indexer(resultType.getShape(), operands);
  SmallVector<T> values;
  values.reserve(count);
  for (int64_t i = 0; i < count; ++i) {
    std::optional<T> value = compute(indexer.operandIndices(i));
    if (!value)
      return {};
    values.push_back(*value);
  }
  return DenseElementsAttr::get(resultType, values);
}
} // namespace

Attribute eval::buildBroadcast(
    RankedTensorType resultType, ArrayRef<DenseElementsAttr> operands,
    llvm::function_ref<std::optional<APFloat>(ArrayRef<int64_t>)> compute) {
  return buildBroadcastImpl<APFloat>(resultType, operands, compute);
}

Attribute eval::buildBroadcast(
    RankedTensorType resultType, ArrayRef<DenseElementsAttr> operands,
    llvm::function_ref<std::optional<APInt>(ArrayRef<int64_t>)> compute) {
  return buildBroadcastImpl<APInt>(resultType, operands, compute);
}

Attribute eval::mapElements(
    DenseElementsAttr input, RankedTensorType resultType,
    llvm::function_ref<std::optional<APFloat>(const APFloat &)> onFloat,
    llvm::function_ref<std::optional<APInt>(const APInt &)> onInt) {
  if (isa<FloatType>(input.getElementType())) {
    SmallVector<APFloat> values = elementsOf<APFloat>(input);
    return buildBroadcast(resultType, {input}, [&](ArrayRef<int64_t> idx) {
      return onFloat(values[idx[0]]);
    });
  }
  SmallVector<APInt> values = elementsOf<APInt>(input);
  return buildBroadcast(resultType, {input}, [&](ArrayRef<int64_t> idx) {
    return onInt(values[idx[0]]);
  });
}

namespace {
/// Position of every input element in a reduction's result.
struct ReductionIndexer {
  ReductionIndexer(ArrayRef<int64_t> shape, ArrayRef<int64_t> axes)
      : shape(shape), reduced(shape.size(), false) {
    for (int64_t axis : axes)
      reduced[axis] = true;
  }
  /// The result position of input position `linear`, and the coordinate
  /// along the last reduced axis (used by argmax).
  std::pair<int64_t, int64_t> map(int64_t linear) const {
    int64_t out = 0, outStride = 1, along = 0;
    for (int64_t d = shape.size() - 1; d >= 0; --d) {
      int64_t coord = linear % shape[d];
      linear /= shape[d];
      if (reduced[d]) {
        along = coord;
        continue;
      }
      out += coord * outStride;
      outStride *= shape[d];
    }
    return {out, along};
  }
  ArrayRef<int64_t> shape;
  SmallVector<bool> reduced;
};
} // namespace

Attribute eval::reduce(DenseElementsAttr input, RankedTensorType resultType,
                       ArrayRef<int64_t> axes, ReduceKind kind) {
  ArrayRef<int64_t> shape = input.getType().getShape();
  int64_t inputCount = input.getNumElements();
  if (inputCount == 0 || inputCount > kMaxFoldedElements)
    return {};
  int64_t outCount = resultType.getNumElements();
  int64_t perOutput = inputCount / std::max<int64_t>(outCount, 1);
  ReductionIndexer indexer(shape, axes);
  bool isFloat = isa<FloatType>(input.getElementType());

  if (kind == ReduceKind::Argmax) {
    SmallVector<APInt> best(outCount, APInt(64, 0));
    SmallVector<int64_t> bestPos(outCount, -1);
    auto greater = [&](int64_t a, int64_t b) {
      if (isFloat) {
        APFloat x = input.getValues<APFloat>()[a];
        APFloat y = input.getValues<APFloat>()[b];
        // NaN counts as the maximum, as in numpy.
        return (x.isNaN() && !y.isNaN()) ||
               x.compare(y) == APFloat::cmpGreaterThan;
      }
      return input.getValues<APInt>()[a].sgt(input.getValues<APInt>()[b]);
    };
    for (int64_t i = 0; i < inputCount; ++i) {
      auto [out, along] = indexer.map(i);
      if (bestPos[out] < 0 || greater(i, bestPos[out])) {
        bestPos[out] = i;
        best[out] = APInt(64, along);
      }
    }
    return DenseElementsAttr::get(resultType, best);
  }

  // Floats accumulate in double precision and round once at the end, so
  // f16/bf16 sums do not saturate or lose their low bits.
  auto combine = [&](auto &acc, const auto &value) {
    using T = std::decay_t<decltype(value)>;
    if constexpr (std::is_same_v<T, APFloat>) {
      APFloat wide(toDouble(value));
      if (kind == ReduceKind::Sum || kind == ReduceKind::Mean)
        acc.add(wide, APFloat::rmNearestTiesToEven);
      else if (kind == ReduceKind::Max)
        acc = llvm::maximum(acc, wide);
      else
        acc = llvm::minimum(acc, wide);
    } else {
      if (kind == ReduceKind::Sum)
        acc += value;
      else if (kind == ReduceKind::Max)
        acc = llvm::APIntOps::smax(acc, value);
      else
        acc = llvm::APIntOps::smin(acc, value);
    }
  };
  auto run = [&](auto zero) -> Attribute {
    using T = decltype(zero);
    SmallVector<std::optional<T>> acc(outCount);
    auto values = input.getValues<T>();
    for (int64_t i = 0; i < inputCount; ++i) {
      int64_t out = indexer.map(i).first;
      if (!acc[out]) {
        if constexpr (std::is_same_v<T, APFloat>)
          acc[out] = APFloat(toDouble(values[i]));
        else
          acc[out] = values[i];
      } else {
        combine(*acc[out], values[i]);
      }
    }
    SmallVector<T> result;
    for (std::optional<T> &value : acc) {
      if constexpr (std::is_same_v<T, APFloat>) {
        if (kind == ReduceKind::Mean)
          value->divide(APFloat(static_cast<double>(perOutput)),
                        APFloat::rmNearestTiesToEven);
        const auto &semantics =
            cast<FloatType>(resultType.getElementType()).getFloatSemantics();
        result.push_back(fromDouble(toDouble(*value), semantics));
      } else {
        result.push_back(*value);
      }
    }
    return DenseElementsAttr::get(resultType, result);
  };
  if (isFloat)
    return run(APFloat(0.0));
  return run(APInt());
}

Attribute eval::transpose(DenseElementsAttr input, RankedTensorType resultType,
                          ArrayRef<int64_t> perm) {
  if (input.isSplat())
    return input.reshape(resultType);
  ArrayRef<int64_t> inShape = input.getType().getShape();
  SmallVector<int64_t> inStrides(inShape.size(), 1);
  for (int64_t d = static_cast<int64_t>(inShape.size()) - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * inShape[d + 1];
  ArrayRef<int64_t> outShape = resultType.getShape();
  auto source = [&](int64_t linear) {
    int64_t index = 0;
    for (int64_t d = outShape.size() - 1; d >= 0; --d) {
      index += (linear % outShape[d]) * inStrides[perm[d]];
      linear /= outShape[d];
    }
    return index;
  };
  int64_t count = resultType.getNumElements();
  if (isa<FloatType>(input.getElementType())) {
    auto values = input.getValues<APFloat>();
    SmallVector<APFloat> out;
    for (int64_t i = 0; i < count; ++i)
      out.push_back(values[source(i)]);
    return DenseElementsAttr::get(resultType, out);
  }
  auto values = input.getValues<APInt>();
  SmallVector<APInt> out;
  for (int64_t i = 0; i < count; ++i)
    out.push_back(values[source(i)]);
  return DenseElementsAttr::get(resultType, out);
}
