//===- Tensors.cpp - ONNX tensors and types as MLIR ones ------------------===//

#include "Importer.h"

#include "llvm/ADT/APFloat.h"

using namespace mlir;
using namespace mlir::kiln::onnx_import;
using onnx::TensorProto;

Type mlir::kiln::onnx_import::elementType(int32_t type, MLIRContext *context) {
  Builder b(context);
  switch (type) {
  case TensorProto::FLOAT:
    return b.getF32Type();
  case TensorProto::DOUBLE:
    return b.getF64Type();
  case TensorProto::FLOAT16:
    return b.getF16Type();
  case TensorProto::BFLOAT16:
    return b.getBF16Type();
  case TensorProto::INT8:
  case TensorProto::UINT8:
    return b.getI8Type();
  case TensorProto::INT16:
  case TensorProto::UINT16:
    return b.getI16Type();
  case TensorProto::INT32:
  case TensorProto::UINT32:
    return b.getI32Type();
  case TensorProto::INT64:
  case TensorProto::UINT64:
    return b.getI64Type();
  case TensorProto::BOOL:
    return b.getI1Type();
  default:
    return nullptr;
  }
}

std::string mlir::kiln::onnx_import::dataTypeName(int32_t type) {
  if (TensorProto::DataType_IsValid(type))
    return TensorProto::DataType_Name(static_cast<TensorProto::DataType>(type));
  return "data type " + std::to_string(type);
}

namespace {
/// Elements stored in a typed repeated field, converted to `T`.
template <typename T, typename Field>
SmallVector<T> convertAll(const Field &field) {
  SmallVector<T> values;
  values.reserve(field.size());
  for (auto value : field)
    values.push_back(static_cast<T>(value));
  return values;
}

/// 16-bit floats stored as the low halves of int32_data.
DenseElementsAttr
halfFloats(RankedTensorType type,
           const google::protobuf::RepeatedField<int32_t> &bits) {
  auto &semantics = cast<FloatType>(type.getElementType()).getFloatSemantics();
  SmallVector<APFloat> values;
  for (int32_t word : bits)
    values.emplace_back(semantics, APInt(16, static_cast<uint16_t>(word)));
  return DenseElementsAttr::get(type, values);
}
} // namespace

