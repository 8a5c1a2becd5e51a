//===- Importer.cpp - ONNX graphs to kiln functions -----------------------===//

#include "Importer.h"

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <google/protobuf/io/coded_stream.h>
#include <limits>

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

//===----------------------------------------------------------------------===//
// ShapeValue
//===----------------------------------------------------------------------===//

bool ShapeValue::isFullyKnown() const {
  return llvm::all_of(entries, [](const ShapeEntry &e) { return e.known; });
}

SmallVector<int64_t> ShapeValue::values() const {
  SmallVector<int64_t> result;
  for (const ShapeEntry &entry : entries)
    result.push_back(entry.known ? entry.value : -1);
  return result;
}

//===----------------------------------------------------------------------===//
// Node
//===----------------------------------------------------------------------===//

Node::Node(GraphImporter &graph, const onnx::NodeProto &proto, Location loc)
    : graph(graph), proto(proto), loc(loc), read(proto.attribute_size()) {}

OpBuilder &Node::builder() { return graph.builder; }
int64_t Node::opset() const { return graph.opset; }

InFlightDiagnostic Node::error() {
  return emitError(loc) << "'" << opType() << "' node '"
                        << (proto.name().empty() ? "(unnamed)" : proto.name())
                        << "': ";
}

LogicalResult Node::fail(const llvm::Twine &message) {
  error() << message;
  return failure();
}

bool Node::hasInput(unsigned i) const {
  return i < inputCount() && !proto.input(i).empty();
}

bool Node::hasOutput(unsigned i) const {
  return i < outputCount() && !proto.output(i).empty();
}

FailureOr<Value> Node::input(unsigned i) {
  if (!hasInput(i))
    return fail("input #" + llvm::Twine(i) + " is missing");
  const ImportedValue *value = graph.lookup(proto.input(i));
  if (!value)
    return fail("input '" + proto.input(i) +
                "' is not defined before the node (the graph must be "
                "topologically sorted)");
  if (!value->tensor)
    return fail("input '" + proto.input(i) +
                "' is a shape known only at run time, used as data: Kiln "
                "evaluates shape arithmetic at import time");
  return value->tensor;
}

FailureOr<DenseElementsAttr> Node::constantInput(unsigned i) {
  FailureOr<Value> value = input(i);
  if (failed(value))
    return failure();
  DenseElementsAttr attr;
  if (!matchPattern(*value, m_Constant(&attr)))
    return fail("input '" + proto.input(i) +
                "' must be known at import time (a constant or an "
                "initializer): values computed at run time are not "
                "supported here");
  return attr;
}

FailureOr<SmallVector<int64_t>> Node::intsInput(unsigned i) {
  FailureOr<DenseElementsAttr> attr = constantInput(i);
  if (failed(attr))
    return failure();
  if (!attr->getElementType().isInteger(64) &&
      !attr->getElementType().isInteger(32))
    return fail("input '" + proto.input(i) + "' must be integers");
  SmallVector<int64_t> values;
  for (const APInt &value : attr->getValues<APInt>())
    values.push_back(value.getSExtValue());
  return values;
}

std::optional<ShapeValue> Node::shapeInput(unsigned i) {
  if (!hasInput(i))
    return std::nullopt;
  const ImportedValue *value = graph.lookup(proto.input(i));
  if (!value)
    return std::nullopt;
  if (value->shape)
    return value->shape;
  DenseElementsAttr attr;
  if (!matchPattern(value->tensor, m_Constant(&attr)) ||
      !attr.getElementType().isInteger(64) || attr.getType().getRank() > 1 ||
      attr.getNumElements() > ShapeValue::kMaxEntries)
    return std::nullopt;
  ShapeValue shape;
  shape.scalar = attr.getType().getRank() == 0;
  for (int64_t entry : attr.getValues<int64_t>())
    shape.entries.push_back({entry, true});
  return shape;
}

int32_t Node::unsignedType(unsigned i) const {
  const ImportedValue *value =
      hasInput(i) ? graph.lookup(proto.input(i)) : nullptr;
  return value ? value->unsignedType : 0;
}

void Node::setOutput(unsigned i, Value value, int32_t unsignedType) {
  if (hasOutput(i) && value)
    graph.define(proto.output(i), {value, std::nullopt, unsignedType});
}

