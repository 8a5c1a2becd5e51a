//===- ReuseDyingInputs.cpp - kernels write over inputs that die ----------===//
//
// A kernel (an scf.forall) whose output starts as a tensor.empty and which
// reads, in each tile, exactly the slice of an input that it writes of its
// output can take that input as its output's initial value when the input
// has no other use: each tile then reads the input through the shared
// output. One-shot bufferization gives the kernel the input's buffer (the
// tile's reads come before its write, or are elementwise with it) instead
// of a new one.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Common/Passes.h"
#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/CSE.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNREUSEDYINGINPUTS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// The one slice each tile of `forall` writes of its shared output `out`.
static tensor::ParallelInsertSliceOp tileWrite(scf::ForallOp forall,
                                               BlockArgument out) {
  tensor::ParallelInsertSliceOp write;
  for (Operation &op : forall.getTerminator().getYieldingOps()) {
    auto insert = dyn_cast<tensor::ParallelInsertSliceOp>(op);
    if (!insert)
      return {};
    if (insert.getDest() != out)
      continue;
    if (write)
      return {};
    write = insert;
  }
  return write;
}

/// Whether `input` may become the storage of a kernel's output written by
/// `write`: a fresh tensor computed by an op (not an argument, a constant
/// or a view of one), used only by reads of the very slice each tile
/// writes.
static bool isDyingInputOfTile(Value input, scf::ForallOp forall,
                               tensor::ParallelInsertSliceOp write) {
  Operation *producer = input.getDefiningOp();
  if (!producer || !isa<scf::ForallOp, linalg::LinalgOp>(producer))
    return false;
  auto sameSlice = [](OpFoldResult a, OpFoldResult b) {
    return isEqualConstantIntOrValue(a, b);
  };
  for (OpOperand &use : input.getUses()) {
    auto read = dyn_cast<tensor::ExtractSliceOp>(use.getOwner());
    if (!read || !forall->isProperAncestor(read) ||
        !read.isSameAs(
            cast<OffsetSizeAndStrideOpInterface>(write.getOperation()),
            sameSlice))
      return false;
  }
  return true;
}

/// `generic ins(..., %s, ...) outs(%s)` whose payload ignores its output
/// reads `%s` through the output instead: `generic ins(...) outs(%s)`.
/// Tiled and vectorized, the op then reads and writes one loop-carried
/// tensor, which bufferizes in place; reading `%s` itself after writes
/// into it would make bufferization copy the tile first.
static void readThroughOutput(RewriterBase &rewriter, linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1 || op.getNumResults() != 1)
    return;
  OpOperand *init = op.getDpsInitOperand(0);
  Block &body = op.getRegion().front();
  if (!body.getArgument(op.getNumDpsInputs()).use_empty())
    return;
  AffineMap initMap = op.getMatchingIndexingMap(init);
  for (OpOperand *input : op.getDpsInputOperands()) {
    if (input->get() != init->get() ||
        op.getMatchingIndexingMap(input) != initMap)
      continue;
    unsigned position = input->getOperandNumber();
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (OpOperand &operand : op->getOpOperands()) {
      if (operand.getOperandNumber() == position)
        continue;
      if (operand.getOperandNumber() < op.getNumDpsInputs())
        inputs.push_back(operand.get());
      maps.push_back(op.getMatchingIndexingMap(&operand));
    }
    rewriter.setInsertionPoint(op);
    auto replacement = linalg::GenericOp::create(
        rewriter, op.getLoc(), op.getResultTypes(), inputs, init->get(), maps,
        op.getIteratorTypesArray());
    rewriter.inlineRegionBefore(op.getRegion(), replacement.getRegion(),
                                replacement.getRegion().end());
    Block &moved = replacement.getRegion().front();
    moved.getArgument(position).replaceAllUsesWith(
        moved.getArgument(moved.getNumArguments() - 1));
    moved.eraseArgument(position);
    rewriter.replaceOp(op, replacement.getResults());
    return;
  }
}

namespace {
struct KilnReuseDyingInputsPass
    : public kiln::impl::KilnReuseDyingInputsBase<KilnReuseDyingInputsPass> {
  void runOnOperation() override {
    SmallVector<scf::ForallOp> updated;
    getOperation()->walk([&](scf::ForallOp forall) {
      if (!kiln::getKernelAttr(forall))
        return;
      for (auto [init, out] :
           llvm::zip(forall.getOutputsMutable(), forall.getRegionOutArgs())) {
        if (!init.get().getDefiningOp<tensor::EmptyOp>())
          continue;
        tensor::ParallelInsertSliceOp write = tileWrite(forall, out);
        if (!write)
          continue;
        // Inputs of the right type that the tiles read.
        SmallVector<Value> inputs;
        Type initType = init.get().getType();
        forall.getBody()->walk([&](tensor::ExtractSliceOp read) {
          Value source = read.getSource();
          if (source.getType() == initType &&
              !forall->isAncestor(source.getParentRegion()->getParentOp()) &&
              !llvm::is_contained(inputs, source))
            inputs.push_back(source);
        });
        for (Value input : inputs) {
          if (!isDyingInputOfTile(input, forall, write))
            continue;
          init.set(input);
          for (OpOperand &use : llvm::make_early_inc_range(input.getUses()))
            if (use.getOwner() != forall)
              use.set(out);
          if (!llvm::is_contained(updated, forall))
            updated.push_back(forall);
          break;
        }
      }
    });

    // The tile now reads and writes the same slice of the shared output:
    // merge the two slices, then read them through the ops' outputs.
    IRRewriter rewriter(&getContext());
    DominanceInfo dominance;
    for (scf::ForallOp forall : updated) {
      eliminateCommonSubExpressions(rewriter, dominance, forall);
      SmallVector<linalg::GenericOp> generics;
      forall.getBody()->walk(
          [&](linalg::GenericOp op) { generics.push_back(op); });
      for (linalg::GenericOp op : generics)
        readThroughOutput(rewriter, op);
    }
  }
};
} // namespace
