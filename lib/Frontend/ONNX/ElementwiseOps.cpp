//===- ElementwiseOps.cpp - ONNX elementwise ops as kiln ops --------------===//
//
// Unary math, binary arithmetic with numpy broadcasting (kiln's own), the
// comparisons and logic ops, Where, Clip, Cast, and the activations ONNX
// spells as separate ops (LeakyRelu, HardSigmoid, Softplus, ...) built
// from kiln primitives.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "llvm/Support/MathExtras.h"
#include <limits>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {
template <typename OpTy> LogicalResult convertUnary(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  n.setOutput(0, n.template make<OpTy>(*x));
  return success();
}

LogicalResult convertIdentity(Node &n) {
  if (const ImportedValue *value =
          n.hasInput(0) ? n.graph.lookup(n.proto.input(0)) : nullptr) {
    if (value->shape)
      n.setShapeOutput(0, *value->shape);
    else
      n.setOutput(0, value->tensor);
    return success();
  }
  return n.input(0); // reports the missing input
}

LogicalResult convertReciprocal(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  Value one = scalar(n.builder(), n.loc, typeOf(*x).getElementType(), 1.0);
  n.setOutput(0, n.make<DivOp>(one, *x));
  return success();
}

/// Shape arithmetic evaluated at import time: `op` over two shape values
/// (or a shape value and integer constants), broadcasting a single entry.
std::optional<LogicalResult> shapeBinary(Node &n, char op) {
  // Integer vectors known at import time (shapes, their entries, index
  // constants) are computed here, so that what consumes them (Reshape,
  // Slice, ...) sees numbers.
  if (n.inputCount() != 2)
    return std::nullopt;
  std::optional<ShapeValue> lhs = n.shapeInput(0), rhs = n.shapeInput(1);
  if (!lhs || !rhs)
    return std::nullopt;
  size_t size = std::max(lhs->entries.size(), rhs->entries.size());
  auto entry = [&](const ShapeValue &v, size_t i) {
    return v.entries.size() == 1 ? v.entries[0] : v.entries[i];
  };
  if ((lhs->entries.size() != size && lhs->entries.size() != 1) ||
      (rhs->entries.size() != size && rhs->entries.size() != 1))
    return n.fail("shape operands of " + llvm::Twine(lhs->entries.size()) +
                  " and " + llvm::Twine(rhs->entries.size()) +
                  " entries do not broadcast");
  ShapeValue result;
  result.scalar = lhs->scalar && rhs->scalar;
  for (size_t i = 0; i < size; ++i) {
    ShapeEntry a = entry(*lhs, i), b = entry(*rhs, i);
    if (!a.known || !b.known || (op == '/' && b.value == 0)) {
      result.entries.push_back(ShapeEntry::unknown());
      continue;
    }
    // An entry that overflows is not known (rather than undefined).
    int64_t value = 0;
    bool overflow =
        op == '+'   ? llvm::AddOverflow(a.value, b.value, value)
        : op == '-' ? llvm::SubOverflow(a.value, b.value, value)
        : op == '*'
            ? llvm::MulOverflow(a.value, b.value, value)
            : (a.value == std::numeric_limits<int64_t>::min() && b.value == -1);
    if (op == '/' && !overflow)
      value = a.value / b.value;
    result.entries.push_back(overflow ? ShapeEntry::unknown()
                                      : ShapeEntry{value, true});
  }
  n.setShapeOutput(0, result);
  return success();
}

template <typename OpTy, char Symbol> LogicalResult convertArithmetic(Node &n) {
  if (std::optional<LogicalResult> folded = shapeBinary(n, Symbol))
    return *folded;
  FailureOr<Value> lhs = n.input(0), rhs = n.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  n.setOutput(0, n.template make<OpTy>(*lhs, *rhs));
  return success();
}

/// Neg of a shape value (an axis count, `-axis`) is computed here too.
LogicalResult convertNeg(Node &n) {
  if (std::optional<ShapeValue> shape = n.shapeInput(0)) {
    for (ShapeEntry &entry : shape->entries)
      entry =
          entry.known ? ShapeEntry{-entry.value, true} : ShapeEntry::unknown();
    n.setShapeOutput(0, *shape);
    return success();
  }
  return convertUnary<NegOp>(n);
}

/// Kiln's pow is on floats: an integer base is raised in f64, where every
/// integer power that fits an i32 is exact, and truncated back to its type
/// (as ONNX's reference does).
LogicalResult convertPow(Node &n) {
  FailureOr<Value> base = n.input(0), exponent = n.input(1);
  if (failed(base) || failed(exponent))
    return failure();
  Type element = typeOf(*base).getElementType();
  Type computeType = element;
  if (!isa<FloatType>(element)) {
    if (element.isInteger(1))
      return n.fail("a boolean base is not supported");
    computeType = n.builder().getF64Type();
  }
  Value baseValue = castFrom(n, *base, n.unsignedType(0), computeType);
  Value exponentValue = castFrom(n, *exponent, n.unsignedType(1), computeType);
  Value power = n.make<PowOp>(baseValue, exponentValue);
  n.setOutput(0, castTo(n, power, element));
  return success();
}

