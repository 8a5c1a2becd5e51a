//===- Graph.cpp - building kiln modules for the Python frontend ----------===//
//
// Ops are created by name from Python, with attributes as MLIR attribute
// text, so the frontend needs no C++ per op: result types come from each
// op's own type inference and every op is verified as it is made, so a bad
// op fails at the Python line that made it.
//
//===----------------------------------------------------------------------===//

#include "Context.h"
#include "KilnPython.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/ScopeExit.h"

using namespace mlir;
using mlir::kiln::python::Error;
using mlir::kiln::python::Graph;
using mlir::kiln::python::SourceLocation;
using mlir::kiln::python::TensorSpec;

struct Graph::Impl {
  Impl() : builder(&kiln::python::sharedContext()) {
    module = ModuleOp::create(builder.getUnknownLoc());
  }

  MLIRContext *context() { return builder.getContext(); }

  Location location(const SourceLocation &where) {
    if (where.file.empty())
      return builder.getUnknownLoc();
    return FileLineColLoc::get(context(), where.file, where.line, 0);
  }

  Value value(int handle) {
    if (handle < 0 || handle >= static_cast<int>(values.size()))
      throw Error("kiln: invalid value handle " + std::to_string(handle));
    return values[handle];
  }

  int add(Value value) {
    values.push_back(value);
    return values.size() - 1;
  }

  Block *insertionBlock() {
    if (blocks.empty())
      throw Error("kiln: no open function to build in");
    return blocks.back();
  }

  std::vector<int> addArguments(Block *block,
                                const std::vector<TensorSpec> &types) {
    std::vector<int> handles;
    for (const TensorSpec &type : types)
      handles.push_back(
          add(block->addArgument(toMlir(type), builder.getUnknownLoc())));
    return handles;
  }

  Type toMlir(const TensorSpec &type) {
    return kiln::python::toMlirType(context(), type);
  }

  /// Creates an op from `state`, verifying it (with its regions, whose
  /// terminators could not be verified before they had a parent); throws
  /// with the diagnostics.
  Operation *createVerified(OperationState &state, bool verifyOp = true) {
    kiln::python::DiagnosticCapture capture(context());
    builder.setInsertionPointToEnd(insertionBlock());
    Operation *op = builder.create(state);
    if (!verifyOp)
      return op;
    if (failed(verify(op, /*verifyRecursively=*/op->getNumRegions() > 0))) {
      op->erase();
      throw Error(capture.message());
    }
    return op;
  }

  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  std::vector<Value> values;
  /// The open functions, innermost last.
  std::vector<func::FuncOp> functions;
  /// Where ops go: the innermost open function's or block's, last.
  std::vector<Block *> blocks;
  /// Blocks begun but not yet handed to an op, by region handle.
  std::vector<std::unique_ptr<Region>> regions;
  /// For each open block, the region it lives in.
  std::vector<int> openRegions;
};

Graph::Graph() : impl(std::make_unique<Impl>()) {}
Graph::~Graph() = default;

std::vector<int> Graph::beginFunction(const std::string &name,
                                      const std::vector<TensorSpec> &types,
                                      bool isPrivate) {
  OpBuilder &b = impl->builder;
  b.setInsertionPointToEnd(impl->module->getBody());
  auto fn = func::FuncOp::create(b, b.getUnknownLoc(), name,
                                 b.getFunctionType({}, {}));
  if (isPrivate)
    fn.setPrivate();
  Block *entry = fn.addEntryBlock();
  impl->functions.push_back(fn);
  impl->blocks.push_back(entry);
  return impl->addArguments(entry, types);
}

int Graph::addArgument(const TensorSpec &type) {
  if (impl->functions.empty())
    throw Error("kiln: no open function to add an argument to");
  Block &entry = impl->functions.back().getBody().front();
  return impl->add(
      entry.addArgument(impl->toMlir(type), impl->builder.getUnknownLoc()));
}

void Graph::endFunction(const std::vector<int> &results,
                        const SourceLocation &location) {
  if (impl->functions.empty() ||
      impl->blocks.back() != &impl->functions.back().getBody().front())
    throw Error("kiln: endFunction with a block still open");
  func::FuncOp fn = impl->functions.back();
  SmallVector<Value> values;
  for (int handle : results)
    values.push_back(impl->value(handle));
  OpBuilder &b = impl->builder;
  b.setInsertionPointToEnd(impl->blocks.back());
  func::ReturnOp::create(b, impl->location(location), values);
  fn.setFunctionType(b.getFunctionType(fn.getBody().front().getArgumentTypes(),
                                       ValueRange(values).getTypes()));
  impl->functions.pop_back();
  impl->blocks.pop_back();
}

std::vector<int> Graph::beginBlock(const std::vector<TensorSpec> &types) {
  impl->regions.push_back(std::make_unique<Region>());
  Block *block = new Block();
  impl->regions.back()->push_back(block);
  impl->blocks.push_back(block);
  impl->openRegions.push_back(impl->regions.size() - 1);
  return impl->addArguments(block, types);
}