void Node::setShapeOutput(unsigned i, const ShapeValue &shape) {
  if (!hasOutput(i))
    return;
  Value tensor;
  if (shape.isFullyKnown()) {
    SmallVector<int64_t> dims;
    if (!shape.scalar)
      dims.push_back(shape.entries.size());
    auto type = RankedTensorType::get(dims, builder().getI64Type());
    tensor = constant(builder(), loc,
                      DenseElementsAttr::get(type, ArrayRef(shape.values())));
  }
  graph.define(proto.output(i), {tensor, shape});
}

const onnx::AttributeProto *Node::attribute(llvm::StringRef name) {
  for (int i = 0, e = proto.attribute_size(); i < e; ++i)
    if (proto.attribute(i).name() == name) {
      read[i] = true;
      return &proto.attribute(i);
    }
  return nullptr;
}

const onnx::AttributeProto *Node::typedAttribute(llvm::StringRef name, int type,
                                                 llvm::StringRef what) {
  const onnx::AttributeProto *attr = attribute(name);
  if (!attr || attr->type() == type)
    return attr;
  error() << "attribute '" << name << "' must be " << what;
  failedBuild = true;
  return nullptr;
}

int64_t Node::intAttribute(llvm::StringRef name, int64_t defaultValue) {
  const onnx::AttributeProto *attr =
      typedAttribute(name, onnx::AttributeProto::INT, "an int");
  return attr ? attr->i() : defaultValue;
}

float Node::floatAttribute(llvm::StringRef name, float defaultValue) {
  const onnx::AttributeProto *attr =
      typedAttribute(name, onnx::AttributeProto::FLOAT, "a float");
  return attr ? attr->f() : defaultValue;
}

std::string Node::stringAttribute(llvm::StringRef name,
                                  llvm::StringRef defaultValue) {
  const onnx::AttributeProto *attr =
      typedAttribute(name, onnx::AttributeProto::STRING, "a string");
  return attr ? attr->s() : defaultValue.str();
}

SmallVector<int64_t> Node::intsAttribute(llvm::StringRef name,
                                         ArrayRef<int64_t> defaultValue) {
  const onnx::AttributeProto *attr =
      typedAttribute(name, onnx::AttributeProto::INTS, "a list of ints");
  if (!attr)
    return SmallVector<int64_t>(defaultValue);
  return SmallVector<int64_t>(attr->ints().begin(), attr->ints().end());
}

const onnx::AttributeProto *Node::unreadAttribute() const {
  for (int i = 0, e = proto.attribute_size(); i < e; ++i)
    if (!read[i])
      return &proto.attribute(i);
  return nullptr;
}

//===----------------------------------------------------------------------===//
// GraphImporter
//===----------------------------------------------------------------------===//

GraphImporter::GraphImporter(MLIRContext *context, llvm::StringRef fileName,
                             const OnnxImportOptions &options, int64_t opset)
    : builder(context), opset(opset), fileName(fileName), options(options) {
  registerElementwiseConverters(converters);
  registerNNConverters(converters);
  registerShapeConverters(converters);
  registerControlFlowConverters(converters);
}

const ImportedValue *GraphImporter::lookup(llvm::StringRef name) const {
  for (const auto &scope : llvm::reverse(scopes)) {
    auto it = scope.find(name);
    if (it != scope.end())
      return &it->second;
  }
  return nullptr;
}

void GraphImporter::define(llvm::StringRef name, ImportedValue value) {
  scopes.back()[name] = std::move(value);
}

Location GraphImporter::nodeLocation(const onnx::NodeProto &node,
                                     unsigned index) {
  MLIRContext *context = builder.getContext();
  std::string name = node.name().empty()
                         ? node.op_type() + "#" + std::to_string(index)
                         : node.name();
  return NameLoc::get(StringAttr::get(context, name),
                      FileLineColLoc::get(context, fileName, 0, 0));
}

/// A C identifier made of `name` (graph names become function names and so
/// C function names in kilnc's header).
static std::string functionName(llvm::StringRef name) {
  std::string result;
  for (char c : name)
    result += llvm::isAlnum(c) ? c : '_';
  if (result.empty() || llvm::isDigit(result[0]))
    result = "model_" + result;
  return result;
}

