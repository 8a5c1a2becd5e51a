//===- UnsignedIntegers.cpp - ONNX's unsigned integers in signless ones ---===//
//
// kiln's integers are signless and its ops read them as signed (division,
// comparisons, max, casts). An ONNX UINT8, UINT16 or UINT32 value is
// therefore computed one width up (i16, i32, i64), where every value of its
// type is non-negative and the signed ops are the unsigned ones. It is
// stored in its own width at the function's boundary, so callers pass and
// get the model's bytes. Where an op can leave the type's range (add, sub,
// mul, ...), its result is reduced modulo 2^bits again, so wrap-around
// happens at every op as ONNX says, not once at the end.
//
// UINT64 has no wider type: it is computed as i64, whose bits agree with
// it for add, sub, mul and data movement but not for division, ordering or
// conversion. Nodes of the first kind are accepted, conversion to floats
// is corrected, and the rest are refused.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;
using onnx::TensorProto;

bool onnx_import::isUnsignedType(int32_t type) {
  return type == TensorProto::UINT8 || type == TensorProto::UINT16 ||
         type == TensorProto::UINT32 || type == TensorProto::UINT64;
}

Type onnx_import::computeElementType(int32_t type, MLIRContext *context) {
  Builder b(context);
  switch (type) {
  case TensorProto::UINT8:
    return b.getI16Type();
  case TensorProto::UINT16:
    return b.getI32Type();
  case TensorProto::UINT32:
    return b.getI64Type();
  default:
    return elementType(type, context);
  }
}

/// A kiln.cast of `value` to element type `element`, where it differs.
static Value castElements(OpBuilder &b, Location loc, Value value,
                          Type element) {
  RankedTensorType type = typeOf(value);
  if (type.getElementType() == element)
    return value;
  return CastOp::create(b, loc, type.clone(element), value);
}

Value onnx_import::widenUnsigned(OpBuilder &b, Location loc, Value value,
                                 int32_t type) {
  Type compute = computeElementType(type, b.getContext());
  unsigned bits = elementType(type, b.getContext()).getIntOrFloatBitWidth();
  if (compute.getIntOrFloatBitWidth() == bits)
    return value;
  // kiln.cast sign-extends; the values it makes negative are the top half.
  Value extended = castElements(b, loc, value, compute);
  Value zero = scalar(b, loc, compute, 0);
  Value isNegative =
      CompareOp::create(b, loc, ComparePredicate::lt, extended, zero);
  Value shifted = AddOp::create(b, loc, extended,
                                scalar(b, loc, compute, std::ldexp(1.0, bits)));
  return SelectOp::create(b, loc, isNegative, shifted, extended);
}

Value onnx_import::storeUnsigned(OpBuilder &b, Location loc, Value value,
                                 int32_t type) {
  return castElements(b, loc, value, elementType(type, b.getContext()));
}

Value onnx_import::wrapUnsigned(OpBuilder &b, Location loc, Value value,
                                int32_t type) {
  if (computeElementType(type, b.getContext()) ==
      elementType(type, b.getContext()))
    return value;
  return widenUnsigned(b, loc, storeUnsigned(b, loc, value, type), type);
}

Value onnx_import::castFrom(Node &n, Value value, int32_t type, Type element) {
  if (!value || type != TensorProto::UINT64 || !isa<FloatType>(element))
    return castTo(n, value, element);
  // i64 -> float reads the top half as negative: add 2^64 back. (f64 first:
  // 2^64 does not fit f16.)
  OpBuilder &b = n.builder();
  Type f64 = b.getF64Type();
  Value asSigned = castTo(n, value, f64);
  Value isNegative =
      n.make<CompareOp>(ComparePredicate::lt, value,
                        scalar(b, n.loc, typeOf(value).getElementType(), 0));
  Value corrected = n.make<AddOp>(asSigned, scalar(b, n.loc, f64, 0x1p64));
  return castTo(n, n.make<SelectOp>(isNegative, corrected, asSigned), element);
}

/// Ops that move or select elements, whose results are operands' values.
static bool movesValues(StringRef op) {
  static const llvm::StringSet<> ops = {
      "Identity",  "Reshape", "Flatten", "Transpose", "Squeeze",
      "Unsqueeze", "Concat",  "Slice",   "Gather",    "Expand",
      "Tile",      "Split",   "Where",   "If",        "Loop"};
  return ops.contains(op);
}

/// Ops whose results, on in-range operands, are in range.
static bool keepsRange(StringRef op) {
  static const llvm::StringSet<> ops = {
      "Max", "Min",  "MaxPool", "ReduceMax", "ReduceMin",
      "Div", "Relu", "Abs",     "Clip",      "Mod"};
  return movesValues(op) || ops.contains(op);
}

/// Whether a UINT64 operand `input` of `op` computed as i64 gives the
/// right bits (Cast and Pow's exponent go through castFrom).
static bool acceptsUint64(StringRef op, unsigned input) {
  static const llvm::StringSet<> ops = {
      "Add",      "Sub",   "Mul",  "Neg",       "Sum",        "Equal", "Cast",
      "CastLike", "Shape", "Size", "ReduceSum", "ReduceProd", "MatMul"};
  return movesValues(op) || ops.contains(op) || (op == "Pow" && input == 1);
}

/// Ops whose outputs have a type of their own, not their operands'.
static bool hasOwnResultType(StringRef op, unsigned output) {
  static const llvm::StringSet<> ops = {"Cast",    "CastLike", "Shape",
                                        "Size",    "ArgMax",   "ArgMin",
                                        "NonZero", "If",       "Loop"};
  // MaxPool's and TopK's second outputs are INT64 indices.
  return ops.contains(op) || (output > 0 && (op == "MaxPool" || op == "TopK"));
}

LogicalResult onnx_import::checkUnsignedOperands(Node &n, int32_t &type) {
  type = 0;
  for (unsigned i = 0; i < n.inputCount(); ++i) {
    int32_t inputType = n.unsignedType(i);
    if (!inputType)
      continue;
    if (inputType == TensorProto::UINT64 && !acceptsUint64(n.opType(), i))
      return n.fail("a UINT64 input ('" + n.proto.input(i) +
                    "') is not supported here: Kiln computes UINT64 as "
                    "signed 64-bit integers, which give the same bits for "
                    "add, sub, mul and data movement only");
    // The first data operand's type is the results' (Pow's base only).
    if (!type && !(n.opType() == "Pow" && i == 1))
      type = inputType;
  }
  return success();
}

void onnx_import::propagateUnsigned(Node &n, int32_t type) {
  Type compute = computeElementType(type, n.context());
  for (unsigned i = 0; i < n.outputCount(); ++i) {
    if (!n.hasOutput(i) || hasOwnResultType(n.opType(), i))
      continue;
    const ImportedValue *output = n.graph.lookup(n.proto.output(i));
    if (!output || !output->tensor || output->unsignedType ||
        typeOf(output->tensor).getElementType() != compute)
      continue;
    Value value = output->tensor;
    if (!keepsRange(n.opType()))
      value = wrapUnsigned(n.builder(), n.loc, value, type);
    n.setOutput(i, value, type);
  }
}
