//===- ControlFlow.cpp - kiln.if, kiln.for, kiln.while --------------------===//
//
// Assembly, region verifiers, the for folder and the region-branch and loop
// interfaces that let upstream analyses and passes (CSE, canonicalize,
// inlining, loop-invariant code motion, dataflow) see through kiln control
// flow.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::kiln;

/// Returns the value of a constant 0-d `tensor<i1>` or i1 attribute.
static std::optional<bool> getConstantPredicate(Attribute attr) {
  if (auto elements = dyn_cast_or_null<DenseIntElementsAttr>(attr))
    if (elements.isSplat() && elements.getElementType().isInteger(1))
      return elements.getSplatValue<bool>();
  return std::nullopt;
}

/// The edge from a region back to `op`, whose results receive the values.
static RegionSuccessor toParent(Operation *op) {
  return RegionSuccessor(op, op->getResults());
}

/// The edge into `region`, whose arguments receive the values.
static RegionSuccessor toEntry(Region &region) {
  return RegionSuccessor(&region, region.getArguments());
}

// Type agreement along every control-flow edge (inits, region arguments,
// yields, results) is checked by RegionBranchOpInterface's verifier; the
// verifiers below only check what that interface does not.

//===----------------------------------------------------------------------===//
// IfOp
//===----------------------------------------------------------------------===//

YieldOp IfOp::thenYield() {
  return cast<YieldOp>(getThenRegion().front().back());
}
YieldOp IfOp::elseYield() {
  return cast<YieldOp>(getElseRegion().front().back());
}

void IfOp::getSuccessorRegions(RegionBranchPoint point,
                               SmallVectorImpl<RegionSuccessor> &regions) {
  if (!point.isParent()) {
    regions.push_back(toParent(getOperation()));
    return;
  }
  regions.push_back(RegionSuccessor(&getThenRegion()));
  regions.push_back(RegionSuccessor(&getElseRegion()));
}

void IfOp::getEntrySuccessorRegions(ArrayRef<Attribute> operands,
                                    SmallVectorImpl<RegionSuccessor> &regions) {
  std::optional<bool> taken = getConstantPredicate(operands[0]);
  if (!taken) {
    getSuccessorRegions(RegionBranchPoint::parent(), regions);
    return;
  }
  regions.push_back(
      RegionSuccessor(*taken ? &getThenRegion() : &getElseRegion()));
}

void IfOp::getRegionInvocationBounds(
    ArrayRef<Attribute> operands, SmallVectorImpl<InvocationBounds> &bounds) {
  if (std::optional<bool> taken = getConstantPredicate(operands[0])) {
    bounds.emplace_back(0, *taken ? 1 : 0);
    bounds.emplace_back(0, *taken ? 0 : 1);
    return;
  }
  bounds.assign(2, InvocationBounds(0, 1));
}

//===----------------------------------------------------------------------===//
// ForOp
//===----------------------------------------------------------------------===//

YieldOp ForOp::getYield() { return cast<YieldOp>(getBody()->back()); }

void ForOp::print(OpAsmPrinter &p) {
  p << " " << getInductionVar() << " = " << getLowerBound() << " to "
    << getUpperBound() << " step " << getStep();
  if (!getInitArgs().empty()) {
    p << " iter_args(";
    llvm::interleaveComma(
        llvm::zip(getRegionIterArgs(), getInitArgs()), p, [&](auto pair) {
          p << std::get<0>(pair) << " = " << std::get<1>(pair);
        });
    p << ") -> (" << getResultTypes() << ")";
  }
  p << " : " << getLowerBound().getType() << " ";
  p.printRegion(getRegion(), /*printEntryBlockArgs=*/false,
                /*printBlockTerminators=*/!getInitArgs().empty());
  p.printOptionalAttrDict((*this)->getAttrs());
}

ParseResult ForOp::parse(OpAsmParser &parser, OperationState &result) {
  OpAsmParser::Argument inductionVar;
  OpAsmParser::UnresolvedOperand lower, upper, step;
  if (parser.parseArgument(inductionVar) || parser.parseEqual() ||
      parser.parseOperand(lower) || parser.parseKeyword("to") ||
      parser.parseOperand(upper) || parser.parseKeyword("step") ||
      parser.parseOperand(step))
    return failure();

  SmallVector<OpAsmParser::Argument> regionArgs = {inductionVar};
  SmallVector<OpAsmParser::UnresolvedOperand> inits;
  if (succeeded(parser.parseOptionalKeyword("iter_args"))) {
    if (parser.parseAssignmentList(regionArgs, inits) ||
        parser.parseArrowTypeList(result.types))
      return failure();
  }
  if (regionArgs.size() != result.types.size() + 1)
    return parser.emitError(parser.getNameLoc())
           << "expected as many loop-carried types as iter_args, got "
           << result.types.size() << " types for " << regionArgs.size() - 1
           << " values";

  Type boundType;
  llvm::SMLoc boundLoc = parser.getCurrentLocation();
  if (parser.parseColonType(boundType) ||
      parser.resolveOperand(lower, boundType, result.operands) ||
      parser.resolveOperand(upper, boundType, result.operands) ||
      parser.resolveOperand(step, boundType, result.operands) ||
      parser.resolveOperands(inits, result.types, boundLoc, result.operands))
    return failure();

  regionArgs[0].type = boundType;
  for (auto [arg, type] : llvm::zip(llvm::drop_begin(regionArgs), result.types))
    arg.type = type;
  Region *body = result.addRegion();
  if (parser.parseRegion(*body, regionArgs))
    return failure();
  ForOp::ensureTerminator(*body, parser.getBuilder(), result.location);
  return parser.parseOptionalAttrDict(result.attributes);
}