int Graph::endBlock(const std::string &terminator,
                    const std::vector<int> &operands,
                    const SourceLocation &location) {
  if (impl->openRegions.empty())
    throw Error("kiln: endBlock without an open block");
  std::optional<RegisteredOperationName> info =
      RegisteredOperationName::lookup(terminator, impl->context());
  if (!info)
    throw Error("kiln: unknown op '" + terminator + "'");
  OperationState state(impl->location(location), *info);
  for (int handle : operands)
    state.addOperands(impl->value(handle));
  // A terminator is verified with the op its region ends up in.
  impl->createVerified(state, /*verifyOp=*/false);
  int region = impl->openRegions.back();
  impl->openRegions.pop_back();
  impl->blocks.pop_back();
  return region;
}

void Graph::abandonBlock() {
  if (impl->openRegions.empty())
    throw Error("kiln: abandonBlock without an open block");
  // The region stays unattached and goes with the graph.
  impl->openRegions.pop_back();
  impl->blocks.pop_back();
}

std::vector<int> Graph::create(const std::string &name,
                               const std::vector<int> &operands,
                               const std::string &attributes,
                               const std::vector<TensorSpec> *resultTypes,
                               const std::vector<int> &regions,
                               const SourceLocation &location) {
  MLIRContext *context = impl->context();
  std::optional<RegisteredOperationName> info =
      RegisteredOperationName::lookup(name, context);
  if (!info)
    throw Error("kiln: unknown op '" + name + "'");
  Location loc = impl->location(location);
  OperationState state(loc, *info);
  for (int handle : operands)
    state.addOperands(impl->value(handle));
  DictionaryAttr dictionary = DictionaryAttr::get(context);
  if (!attributes.empty()) {
    kiln::python::DiagnosticCapture capture(context);
    dictionary =
        dyn_cast_or_null<DictionaryAttr>(parseAttribute(attributes, context));
    if (!dictionary)
      throw Error("kiln: bad attributes for '" + name + "': " + attributes +
                  "\n" + capture.message());
  }
  // Inherent attributes live in the op's properties.
  if (info->getOpPropertyByteSize() > 0)
    state.propertiesAttr = dictionary;
  else
    state.addAttributes(dictionary.getValue());
  for (int handle : regions) {
    if (handle < 0 || handle >= static_cast<int>(impl->regions.size()) ||
        !impl->regions[handle])
      throw Error("kiln: invalid region handle");
    state.addRegion(std::move(impl->regions[handle]));
  }

  if (resultTypes) {
    for (const TensorSpec &type : *resultTypes)
      state.addTypes(impl->toMlir(type));
  } else if (auto *inference = info->getInterface<InferTypeOpInterface>()) {
    kiln::python::DiagnosticCapture capture(context);
    // Inference reads the attributes through the op's properties.
    std::unique_ptr<char[]> storage;
    OpaqueProperties properties(nullptr);
    if (int size = info->getOpPropertyByteSize()) {
      storage = std::make_unique<char[]>(size);
      properties = OpaqueProperties(storage.get());
      info->initOpProperties(properties, nullptr);
    }
    llvm::scope_exit destroy([&] {
      if (properties)
        info->destroyOpProperties(properties);
    });
    SmallVector<Type> types;
    auto emitError = [&] { return mlir::emitError(loc); };
    if ((properties && failed(info->setOpPropertiesFromAttribute(
                           *info, properties, dictionary, emitError))) ||
        failed(inference->inferReturnTypes(context, loc, state.operands,
                                           dictionary, properties,
                                           state.regions, types)))
      throw Error(capture.message());
    state.addTypes(types);
  } else if (info->hasTrait<OpTrait::SameOperandsAndResultType>() &&
             !state.operands.empty()) {
    state.addTypes(state.operands.front().getType());
  } else {
    throw Error("kiln: '" + name + "' needs its result types");
  }

  Operation *op = impl->createVerified(state);
  std::vector<int> results;
  for (Value result : op->getResults())
    results.push_back(impl->add(result));
  return results;
}

int Graph::constant(const void *data, size_t bytes, const TensorSpec &type,
                    const SourceLocation &location) {
  auto tensorType = cast<RankedTensorType>(impl->toMlir(type));
  if (!tensorType.hasStaticShape())
    throw Error("kiln: a constant needs a static shape");
  // One element per numpy element: a raw buffer of a single element would
  // otherwise pass as a splat of the whole tensor.
  if (bytes != tensorType.getNumElements() * elementBytes(type.dtype))
    throw Error("kiln: constant data does not match its type");
  DenseElementsAttr value;
  if (type.dtype == "i1") {
    // numpy keeps a byte per bool; MLIR's raw i1 buffers pack bits.
    auto *flags = static_cast<const bool *>(data);
    value = DenseElementsAttr::get(
        tensorType, llvm::ArrayRef<bool>(flags, tensorType.getNumElements()));
  } else {
    ArrayRef<char> raw(static_cast<const char *>(data), bytes);
    bool splat = false;
    if (!DenseElementsAttr::isValidRawBuffer(tensorType, raw, splat))
      throw Error("kiln: constant data does not match its type");
    value = DenseElementsAttr::getFromRawBuffer(tensorType, raw);
  }
  OperationState state(impl->location(location),
                       mlir::kiln::ConstantOp::getOperationName());
  mlir::kiln::ConstantOp::build(impl->builder, state, value);
  Operation *op = impl->createVerified(state);
  return impl->add(op->getResult(0));
}

TensorSpec Graph::typeOf(int handle) const {
  return kiln::python::fromMlirType(impl->value(handle).getType());
}

std::string Graph::str() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  impl->module->print(os);
  return text;
}
