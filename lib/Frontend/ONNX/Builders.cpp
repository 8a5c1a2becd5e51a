//===- Builders.cpp - small kiln op builders the converters share ---------===//

#include "Importer.h"

#include "kiln/Dialect/Kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;

RankedTensorType onnx_import::typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

Value onnx_import::constant(OpBuilder &b, Location loc,
                            DenseElementsAttr value) {
  return ConstantOp::create(b, loc, value);
}

Value onnx_import::scalar(OpBuilder &b, Location loc, Type element,
                          double value) {
  auto type = RankedTensorType::get({}, element);
  if (auto floatType = dyn_cast<FloatType>(element)) {
    APFloat number(value);
    bool lost;
    number.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                   &lost);
    return constant(b, loc, DenseElementsAttr::get(type, number));
  }
  APInt number(element.getIntOrFloatBitWidth(), static_cast<int64_t>(value),
               /*isSigned=*/true);
  return constant(b, loc, DenseElementsAttr::get(type, number));
}

Value onnx_import::castTo(Node &n, Value value, Type element) {
  if (!value)
    return nullptr;
  RankedTensorType type = typeOf(value);
  if (type.getElementType() == element)
    return value;
  return CastOp::create(n.builder(), n.loc, type.clone(element), value);
}

std::optional<int64_t> onnx_import::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

Value onnx_import::reshape(Node &n, Value value, ArrayRef<int64_t> shape) {
  if (!value)
    return nullptr;
  RankedTensorType type = typeOf(value);
  if (type.hasStaticShape() && type.getShape() == shape)
    return value;
  return n.make<ReshapeOp>(value, n.builder().getDenseI64ArrayAttr(shape));
}