/// The value of a constant index, i64 or 0-d tensor<i64> bound.
static std::optional<int64_t> getConstantBound(Value value) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  if (auto integer = dyn_cast<IntegerAttr>(attr))
    return integer.getInt();
  if (auto elements = dyn_cast<DenseIntElementsAttr>(attr))
    if (elements.isSplat())
      return elements.getSplatValue<APInt>().getSExtValue();
  return std::nullopt;
}

std::optional<int64_t> ForOp::getConstantTripCount() {
  std::optional<int64_t> lower = getConstantBound(getLowerBound());
  std::optional<int64_t> upper = getConstantBound(getUpperBound());
  std::optional<int64_t> step = getConstantBound(getStep());
  if (!lower || !upper || !step || *step <= 0)
    return std::nullopt;
  if (*upper <= *lower)
    return 0;
  return llvm::divideCeil(*upper - *lower, *step);
}

LogicalResult ForOp::fold(FoldAdaptor, SmallVectorImpl<OpFoldResult> &results) {
  // A loop that runs zero times returns its initial values.
  std::optional<int64_t> trips = getConstantTripCount();
  if (!trips || *trips != 0 || getInitArgs().empty())
    return failure();
  llvm::append_range(results, getInitArgs());
  return success();
}

LogicalResult ForOp::verify() {
  Type boundType = getLowerBound().getType();
  if (getUpperBound().getType() != boundType ||
      getStep().getType() != boundType)
    return emitOpError("bounds must have one type, got lower ")
           << boundType << ", upper " << getUpperBound().getType()
           << " and step " << getStep().getType();
  std::optional<int64_t> step = getConstantBound(getStep());
  if (step && *step <= 0)
    return emitOpError("step must be positive, got ") << *step;
  return success();
}

LogicalResult ForOp::verifyRegions() {
  Block *body = getBody();
  if (body->getNumArguments() != getInitArgs().size() + 1)
    return emitOpError("body must take the induction variable and one "
                       "argument per loop-carried value (")
           << getInitArgs().size() + 1 << " arguments), got "
           << body->getNumArguments();
  if (body->getArgument(0).getType() != getLowerBound().getType())
    return emitOpError("induction variable type ")
           << body->getArgument(0).getType() << " must match the bound type "
           << getLowerBound().getType();
  return success();
}

SmallVector<Region *> ForOp::getLoopRegions() { return {&getRegion()}; }

// Induction variable and bounds are exposed for scalar bounds only: the
// analyses that use them (integer ranges, for one) reason about integers,
// not 0-d tensors.
std::optional<SmallVector<Value>> ForOp::getLoopInductionVars() {
  if (isa<RankedTensorType>(getLowerBound().getType()))
    return std::nullopt;
  return SmallVector<Value>{getInductionVar()};
}

/// `bound` as the interface exposes it: for a scalar bound only.
static std::optional<SmallVector<OpFoldResult>> scalarBound(Value bound) {
  if (isa<RankedTensorType>(bound.getType()))
    return std::nullopt;
  return SmallVector<OpFoldResult>{bound};
}

std::optional<SmallVector<OpFoldResult>> ForOp::getLoopLowerBounds() {
  return scalarBound(getLowerBound());
}

std::optional<SmallVector<OpFoldResult>> ForOp::getLoopUpperBounds() {
  return scalarBound(getUpperBound());
}

std::optional<SmallVector<OpFoldResult>> ForOp::getLoopSteps() {
  return scalarBound(getStep());
}

MutableArrayRef<OpOperand> ForOp::getInitsMutable() {
  return getInitArgsMutable();
}

Block::BlockArgListType ForOp::getRegionIterArgs() {
  // Robust against a malformed body without an induction variable, which
  // the interface verifiers look at before verifyRegions reports it.
  Block::BlockArgListType args = getBody()->getArguments();
  return args.drop_front(std::min<size_t>(1, args.size()));
}

