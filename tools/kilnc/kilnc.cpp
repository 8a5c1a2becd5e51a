//===- kilnc.cpp - ahead-of-time compiler for kiln models -----------------===//
//
//   kilnc model.mlir -o model.o        writes model.o and model.h
//   kilnc model.mlir --emit=asm|llvm|mlir|header -o FILE
//
// Every public function becomes `kiln_<name>` in the header (see
// lib/Target/HeaderEmitter.cpp); the object needs only libkiln_runtime,
// libomp and libm at run time.
//
//===----------------------------------------------------------------------===//

#include "kiln/Frontend/ModelFile.h"
#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Target/Target.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;
namespace cl = llvm::cl;

enum class Emit { Object, Assembly, LLVM, MLIR, Header, PTX };

/// kilnc's own options; --help shows only these (LLVM's stay accepted).
static cl::OptionCategory kilncOptions("kilnc options");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.mlir>"),
                                      cl::Required, cl::cat(kilncOptions));
static cl::opt<std::string> outputFile("o", cl::desc("output file"),
                                       cl::value_desc("file"), cl::Required,
                                       cl::cat(kilncOptions));
static cl::opt<Emit> emit(
    "emit", cl::desc("what to write"), cl::init(Emit::Object),
    cl::values(clEnumValN(Emit::Object, "obj",
                          "an object file, and its C header next to it"),
               clEnumValN(Emit::Assembly, "asm", "assembly"),
               clEnumValN(Emit::LLVM, "llvm", "optimised LLVM IR"),
               clEnumValN(Emit::MLIR, "mlir",
                          "the module after kiln-cpu-pipeline"),
               clEnumValN(Emit::Header, "header", "only the C header"),
               clEnumValN(Emit::PTX, "ptx", "--target=cuda: the kernels' PTX")),
    cl::cat(kilncOptions));
using Phase = mlir::kiln::PipelinePhase;
static cl::opt<Phase> stopAfter(
    "stop-after-phase",
    cl::desc("with --emit=mlir: stop after this phase of the pipeline"),
    cl::init(Phase::TargetLowering),
    cl::values(clEnumValN(Phase::Graph, "graph",
                          "kiln ops after autodiff, decompose, CSE"),
               clEnumValN(Phase::Kernel, "kernel",
                          "linalg on tensors, kernels formed"),
               clEnumValN(Phase::TargetTensors, "vector",
                          "kernels tiled to registers and vectorised"),
               clEnumValN(Phase::Buffer, "buffer",
                          "buffers planned, before the CPU lowering"),
               clEnumValN(Phase::TargetLowering, "llvm",
                          "the LLVM dialect (default)")),
    cl::cat(kilncOptions));
static cl::opt<bool>
    fusionReport("kiln-fusion-report",
                 cl::desc("print the kernels formed and the memory traffic "
                          "each saves"),
                 cl::cat(kilncOptions));
static cl::opt<bool>
    memoryReport("kiln-memory-report",
                 cl::desc("print each function's arena size, naive sum and "
                          "lower bound"),
                 cl::cat(kilncOptions));
static cl::opt<bool>
    timePhases("time-phases",
               cl::desc("print the time of each phase: reading, every pass "
                        "of the pipeline, LLVM translation and optimisation, "
                        "machine code"),
               cl::cat(kilncOptions));
static cl::opt<unsigned> optLevel("O", cl::desc("optimisation level (0-3)"),
                                  cl::Prefix, cl::init(3),
                                  cl::cat(kilncOptions));
static cl::opt<std::string>
    targetTriple("target",
                 cl::desc("LLVM target triple (default: the host's), or "
                          "'cuda' for NVIDIA GPUs"),
                 cl::value_desc("triple"), cl::cat(kilncOptions));
static cl::list<std::string>
    gpuArchs("gpu-arch",
             cl::desc("--target=cuda: NVIDIA architectures to compile "
                      "kernels for (default sm_80)"),
             cl::value_desc("sm_80,sm_90"), cl::CommaSeparated,
             cl::cat(kilncOptions));
static cl::opt<std::string>
    targetCpu("mcpu",
              cl::desc("CPU to compile for: an LLVM CPU name or 'native'"),
              cl::init("x86-64-v3"), cl::cat(kilncOptions));
static cl::alias targetCpuAlias("target-cpu", cl::desc("alias for --mcpu"),
                                cl::aliasopt(targetCpu), cl::cat(kilncOptions));
static cl::opt<std::string>
    targetFeatures("mattr",
                   cl::desc("CPU features to add or remove, e.g. "
                            "+avx512f,-fma"),
                   cl::value_desc("features"), cl::cat(kilncOptions));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "kilnc: error: " << message << "\n";
  return 1;
}