LogicalResult GraphImporter::importMainGraph(const onnx::GraphProto &graph,
                                             ModuleOp module) {
  MLIRContext *context = builder.getContext();
  Location graphLoc =
      NameLoc::get(StringAttr::get(context, graph.name()),
                   FileLineColLoc::get(context, fileName, 0, 0));
  std::string error;

  // Initializers; a graph input with an initializer of the same name is a
  // weight with a default (ONNX before IR 4 listed them as inputs).
  llvm::StringMap<DenseElementsAttr> initializers;
  llvm::StringMap<int32_t> initializerTypes;
  SmallVector<std::string> initializerOrder;
  for (const onnx::TensorProto &tensor : graph.initializer()) {
    FailureOr<DenseElementsAttr> value = tensorElements(tensor, context, error);
    if (failed(value))
      return emitError(graphLoc)
             << "initializer '" << tensor.name() << "': " << error;
    initializers[tensor.name()] = *value;
    initializerTypes[tensor.name()] = tensor.data_type();
    initializerOrder.push_back(tensor.name());
  }

  // Arguments have the stored types; unsigned ones are widened on entry.
  SmallVector<Type> argumentTypes;
  SmallVector<std::string> argumentNames;
  SmallVector<int32_t> argumentOnnxTypes;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (initializers.count(input.name()))
      continue;
    FailureOr<RankedTensorType> type = tensorType(input.type(), context, error);
    if (failed(type))
      return emitError(graphLoc)
             << "graph input '" << input.name() << "': " << error;
    argumentTypes.push_back(*type);
    argumentNames.push_back(input.name());
    argumentOnnxTypes.push_back(input.type().tensor_type().elem_type());
  }
  if (options.weightsAsArguments)
    for (const std::string &name : initializerOrder) {
      int32_t type = initializerTypes[name];
      argumentTypes.push_back(
          initializers[name].getType().clone(elementType(type, context)));
      argumentNames.push_back(name);
      argumentOnnxTypes.push_back(type);
    }

  builder.setInsertionPointToEnd(module.getBody());
  auto function = func::FuncOp::create(
      builder, graphLoc,
      functionName(graph.name().empty() ? "main" : graph.name()),
      builder.getFunctionType(argumentTypes, {}));
  Block *entry = function.addEntryBlock();
  builder.setInsertionPointToEnd(entry);

  scopes.emplace_back();
  for (auto [name, argument, type] :
       llvm::zip(argumentNames, entry->getArguments(), argumentOnnxTypes)) {
    if (isUnsignedType(type))
      define(name, {widenUnsigned(builder, graphLoc, argument, type),
                    std::nullopt, type});
    else
      define(name, {argument, std::nullopt});
  }
  if (!options.weightsAsArguments)
    for (const std::string &name : initializerOrder) {
      int32_t type = initializerTypes[name];
      define(name, {constant(builder, graphLoc, initializers[name]),
                    std::nullopt, isUnsignedType(type) ? type : 0});
    }

  if (failed(importNodes(graph)))
    return failure();

  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    const ImportedValue *value = lookup(output.name());
    if (!value || !value->tensor)
      return emitError(graphLoc)
             << "graph output '" << output.name()
             << (value ? "' is a shape known only at run time"
                       : "' is not produced by any node");
    // Unsigned results return to their stored type.
    const onnx::TypeProto::Tensor &declared = output.type().tensor_type();
    Value result = value->tensor;
    int32_t unsignedType = value->unsignedType;
    if (!unsignedType && isUnsignedType(declared.elem_type()))
      unsignedType = declared.elem_type();
    if (unsignedType)
      result = storeUnsigned(builder, graphLoc, result, unsignedType);
    // The declared type must agree with what Kiln infers.
    RankedTensorType inferred = typeOf(result);
    bool agrees =
        !declared.elem_type() ||
        elementType(declared.elem_type(), context) == inferred.getElementType();
    if (declared.has_shape()) {
      agrees &= declared.shape().dim_size() == inferred.getRank();
      for (int d = 0; agrees && d < declared.shape().dim_size(); ++d) {
        const auto &dim = declared.shape().dim(d);
        agrees = !dim.has_dim_value() || inferred.isDynamicDim(d) ||
                 dim.dim_value() == inferred.getDimSize(d);
      }
    }
    if (!agrees) {
      FailureOr<RankedTensorType> type =
          tensorType(output.type(), context, error);
      InFlightDiagnostic diag = emitError(graphLoc)
                                << "graph output '" << output.name()
                                << "' is computed as " << inferred
                                << " but the model declares ";
      if (succeeded(type))
        diag << *type;
      else
        diag << "a different type";
      return diag;
    }
    results.push_back(result);
  }
  func::ReturnOp::create(builder, graphLoc, results);
  function.setType(
      builder.getFunctionType(argumentTypes, ValueRange(results).getTypes()));
  scopes.pop_back();
  return success();
}