std::optional<MutableArrayRef<OpOperand>> ForOp::getYieldedValuesMutable() {
  return getYield().getValuesMutable();
}

std::optional<ResultRange> ForOp::getLoopResults() { return getResults(); }

OperandRange ForOp::getEntrySuccessorOperands(RegionSuccessor) {
  return getInitArgs();
}

void ForOp::getSuccessorRegions(RegionBranchPoint,
                                SmallVectorImpl<RegionSuccessor> &regions) {
  // From entry and from the end of every iteration the body may run again or
  // the loop may end.
  regions.push_back(RegionSuccessor(&getRegion(), getRegionIterArgs()));
  regions.push_back(toParent(getOperation()));
}

//===----------------------------------------------------------------------===//
// WhileOp and ConditionOp
//===----------------------------------------------------------------------===//

ConditionOp WhileOp::getConditionOp() {
  return cast<ConditionOp>(getBefore().front().back());
}
YieldOp WhileOp::getYield() { return cast<YieldOp>(getAfter().front().back()); }

void WhileOp::print(OpAsmPrinter &p) {
  p << " (";
  llvm::interleaveComma(
      llvm::zip(getBefore().getArguments(), getInitArgs()), p,
      [&](auto pair) { p << std::get<0>(pair) << " = " << std::get<1>(pair); });
  p << ")";
  if (!getInitArgs().empty())
    p << " : " << getInitArgs().getTypes();
  p << " ";
  p.printRegion(getBefore(), /*printEntryBlockArgs=*/false);
  p << " do ";
  p.printRegion(getAfter(), /*printEntryBlockArgs=*/true);
  p.printOptionalAttrDictWithKeyword((*this)->getAttrs());
}

ParseResult WhileOp::parse(OpAsmParser &parser, OperationState &result) {
  SmallVector<OpAsmParser::Argument> beforeArgs;
  SmallVector<OpAsmParser::UnresolvedOperand> inits;
  llvm::SMLoc initsLoc = parser.getCurrentLocation();
  if (parser.parseAssignmentList(beforeArgs, inits))
    return failure();
  if (!inits.empty() && parser.parseColonTypeList(result.types))
    return failure();
  if (result.types.size() != inits.size())
    return parser.emitError(initsLoc)
           << "expected " << inits.size() << " loop-carried types, got "
           << result.types.size();
  if (parser.resolveOperands(inits, result.types, initsLoc, result.operands))
    return failure();
  for (auto [arg, type] : llvm::zip(beforeArgs, result.types))
    arg.type = type;
  Region *before = result.addRegion();
  Region *after = result.addRegion();
  if (parser.parseRegion(*before, beforeArgs) || parser.parseKeyword("do") ||
      parser.parseRegion(*after) ||
      parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  return success();
}

LogicalResult WhileOp::verifyRegions() {
  if (!isa<ConditionOp>(getBefore().front().back()))
    return emitOpError("'before' region must end in 'kiln.condition'");
  if (!isa<YieldOp>(getAfter().front().back()))
    return emitOpError("'after' region must end in 'kiln.yield'");
  return success();
}

SmallVector<Region *> WhileOp::getLoopRegions() {
  return {&getBefore(), &getAfter()};
}

MutableArrayRef<OpOperand> WhileOp::getInitsMutable() {
  return getInitArgsMutable();
}

Block::BlockArgListType WhileOp::getRegionIterArgs() {
  return getBefore().getArguments();
}

std::optional<ResultRange> WhileOp::getLoopResults() { return getResults(); }

OperandRange WhileOp::getEntrySuccessorOperands(RegionSuccessor) {
  return getInitArgs();
}

void WhileOp::getSuccessorRegions(RegionBranchPoint point,
                                  SmallVectorImpl<RegionSuccessor> &regions) {
  if (point.isParent()) {
    regions.push_back(toEntry(getBefore()));
    return;
  }
  Region *from = point.getTerminatorPredecessorOrNull()->getParentRegion();
  if (from == &getAfter()) {
    regions.push_back(toEntry(getBefore()));
    return;
  }
  regions.push_back(toEntry(getAfter()));
  regions.push_back(toParent(getOperation()));
}

MutableOperandRange ConditionOp::getMutableSuccessorOperands(RegionSuccessor) {
  return getArgsMutable();
}

void ConditionOp::getSuccessorRegions(
    ArrayRef<Attribute> operands, SmallVectorImpl<RegionSuccessor> &regions) {
  auto loop = cast<WhileOp>((*this)->getParentOp());
  std::optional<bool> keepGoing = getConstantPredicate(operands[0]);
  if (!keepGoing || *keepGoing)
    regions.push_back(toEntry(loop.getAfter()));
  if (!keepGoing || !*keepGoing)
    regions.push_back(toParent(loop.getOperation()));
}
