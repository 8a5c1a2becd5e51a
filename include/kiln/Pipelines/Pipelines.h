//===- Pipelines.h - Kiln's pass pipelines, phase by phase ------*- C++ -*-===//
//
// The one place pipelines are defined; kiln-opt, kilnc, kiln-run (and later
// Python) all build them through these functions. A pipeline is a sequence
// of phases, each its own registered pipeline so that a test or a user can
// stop after any of them:
//
//   kiln-graph-pipeline    kiln ops: autodiff, decompose, canonicalize, CSE
//   kiln-kernel-pipeline   kiln -> linalg on tensors, fusion, kernels formed
//   (target, on tensors)   CPU: kiln-cpu-vector-pipeline
//   kiln-buffer-pipeline   one-shot bufferization, memory planning, frees
//   (target, to LLVM)      CPU: kiln-cpu-lowering-pipeline
//
// `kiln-cpu-pipeline` composes them for x86-64; a GPU pipeline reuses the
// graph, kernel and buffer phases with its own target steps.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PIPELINES_PIPELINES_H
#define KILN_PIPELINES_PIPELINES_H

#include "kiln/Target/TargetOptions.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir {
class DialectRegistry;
class OpPassManager;

namespace kiln {

/// Remarks a pipeline may print along the way.
struct PipelineReports {
  /// The kernels formed and the memory traffic they save.
  bool fusion = false;
  /// Each function's arena size against its lower bound.
  bool memory = false;
};

/// The phases every target's pipeline runs, in order; a driver may stop
/// after any of them (kilnc --stop-after-phase).
enum class PipelinePhase {
  Graph,         ///< kiln ops after autodiff, decompose, CSE
  Kernel,        ///< linalg on tensors, kernels formed
  TargetTensors, ///< the target's steps on tensors (CPU: vectorised)
  Buffer,        ///< buffers planned
  TargetLowering ///< the target's lowering: the LLVM dialect (the end)
};

/// The graph phase: gradients first (so everything after optimises them),
/// composite ops decomposed, then canonicalize, CSE and symbol DCE.
void buildGraphPipeline(OpPassManager &pm);

/// The kernel phase: kiln -> linalg on tensors, elementwise fusion, kernel
/// formation for `target`'s register tiles, in-place kernels.
void buildKernelPipeline(OpPassManager &pm, const TargetOptions &target,
                         const PipelineReports &reports = {});

/// The buffer phase: one-shot bufferization across functions, memory
/// planning in an arena, ownership-based deallocation.
void buildBufferPipeline(OpPassManager &pm,
                         const PipelineReports &reports = {});

/// The CPU's steps on tensors, between kernel and buffer phases: kernels
/// outlined and deduplicated, vector-wide reductions, register tiles and
/// vectors, math approximations.
void buildCpuVectorPipeline(OpPassManager &pm, const TargetOptions &target);

/// The CPU's steps after the buffer phase: streaming stores, outlining,
/// OpenMP, loops and vectors to the LLVM dialect.
void buildCpuLoweringPipeline(OpPassManager &pm);

/// kiln graph -> LLVM dialect for x86-64: every phase above in order, up
/// to and including `stopAfter`.
void buildCpuPipeline(OpPassManager &pm, const TargetOptions &target,
                      const PipelineReports &reports = {},
                      PipelinePhase stopAfter = PipelinePhase::TargetLowering);

/// The GPU's steps after the buffer phase: kernels on blocks and threads,
/// buffers in device memory, kernels through NVVM to PTX for each of
/// `target.gpuArchs`, the host side to the LLVM dialect.
void buildGpuLoweringPipeline(OpPassManager &pm, const TargetOptions &target);

/// kiln graph -> LLVM dialect with embedded PTX for NVIDIA GPUs: the graph,
/// kernel (one thread per tile) and buffer phases, then the GPU lowering.
void buildGpuPipeline(OpPassManager &pm, const TargetOptions &target,
                      const PipelineReports &reports = {},
                      PipelinePhase stopAfter = PipelinePhase::TargetLowering);

/// Options of the registered pipelines (kiln-opt spells them
/// `--kiln-cpu-pipeline="vector-width=8 fusion-report"`); each pipeline
/// reads the ones it concerns.
struct PipelineOptions : public PassPipelineOptions<PipelineOptions> {
  PassOptions::Option<int64_t> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc("f32 lanes of the target's vector registers: 16 for "
                     "AVX-512, 8 for AVX2 (register tiles follow)"),
      llvm::cl::init(16)};
  PassOptions::Option<bool> fusionReport{
      *this, "fusion-report",
      llvm::cl::desc("Describe the kernels formed and the memory traffic "
                     "they save (remarks)"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> memoryReport{
      *this, "memory-report",
      llvm::cl::desc("Report each function's arena size against its lower "
                     "bound (remarks)"),
      llvm::cl::init(false)};

  TargetOptions target() const {
    return TargetOptions::forVectorWidth(vectorWidth);
  }
  PipelineReports reports() const { return {fusionReport, memoryReport}; }
};

/// Options of `kiln-gpu-pipeline` and `kiln-gpu-lowering-pipeline`.
struct GpuPipelineOptions : public PassPipelineOptions<GpuPipelineOptions> {
  PassOptions::ListOption<std::string> gpuArchs{
      *this, "gpu-arch",
      llvm::cl::desc("NVIDIA architectures to compile kernels for (default "
                     "sm_80)")};
  PassOptions::Option<bool> fusionReport{
      *this, "fusion-report",
      llvm::cl::desc("Describe the kernels formed (remarks)"),
      llvm::cl::init(false)};

  TargetOptions target() const;
};

/// Registers every phase pipeline, `kiln-cpu-pipeline` and
/// `kiln-gpu-pipeline`.
void registerPipelines();

/// Registers Kiln's passes and conversions and every pass the pipelines use.
void registerAllPasses();

/// Registers the kiln dialect and every dialect, interface and translation
/// the pipelines need.
void registerAllDialects(DialectRegistry &registry);

} // namespace kiln
} // namespace mlir

#endif // KILN_PIPELINES_PIPELINES_H