/// The elements of `tensor` in their stored type (elementType).
static FailureOr<DenseElementsAttr> storedElements(const TensorProto &tensor,
                                                   MLIRContext *context,
                                                   std::string &error) {
  Type element = elementType(tensor.data_type(), context);
  if (!element) {
    error = "element type " + dataTypeName(tensor.data_type()) +
            " is not supported";
    return failure();
  }
  if (tensor.data_location() == TensorProto::EXTERNAL) {
    error = "external tensor data is not supported";
    return failure();
  }
  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (int64_t size : tensor.dims()) {
    if (size < 0) {
      error = "a negative dimension (" + std::to_string(size) + ")";
      return failure();
    }
    shape.push_back(size);
    // A bound before multiplying: the product of the dimensions must not
    // overflow (found by fuzzing).
    constexpr int64_t kMaxElements = int64_t(1) << 40;
    if (size != 0 && count > kMaxElements / size) {
      error = "a tensor of more than 2^40 elements";
      return failure();
    }
    count *= size;
  }
  auto type = RankedTensorType::get(shape, element);
  unsigned bytes = (element.getIntOrFloatBitWidth() + 7) / 8;

  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (raw.size() != static_cast<size_t>(count) * bytes) {
      error = "raw data of " + std::to_string(raw.size()) + " bytes for " +
              std::to_string(count) + " elements of " + std::to_string(bytes) +
              " bytes";
      return failure();
    }
    // MLIR packs booleans into bits; ONNX keeps one byte each.
    if (element.isInteger(1)) {
      SmallVector<bool> values;
      for (char byte : raw)
        values.push_back(byte != 0);
      return DenseElementsAttr::get(type, values);
    }
    return DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(raw.data(), raw.size()));
  }

  auto checkCount = [&](int64_t stored) {
    if (stored == count)
      return true;
    error = std::to_string(stored) + " stored elements for a shape of " +
            std::to_string(count);
    return false;
  };
  switch (tensor.data_type()) {
  case TensorProto::FLOAT:
    if (!checkCount(tensor.float_data_size()))
      return failure();
    return DenseElementsAttr::get(
        type, ArrayRef<float>(convertAll<float>(tensor.float_data())));
  case TensorProto::DOUBLE:
    if (!checkCount(tensor.double_data_size()))
      return failure();
    return DenseElementsAttr::get(
        type, ArrayRef<double>(convertAll<double>(tensor.double_data())));
  case TensorProto::INT64:
    if (!checkCount(tensor.int64_data_size()))
      return failure();
    return DenseElementsAttr::get(
        type, ArrayRef<int64_t>(convertAll<int64_t>(tensor.int64_data())));
  case TensorProto::INT32:
    if (!checkCount(tensor.int32_data_size()))
      return failure();
    return DenseElementsAttr::get(
        type, ArrayRef<int32_t>(convertAll<int32_t>(tensor.int32_data())));
  // 8- and 16-bit integers sit one per int32_data entry; UINT32 and UINT64
  // in uint64_data.
  case TensorProto::INT8:
  case TensorProto::UINT8:
    if (!checkCount(tensor.int32_data_size()))
      return failure();
    return DenseElementsAttr::get(
        type, ArrayRef<int8_t>(convertAll<int8_t>(tensor.int32_data())));
  case TensorProto::INT16:
  case TensorProto::UINT16:
    if (!checkCount(tensor.int32_data_size()))
      return failure();
    return DenseElementsAttr::get(
        type, ArrayRef<int16_t>(convertAll<int16_t>(tensor.int32_data())));
  case TensorProto::UINT32:
    if (!checkCount(tensor.uint64_data_size()))
      return failure();
    return DenseElementsAttr::get(
        type, ArrayRef<int32_t>(convertAll<int32_t>(tensor.uint64_data())));
  case TensorProto::UINT64:
    if (!checkCount(tensor.uint64_data_size()))
      return failure();
    return DenseElementsAttr::get(
        type, ArrayRef<int64_t>(convertAll<int64_t>(tensor.uint64_data())));
  case TensorProto::BOOL:
    if (!checkCount(tensor.int32_data_size()))
      return failure();
    return DenseElementsAttr::get(
        type, ArrayRef<bool>(convertAll<bool>(tensor.int32_data())));
  default: // FLOAT16, BFLOAT16
    if (!checkCount(tensor.int32_data_size()))
      return failure();
    return halfFloats(type, tensor.int32_data());
  }
}

FailureOr<DenseElementsAttr> mlir::kiln::onnx_import::tensorElements(
    const TensorProto &tensor, MLIRContext *context, std::string &error) {
  FailureOr<DenseElementsAttr> stored = storedElements(tensor, context, error);
  Type compute = computeElementType(tensor.data_type(), context);
  if (failed(stored) || stored->getElementType() == compute)
    return stored;
  unsigned width = compute.getIntOrFloatBitWidth();
  return stored->mapValues(
      compute, [&](const APInt &value) { return value.zext(width); });
}

FailureOr<RankedTensorType>
mlir::kiln::onnx_import::tensorType(const onnx::TypeProto &type,
                                    MLIRContext *context, std::string &error) {
  if (!type.has_tensor_type()) {
    error = "only tensors are supported (not sequences, maps or optionals)";
    return failure();
  }
  const onnx::TypeProto::Tensor &tensor = type.tensor_type();
  Type element = elementType(tensor.elem_type(), context);
  if (!element) {
    error = "element type " + dataTypeName(tensor.elem_type()) +
            " is not supported";
    return failure();
  }
  if (!tensor.has_shape()) {
    error = "it has no shape (Kiln needs the rank of every input)";
    return failure();
  }
  SmallVector<int64_t> shape;
  for (const onnx::TensorShapeProto::Dimension &dim : tensor.shape().dim())
    shape.push_back(dim.has_dim_value() && dim.dim_value() >= 0
                        ? dim.dim_value()
                        : ShapedType::kDynamic);
  return RankedTensorType::get(shape, element);
}
