//===- Importer.h - the ONNX importer's internals ---------------*- C++ -*-===//
//
// GraphImporter walks an ONNX graph in order and converts each node with the
// converter registered for its op type. A converter sees the node through
// `Node`: its inputs as MLIR values (or as constants, or as shapes computed
// at import time), its attributes (each one read is marked, and an
// attribute no converter read is an error: nothing is silently ignored),
// and where its outputs go.
//
// Shape arithmetic (Shape -> Gather -> Concat -> Reshape, as exporters
// write for dynamic batch sizes) is evaluated here, at import time: such a
// value is a ShapeValue, each entry a known number or a size known only at
// run time, and never becomes a tensor unless it is fully known.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_FRONTEND_ONNX_IMPORTER_H
#define KILN_LIB_FRONTEND_ONNX_IMPORTER_H

#include "kiln/Frontend/ONNX/Import.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"

#include <onnx/onnx_pb.h>

#include <optional>

namespace mlir::kiln::onnx_import {

/// The first opset whose op definitions the converters follow; older
/// models are checked op by op.
constexpr int64_t kFirstConvertedOpset = 7;

/// The version of ONNX op `type` in force at `opset` (0: no such op), from
/// ONNX's schema registry (OpVersions.cpp).
int opVersion(const std::string &type, int64_t opset);

/// How many inputs and outputs ONNX op `type` takes at `opset`, from the
/// same registry; std::nullopt for an op it does not know.
struct OpArity {
  int minInputs, maxInputs, minOutputs, maxOutputs;
};
std::optional<OpArity> opArity(const std::string &type, int64_t opset);

/// One entry of a shape computed at import time: a known number, or a size
/// known only at run time.
struct ShapeEntry {
  int64_t value = 0;
  bool known = true;
  /// For an unknown size read by Shape: dimension `sourceDim` of `source`.
  Value source = {};
  int64_t sourceDim = -1;
  static ShapeEntry unknown() { return {0, false}; }
  static ShapeEntry dimOf(Value source, int64_t dim) {
    return {0, false, source, dim};
  }
};

/// A 1-D (or, with `scalar`, 0-d) i64 tensor known entry by entry.
struct ShapeValue {
  /// Longer i64 constants are data, not shapes (ranks stay far below it),
  /// and are not followed entry by entry.
  static constexpr int64_t kMaxEntries = 64;

  SmallVector<ShapeEntry> entries;
  bool scalar = false;
  bool isFullyKnown() const;
  SmallVector<int64_t> values() const;
};

class GraphImporter;

/// An optional operand for Node::make, which takes a null Value for an
/// earlier failure.
struct OptionalOperand {
  Value value;
  operator Value() const { return value; }
};

/// The node being converted.
class Node {
public:
  Node(GraphImporter &graph, const onnx::NodeProto &proto, Location loc);

  OpBuilder &builder();
  MLIRContext *context() { return loc.getContext(); }
  llvm::StringRef opType() const { return proto.op_type(); }
  /// The version of the default ONNX opset the model imports.
  int64_t opset() const;

  /// Inputs as listed (an optional one may be absent: "").
  unsigned inputCount() const { return proto.input_size(); }
  bool hasInput(unsigned i) const;
  /// Input `i` as a tensor; an error where it is absent or is a shape
  /// known only at run time.
  FailureOr<Value> input(unsigned i);
  /// Input `i` when it is known at import time.
  FailureOr<DenseElementsAttr> constantInput(unsigned i);
  /// Input `i` as integers known at import time.
  FailureOr<SmallVector<int64_t>> intsInput(unsigned i);
  /// Input `i` as a shape known entry by entry, or nullopt (no error)
  /// where it is neither a shape value nor a constant integer tensor.
  std::optional<ShapeValue> shapeInput(unsigned i);

  /// The ONNX unsigned type (UINT8...) input `i` is computed in, or 0.
  int32_t unsignedType(unsigned i) const;

  unsigned outputCount() const { return proto.output_size(); }
  /// Whether output `i` is listed and not "".
  bool hasOutput(unsigned i) const;
  /// Output `i` is `value`; `unsignedType` as in ImportedValue.
  void setOutput(unsigned i, Value value, int32_t unsignedType = 0);
  /// Output `i` is a shape value; a fully known one also becomes a
  /// constant tensor.
  void setShapeOutput(unsigned i, const ShapeValue &shape);

