//===- Utils.cpp - helpers shared by the kiln-to-linalg patterns ----------===//

#include "Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;

Value kiln::indexEq(OpBuilder &b, Location loc, OpFoldResult lhs,
                    OpFoldResult rhs) {
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                               getValueOrCreateConstantIndexOp(b, loc, lhs),
                               getValueOrCreateConstantIndexOp(b, loc, rhs));
}

SmallVector<OpFoldResult> kiln::getDims(OpBuilder &b, Location loc,
                                        Value tensor) {
  return tensor::getMixedSizes(b, loc, tensor);
}

Value kiln::createEmpty(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> dims,
                        Type elementType) {
  return tensor::EmptyOp::create(b, loc, dims, elementType);
}

Value kiln::createFilled(OpBuilder &b, Location loc,
                         ArrayRef<OpFoldResult> dims, Value value) {
  Value empty = createEmpty(b, loc, dims, value.getType());
  return linalg::FillOp::create(b, loc, ValueRange{value}, ValueRange{empty})
      .getResult(0);
}

Value kiln::broadcastSize(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value lhsIsOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lhs, one);
  return arith::SelectOp::create(b, loc, lhsIsOne, rhs, lhs);
}

SmallVector<OpFoldResult> kiln::broadcastDims(OpBuilder &b, Location loc,
                                              RankedTensorType resultType,
                                              ValueRange operands) {
  int64_t rank = resultType.getRank();
  SmallVector<OpFoldResult> dims;
  for (int64_t d = 0; d < rank; ++d) {
    if (!resultType.isDynamicDim(d)) {
      dims.push_back(b.getIndexAttr(resultType.getDimSize(d)));
      continue;
    }
    Value size;
    for (Value operand : operands) {
      auto type = cast<RankedTensorType>(operand.getType());
      int64_t j = d - (rank - type.getRank());
      if (j < 0 || !type.isDynamicDim(j))
        continue;
      Value dim = tensor::DimOp::create(b, loc, operand, j);
      size = size ? broadcastSize(b, loc, size, dim) : dim;
    }
    dims.push_back(size);
  }
  return dims;
}

/// Whether dimension `j` of `operand` (result dimension `d`) provably equals
/// the result size: it is the only dynamic source of a dynamic result size.
static bool isSoleSource(Value operand, int64_t j, int64_t d,
                         RankedTensorType resultType, ValueRange operands) {
  if (!resultType.isDynamicDim(d))
    return false;
  for (Value other : operands) {
    if (other == operand)
      continue;
    auto type = cast<RankedTensorType>(other.getType());
    int64_t k = d - (resultType.getRank() - type.getRank());
    if (k >= 0 && type.isDynamicDim(k))
      return false;
  }
  return true;
}

/// Returns `operand` with each dynamic dimension broadcast to the result
/// size when it is 1 at run time and the result's is not. The copy sits
/// behind an `scf.if`, so when no dimension broadcasts `operand` is used as
/// is.
static Value broadcastDynamicDims(OpBuilder &b, Location loc, Value operand,
                                  RankedTensorType resultType,
                                  ArrayRef<OpFoldResult> resultDims,
                                  ValueRange operands, bool dimsFromOperands) {
  auto type = cast<RankedTensorType>(operand.getType());
  int64_t offset = resultType.getRank() - type.getRank();
  SmallVector<int64_t> checked;
  for (int64_t j = 0; j < type.getRank(); ++j)
    if (type.isDynamicDim(j) &&
        !(dimsFromOperands &&
          isSoleSource(operand, j, j + offset, resultType, operands)))
      checked.push_back(j);
  if (checked.empty())
    return operand;

  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value needed;
  SmallVector<Value> operandDims;
  for (int64_t j = 0; j < type.getRank(); ++j)
    operandDims.push_back(tensor::DimOp::create(b, loc, operand, j));
  for (int64_t j : checked) {
    Value resultDim =
        getValueOrCreateConstantIndexOp(b, loc, resultDims[j + offset]);
    Value isOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                        operandDims[j], one);
    // numpy broadcasting: the size is the result's or 1.
    Value fits = arith::OrIOp::create(
        b, loc, isOne, indexEq(b, loc, operandDims[j], resultDim));
    checkShape(b, loc, fits,
               "dimension " + llvm::Twine(j) +
                   " of an operand neither matches the broadcast shape nor "
                   "is 1");
    Value grows =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, resultDim, one);
    Value both = arith::AndIOp::create(b, loc, isOne, grows);
    needed =
        needed ? arith::OrIOp::create(b, loc, needed, both).getResult() : both;
  }

  auto ifOp = scf::IfOp::create(
      b, loc, needed,
      [&](OpBuilder &then, Location loc) {
        // Copy with index (dim == 1 ? 0 : i) along the dynamic dimensions.
        SmallVector<OpFoldResult> dims;
        for (int64_t j = 0; j < type.getRank(); ++j)
          dims.push_back(type.isDynamicDim(j)
                             ? resultDims[j + offset]
                             : then.getIndexAttr(type.getDimSize(j)));
        SmallVector<int64_t> shape;
        SmallVector<Value> dynamicSizes;
        dispatchIndexOpFoldResults(dims, dynamicSizes, shape);
        Value copy =
            tensor::GenerateOp::create(
                then, loc, type.clone(shape), dynamicSizes,
                [&](OpBuilder &body, Location loc, ValueRange indices) {
                  SmallVector<Value> source;
                  Value zero = arith::ConstantIndexOp::create(body, loc, 0);
                  for (int64_t j = 0; j < type.getRank(); ++j) {
                    if (!type.isDynamicDim(j)) {
                      source.push_back(indices[j]);
                      continue;
                    }
                    Value isOne = arith::CmpIOp::create(
                        body, loc, arith::CmpIPredicate::eq, operandDims[j],
                        one);
                    source.push_back(arith::SelectOp::create(body, loc, isOne,
                                                             zero, indices[j]));
                  }
                  Value element =
                      tensor::ExtractOp::create(body, loc, operand, source);
                  tensor::YieldOp::create(body, loc, element);
                })
                .getResult();
        Value same = tensor::CastOp::create(then, loc, type, copy);
        scf::YieldOp::create(then, loc, same);
      },
      [&](OpBuilder &otherwise, Location loc) {
        scf::YieldOp::create(otherwise, loc, operand);
      });
  return ifOp.getResult(0);
}

