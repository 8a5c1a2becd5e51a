//===- DropKernelResults.cpp - kernels write into their arguments ---------===//
//
// After one-shot bufferization, a kernel outlined on tensors returns the
// buffer it was given to write into (through the loops that carry it). The
// callers use that argument instead and the result goes: the graph function
// then sees plainly which buffers a call writes, and the deallocation passes
// have no returned argument to copy.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Common/Passes.h"
#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNDROPKERNELRESULTS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// The buffer `value` is, through casts and loops that carry it unchanged
/// (bufferized kernels thread their destination through their loops).
static Value origin(Value value) {
  while (true) {
    if (auto cast = value.getDefiningOp<memref::CastOp>()) {
      value = cast.getSource();
      continue;
    }
    auto loop = value.getDefiningOp<scf::ForOp>();
    if (!loop)
      return value;
    unsigned index = cast<OpResult>(value).getResultNumber();
    if (origin(loop.getYieldedValues()[index]) !=
        loop.getRegionIterArgs()[index])
      return value;
    value = loop.getInitArgs()[index];
  }
}

/// For each result of `function`, the argument it returns (see origin), if
/// any.
static SmallVector<std::optional<unsigned>>
returnedArguments(func::FuncOp function) {
  SmallVector<std::optional<unsigned>> arguments(function.getNumResults());
  if (!llvm::hasSingleElement(function.getBody()))
    return arguments;
  auto ret = cast<func::ReturnOp>(function.getBody().front().getTerminator());
  for (auto [index, value] : llvm::enumerate(ret.getOperands())) {
    auto argument = dyn_cast<BlockArgument>(origin(value));
    if (argument && argument.getOwner() == &function.getBody().front() &&
        isa<BaseMemRefType>(argument.getType()))
      arguments[index] = argument.getArgNumber();
  }
  return arguments;
}

namespace {
struct KilnDropKernelResultsPass
    : public kiln::impl::KilnDropKernelResultsBase<KilnDropKernelResultsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Outlined kernels are called by name only (see kiln_codegen.outlined):
    // their calls are all their uses.
    llvm::DenseMap<StringAttr, SmallVector<std::optional<unsigned>>> dropped;
    for (func::FuncOp function : module.getOps<func::FuncOp>()) {
      if (function.isExternal() || !kiln::isOutlinedKernel(function))
        continue;
      SmallVector<std::optional<unsigned>> arguments =
          returnedArguments(function);
      if (llvm::none_of(arguments, [](auto a) { return a.has_value(); }))
        continue;
      llvm::BitVector erase(arguments.size());
      for (auto [index, argument] : llvm::enumerate(arguments))
        erase[index] = argument.has_value();
      auto ret =
          cast<func::ReturnOp>(function.getBody().front().getTerminator());
      ret->eraseOperands(erase);
      if (failed(function.eraseResults(erase))) {
        function.emitError("cannot drop the results it returns arguments by");
        return signalPassFailure();
      }
      dropped[function.getSymNameAttr()] = std::move(arguments);
    }
    if (dropped.empty())
      return;

    SmallVector<func::CallOp> calls;
    module.walk([&](func::CallOp call) {
      if (dropped.contains(call.getCalleeAttr().getAttr()))
        calls.push_back(call);
    });
    OpBuilder builder(&getContext());
    for (func::CallOp call : calls) {
      const auto &arguments = dropped.lookup(call.getCalleeAttr().getAttr());
      builder.setInsertionPoint(call);
      SmallVector<Type> kept;
      for (auto [result, argument] : llvm::zip(call.getResults(), arguments))
        if (!argument)
          kept.push_back(result.getType());
      auto replacement =
          func::CallOp::create(builder, call.getLoc(), call.getCalleeAttr(),
                               kept, call.getOperands());
      unsigned next = 0;
      for (auto [result, argument] : llvm::zip(call.getResults(), arguments)) {
        if (!argument) {
          result.replaceAllUsesWith(replacement.getResult(next++));
          continue;
        }
        Value buffer = call.getOperand(*argument);
        if (buffer.getType() != result.getType())
          buffer = memref::CastOp::create(builder, call.getLoc(),
                                          result.getType(), buffer);
        result.replaceAllUsesWith(buffer);
      }
      call.erase();
    }
  }
};
} // namespace