  /// Attributes; each one read counts as handled.
  const onnx::AttributeProto *attribute(llvm::StringRef name);
  int64_t intAttribute(llvm::StringRef name, int64_t defaultValue);
  float floatAttribute(llvm::StringRef name, float defaultValue);
  std::string stringAttribute(llvm::StringRef name,
                              llvm::StringRef defaultValue);
  /// An `ints` attribute; `defaultValue` where absent.
  SmallVector<int64_t> intsAttribute(llvm::StringRef name,
                                     ArrayRef<int64_t> defaultValue = {});
  /// Attribute `name` when it has ONNX attribute type `type` (null where
  /// absent; an error naming `what` it must be where the type differs).
  const onnx::AttributeProto *typedAttribute(llvm::StringRef name, int type,
                                             llvm::StringRef what);
  /// The first attribute of the node that nothing read, or null.
  const onnx::AttributeProto *unreadAttribute() const;

  /// Creates kiln op `OpTy` of one result with its type inferred. Where
  /// inference rejects the operands (its diagnostic names them) the node
  /// fails and this returns null; a null operand (an earlier failure)
  /// gives null too. (ODS's inferring builders abort instead.)
  template <typename OpTy, typename... Args> Value make(Args &&...args) {
    if ((isNull(args) || ...))
      return failBuild();
    Type placeholder = NoneType::get(context());
    auto op =
        OpTy::create(builder(), loc, placeholder, std::forward<Args>(args)...);
    SmallVector<Type, 1> types;
    // The op's own message, re-emitted as the node's.
    std::string message;
    LogicalResult inferred = failure();
    {
      ScopedDiagnosticHandler capture(context(), [&](Diagnostic &diag) {
        if (message.empty())
          message = diag.str();
        return success();
      });
      inferred = OpTy::inferReturnTypes(
          context(), loc, op->getOperands(), op->getRawDictionaryAttrs(),
          op->getPropertiesStorage(), op->getRegions(), types);
    }
    if (failed(inferred)) {
      op->erase();
      error() << message;
      return failBuild();
    }
    op->getResult(0).setType(types[0]);
    return op->getResult(0);
  }
  /// Whether a `make` failed.
  bool buildFailed() const { return failedBuild; }

  /// Emits "'<op>' node '<name>': <message>" at the node; returns failure.
  LogicalResult fail(const llvm::Twine &message);
  InFlightDiagnostic error();

  GraphImporter &graph;
  const onnx::NodeProto &proto;
  Location loc;

private:
  static bool isNull(Value value) { return !value; }
  static bool isNull(ValueRange values) {
    return llvm::any_of(values, [](Value v) { return !v; });
  }
  template <typename T> static bool isNull(const T &) { return false; }
  Value failBuild() {
    failedBuild = true;
    return nullptr;
  }

  llvm::SmallVector<bool> read;
  bool failedBuild = false;
};

using Converter = LogicalResult (*)(Node &);
using ConverterTable = llvm::StringMap<Converter>;

void registerElementwiseConverters(ConverterTable &table);
void registerNNConverters(ConverterTable &table);
void registerShapeConverters(ConverterTable &table);
void registerControlFlowConverters(ConverterTable &table);

/// What the importer knows of one ONNX value.
struct ImportedValue {
  Value tensor;                    // null for a partly known shape value
  std::optional<ShapeValue> shape; // set for shape values
  /// For a value of an ONNX unsigned type, that type: `tensor` holds it in
  /// a wider signless type (UnsignedIntegers.cpp).
  int32_t unsignedType = 0;
};

class GraphImporter {
public:
  GraphImporter(MLIRContext *context, llvm::StringRef fileName,
                const OnnxImportOptions &options, int64_t opset);

  /// Imports the model's main graph as function `name` into `module`.
  LogicalResult importMainGraph(const onnx::GraphProto &graph, ModuleOp module);

  /// Imports subgraph `graph` (a branch or loop body) into the current
  /// block: its inputs are `arguments`, outer values stay visible, and its
  /// outputs are returned in `results`. The unsigned types of arguments
  /// and results (ImportedValue) are in `argumentUnsigned` (absent: none)
  /// and `resultUnsigned`.
  LogicalResult importSubgraph(const onnx::GraphProto &graph,
                               ValueRange arguments,
                               ArrayRef<int32_t> argumentUnsigned,
                               SmallVectorImpl<Value> &results,
                               SmallVectorImpl<int32_t> &resultUnsigned,
                               Location loc);

