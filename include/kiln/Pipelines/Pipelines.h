//===- Pipelines.h - Kiln's named pass pipelines ----------------*- C++ -*-===//
//
// The one place pipelines are defined; kiln-opt, kilnc, kiln-run (and later
// Python) all build them through these functions.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PIPELINES_PIPELINES_H
#define KILN_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class DialectRegistry;
class OpPassManager;

namespace kiln {

/// Options of `kiln-cpu-pipeline`.
struct CpuPipelineOptions : public PassPipelineOptions<CpuPipelineOptions> {
  PassOptions::Option<bool> fusionReport{
      *this, "fusion-report",
      llvm::cl::desc("Describe the kernels formed and the memory traffic "
                     "they save (remarks)"),
      llvm::cl::init(false)};
  PassOptions::Option<int64_t> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc("f32 lanes of the target's vector registers: 16 for "
                     "AVX-512, 8 for AVX2"),
      llvm::cl::init(16)};
  PassOptions::Option<bool> memoryReport{
      *this, "memory-report",
      llvm::cl::desc("Report each function's arena size against its lower "
                     "bound (remarks)"),
      llvm::cl::init(false)};
};

/// kiln graph -> LLVM dialect for x86-64: autodiff, graph simplification,
/// lowering to linalg, elementwise fusion, one-shot bufferization across
/// function boundaries, ownership-based deallocation, loops, LLVM.
void buildCpuPipeline(OpPassManager &pm, const CpuPipelineOptions &options);

/// Registers `kiln-cpu-pipeline` with the pass registry.
void registerPipelines();

/// Registers Kiln's passes and conversions and every pass the pipelines use.
void registerAllPasses();

/// Registers the kiln dialect and every dialect, interface and translation
/// the pipelines need.
void registerAllDialects(DialectRegistry &registry);

} // namespace kiln
} // namespace mlir

#endif // KILN_PIPELINES_PIPELINES_H