/// Max, Min, Sum, Mean: a variadic elementwise fold.
template <typename OpTy, bool IsMean = false>
LogicalResult convertVariadic(Node &n) {
  FailureOr<Value> first = n.input(0);
  if (failed(first))
    return failure();
  Value result = *first;
  for (unsigned i = 1; i < n.inputCount(); ++i) {
    FailureOr<Value> next = n.input(i);
    if (failed(next))
      return failure();
    result = n.template make<OpTy>(result, *next);
  }
  if (IsMean && result) {
    Type element = typeOf(result).getElementType();
    result = n.make<DivOp>(result,
                           scalar(n.builder(), n.loc, element, n.inputCount()));
  }
  n.setOutput(0, result);
  return success();
}

template <ComparePredicate Predicate> LogicalResult convertCompare(Node &n) {
  FailureOr<Value> lhs = n.input(0), rhs = n.input(1);
  if (failed(lhs) || failed(rhs))
    return failure();
  n.setOutput(0, n.make<CompareOp>(Predicate, *lhs, *rhs));
  return success();
}

LogicalResult convertNot(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  Value no = scalar(n.builder(), n.loc, n.builder().getI1Type(), 0);
  n.setOutput(0, n.make<CompareOp>(ComparePredicate::eq, *x, no));
  return success();
}

/// And, Or, Xor on booleans: select(a, b, false), select(a, true, b),
/// a != b.
template <char Kind> LogicalResult convertLogic(Node &n) {
  FailureOr<Value> a = n.input(0), b = n.input(1);
  if (failed(a) || failed(b))
    return failure();
  OpBuilder &builder = n.builder();
  Type i1 = builder.getI1Type();
  Value result;
  if (Kind == '&')
    result = n.make<SelectOp>(*a, *b, scalar(builder, n.loc, i1, 0));
  else if (Kind == '|')
    result = n.make<SelectOp>(*a, scalar(builder, n.loc, i1, 1), *b);
  else
    result = n.make<CompareOp>(ComparePredicate::ne, *a, *b);
  // select broadcasts all three; the result type is the broadcast shape.
  n.setOutput(0, result);
  return success();
}

LogicalResult convertWhere(Node &n) {
  FailureOr<Value> condition = n.input(0), a = n.input(1), b = n.input(2);
  if (failed(condition) || failed(a) || failed(b))
    return failure();
  n.setOutput(0, n.make<SelectOp>(*condition, *a, *b));
  return success();
}

LogicalResult convertClip(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  Value result = *x;
  if (n.opset() < 11) { // bounds were attributes
    OpBuilder &b = n.builder();
    Type element = typeOf(*x).getElementType();
    if (const onnx::AttributeProto *low = n.attribute("min"))
      result = n.make<MaxOp>(result, scalar(b, n.loc, element, low->f()));
    if (const onnx::AttributeProto *high = n.attribute("max"))
      result = n.make<MinOp>(result, scalar(b, n.loc, element, high->f()));
    n.setOutput(0, result);
    return success();
  }
  if (n.hasInput(1)) {
    FailureOr<Value> low = n.input(1);
    if (failed(low))
      return failure();
    result = n.make<MaxOp>(result, *low);
  }
  if (n.hasInput(2)) {
    FailureOr<Value> high = n.input(2);
    if (failed(high))
      return failure();
    result = n.make<MinOp>(result, *high);
  }
  n.setOutput(0, result);
  return success();
}

LogicalResult convertLeakyRelu(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  OpBuilder &b = n.builder();
  Type element = typeOf(*x).getElementType();
  double alpha = n.floatAttribute("alpha", 0.01f);
  Value zero = scalar(b, n.loc, element, 0);
  Value negative = n.make<CompareOp>(ComparePredicate::lt, *x, zero);
  Value scaled = n.make<MulOp>(*x, scalar(b, n.loc, element, alpha));
  n.setOutput(0, n.make<SelectOp>(negative, scaled, *x));
  return success();
}

LogicalResult convertElu(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  OpBuilder &b = n.builder();
  Type element = typeOf(*x).getElementType();
  double alpha = n.floatAttribute("alpha", 1.0f);
  Value zero = scalar(b, n.loc, element, 0);
  Value negative = n.make<CompareOp>(ComparePredicate::lt, *x, zero);
  Value expm1 = n.make<SubOp>(n.make<ExpOp>(*x), scalar(b, n.loc, element, 1));
  Value scaled = n.make<MulOp>(expm1, scalar(b, n.loc, element, alpha));
  n.setOutput(0, n.make<SelectOp>(negative, scaled, *x));
  return success();
}

