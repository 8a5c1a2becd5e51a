//===- ControlFlowOps.cpp - ONNX If and Loop as kiln.if and kiln.while ----===//
//
// Subgraphs are imported into the regions (they see the enclosing graph's
// values, as ONNX scoping says). A Loop carries (iteration, condition,
// values...) through kiln.while: the condition region tests the trip count
// and the condition, the body is the loop's subgraph.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {
/// `value` as a 0-d tensor (ONNX predicates and counts may be 1-element).
FailureOr<Value> asScalar(Node &n, Value value, StringRef what) {
  RankedTensorType type = typeOf(value);
  if (type.getRank() == 0)
    return value;
  if (!type.hasStaticShape() || type.getNumElements() != 1)
    return n.fail(what + " must have one element, not " +
                  llvm::Twine(type.getNumElements()));
  return reshape(n, value, {});
}

/// Imports `graph` into a new detached block with arguments of
/// `argumentTypes` (unsigned types as in ImportedValue: `argumentUnsigned`);
/// the graph's outputs go to `results` and `resultUnsigned` (the caller
/// adds the terminator).
FailureOr<Block *> importBlock(Node &n, const onnx::GraphProto &graph,
                               TypeRange argumentTypes,
                               ArrayRef<int32_t> argumentUnsigned,
                               SmallVectorImpl<Value> &results,
                               SmallVectorImpl<int32_t> &resultUnsigned) {
  OpBuilder &b = n.builder();
  OpBuilder::InsertionGuard guard(b);
  auto block = std::make_unique<Block>();
  for (Type type : argumentTypes)
    block->addArgument(type, n.loc);
  b.setInsertionPointToEnd(block.get());
  if (failed(n.graph.importSubgraph(graph, block->getArguments(),
                                    argumentUnsigned, results, resultUnsigned,
                                    n.loc)))
    return failure();
  return block.release();
}

/// The type of a value that is `a` or `b`: sizes that differ become
/// dynamic; null where the element types or ranks differ.
Type joinTypes(Type a, Type b) {
  auto x = cast<RankedTensorType>(a), y = cast<RankedTensorType>(b);
  if (x.getElementType() != y.getElementType() || x.getRank() != y.getRank())
    return nullptr;
  SmallVector<int64_t> shape;
  for (auto [p, q] : llvm::zip(x.getShape(), y.getShape()))
    shape.push_back(p == q ? p : ShapedType::kDynamic);
  return x.clone(shape);
}

