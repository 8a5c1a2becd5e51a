//===- ExtDialect.cpp - the ext dialect and ext.softplus -----------------===//
//
// An op outside Kiln joins its passes through interfaces only: the folder
// makes constants that Kiln's own constant op holds, and the VJP rule,
// written in kiln ops, is all kiln-autodiff needs to differentiate it.
//
//===----------------------------------------------------------------------===//

#include "Ext/Ext.h"

#include "llvm/ADT/APFloat.h"

#include <cmath>

using namespace mlir;
using namespace ext;

#include "Ext/ExtDialect.cpp.inc"

void ExtDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "Ext/ExtOps.cpp.inc"
      >();
}

/// Folded values are kiln.constant ops, which every Kiln pass knows.
Operation *ExtDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto elements = dyn_cast<DenseElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return kiln::ConstantOp::create(builder, loc, elements);
}

#define GET_OP_CLASSES
#include "Ext/ExtOps.cpp.inc"

/// log(1 + exp(x)) without overflow.
static double softplus(double x) {
  return std::max(x, 0.0) + std::log1p(std::exp(-std::fabs(x)));
}

OpFoldResult SoftplusOp::fold(FoldAdaptor adaptor) {
  auto input = dyn_cast_if_present<DenseFPElementsAttr>(adaptor.getInput());
  if (!input)
    return {};
  auto element = cast<FloatType>(input.getElementType());
  return input.mapValues(element, [&](const APFloat &value) {
    APFloat x = value;
    bool lost;
    x.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    APFloat y(softplus(x.convertToDouble()));
    y.convert(element.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    return y.bitcastToAPInt();
  });
}

/// d softplus(x) / dx = sigmoid(x).
LogicalResult SoftplusOp::buildVJP(OpBuilder &builder, ValueRange resultGrads,
                                   SmallVectorImpl<Value> &operandGrads) {
  Value slope = kiln::SigmoidOp::create(builder, getLoc(), getInput());
  operandGrads.push_back(
      kiln::MulOp::create(builder, getLoc(), resultGrads[0], slope));
  return success();
}
