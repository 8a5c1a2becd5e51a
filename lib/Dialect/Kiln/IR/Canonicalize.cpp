//===- Canonicalize.cpp - kiln canonicalisation patterns ------------------===//
//
// Rewrites that change the structure of control flow: a `kiln.if` on a
// constant predicate is replaced by its taken region, and loop-carried values
// nobody reads are dropped from `kiln.for` and `kiln.while`.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace mlir::kiln;

/// Moves the single block of `region` in front of `op` and replaces `op`'s
/// results with what the block yielded.
static void inlineRegionInPlaceOf(PatternRewriter &rewriter, Operation *op,
                                  Region &region, ValueRange blockArgs) {
  Block *block = &region.front();
  Operation *terminator = block->getTerminator();
  ValueRange yielded = terminator->getOperands();
  rewriter.inlineBlockBefore(block, op, blockArgs);
  rewriter.replaceOp(op, yielded);
  rewriter.eraseOp(terminator);
}

namespace {
/// kiln.if on a constant predicate -> the taken region, inlined.
struct FoldConstantIf : public OpRewritePattern<IfOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(IfOp op,
                                PatternRewriter &rewriter) const override {
    DenseIntElementsAttr predicate;
    if (!matchPattern(op.getCondition(), m_Constant(&predicate)))
      return rewriter.notifyMatchFailure(op, "predicate is not a constant");
    Region &taken = predicate.getSplatValue<bool>() ? op.getThenRegion()
                                                    : op.getElseRegion();
    inlineRegionInPlaceOf(rewriter, op, taken, {});
    return success();
  }
};
} // namespace

void IfOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                       MLIRContext *context) {
  patterns.add<FoldConstantIf>(context);
}

/// Whether `arg` only feeds `sink`: every op that (transitively) uses it is
/// free of side effects and its results are used only by such ops or by
/// `sink`. A loop-carried value with that property, and whose result is
/// unused, computes nothing anyone can observe.
static bool onlyFeeds(BlockArgument arg, OpOperand &sink) {
  SmallVector<Value> worklist = {arg};
  llvm::SmallPtrSet<Operation *, 8> visited;
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (OpOperand &use : value.getUses()) {
      if (&use == &sink)
        continue;
      Operation *user = use.getOwner();
      // Only ops of the loop body itself, not the loop's terminators or
      // anything outside: a use by another operand of the terminator makes
      // the value observable.
      if (user->hasTrait<OpTrait::IsTerminator>()) {
        if (user->getParentRegion() == arg.getParentRegion())
          return false;
        // A terminator of a nested region passes the value on to the results
        // of its op.
        user = user->getParentOp();
      }
      if (!isMemoryEffectFree(user))
        return false;
      if (visited.insert(user).second)
        llvm::append_range(worklist, user->getResults());
    }
  }
  return true;
}

namespace {
/// Drops loop-carried values of kiln.for whose result is unused and whose
/// body argument only feeds its own next value.
struct DropUnusedForIterArgs : public OpRewritePattern<ForOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ForOp op,
                                PatternRewriter &rewriter) const override {
    YieldOp yield = op.getYield();
    SmallVector<unsigned> keep;
    for (unsigned i = 0, e = op.getNumResults(); i < e; ++i) {
      bool dead =
          op.getResult(i).use_empty() &&
          onlyFeeds(op.getRegionIterArgs()[i], yield.getValuesMutable()[i]);
      if (!dead)
        keep.push_back(i);
    }
    if (keep.size() == op.getNumResults())
      return rewriter.notifyMatchFailure(op,
                                         "every loop-carried value is used");

    SmallVector<Value> inits;
    for (unsigned i : keep)
      inits.push_back(op.getInitArgs()[i]);
    auto newLoop = ForOp::create(
        rewriter, op.getLoc(), ValueRange(inits).getTypes(), op.getLowerBound(),
        op.getUpperBound(), op.getStep(), inits);
    Block *newBody = rewriter.createBlock(&newLoop.getRegion());
    newBody->addArgument(op.getInductionVar().getType(), op.getLoc());
    for (Value init : inits)
      newBody->addArgument(init.getType(), op.getLoc());

    // Map the old body arguments; dropped ones only feed dropped values, so
    // their init stands in for them until the dead code is removed.
    SmallVector<Value> argReplacements = {newBody->getArgument(0)};
    for (unsigned i = 0, j = 0, e = op.getNumResults(); i < e; ++i)
      argReplacements.push_back(j < keep.size() && keep[j] == i
                                    ? newBody->getArgument(1 + j++)
                                    : op.getInitArgs()[i]);
    rewriter.mergeBlocks(op.getBody(), newBody, argReplacements);

    auto oldYield = cast<YieldOp>(newBody->getTerminator());
    SmallVector<Value> yielded;
    for (unsigned i : keep)
      yielded.push_back(oldYield.getValues()[i]);
    rewriter.setInsertionPoint(oldYield);
    rewriter.replaceOpWithNewOp<YieldOp>(oldYield, yielded);

    SmallVector<Value> replacements(op.getNumResults(), nullptr);
    for (auto [j, i] : llvm::enumerate(keep))
      replacements[i] = newLoop.getResult(j);
    for (unsigned i = 0, e = op.getNumResults(); i < e; ++i)
      if (!replacements[i])
        replacements[i] = op.getInitArgs()[i]; // unused; any value will do
    rewriter.replaceOp(op, replacements);
    return success();
  }
};

