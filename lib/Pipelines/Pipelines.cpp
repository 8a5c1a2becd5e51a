//===- Pipelines.cpp - Kiln's pass pipelines, phase by phase --------------===//
//
// Each phase is built from typed pass options, never from text: the target
// description decides the vector width and register tiles once, and the
// phases are reused by every pipeline that needs them.
//
//===----------------------------------------------------------------------===//

#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Codegen/CPU/Passes.h"
#include "kiln/Codegen/Common/Passes.h"
#include "kiln/Codegen/GPU/Passes.h"
#include "kiln/Conversion/Passes.h"
#include "kiln/Dialect/Kiln/Transforms/Passes.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/Vector/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void kiln::buildGraphPipeline(OpPassManager &pm) {
  pm.addPass(createKilnAutodiff());
  pm.addPass(createKilnDecompose());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createSymbolDCEPass());
}

void kiln::buildKernelPipeline(OpPassManager &pm, const TargetOptions &target,
                               const PipelineReports &reports) {
  // Lower, then fuse elementwise producers into consumers (unit dimensions
  // dropped first: keepdims results such as softmax's row maxima are not
  // tileable through their constant map).
  pm.addPass(createConvertKilnToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createLinalgFoldUnitExtentDimsPass());
  pm.addPass(createLinalgElementwiseOpFusionPass());
  // On GPUs an elementwise value read twice is computed twice, not stored.
  if (target.isGpu())
    pm.addNestedPass<func::FuncOp>(createKilnRecomputeElementwise());
  pm.addPass(createCanonicalizerPass());
  // Reductions with their producers and consumers, matmul epilogues; one
  // scf.forall per kernel, carrying its #kiln_codegen.kernel.
  KilnFormKernelsOptions formKernels;
  formKernels.report = reports.fusion;
  formKernels.vectorWidth = target.tiling.vectorWidth;
  formKernels.threadTiles = target.tiling.threadTiles;
  pm.addNestedPass<func::FuncOp>(createKilnFormKernels(formKernels));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // In-place update: a kernel's output over an input that dies there.
  pm.addNestedPass<func::FuncOp>(createKilnReuseDyingInputs());
}

void kiln::buildCpuVectorPipeline(OpPassManager &pm,
                                  const TargetOptions &target) {
  // One function per kernel, each distinct kernel once: the passes that
  // follow see a repeated layer's kernels once, and the graph functions
  // only calls.
  pm.addPass(createKilnOutlineTensorKernels());
  pm.addPass(createKilnDeduplicateKernels());
  int64_t width = target.tiling.vectorWidth;
  OpPassManager &function = pm.nest<func::FuncOp>();
  function.addPass(
      createKilnSplitReductions(KilnSplitReductionsOptions{width}));
  function.addPass(createKilnVectorize(KilnVectorizeOptions{width}));
  // 16 f32 lanes: AVX-512, which scales by powers of two in one instruction.
  if (width == 16)
    function.addPass(createKilnAvx512Exp());
  function.addPass(createKilnApproximateMath());
  pm.addPass(createCanonicalizerPass());
}

void kiln::buildBufferPipeline(OpPassManager &pm,
                               const PipelineReports &reports) {
  // One-shot bufferization across functions, then free every buffer
  // (results are owned by the caller).
  pm.addPass(createKilnCheckBufferizable());
  pm.addPass(createKilnSplitEmptyTensors());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.allowReturnAllocsFromLoops = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // Kernels outlined on tensors write into their arguments.
  pm.addPass(createKilnDropKernelResults());
  // Static intermediates share one arena by liveness.
  KilnPlanMemoryOptions planMemory;
  planMemory.report = reports.memory;
  pm.addNestedPass<func::FuncOp>(createKilnPlanMemory(planMemory));
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createCanonicalizerPass());
}