static LogicalResult
writeFile(StringRef path,
          llvm::function_ref<LogicalResult(llvm::raw_pwrite_stream &)> write) {
  std::error_code ec;
  auto file =
      std::make_unique<llvm::ToolOutputFile>(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    llvm::errs() << "kilnc: error: cannot write '" << path
                 << "': " << ec.message() << "\n";
    return failure();
  }
  if (failed(write(file->os())))
    return failure();
  file->keep();
  return success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::kiln::registerAllPasses();
  cl::HideUnrelatedOptions(kilncOptions);
  cl::ParseCommandLineOptions(argc, argv, "Kiln ahead-of-time compiler\n");
  if (optLevel > 3)
    return fail("-O" + llvm::Twine(optLevel.getValue()) +
                " is not an optimisation level (use -O0 to -O3)");

  if (stopAfter != Phase::TargetLowering && emit != Emit::MLIR)
    return fail(
        "--stop-after-phase needs --emit=mlir (only the last phase makes "
        "code)");
  if (outputFile == "-" && emit == Emit::Object)
    return fail("--emit=obj writes FILE.o and FILE.h; give -o a file name "
                "(stdout takes --emit=asm, llvm, mlir or header)");

  // Check the target first, so a bad name fails before any work.
  std::string error;
  bool cuda = targetTriple == "cuda" || targetTriple == "nvptx64-nvidia-cuda";
  if (!cuda && !gpuArchs.empty())
    return fail("--gpu-arch needs --target=cuda");
  if (!cuda && emit == Emit::PTX)
    return fail("--emit=ptx needs --target=cuda");
  std::string archList = llvm::join(gpuArchs, ",");
  FailureOr<mlir::kiln::TargetOptions> target =
      cuda ? mlir::kiln::resolveCudaTarget(archList, optLevel, error)
           : mlir::kiln::resolveTarget(targetTriple, targetCpu, targetFeatures,
                                       optLevel, error);
  if (failed(target))
    return fail(error);
  // PTX is what --emit=ptx writes: no cubin.
  if (cuda && emit == Emit::PTX)
    target->cudaToolkit.clear();
  if (cuda && emit == Emit::PTX && target->gpuArchs.size() != 1)
    return fail("--emit=ptx writes one architecture's PTX; give one "
                "--gpu-arch");
  auto machine = mlir::kiln::createTargetMachine(*target, error);
  if (failed(machine))
    return fail(error);

  // The report prints when `timing` goes, at exit.
  DefaultTimingManager timing;
  timing.setEnabled(timePhases);
  TimingScope rootTiming = timing.getRootScope();
  TimingScope readTiming = rootTiming.nest("read the model");

  DialectRegistry registry;
  mlir::kiln::registerAllDialects(registry);
  MLIRContext context(registry);
  auto sourceMgr = std::make_shared<llvm::SourceMgr>();
  SourceMgrDiagnosticHandler diagnostics(*sourceMgr, &context);
  // An .onnx model goes through the ONNX importer, anything else is MLIR.
  std::string readError;
  OwningOpRef<ModuleOp> module =
      mlir::kiln::readModelFile(inputFile, sourceMgr, &context, readError);
  if (!readError.empty())
    return fail(readError);
  if (!module)
    return 1;
  readTiming.stop();

  // The header describes the kiln-level signatures.
  std::string stem = llvm::sys::path::stem(outputFile).str();
  std::string header;
  {
    llvm::raw_string_ostream os(header);
    if (failed(mlir::kiln::emitHeader(*module, stem, os, cuda)))
      return 1;
  }
  if (emit == Emit::Header)
    return failed(writeFile(outputFile, [&](llvm::raw_pwrite_stream &os) {
      os << header;
      return success();
    }));

  // Lower with the pipeline every tool uses; public functions get MLIR's C
  // interface, which the header calls.
  mlir::kiln::exposeCInterface(*module);
  PassManager pm(&context);
  TimingScope pipelineTiming = rootTiming.nest("pipeline");
  pm.enableTiming(pipelineTiming);
  // Vectors as wide as the target's registers: 8 f32 lanes for AVX2 (the
  // default x86-64-v3), 16 for AVX-512.
  if (cuda)
    mlir::kiln::buildGpuPipeline(pm, *target, {fusionReport, memoryReport},
                                 stopAfter);
  else
    mlir::kiln::buildCpuPipeline(pm, *target, {fusionReport, memoryReport},
                                 stopAfter);
  if (failed(pm.run(*module)))
    return 1;
  pipelineTiming.stop();
  if (stopAfter != Phase::TargetLowering)
    return failed(writeFile(outputFile, [&](llvm::raw_pwrite_stream &os) {
      module->print(os);
      return success();
    }));
  mlir::kiln::internalizeGraphFunctions(*module);
  if (emit == Emit::MLIR)
    return failed(writeFile(outputFile, [&](llvm::raw_pwrite_stream &os) {
      module->print(os);
      return success();
    }));
  if (emit == Emit::PTX) {
    FailureOr<std::string> ptx = mlir::kiln::getKernelAssembly(*module);
    if (failed(ptx))
      return 1;
    return failed(writeFile(outputFile, [&](llvm::raw_pwrite_stream &os) {
      os << *ptx;
      return success();
    }));
  }

  llvm::LLVMContext llvmContext;
  TimingScope llvmTiming = rootTiming.nest("LLVM translation + optimisation");
  auto llvmModule = mlir::kiln::translateAndOptimize(*module, llvmContext,
                                                     **machine, optLevel);
  if (failed(llvmModule))
    return 1;
  llvmTiming.stop();
  if (emit == Emit::LLVM)
    return failed(writeFile(outputFile, [&](llvm::raw_pwrite_stream &os) {
      (*llvmModule)->print(os, nullptr);
      return success();
    }));

  bool assembly = emit == Emit::Assembly;
  TimingScope codegenTiming = rootTiming.nest("machine code");
  if (failed(writeFile(outputFile, [&](llvm::raw_pwrite_stream &os) {
        if (succeeded(mlir::kiln::emitMachineCode(**llvmModule, **machine,
                                                  assembly, os)))
          return success();
        llvm::errs() << "kilnc: error: cannot emit machine code for CPU '"
                     << targetCpu << "'\n";
        return failure();
      })))
    return 1;
  codegenTiming.stop();
  if (assembly)
    return 0;
  // model.o comes with model.h.
  llvm::SmallString<128> headerPath(outputFile);
  llvm::sys::path::replace_extension(headerPath, "h");
  return failed(writeFile(headerPath, [&](llvm::raw_pwrite_stream &os) {
    os << header;
    return success();
  }));
}
