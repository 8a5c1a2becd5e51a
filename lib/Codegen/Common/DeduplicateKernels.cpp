//===- DeduplicateKernels.cpp - identical outlined kernels compiled once --===//
//
// A graph that repeats a layer outlines the same loop nest many times, each
// into its own private function. Those that are the same function but for
// their name become one: the rest of the pipeline and LLVM then see each
// distinct kernel once.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Common/Passes.h"
#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNDEDUPLICATEKERNELS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
constexpr auto kFlags = static_cast<OperationEquivalence::Flags>(
    OperationEquivalence::IgnoreLocations |
    OperationEquivalence::IgnoreDiscardableAttrs);

/// The function's attributes other than its name, which must agree too
/// (argument attributes, `passthrough`, visibility).
DictionaryAttr attributesButName(func::FuncOp function) {
  NamedAttrList attributes(function->getAttrDictionary());
  attributes.erase(SymbolTable::getSymbolAttrName());
  return attributes.getDictionary(function.getContext());
}

/// The kernel attributes in the body, numbering aside: before
/// vectorization, two kernels are the same only if tiled the same way.
SmallVector<Attribute> kernelAttrsButIds(func::FuncOp function) {
  SmallVector<Attribute> kernels;
  function.getBody().walk([&](Operation *op) {
    if (kiln::KernelAttr kernel = kiln::getKernelAttr(op))
      kernels.push_back(kiln::KernelAttr::get(
          op->getContext(), /*id=*/0, kernel.getStrategy(),
          kernel.getTileSizes(), kernel.getRegisterTile()));
  });
  return kernels;
}

/// A hash of what makes two functions the same kernel: type, attributes
/// and each op of the body (operands and results aside: the regions are
/// compared in full within a bucket).
llvm::hash_code kernelHash(func::FuncOp function) {
  llvm::hash_code hash =
      llvm::hash_combine(function.getFunctionType().getAsOpaquePointer(),
                         attributesButName(function).getAsOpaquePointer());
  function.getBody().walk([&](Operation *op) {
    if (kiln::KernelAttr kernel = kiln::getKernelAttr(op))
      hash =
          llvm::hash_combine(hash, kernel.getStrategy(), kernel.getTileSizes(),
                             kernel.getRegisterTile());
    hash = llvm::hash_combine(
        hash, OperationEquivalence::computeHash(
                  op, OperationEquivalence::ignoreHashValue,
                  OperationEquivalence::ignoreHashValue, kFlags));
  });
  return hash;
}

bool sameKernel(func::FuncOp a, func::FuncOp b) {
  return a.getFunctionType() == b.getFunctionType() &&
         attributesButName(a) == attributesButName(b) &&
         kernelAttrsButIds(a) == kernelAttrsButIds(b) &&
         OperationEquivalence::isRegionEquivalentTo(&a.getBody(), &b.getBody(),
                                                    kFlags);
}

struct KilnDeduplicateKernelsPass
    : public kiln::impl::KilnDeduplicateKernelsBase<
          KilnDeduplicateKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Candidates: private functions with a body, called only by name.
    llvm::DenseMap<llvm::hash_code, SmallVector<func::FuncOp, 1>> buckets;
    llvm::DenseMap<StringAttr, StringAttr> replacement;
    SmallVector<func::FuncOp> duplicates;
    for (func::FuncOp function : module.getOps<func::FuncOp>()) {
      if (!function.isPrivate() || function.isExternal())
        continue;
      SmallVector<func::FuncOp, 1> &bucket = buckets[kernelHash(function)];
      auto same = llvm::find_if(bucket, [&](func::FuncOp kept) {
        return sameKernel(kept, function);
      });
      if (same == bucket.end()) {
        bucket.push_back(function);
        continue;
      }
      replacement[function.getSymNameAttr()] = same->getSymNameAttr();
      duplicates.push_back(function);
    }
    if (duplicates.empty())
      return;
    // A duplicate's symbol used other than by a call (an address taken)
    // keeps it: only calls are retargeted.
    llvm::DenseSet<StringAttr> usedOtherwise;
    module.walk([&](Operation *op) {
      if (auto call = dyn_cast<func::CallOp>(op)) {
        auto it = replacement.find(call.getCalleeAttr().getAttr());
        if (it != replacement.end())
          call.setCalleeAttr(FlatSymbolRefAttr::get(it->second));
        return;
      }
      for (NamedAttribute attribute : op->getAttrs())
        attribute.getValue().walk([&](SymbolRefAttr ref) {
          usedOtherwise.insert(ref.getRootReference());
        });
    });
    for (func::FuncOp duplicate : duplicates)
      if (!usedOtherwise.contains(duplicate.getSymNameAttr()))
        duplicate.erase();
  }
};
} // namespace
