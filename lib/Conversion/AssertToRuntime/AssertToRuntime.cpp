//===- AssertToRuntime.cpp - cf.assert to kiln_shape_error ----------------===//

#include "kiln/Conversion/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_CONVERTASSERTTOKILNRUNTIME
#include "kiln/Conversion/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
struct ConvertAssertToKilnRuntimePass
    : public kiln::impl::ConvertAssertToKilnRuntimeBase<
          ConvertAssertToKilnRuntimePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<cf::AssertOp> asserts;
    module.walk([&](cf::AssertOp op) { asserts.push_back(op); });
    if (asserts.empty())
      return;

    IRRewriter rewriter(&getContext());
    rewriter.setInsertionPointToStart(module.getBody());
    auto pointer = LLVM::LLVMPointerType::get(&getContext());
    FailureOr<LLVM::LLVMFuncOp> report =
        LLVM::lookupOrCreateFn(rewriter, module, "kiln_shape_error", {pointer},
                               LLVM::LLVMVoidType::get(&getContext()));
    if (failed(report))
      return signalPassFailure();

    unsigned next = 0;
    for (cf::AssertOp op : asserts) {
      Location loc = op.getLoc();
      Block *before = op->getBlock();
      Block *after = rewriter.splitBlock(before, std::next(op->getIterator()));
      Block *failure = rewriter.createBlock(after);
      rewriter.setInsertionPointToStart(failure);
      std::string name;
      do
        name = "kiln_check_" + std::to_string(next++);
      while (SymbolTable::lookupSymbolIn(module, name));
      Value message = LLVM::createGlobalString(
          loc, rewriter, name, (op.getMsg() + llvm::Twine('\0')).str(),
          LLVM::Linkage::Internal);
      LLVM::CallOp::create(rewriter, loc, *report, ValueRange{message});
      LLVM::UnreachableOp::create(rewriter, loc);
      rewriter.setInsertionPoint(op);
      rewriter.replaceOpWithNewOp<cf::CondBranchOp>(op, op.getArg(), after,
                                                    failure);
    }
  }
};
} // namespace