/// Drops loop-carried values of kiln.while whose result is unused and whose
/// arguments in both regions only feed the value passed on for them.
struct DropUnusedWhileValues : public OpRewritePattern<WhileOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(WhileOp op,
                                PatternRewriter &rewriter) const override {
    ConditionOp condition = op.getConditionOp();
    YieldOp yield = op.getYield();
    SmallVector<unsigned> keep;
    for (unsigned i = 0, e = op.getNumResults(); i < e; ++i) {
      bool dead =
          op.getResult(i).use_empty() &&
          onlyFeeds(op.getBefore().getArgument(i),
                    condition.getArgsMutable()[i]) &&
          onlyFeeds(op.getAfter().getArgument(i), yield.getValuesMutable()[i]);
      if (!dead)
        keep.push_back(i);
    }
    if (keep.size() == op.getNumResults())
      return rewriter.notifyMatchFailure(op,
                                         "every loop-carried value is used");

    SmallVector<Value> inits;
    for (unsigned i : keep)
      inits.push_back(op.getInitArgs()[i]);
    TypeRange types = ValueRange(inits).getTypes();
    auto newLoop = WhileOp::create(rewriter, op.getLoc(), types, inits);
    SmallVector<Location> locs(inits.size(), op.getLoc());
    for (Region *region : {&newLoop.getBefore(), &newLoop.getAfter()}) {
      Block *newBlock = rewriter.createBlock(region, {}, types, locs);
      Region &oldRegion =
          region == &newLoop.getBefore() ? op.getBefore() : op.getAfter();
      SmallVector<Value> argReplacements;
      for (unsigned i = 0, j = 0, e = op.getNumResults(); i < e; ++i)
        argReplacements.push_back(j < keep.size() && keep[j] == i
                                      ? newBlock->getArgument(j++)
                                      : op.getInitArgs()[i]);
      rewriter.mergeBlocks(&oldRegion.front(), newBlock, argReplacements);
    }

    auto oldCondition = cast<ConditionOp>(newLoop.getBefore().front().back());
    auto oldYield = cast<YieldOp>(newLoop.getAfter().front().back());
    SmallVector<Value> forwarded, yielded;
    for (unsigned i : keep) {
      forwarded.push_back(oldCondition.getArgs()[i]);
      yielded.push_back(oldYield.getValues()[i]);
    }
    rewriter.setInsertionPoint(oldCondition);
    rewriter.replaceOpWithNewOp<ConditionOp>(
        oldCondition, oldCondition.getCondition(), forwarded);
    rewriter.setInsertionPoint(oldYield);
    rewriter.replaceOpWithNewOp<YieldOp>(oldYield, yielded);

    SmallVector<Value> replacements(op.getInitArgs());
    for (auto [j, i] : llvm::enumerate(keep))
      replacements[i] = newLoop.getResult(j);
    rewriter.replaceOp(op, replacements);
    return success();
  }
};
} // namespace

void ForOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<DropUnusedForIterArgs>(context);
}

void WhileOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                          MLIRContext *context) {
  patterns.add<DropUnusedWhileValues>(context);
}
