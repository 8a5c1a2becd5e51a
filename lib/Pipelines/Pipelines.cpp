//===- Pipelines.cpp - Kiln's named pass pipelines ------------------------===//

#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/Dialect/Kiln/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void kiln::buildCpuPipeline(OpPassManager &pm,
                            const CpuPipelineOptions &options) {
  // The pipeline is spelled in textual form so that it reads like the
  // `kiln-opt --pass-pipeline` a developer would write to reproduce a step.
  std::string pipeline =
      // Graph level: gradients first, so everything after optimises them.
      "kiln-autodiff,kiln-decompose,canonicalize,cse,symbol-dce,"
      // Tensors: lower, then fuse elementwise producers into consumers
      // (unit dimensions dropped first: keepdims results such as softmax's
      // row maxima are not tileable through their constant map).
      "convert-kiln-to-linalg,canonicalize,cse,linalg-fold-unit-extent-dims,"
      "linalg-fuse-elementwise-ops,canonicalize,"
      // Kernels: reductions with their producers and consumers, matmul
      // epilogues; one scf.forall per kernel.
      "func.func(kiln-form-kernels),canonicalize,cse,"
      // In-place update: a kernel's output over an input that dies there.
      "func.func(kiln-reuse-dying-inputs),"
      // Register tiles and vectors (AVX-512 / AVX2).
      "func.func(kiln-split-reductions,kiln-vectorize,kiln-approximate-math),"
      "canonicalize,"
      // Buffers: one-shot bufferization across functions, then free every
      // buffer (results are owned by the caller).
      "kiln-split-empty-tensors,"
      "one-shot-bufferize{bufferize-function-boundaries "
      "allow-return-allocs-from-loops "
      "function-boundary-type-conversion=identity-layout-map},"
      // Static intermediates share one arena by liveness.
      "func.func(kiln-plan-memory),"
      "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
      "canonicalize,"
      // Outputs larger than the caches bypass them.
      "func.func(kiln-streaming-stores),"
      // One function per loop nest keeps LLVM's time linear.
      "kiln-outline-kernels,"
      // Loops and LLVM; the compiled code calls only libc, libm, libomp and
      // libkiln_runtime.
      "kiln-expand-strided-copies,convert-linalg-to-loops,"
      // Kernel loops (scf.forall) run on OpenMP threads.
      "scf-forall-to-parallel,convert-scf-to-openmp,"
      // Per-tile scratch of kernels on the worker's stack.
      "func.func(kiln-stack-tile-buffers),"
      "func.func(lower-vector-mask),convert-vector-to-scf{full-unroll},"
      "func.func(lower-vector-multi-reduction),canonicalize,"
      "expand-strided-metadata,lower-affine,convert-scf-to-cf,"
      "convert-assert-to-kiln-runtime,"
      // libm calls (erf, ...) are scalarized before vectors go to LLVM.
      "convert-math-to-llvm,convert-math-to-libm,"
      "convert-vector-to-llvm{vector-contract-lowering=outerproduct},"
      "finalize-memref-to-llvm{use-generic-functions},"
      // bf16 arithmetic runs in f32 and its conversions become integer
      // code, so objects need no compiler-rt helper (__truncsfbf2).
      "func.func(arith-emulate-unsupported-floats{source-types=bf16 "
      "target-type=f32}),arith-expand{include-bf16},"
      "convert-arith-to-llvm,convert-index-to-llvm,"
      "convert-ub-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,"
      "convert-openmp-to-llvm,"
      "reconcile-unrealized-casts,"
      "canonicalize";
  // Options of the pipeline become options of the passes they concern.
  auto withOptions = [&](llvm::StringRef pass, const std::string &passOptions) {
    size_t at = pipeline.find(pass.str());
    pipeline.replace(at, pass.size(), (pass + "{" + passOptions + "}").str());
  };
  if (options.fusionReport)
    withOptions("kiln-form-kernels", "report=true");
  if (options.memoryReport)
    withOptions("kiln-plan-memory", "report=true");
  if (options.vectorWidth != 16) {
    std::string width = std::to_string(options.vectorWidth);
    withOptions("kiln-split-reductions", "width=" + width);
    withOptions("kiln-vectorize", "vector-width=" + width);
  }
  if (failed(parsePassPipeline(pipeline, pm)))
    llvm::report_fatal_error("kiln-cpu-pipeline is malformed");
}

void kiln::registerPipelines() {
  PassPipelineRegistration<CpuPipelineOptions>(
      "kiln-cpu-pipeline",
      "Lower a kiln graph to the LLVM dialect for x86-64 CPUs",
      buildCpuPipeline);
}