  /// The innermost definition of `name`, or null.
  const ImportedValue *lookup(llvm::StringRef name) const;
  void define(llvm::StringRef name, ImportedValue value);

  OpBuilder builder;
  int64_t opset;
  llvm::StringRef fileName;

private:
  LogicalResult importNodes(const onnx::GraphProto &graph);
  LogicalResult importNode(const onnx::NodeProto &node, unsigned index);
  LogicalResult checkLegacyVersion(Node &node);
  LogicalResult defineInitializers(const onnx::GraphProto &graph);
  Location nodeLocation(const onnx::NodeProto &node, unsigned index);

  const OnnxImportOptions &options;
  ConverterTable converters;
  /// Value names in scope, innermost (sub)graph last.
  SmallVector<llvm::StringMap<ImportedValue>> scopes;
};

//===----------------------------------------------------------------------===//
// Tensors (Tensors.cpp)
//===----------------------------------------------------------------------===//

/// The MLIR element type ONNX data type `type` is stored in (unsigned
/// integers in the signless type of their width), or null where Kiln has
/// none (strings, complex, float8).
Type elementType(int32_t type, MLIRContext *context);
/// ONNX's name of data type `type` ("FLOAT", "UINT8", ...).
std::string dataTypeName(int32_t type);
/// The elements of `tensor`, unsigned ones in their compute type
/// (computeElementType); `error` says what is wrong where it fails.
FailureOr<DenseElementsAttr> tensorElements(const onnx::TensorProto &tensor,
                                            MLIRContext *context,
                                            std::string &error);
/// The tensor type of an ONNX value's type (dim_param and absent dims are
/// dynamic); `error` says what is missing where it fails.
FailureOr<RankedTensorType> tensorType(const onnx::TypeProto &type,
                                       MLIRContext *context,
                                       std::string &error);

//===----------------------------------------------------------------------===//
// Unsigned integers (UnsignedIntegers.cpp)
//===----------------------------------------------------------------------===//

/// Whether `type` is UINT8, UINT16, UINT32 or UINT64.
bool isUnsignedType(int32_t type);
/// The element type a value of ONNX type `type` is computed in: unsigned
/// integers widen to the next signless type (UINT64 stays i64), the rest
/// are elementType.
Type computeElementType(int32_t type, MLIRContext *context);
/// A stored unsigned `value` (elementType) in its compute type.
Value widenUnsigned(OpBuilder &b, Location loc, Value value, int32_t type);
/// A computed unsigned `value` back in its stored type (modulo 2^bits).
Value storeUnsigned(OpBuilder &b, Location loc, Value value, int32_t type);
/// `value`, unsigned `type` in its compute type, reduced modulo 2^bits.
Value wrapUnsigned(OpBuilder &b, Location loc, Value value, int32_t type);
/// `value` (of unsigned ONNX type `type`, or 0 for another) converted to
/// element type `element`.
Value castFrom(Node &n, Value value, int32_t type, Type element);
/// Refuses a node whose unsigned operands its converter would get wrong;
/// `type` is set to the unsigned type of its data, or 0.
LogicalResult checkUnsignedOperands(Node &n, int32_t &type);
/// After conversion: the node's outputs of the unsigned type `type` of its
/// operands are marked so, and reduced modulo 2^bits where the op can
/// leave the range.
void propagateUnsigned(Node &n, int32_t type);

//===----------------------------------------------------------------------===//
// Building kiln ops (Builders.cpp)
//===----------------------------------------------------------------------===//

RankedTensorType typeOf(Value value);
/// A kiln.constant.
Value constant(OpBuilder &b, Location loc, DenseElementsAttr value);
/// A 0-d kiln.constant of `element` type holding `value`.
Value scalar(OpBuilder &b, Location loc, Type element, double value);
/// `value` converted to element type `element` (itself when it has it).
Value castTo(Node &n, Value value, Type element);
/// `axis` in [0, rank), from ONNX's [-rank, rank); nullopt outside.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);
/// kiln.reshape to `shape` (static sizes, at most one -1).
Value reshape(Node &n, Value value, ArrayRef<int64_t> shape);

} // namespace mlir::kiln::onnx_import

#endif // KILN_LIB_FRONTEND_ONNX_IMPORTER_H