Value castIfNeeded(OpBuilder &b, Location loc, Value value, Type type) {
  if (!value || value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

/// The accumulator of a scan output after iteration `iteration`: `value`
/// appended to `accumulator` as a new row. Unless the initial accumulator
/// has the rows' shape (`sizedStart`: static, or declared by the model),
/// the first iteration starts afresh instead of appending.
Value appendScan(Node &n, Value iteration, Value accumulator, Value value,
                 bool sizedStart) {
  OpBuilder &b = n.builder();
  RankedTensorType type = typeOf(value);
  SmallVector<int64_t> row = {1};
  for (int64_t size : type.getShape())
    row.push_back(ShapedType::isDynamic(size) ? -1 : size);
  Value asRow = reshape(n, value, row);
  if (!asRow)
    return nullptr;
  if (sizedStart)
    return castIfNeeded(b, n.loc,
                        n.make<ConcatOp>(ValueRange{accumulator, asRow},
                                         b.getI64IntegerAttr(0)),
                        accumulator.getType());
  Value first = n.make<CompareOp>(ComparePredicate::eq, iteration,
                                  scalar(b, n.loc, b.getI64Type(), 0));
  if (!first)
    return nullptr;
  auto ifOp = IfOp::create(b, n.loc, accumulator.getType(), first);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(&ifOp.getThenRegion().emplaceBlock());
  YieldOp::create(b, n.loc,
                  castIfNeeded(b, n.loc, asRow, accumulator.getType()));
  b.setInsertionPointToEnd(&ifOp.getElseRegion().emplaceBlock());
  Value appended =
      n.make<ConcatOp>(ValueRange{accumulator, asRow}, b.getI64IntegerAttr(0));
  if (!appended)
    return nullptr;
  YieldOp::create(b, n.loc,
                  castIfNeeded(b, n.loc, appended, accumulator.getType()));
  return ifOp.getResult(0);
}

LogicalResult convertIf(Node &n) {
  FailureOr<Value> condition = n.input(0);
  if (failed(condition))
    return failure();
  condition = asScalar(n, *condition, "the condition");
  if (failed(condition))
    return failure();
  const onnx::AttributeProto *thenGraph =
      n.typedAttribute("then_branch", onnx::AttributeProto::GRAPH, "a graph");
  const onnx::AttributeProto *elseGraph =
      n.typedAttribute("else_branch", onnx::AttributeProto::GRAPH, "a graph");
  if (!thenGraph || !elseGraph)
    return n.fail("then_branch and else_branch are required");
  OpBuilder &b = n.builder();
  SmallVector<Value> thenResults, elseResults;
  SmallVector<int32_t> thenUnsigned, elseUnsigned;
  FailureOr<Block *> thenBlock =
      importBlock(n, thenGraph->g(), {}, {}, thenResults, thenUnsigned);
  if (failed(thenBlock))
    return failure();
  std::unique_ptr<Block> thenOwner(*thenBlock);
  FailureOr<Block *> elseBlock =
      importBlock(n, elseGraph->g(), {}, {}, elseResults, elseUnsigned);
  if (failed(elseBlock))
    return failure();
  std::unique_ptr<Block> elseOwner(*elseBlock);
  if (thenResults.size() != elseResults.size())
    return n.fail("the branches produce " + llvm::Twine(thenResults.size()) +
                  " and " + llvm::Twine(elseResults.size()) + " values");
  for (auto [t, e] : llvm::zip(thenResults, elseResults))
    if (t.getType() != e.getType())
      return n.error() << "the branches produce values of different types, "
                       << t.getType() << " and " << e.getType();
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(thenOwner.get());
    YieldOp::create(b, n.loc, thenResults);
    b.setInsertionPointToEnd(elseOwner.get());
    YieldOp::create(b, n.loc, elseResults);
  }
  auto ifOp =
      IfOp::create(b, n.loc, ValueRange(thenResults).getTypes(), *condition);
  ifOp.getThenRegion().push_back(thenOwner.release());
  ifOp.getElseRegion().push_back(elseOwner.release());
  for (auto [i, result] : llvm::enumerate(ifOp.getResults()))
    n.setOutput(i, result, thenUnsigned[i] ? thenUnsigned[i] : elseUnsigned[i]);
  return success();
}

LogicalResult convertLoop(Node &n) {
  const onnx::AttributeProto *bodyAttr =
      n.typedAttribute("body", onnx::AttributeProto::GRAPH, "a graph");
  if (!bodyAttr)
    return n.fail("attribute 'body' is missing");
  const onnx::GraphProto &body = bodyAttr->g();
  OpBuilder &b = n.builder();
  Type i64 = b.getI64Type(), i1 = b.getI1Type();

  Value tripCount;
  if (n.hasInput(0)) {
    FailureOr<Value> m = n.input(0);
    if (failed(m) || failed(m = asScalar(n, *m, "the trip count")))
      return failure();
    tripCount = *m;
  }
  Value condition;
  if (n.hasInput(1)) {
    FailureOr<Value> c = n.input(1);
    if (failed(c) || failed(c = asScalar(n, *c, "the condition")))
      return failure();
    condition = *c;
  } else {
    condition = scalar(b, n.loc, i1, 1);
  }
  SmallVector<Value> inits = {scalar(b, n.loc, i64, 0), condition};
  SmallVector<int32_t> initUnsigned = {0, 0};
  for (unsigned i = 2; i < n.inputCount(); ++i) {
    FailureOr<Value> v = n.input(i);
    if (failed(v))
      return failure();
    inits.push_back(*v);
    initUnsigned.push_back(n.unsignedType(i));
  }
  unsigned carried = inits.size() - 2;
  if (body.output_size() < static_cast<int>(carried) + 1)
    return n.fail("the body has " + llvm::Twine(body.output_size()) +
                  " outputs for " + llvm::Twine(carried) +
                  " loop-carried values and the condition");
  unsigned scans = body.output_size() - 1 - carried;

  // The body's types depend on its arguments' and may differ from the
  // initial values' (a size that changes between iterations): import it
  // until the carried types are a fixed point, each time with the join of
  // what went in and what came out.
  SmallVector<Type> types(ValueRange(inits).getTypes());
  SmallVector<Value> bodyResults;
  SmallVector<int32_t> bodyUnsigned;
  std::unique_ptr<Block> after;
  for (int attempt = 0;; ++attempt) {
    bodyResults.clear();
    bodyUnsigned.clear();
    FailureOr<Block *> bodyBlock =
        importBlock(n, body, types, initUnsigned, bodyResults, bodyUnsigned);
    if (failed(bodyBlock))
      return failure();
    after.reset(*bodyBlock);
    SmallVector<Type> joined(types);
    for (unsigned i = 0; i < carried; ++i) {
      Type produced = bodyResults[i + 1].getType();
      Type join = joinTypes(types[i + 2], produced);
      if (!join)
        return n.error() << "a loop-carried value changes type from "
                         << types[i + 2] << " to " << produced
                         << " (Kiln needs the same element type and rank "
                            "every iteration)";
      joined[i + 2] = join;
    }
    if (joined == types)
      break;
    // Each join makes a size dynamic, so this ends within the total rank.
    after->dropAllReferences();
    types = joined;
  }
  for (unsigned i = 0; i < carried; ++i)
    inits[i + 2] = castIfNeeded(b, n.loc, inits[i + 2], types[i + 2]);

  // Scan outputs accumulate along a new leading axis of run-time size,
  // from an empty start. Its other sizes are the row's, where the body
  // declares those Kiln infers as dynamic (the concatenation checks them
  // at run time); otherwise appendScan starts afresh at iteration 0.
  SmallVector<Value> accumulators;
  SmallVector<bool> declaredRows;
  for (unsigned k = 0; k < scans; ++k) {
    RankedTensorType scanType = typeOf(bodyResults[1 + carried + k]);
    if (llvm::count_if(scanType.getShape(), ShapedType::isDynamic) > 1)
      return n.fail("a scan output with more than one dynamic size is not "
                    "supported");
    const onnx::TypeProto::Tensor &declared =
        body.output(1 + carried + k).type().tensor_type();
    bool hasDeclaredShape = declared.has_shape() &&
                            declared.shape().dim_size() == scanType.getRank();
    bool sizedStart = true;
    SmallVector<int64_t> empty = {0}, stacked = {ShapedType::kDynamic};
    for (auto [d, size] : llvm::enumerate(scanType.getShape())) {
      int64_t known = size;
      if (ShapedType::isDynamic(size)) {
        const onnx::TensorShapeProto::Dimension *dim =
            hasDeclaredShape ? &declared.shape().dim(d) : nullptr;
        bool declaresSize =
            dim && dim->has_dim_value() && dim->dim_value() >= 0;
        known = declaresSize ? dim->dim_value() : 0;
        sizedStart &= declaresSize;
      }
      empty.push_back(known);
      stacked.push_back(size);
    }
    declaredRows.push_back(sizedStart);
    auto emptyType = RankedTensorType::get(empty, scanType.getElementType());
    Value none = constant(
        b, n.loc, DenseElementsAttr::get(emptyType, ArrayRef<Attribute>{}));
    Value init = castIfNeeded(b, n.loc, none, scanType.clone(stacked));
    inits.push_back(init);
    types.push_back(init.getType());
    accumulators.push_back(after->addArgument(init.getType(), n.loc));
  }

  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(after.get());
    FailureOr<Value> next = asScalar(n, bodyResults[0], "the body's condition");
    if (failed(next))
      return failure();
    SmallVector<Value> yielded = {
        n.make<AddOp>(after->getArgument(0), scalar(b, n.loc, i64, 1)), *next};
    for (unsigned i = 0; i < carried; ++i)
      yielded.push_back(
          castIfNeeded(b, n.loc, bodyResults[i + 1], types[i + 2]));
    for (unsigned k = 0; k < scans; ++k)
      yielded.push_back(appendScan(n, after->getArgument(0), accumulators[k],
                                   bodyResults[1 + carried + k],
                                   declaredRows[k]));
    if (llvm::is_contained(yielded, Value()))
      return failure();
    YieldOp::create(b, n.loc, yielded);
  }

  // The condition: the flag, and the trip count if there is one.
  auto before = std::make_unique<Block>();
  for (Type type : types)
    before->addArgument(type, n.loc);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(before.get());
    Value go = before->getArgument(1);
    if (tripCount) {
      Value inRange = n.make<CompareOp>(ComparePredicate::lt,
                                        before->getArgument(0), tripCount);
      go = n.make<SelectOp>(go, inRange, scalar(b, n.loc, i1, 0));
    }
    if (!go)
      return failure();
    ConditionOp::create(b, n.loc, go, before->getArguments());
  }

  auto loop = WhileOp::create(b, n.loc, types, inits);
  loop.getBefore().push_back(before.release());
  loop.getAfter().push_back(after.release());
  for (unsigned i = 0; i < carried; ++i)
    n.setOutput(i, loop.getResult(i + 2), initUnsigned[i + 2]);
  for (unsigned k = 0; k < scans; ++k)
    n.setOutput(carried + k, loop.getResult(2 + carried + k),
                bodyUnsigned[1 + carried + k]);
  return success();
}
} // namespace

void onnx_import::registerControlFlowConverters(ConverterTable &table) {
  table["If"] = convertIf;
  table["Loop"] = convertLoop;
}
