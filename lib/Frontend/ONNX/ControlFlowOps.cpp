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
  if (body.output_size() != static_cast<int>(carried) + 1)
    return n.fail("scan outputs are not supported (the body has " +
                  llvm::Twine(body.output_size()) + " outputs for " +
                  llvm::Twine(carried) + " loop-carried values)");
  TypeRange types = ValueRange(inits).getTypes();

  // The body: iteration, condition and values in; the next ones out.
  SmallVector<Value> bodyResults;
  SmallVector<int32_t> bodyUnsigned;
  FailureOr<Block *> bodyBlock =
      importBlock(n, body, types, initUnsigned, bodyResults, bodyUnsigned);
  if (failed(bodyBlock))
    return failure();
  std::unique_ptr<Block> after(*bodyBlock);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(after.get());
    FailureOr<Value> next = asScalar(n, bodyResults[0], "the body's condition");
    if (failed(next))
      return failure();
    SmallVector<Value> yielded = {
        n.make<AddOp>(after->getArgument(0), scalar(b, n.loc, i64, 1)), *next};
    yielded.append(bodyResults.begin() + 1, bodyResults.end());
    if (!yielded[0])
      return failure();
    for (auto [value, type] : llvm::zip(yielded, types))
      if (value.getType() != type)
        return n.error() << "a loop-carried value changes type from " << type
                         << " to " << value.getType()
                         << " (Kiln needs the same type every iteration)";
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
  return success();
}
} // namespace

void onnx_import::registerControlFlowConverters(ConverterTable &table) {
  table["If"] = convertIf;
  table["Loop"] = convertLoop;
}