void kiln::buildCpuLoweringPipeline(OpPassManager &pm) {
  // Outputs larger than the caches bypass them.
  pm.addPass(createKilnStreamingStores());
  // Row kernels overlap reading the next row with computing this one.
  pm.addNestedPass<func::FuncOp>(createKilnPrefetchNextRows());
  // One function per loop nest keeps LLVM's time linear.
  pm.addPass(createKilnOutlineKernels());
  // A repeated layer's kernels are compiled once.
  pm.addPass(createKilnDeduplicateKernels());
  // Loops and LLVM; the compiled code calls only libc, libm, libomp and
  // libkiln_runtime.
  pm.addPass(createKilnExpandStridedCopies());
  pm.addPass(createConvertLinalgToLoopsPass());
  // Kernel loops (scf.forall) run on OpenMP threads.
  pm.addPass(createForallToParallelLoopPass());
  pm.addPass(createConvertSCFToOpenMPPass());
  // Per-tile scratch of kernels on the worker's stack.
  pm.addNestedPass<func::FuncOp>(createKilnStackTileBuffers());
  pm.addNestedPass<func::FuncOp>(vector::createLowerVectorMaskPass());
  VectorTransferToSCFOptions vectorToSCF;
  vectorToSCF.enableFullUnroll();
  pm.addPass(createConvertVectorToSCFPass(vectorToSCF));
  pm.addNestedPass<func::FuncOp>(vector::createLowerVectorMultiReductionPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertAssertToKilnRuntime());
  // libm calls (erf, ...) are scalarized before vectors go to LLVM.
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.vectorContractLowering =
      vector::VectorContractLowering::OuterProduct;
  // kiln-avx512-exp's vscalefps.
  vectorToLLVM.x86Vector = true;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  // bf16 arithmetic runs in f32 and its conversions become integer code, so
  // objects need no compiler-rt helper (__truncsfbf2).
  arith::ArithEmulateUnsupportedFloatsOptions emulateBf16;
  emulateBf16.sourceTypeStrs = {"bf16"};
  emulateBf16.targetTypeStr = "f32";
  pm.addNestedPass<func::FuncOp>(
      arith::createArithEmulateUnsupportedFloats(emulateBf16));
  arith::ArithExpandOpsPassOptions expand;
  expand.includeBf16 = true;
  pm.addPass(arith::createArithExpandOpsPass(expand));
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void kiln::buildCpuPipeline(OpPassManager &pm, const TargetOptions &target,
                            const PipelineReports &reports,
                            PipelinePhase stopAfter) {
  buildGraphPipeline(pm);
  if (stopAfter >= PipelinePhase::Kernel)
    buildKernelPipeline(pm, target, reports);
  if (stopAfter >= PipelinePhase::TargetTensors)
    buildCpuVectorPipeline(pm, target);
  if (stopAfter >= PipelinePhase::Buffer)
    buildBufferPipeline(pm, reports);
  if (stopAfter >= PipelinePhase::TargetLowering)
    buildCpuLoweringPipeline(pm);
}

void kiln::buildGpuLoweringPipeline(OpPassManager &pm,
                                    const TargetOptions &target) {
  // Kernels on threads; the host side then only allocates, copies and
  // launches, on device buffers.
  pm.addNestedPass<func::FuncOp>(createKilnGpuMapKernels());
  pm.addNestedPass<func::FuncOp>(createKilnGpuDeviceMemory());
  pm.addPass(createConvertLinalgToLoopsPass());
  // Kiln's own f32 transcendentals: no libdevice (__nv_expf) needed.
  pm.addNestedPass<func::FuncOp>(createKilnApproximateMath());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createKilnGpuMergeKernelModules());
  // Host calls on one stream per function call, chained by tokens.
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertAssertToKilnRuntime());
  // One NVVM target per architecture; the features are given explicitly
  // (the default, +ptx60, is rejected for recent architectures).
  for (const std::string &arch : target.gpuArchs) {
    GpuNVVMAttachTargetOptions attach;
    attach.chip = arch;
    attach.features = target.ptxFeatures;
    attach.optLevel = target.optLevel;
    pm.addPass(createGpuNVVMAttachTarget(attach));
  }
  OpPassManager &device = pm.nest<gpu::GPUModuleOp>();
  ConvertGpuOpsToNVVMOpsOptions toNVVM;
  toNVVM.indexBitwidth = 64;
  device.addPass(createConvertGpuOpsToNVVMOps(toNVVM));
  // floor, fma, sqrt, ... as the PTX instructions they are, not libdevice.
  device.addPass(createKilnGpuNativeMath());
  device.addPass(createCanonicalizerPass());
  device.addPass(createReconcileUnrealizedCastsPass());
  // The host side.
  pm.addPass(createGpuToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
  // PTX from LLVM's NVPTX back end, one per architecture; with a CUDA
  // toolkit, one fatbin of their cubins (the driver picks by compute
  // capability), else the oldest architecture's PTX for the driver to JIT.
  GpuModuleToBinaryPassOptions toBinary;
  toBinary.compilationTarget = "isa";
  pm.addPass(createGpuModuleToBinaryPass(toBinary));
  pm.addPass(createKilnGpuCheckKernelCalls());
  KilnGpuAssembleKernelsOptions assemble;
  assemble.toolkit = target.cudaToolkit;
  pm.addPass(createKilnGpuAssembleKernels(assemble));
}

