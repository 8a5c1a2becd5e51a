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

// The two patterns below drop loop-carried values the same way; these
// helpers are the steps they share.

/// The positions of `loop`'s loop-carried values that stay: all but those
/// whose result is unused and for which `onlyFeedsItself` holds.
static SmallVector<unsigned>
keptPositions(Operation *loop, function_ref<bool(unsigned)> onlyFeedsItself) {
  SmallVector<unsigned> keep;
  for (unsigned i = 0, e = loop->getNumResults(); i < e; ++i) {
    bool dead = loop->getResult(i).use_empty() && onlyFeedsItself(i);
    if (!dead)
      keep.push_back(i);
  }
  return keep;
}

/// The entries of `values` at `positions`.
static SmallVector<Value> pick(ValueRange values,
                               ArrayRef<unsigned> positions) {
  return llvm::map_to_vector(positions, [&](unsigned i) { return values[i]; });
}

/// What the old block's loop-carried arguments map to when its ops move into
/// a new block whose kept arguments start at `first`: dropped ones only feed
/// dropped values, so their init stands in for them until the dead code is
/// removed.
static SmallVector<Value> carriedArgs(Block *newBlock, unsigned first,
                                      ValueRange inits,
                                      ArrayRef<unsigned> keep) {
  SmallVector<Value> args;
  for (unsigned i = 0, j = 0, e = inits.size(); i < e; ++i)
    args.push_back(j < keep.size() && keep[j] == i
                       ? newBlock->getArgument(first + j++)
                       : inits[i]);
  return args;
}

/// The replacements of the old loop's results: the new loop's for the kept
/// values, the init (unused; any value will do) for the dropped ones.
static SmallVector<Value> loopResults(ValueRange inits, ValueRange newResults,
                                      ArrayRef<unsigned> keep) {
  SmallVector<Value> replacements(inits);
  for (auto [j, i] : llvm::enumerate(keep))
    replacements[i] = newResults[j];
  return replacements;
}

namespace {
/// Drops loop-carried values of kiln.for whose result is unused and whose
/// body argument only feeds its own next value.
struct DropUnusedForIterArgs : public OpRewritePattern<ForOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ForOp op,
                                PatternRewriter &rewriter) const override {
    YieldOp yield = op.getYield();
    SmallVector<unsigned> keep = keptPositions(op, [&](unsigned i) {
      return onlyFeeds(op.getRegionIterArgs()[i], yield.getValuesMutable()[i]);
    });
    if (keep.size() == op.getNumResults())
      return rewriter.notifyMatchFailure(op,
                                         "every loop-carried value is used");

    SmallVector<Value> inits = pick(op.getInitArgs(), keep);
    auto newLoop = ForOp::create(
        rewriter, op.getLoc(), ValueRange(inits).getTypes(), op.getLowerBound(),
        op.getUpperBound(), op.getStep(), inits);
    Block *newBody = rewriter.createBlock(&newLoop.getRegion());
    newBody->addArgument(op.getInductionVar().getType(), op.getLoc());
    for (Value init : inits)
      newBody->addArgument(init.getType(), op.getLoc());

    SmallVector<Value> argReplacements = {newBody->getArgument(0)};
    llvm::append_range(argReplacements,
                       carriedArgs(newBody, 1, op.getInitArgs(), keep));
    rewriter.mergeBlocks(op.getBody(), newBody, argReplacements);

    auto oldYield = cast<YieldOp>(newBody->getTerminator());
    SmallVector<Value> yielded = pick(oldYield.getValues(), keep);
    rewriter.setInsertionPoint(oldYield);
    rewriter.replaceOpWithNewOp<YieldOp>(oldYield, yielded);

    rewriter.replaceOp(
        op, loopResults(op.getInitArgs(), newLoop.getResults(), keep));
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
    SmallVector<unsigned> keep = keptPositions(op, [&](unsigned i) {
      return onlyFeeds(op.getBefore().getArgument(i),
                       condition.getArgsMutable()[i]) &&
             onlyFeeds(op.getAfter().getArgument(i),
                       yield.getValuesMutable()[i]);
    });
    if (keep.size() == op.getNumResults())
      return rewriter.notifyMatchFailure(op,
                                         "every loop-carried value is used");

    SmallVector<Value> inits = pick(op.getInitArgs(), keep);
    TypeRange types = ValueRange(inits).getTypes();
    auto newLoop = WhileOp::create(rewriter, op.getLoc(), types, inits);
    SmallVector<Location> locs(inits.size(), op.getLoc());
    for (Region *region : {&newLoop.getBefore(), &newLoop.getAfter()}) {
      Block *newBlock = rewriter.createBlock(region, {}, types, locs);
      Region &oldRegion =
          region == &newLoop.getBefore() ? op.getBefore() : op.getAfter();
      rewriter.mergeBlocks(&oldRegion.front(), newBlock,
                           carriedArgs(newBlock, 0, op.getInitArgs(), keep));
    }

    auto oldCondition = cast<ConditionOp>(newLoop.getBefore().front().back());
    auto oldYield = cast<YieldOp>(newLoop.getAfter().front().back());
    SmallVector<Value> forwarded = pick(oldCondition.getArgs(), keep);
    SmallVector<Value> yielded = pick(oldYield.getValues(), keep);
    rewriter.setInsertionPoint(oldCondition);
    rewriter.replaceOpWithNewOp<ConditionOp>(
        oldCondition, oldCondition.getCondition(), forwarded);
    rewriter.setInsertionPoint(oldYield);
    rewriter.replaceOpWithNewOp<YieldOp>(oldYield, yielded);

    rewriter.replaceOp(
        op, loopResults(op.getInitArgs(), newLoop.getResults(), keep));
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
