//===- MergeKernelModules.cpp - one gpu.module for every kernel -----------===//
//
// kiln-gpu-merge-kernel-modules: outlining gives each kernel its own
// gpu.module; one module per program means one device image per
// architecture, one PTX file for --emit=ptx and one module load at run time.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/GPU/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNGPUMERGEKERNELMODULES
#include "kiln/Codegen/GPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
struct KilnGpuMergeKernelModulesPass
    : public kiln::impl::KilnGpuMergeKernelModulesBase<
          KilnGpuMergeKernelModulesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> kernelModules(
        module.getOps<gpu::GPUModuleOp>());
    if (kernelModules.empty())
      return;
    OpBuilder builder(kernelModules.front());
    auto merged =
        gpu::GPUModuleOp::create(builder, module.getLoc(), "kiln_kernels");
    SymbolTable symbols(module);
    symbols.insert(merged); // unique name, should a function be called so
    MLIRContext *context = &getContext();
    // Each kernel takes its module's (unique) name.
    DenseMap<Attribute, SymbolRefAttr> renamed;
    for (gpu::GPUModuleOp kernelModule : kernelModules) {
      for (Operation &op : llvm::make_early_inc_range(
               kernelModule.getBody()->getOperations())) {
        auto function = dyn_cast<gpu::GPUFuncOp>(op);
        if (!function) {
          kernelModule.emitError("kiln-gpu-merge-kernel-modules: expected "
                                 "only kernels in an outlined module, found ")
              << op.getName();
          return signalPassFailure();
        }
        SymbolRefAttr old = SymbolRefAttr::get(
            kernelModule.getNameAttr(),
            {FlatSymbolRefAttr::get(function.getNameAttr())});
        function.setName(kernelModule.getName());
        function->moveBefore(merged.getBody(), merged.getBody()->end());
        renamed[old] = SymbolRefAttr::get(
            merged.getNameAttr(),
            {FlatSymbolRefAttr::get(context, kernelModule.getName())});
      }
      // Targets attached before merging carry over.
      if (!merged.getTargetsAttr() && kernelModule.getTargetsAttr())
        merged.setTargetsAttr(kernelModule.getTargetsAttr());
      kernelModule.erase();
    }
    module.walk([&](gpu::LaunchFuncOp launch) {
      if (SymbolRefAttr target = renamed.lookup(launch.getKernel()))
        launch.setKernelAttr(target);
    });
  }
};
} // namespace