void kiln::buildGpuPipeline(OpPassManager &pm, const TargetOptions &target,
                            const PipelineReports &reports,
                            PipelinePhase stopAfter) {
  buildGraphPipeline(pm);
  if (stopAfter >= PipelinePhase::Kernel)
    buildKernelPipeline(pm, target, reports);
  // No GPU steps on tensors yet.
  if (stopAfter >= PipelinePhase::Buffer)
    buildBufferPipeline(pm, reports);
  if (stopAfter >= PipelinePhase::TargetLowering)
    buildGpuLoweringPipeline(pm, target);
}

kiln::TargetOptions kiln::GpuPipelineOptions::target() const {
  SmallVector<std::string> archs(gpuArchs.begin(), gpuArchs.end());
  if (archs.empty())
    archs.push_back("sm_80");
  return TargetOptions::forGpuArchs(archs);
}

void kiln::registerPipelines() {
  PassPipelineRegistration<>(
      "kiln-graph-pipeline",
      "Graph phase: autodiff, decompose, canonicalize, CSE, symbol DCE",
      [](OpPassManager &pm) { buildGraphPipeline(pm); });
  PassPipelineRegistration<PipelineOptions>(
      "kiln-kernel-pipeline",
      "Kernel phase: kiln -> linalg on tensors, fusion, kernel formation "
      "(reads vector-width, fusion-report)",
      [](OpPassManager &pm, const PipelineOptions &options) {
        buildKernelPipeline(pm, options.target(), options.reports());
      });
  PassPipelineRegistration<PipelineOptions>(
      "kiln-cpu-vector-pipeline",
      "CPU steps on tensors: kernels outlined and deduplicated, vector-wide "
      "reductions, register tiles and vectors, math approximations (reads "
      "vector-width)",
      [](OpPassManager &pm, const PipelineOptions &options) {
        buildCpuVectorPipeline(pm, options.target());
      });
  PassPipelineRegistration<PipelineOptions>(
      "kiln-buffer-pipeline",
      "Buffer phase: one-shot bufferization, memory planning, deallocation "
      "(reads memory-report)",
      [](OpPassManager &pm, const PipelineOptions &options) {
        buildBufferPipeline(pm, options.reports());
      });
  PassPipelineRegistration<>(
      "kiln-cpu-lowering-pipeline",
      "CPU steps on buffers: streaming stores, outlining, OpenMP, LLVM",
      [](OpPassManager &pm) { buildCpuLoweringPipeline(pm); });
  PassPipelineRegistration<PipelineOptions>(
      "kiln-cpu-pipeline",
      "Lower a kiln graph to the LLVM dialect for x86-64 CPUs: the graph, "
      "kernel, CPU vector, buffer and CPU lowering phases",
      [](OpPassManager &pm, const PipelineOptions &options) {
        buildCpuPipeline(pm, options.target(), options.reports());
      });
  PassPipelineRegistration<GpuPipelineOptions>(
      "kiln-gpu-lowering-pipeline",
      "GPU steps on buffers: kernels on threads, device memory, NVVM, PTX "
      "(reads gpu-arch)",
      [](OpPassManager &pm, const GpuPipelineOptions &options) {
        buildGpuLoweringPipeline(pm, options.target());
      });
  PassPipelineRegistration<GpuPipelineOptions>(
      "kiln-gpu-pipeline",
      "Lower a kiln graph to the LLVM dialect with PTX kernels for NVIDIA "
      "GPUs: the graph, kernel (one thread per tile) and buffer phases, then "
      "the GPU lowering",
      [](OpPassManager &pm, const GpuPipelineOptions &options) {
        buildGpuPipeline(pm, options.target(), {options.fusionReport, false});
      });
}