Value kiln::buildElementwise(OpBuilder &b, Location loc,
                             RankedTensorType resultType,
                             ArrayRef<OpFoldResult> resultDims,
                             ValueRange operands, ScalarBody body,
                             bool dimsFromOperands) {
  int64_t rank = resultType.getRank();
  MLIRContext *context = b.getContext();
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (Value operand : operands) {
    Value input = broadcastDynamicDims(b, loc, operand, resultType, resultDims,
                                       operands, dimsFromOperands);
    auto type = cast<RankedTensorType>(input.getType());
    int64_t offset = rank - type.getRank();
    SmallVector<AffineExpr> exprs;
    for (int64_t j = 0; j < type.getRank(); ++j) {
      bool broadcast =
          type.getDimSize(j) == 1 && resultType.getDimSize(j + offset) != 1;
      exprs.push_back(broadcast ? getAffineConstantExpr(0, context)
                                : getAffineDimExpr(j + offset, context));
    }
    maps.push_back(AffineMap::get(rank, 0, exprs, context));
    inputs.push_back(input);
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = createEmpty(b, loc, resultDims, resultType.getElementType());
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nested, Location loc, ValueRange args) {
        Value result = body(nested, loc, args.drop_back());
        linalg::YieldOp::create(nested, loc, result);
      });
  Value result = generic.getResult(0);
  if (result.getType() != resultType)
    result = tensor::CastOp::create(b, loc, resultType, result);
  return result;
}

Value kiln::padTensor(OpBuilder &b, Location loc, Value tensor,
                      ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                      Value padValue) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return tensor;
  auto type = cast<RankedTensorType>(tensor.getType());
  RankedTensorType padded = tensor::PadOp::inferResultType(type, low, high);
  return tensor::PadOp::create(
      b, loc, padded, tensor, getAsIndexOpFoldResult(b.getContext(), low),
      getAsIndexOpFoldResult(b.getContext(), high), padValue);
}

Type kiln::accumulatorType(Type element) {
  auto floatType = dyn_cast<FloatType>(element);
  if (floatType && floatType.getWidth() < 32)
    return Float32Type::get(element.getContext());
  return element;
}

Value kiln::scalarConstant(OpBuilder &b, Location loc, Type type,
                           double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value kiln::lowestValue(OpBuilder &b, Location loc, Type type) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(floatType, APFloat::getInf(floatType.getFloatSemantics(),
                                                  /*Negative=*/true)));
  unsigned width = type.getIntOrFloatBitWidth();
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, APInt::getSignedMinValue(width)));
}

Value kiln::highestValue(OpBuilder &b, Location loc, Type type) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(floatType,
                       APFloat::getInf(floatType.getFloatSemantics())));
  unsigned width = type.getIntOrFloatBitWidth();
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, APInt::getSignedMaxValue(width)));
}

Value kiln::convertScalar(OpBuilder &b, Location loc, Value value, Type to) {
  Type from = value.getType();
  if (from == to)
    return value;
  auto toFloat = dyn_cast<FloatType>(to);
  auto fromFloat = dyn_cast<FloatType>(from);
  if (to.isInteger(1)) {
    Value zero = scalarConstant(b, loc, from, 0);
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value,
                                   zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value, zero);
  }
  if (fromFloat && toFloat) {
    // f16 <-> bf16 goes through f32.
    if (fromFloat.getWidth() == toFloat.getWidth())
      return arith::TruncFOp::create(
          b, loc, to, arith::ExtFOp::create(b, loc, b.getF32Type(), value));
    if (fromFloat.getWidth() < toFloat.getWidth())
      return arith::ExtFOp::create(b, loc, to, value);
    return arith::TruncFOp::create(b, loc, to, value);
  }
  if (fromFloat)
    return arith::FPToSIOp::create(b, loc, to, value);
  if (toFloat) {
    if (from.isInteger(1))
      return arith::UIToFPOp::create(b, loc, to, value);
    return arith::SIToFPOp::create(b, loc, to, value);
  }
  if (from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth()) {
    if (from.isInteger(1))
      return arith::ExtUIOp::create(b, loc, to, value);
    return arith::ExtSIOp::create(b, loc, to, value);
  }
  return arith::TruncIOp::create(b, loc, to, value);
}

Value kiln::divideByCount(OpBuilder &b, Location loc, Value tensor,
                          Value count) {
  auto type = cast<RankedTensorType>(tensor.getType());
  Type element = type.getElementType();
  Value asInt = arith::IndexCastOp::create(b, loc, b.getI64Type(), count);
  Value divisor = arith::SIToFPOp::create(b, loc, element, asInt);
  return buildElementwise(
      b, loc, type, getDims(b, loc, tensor), {tensor},
      [&](OpBuilder &nested, Location loc, ValueRange args) {
        return arith::DivFOp::create(nested, loc, args[0], divisor);
      });
}