LogicalResult GraphImporter::defineInitializers(const onnx::GraphProto &graph) {
  MLIRContext *context = builder.getContext();
  std::string error;
  for (const onnx::TensorProto &tensor : graph.initializer()) {
    FailureOr<DenseElementsAttr> value = tensorElements(tensor, context, error);
    Location loc = NameLoc::get(StringAttr::get(context, tensor.name()),
                                FileLineColLoc::get(context, fileName, 0, 0));
    if (failed(value))
      return emitError(loc)
             << "initializer '" << tensor.name() << "': " << error;
    int32_t type = tensor.data_type();
    define(tensor.name(), {constant(builder, loc, *value), std::nullopt,
                           isUnsignedType(type) ? type : 0});
  }
  return success();
}

LogicalResult GraphImporter::importSubgraph(
    const onnx::GraphProto &graph, ValueRange arguments,
    ArrayRef<int32_t> argumentUnsigned, SmallVectorImpl<Value> &results,
    SmallVectorImpl<int32_t> &resultUnsigned, Location loc) {
  if (graph.input_size() != static_cast<int>(arguments.size()))
    return emitError(loc) << "subgraph '" << graph.name() << "' takes "
                          << graph.input_size() << " inputs, expected "
                          << arguments.size();
  scopes.emplace_back();
  llvm::scope_exit popScope([&] { scopes.pop_back(); });
  for (auto [i, input] : llvm::enumerate(graph.input()))
    define(input.name(),
           {arguments[i], std::nullopt,
            i < argumentUnsigned.size() ? argumentUnsigned[i] : 0});
  if (failed(defineInitializers(graph)) || failed(importNodes(graph)))
    return failure();
  for (const onnx::ValueInfoProto &output : graph.output()) {
    const ImportedValue *value = lookup(output.name());
    if (!value || !value->tensor)
      return emitError(loc) << "subgraph output '" << output.name()
                            << "' is not produced as a tensor";
    results.push_back(value->tensor);
    resultUnsigned.push_back(value->unsignedType);
  }
  return success();
}

LogicalResult GraphImporter::importNodes(const onnx::GraphProto &graph) {
  for (auto [index, node] : llvm::enumerate(graph.node()))
    if (failed(importNode(node, index)))
      return failure();
  return success();
}

/// The converters follow the ops as defined from opset 7 on (before it,
/// broadcasting was an attribute of each op, among other changes). A model
/// of an older opset is accepted node by node: where the op's definition
/// at the model's opset is still the one in force at opset 7.
LogicalResult GraphImporter::checkLegacyVersion(Node &node) {
  const std::string &type = node.proto.op_type();
  int version = opVersion(type, opset);
  int converted = opVersion(type, kFirstConvertedOpset);
  if (version == converted)
    return success();
  return node.fail("version " + llvm::Twine(version) + " of '" + type +
                   "' (opset " + llvm::Twine(opset) +
                   ") is not supported: Kiln converts its definitions from "
                   "opset " +
                   llvm::Twine(kFirstConvertedOpset) + " on");
}