LogicalResult convertHardSigmoid(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  OpBuilder &b = n.builder();
  Type element = typeOf(*x).getElementType();
  double alpha = n.floatAttribute("alpha", 0.2f);
  double beta = n.floatAttribute("beta", 0.5f);
  Value scaled = n.make<MulOp>(*x, scalar(b, n.loc, element, alpha));
  Value y = n.make<AddOp>(scaled, scalar(b, n.loc, element, beta));
  y = n.make<MaxOp>(y, scalar(b, n.loc, element, 0));
  n.setOutput(0, n.make<MinOp>(y, scalar(b, n.loc, element, 1)));
  return success();
}

LogicalResult convertSoftplus(Node &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  OpBuilder &b = n.builder();
  Type element = typeOf(*x).getElementType();
  // log(1 + exp(x)) = max(x, 0) + log(1 + exp(-|x|)), which cannot
  // overflow.
  Value tail = n.make<LogOp>(
      n.make<AddOp>(scalar(b, n.loc, element, 1),
                    n.make<ExpOp>(n.make<NegOp>(n.make<AbsOp>(*x)))));
  n.setOutput(0, n.make<AddOp>(n.make<ReluOp>(*x), tail));
  return success();
}

/// Output 0 is input `x` converted to ONNX type `to`.
LogicalResult castToOnnxType(Node &n, Value x, int32_t to) {
  Type element = computeElementType(to, n.context());
  if (!element)
    return n.fail("casting to " + dataTypeName(to) + " is not supported");
  Value result = castFrom(n, x, n.unsignedType(0), element);
  if (isUnsignedType(to))
    result = wrapUnsigned(n.builder(), n.loc, result, to);
  n.setOutput(0, result, isUnsignedType(to) ? to : 0);
  return success();
}

LogicalResult convertCast(Node &n) {
  const onnx::AttributeProto *to =
      n.typedAttribute("to", onnx::AttributeProto::INT, "an int");
  if (!to)
    return n.fail("attribute 'to' is missing");
  n.attribute("saturate"); // float8 only (opset 19)
  // Integer shapes stay shapes.
  const ImportedValue *input =
      n.hasInput(0) ? n.graph.lookup(n.proto.input(0)) : nullptr;
  if (input && input->shape && to->i() == onnx::TensorProto::INT64) {
    ShapeValue shape = *input->shape;
    n.setShapeOutput(0, shape);
    return success();
  }
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  return castToOnnxType(n, *x, to->i());
}

LogicalResult convertCastLike(Node &n) {
  FailureOr<Value> x = n.input(0), like = n.input(1);
  if (failed(x) || failed(like))
    return failure();
  n.attribute("saturate"); // float8 only (opset 19)
  if (int32_t type = n.unsignedType(1))
    return castToOnnxType(n, *x, type);
  n.setOutput(
      0, castFrom(n, *x, n.unsignedType(0), typeOf(*like).getElementType()));
  return success();
}
} // namespace

void onnx_import::registerElementwiseConverters(ConverterTable &table) {
  table["Abs"] = convertUnary<AbsOp>;
  table["Cos"] = convertUnary<CosOp>;
  table["Erf"] = convertUnary<ErfOp>;
  table["Exp"] = convertUnary<ExpOp>;
  table["Log"] = convertUnary<LogOp>;
  table["Neg"] = convertNeg;
  table["Relu"] = convertUnary<ReluOp>;
  table["Sigmoid"] = convertUnary<SigmoidOp>;
  table["Sin"] = convertUnary<SinOp>;
  table["Sqrt"] = convertUnary<SqrtOp>;
  table["Tanh"] = convertUnary<TanhOp>;
  table["Identity"] = convertIdentity;
  table["Reciprocal"] = convertReciprocal;

  table["Add"] = convertArithmetic<AddOp, '+'>;
  table["Sub"] = convertArithmetic<SubOp, '-'>;
  table["Mul"] = convertArithmetic<MulOp, '*'>;
  table["Div"] = convertArithmetic<DivOp, '/'>;
  table["Pow"] = convertPow;
  table["Max"] = convertVariadic<MaxOp>;
  table["Min"] = convertVariadic<MinOp>;
  table["Sum"] = convertVariadic<AddOp>;
  table["Mean"] = convertVariadic<AddOp, /*IsMean=*/true>;

  table["Equal"] = convertCompare<ComparePredicate::eq>;
  table["Less"] = convertCompare<ComparePredicate::lt>;
  table["LessOrEqual"] = convertCompare<ComparePredicate::le>;
  table["Greater"] = convertCompare<ComparePredicate::gt>;
  table["GreaterOrEqual"] = convertCompare<ComparePredicate::ge>;
  table["Not"] = convertNot;
  table["And"] = convertLogic<'&'>;
  table["Or"] = convertLogic<'|'>;
  table["Xor"] = convertLogic<'^'>;
  table["Where"] = convertWhere;

  table["Clip"] = convertClip;
  table["LeakyRelu"] = convertLeakyRelu;
  table["Elu"] = convertElu;
  table["HardSigmoid"] = convertHardSigmoid;
  table["Softplus"] = convertSoftplus;
  table["Cast"] = convertCast;
  table["CastLike"] = convertCastLike;
}