LogicalResult GraphImporter::importNode(const onnx::NodeProto &proto,
                                        unsigned index) {
  Node node(*this, proto, nodeLocation(proto, index));
  if (!proto.domain().empty() && proto.domain() != "ai.onnx")
    return node.fail("ops of domain '" + proto.domain() +
                     "' are not supported");
  auto it = converters.find(proto.op_type());
  if (it == converters.end())
    return node.fail("op '" + proto.op_type() +
                     "' is not supported by Kiln's ONNX importer");
  if (opset < kFirstConvertedOpset && failed(checkLegacyVersion(node)))
    return failure();
  // Converters index a node's inputs and outputs as its op defines them.
  if (std::optional<OpArity> arity = opArity(proto.op_type(), opset)) {
    auto check = [&](int count, int least, int most,
                     const char *what) -> LogicalResult {
      if (count >= least && count <= most)
        return success();
      bool unbounded = most == std::numeric_limits<int>::max();
      std::string range =
          least == most ? std::to_string(least)
          : unbounded   ? "at least " + std::to_string(least)
                        : std::to_string(least) + " to " + std::to_string(most);
      bool one = least == 1 && (most == 1 || unbounded);
      return node.fail("takes " + range + " " + what + (one ? "" : "s") +
                       ", not " + std::to_string(count));
    };
    if (failed(check(proto.input_size(), arity->minInputs, arity->maxInputs,
                     "input")) ||
        failed(check(proto.output_size(), arity->minOutputs, arity->maxOutputs,
                     "output")))
      return failure();
  }
  int32_t unsignedType = 0;
  if (failed(checkUnsignedOperands(node, unsignedType)))
    return failure();
  if (failed(it->second(node)) || node.buildFailed())
    return failure();
  if (const onnx::AttributeProto *attr = node.unreadAttribute())
    return node.fail("attribute '" + attr->name() + "' is not supported");
  for (int i = 0; i < proto.output_size(); ++i)
    if (node.hasOutput(i) && !lookup(proto.output(i)))
      return node.fail("output #" + llvm::Twine(i) + " ('" + proto.output(i) +
                       "') is not supported");
  if (unsignedType)
    propagateUnsigned(node, unsignedType);
  return success();
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

void mlir::kiln::loadOnnxImportDialects(MLIRContext *context) {
  context->loadDialect<KilnDialect, func::FuncDialect, arith::ArithDialect,
                       tensor::TensorDialect>();
}

bool mlir::kiln::isOnnxFile(llvm::StringRef path) {
  return llvm::sys::path::extension(path) == ".onnx";
}

OwningOpRef<ModuleOp>
mlir::kiln::importOnnxModel(llvm::StringRef bytes, llvm::StringRef fileName,
                            MLIRContext *context,
                            const OnnxImportOptions &options) {
  loadOnnxImportDialects(context);
  Location fileLoc = FileLineColLoc::get(context, fileName, 0, 0);
  onnx::ModelProto model;
  google::protobuf::io::CodedInputStream stream(
      reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
  stream.SetRecursionLimit(1000);
  if (!model.ParseFromCodedStream(&stream) || !stream.ConsumedEntireMessage()) {
    emitError(fileLoc) << "not a valid ONNX model (the protobuf does not "
                          "parse: truncated or not ONNX)";
    return nullptr;
  }
  if (!model.has_graph() || model.graph().node_size() == 0) {
    emitError(fileLoc) << "not a valid ONNX model (it has no graph)";
    return nullptr;
  }
  int64_t opset = -1;
  for (const onnx::OperatorSetIdProto &set : model.opset_import())
    if (set.domain().empty() || set.domain() == "ai.onnx")
      opset = set.version();
  if (opset < 0 && model.opset_import_size() == 0)
    opset = 1; // ONNX: no opset_import means version 1 of the default one
  if (opset < 0) {
    InFlightDiagnostic diag = emitError(fileLoc)
                              << "the model imports no version of ONNX's "
                                 "default domain, only domains";
    for (const onnx::OperatorSetIdProto &set : model.opset_import())
      diag << " '" << set.domain() << "'";
    diag << ", which are not supported";
    return nullptr;
  }
  // Opsets before 7 are checked op by op (checkLegacyVersion).
  if (opset < 1 || opset > 18) {
    emitError(fileLoc) << "the model imports ONNX opset " << opset
                       << ", which is not supported (Kiln imports opsets 1 "
                          "to 18)";
    return nullptr;
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  GraphImporter importer(context, fileName, options, opset);
  if (failed(importer.importMainGraph(model.graph(), *module)))
    return nullptr;
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp>
mlir::kiln::importOnnxFile(llvm::StringRef path, MLIRContext *context,
                           const OnnxImportOptions &options) {
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false);
  if (!buffer) {
    emitError(UnknownLoc::get(context))
        << "cannot read '" << path << "': " << buffer.getError().message();
    return nullptr;
  }
  return importOnnxModel((*buffer)->getBuffer(), path, context, options);
}
