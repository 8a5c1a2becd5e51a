//===- kiln-run.cpp - JIT-run a kiln function -----------------------------===//
//
//   kiln-run model.mlir --entry=NAME --input=2x3xf32=1,2,3,4,5,6
//            --input=@x.npy --output=@y.npy [--benchmark=N]
//
// Compiles the module with kiln-cpu-pipeline (the pipeline kilnc uses), or
// kiln-gpu-pipeline with --device=cuda, checks the inputs against the
// function's signature, runs it in the JIT and prints the results in the
// input syntax or writes them as .npy files.
//
//===----------------------------------------------------------------------===//

#include "DeviceBuffers.h"
#include "HostTensor.h"
#include "kiln/Frontend/ModelFile.h"
#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Runtime/kiln_runtime.h"
#include "kiln/Target/Jit.h"
#include "kiln/Target/Target.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

using namespace mlir;
using namespace mlir::kiln;
namespace cl = llvm::cl;

/// kiln-run options; --help shows only these (LLVM's stay accepted).
static cl::OptionCategory kilnRunOptions("kiln-run options");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.mlir>"),
                                      cl::Required, cl::cat(kilnRunOptions));
static cl::opt<std::string>
    entryName("entry",
              cl::desc("function to run (default: the only public "
                       "function)"),
              cl::cat(kilnRunOptions));
static cl::list<std::string>
    inputs("input",
           cl::desc("an argument: TYPE=VALUES (2x3xf32=1,2,3,4,5,6, "
                    "f32=1) or @file.npy; one per argument"),
           cl::cat(kilnRunOptions));
static cl::list<std::string>
    outputs("output",
            cl::desc("@file.npy to write a result to, in order; "
                     "results without one are printed"),
            cl::cat(kilnRunOptions));
static cl::opt<unsigned>
    benchmark("benchmark",
              cl::desc("run N times after a warm-up and print the min and "
                       "median wall time per call"),
              cl::init(0), cl::cat(kilnRunOptions));
static cl::opt<std::string>
    targetCpu("mcpu",
              cl::desc("CPU to compile for: an LLVM CPU name or 'native' "
                       "(default; the JIT runs the code on this machine)"),
              cl::init("native"), cl::cat(kilnRunOptions));
static cl::opt<std::string>
    targetFeatures("mattr",
                   cl::desc("CPU features to add or remove, e.g. -avx512f"),
                   cl::value_desc("features"), cl::cat(kilnRunOptions));
enum class Device { CPU, CUDA };
static cl::opt<Device> device(
    "device", cl::desc("where the function runs"), cl::init(Device::CPU),
    cl::values(clEnumValN(Device::CPU, "cpu", "this machine's CPU (default)"),
               clEnumValN(Device::CUDA, "cuda",
                          "an NVIDIA GPU, through the CUDA driver")),
    cl::cat(kilnRunOptions));
static cl::opt<std::string>
    gpuArch("gpu-arch",
            cl::desc("--device=cuda: the architecture kernels are compiled "
                     "for (default sm_80; the driver JIT-compiles the PTX "
                     "for the GPU it has)"),
            cl::init("sm_80"), cl::cat(kilnRunOptions));
static cl::opt<bool>
    printMlir("print-mlir",
              cl::desc("print the LLVM-dialect module the JIT would compile "
                       "(after kiln-cpu-pipeline for the target) and exit"),
              cl::cat(kilnRunOptions));
static cl::opt<unsigned>
    numThreads("num-threads",
               cl::desc("threads the kernels may use (default: OMP_NUM_THREADS "
                        "or all cores)"),
               cl::init(0), cl::cat(kilnRunOptions));

namespace {
/// A failure already reported to the user.
struct Failure {};

[[noreturn]] void fail(const llvm::Twine &message) {
  llvm::errs() << "kiln-run: error: " << message << "\n";
  std::exit(1);
}

/// Reads one argument given on the command line.
HostTensor loadInput(llvm::StringRef spec) {
  llvm::Expected<HostTensor> tensor = spec.starts_with("@")
                                          ? readNpy(spec.drop_front())
                                          : parseTensorLiteral(spec);
  if (!tensor)
    fail(llvm::toString(tensor.takeError()));
  return std::move(*tensor);
}

/// Checks that `tensor` can be passed as argument `index` of type `type`.
void checkInput(const HostTensor &tensor, unsigned index, Type type) {
  auto tensorType = cast<RankedTensorType>(type);
  std::string expected;
  llvm::raw_string_ostream os(expected);
  os << tensorType;
  auto mismatch = [&](const llvm::Twine &what) {
    fail("input #" + llvm::Twine(index) + " (" + tensor.typeString() +
         ") does not match argument type " + expected + ": " + what);
  };
  if (dtypeOf(tensorType.getElementType()) != tensor.dtype)
    mismatch("element type differs");
  if (tensorType.getRank() != static_cast<int64_t>(tensor.shape.size()))
    mismatch("rank " + llvm::Twine(tensor.shape.size()) + " instead of " +
             llvm::Twine(tensorType.getRank()));
  for (int64_t d = 0; d < tensorType.getRank(); ++d)
    if (!tensorType.isDynamicDim(d) &&
        tensorType.getDimSize(d) != tensor.shape[d])
      mismatch("dimension " + llvm::Twine(d) + " is " +
               llvm::Twine(tensor.shape[d]) + " instead of " +
               llvm::Twine(tensorType.getDimSize(d)));
}

/// Copies a (possibly strided) result out of its descriptor.
func::FuncOp findEntry(ModuleOp module) {
  if (!entryName.empty()) {
    auto fn = module.lookupSymbol<func::FuncOp>(entryName);
    if (!fn || fn.isExternal()) {
      std::string names;
      for (auto f : module.getOps<func::FuncOp>())
        if (!f.isExternal())
          names += (names.empty() ? "" : ", ") + f.getName().str();
      fail("no function named '" + entryName + "' in " + inputFile +
           " (functions: " + names + ")");
    }
    return fn;
  }
  llvm::SmallVector<func::FuncOp> publics;
  for (auto f : module.getOps<func::FuncOp>())
    if (f.isPublic() && !f.isExternal())
      publics.push_back(f);
  if (publics.size() != 1)
    fail("--entry is required: " + inputFile + " has " +
         llvm::Twine(publics.size()) + " public functions");
  return publics.front();
}

void checkSignature(func::FuncOp fn) {
  for (Type type :
       llvm::concat<const Type>(fn.getArgumentTypes(), fn.getResultTypes())) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !dtypeOf(tensor.getElementType())) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << type;
      fail("function '" + fn.getName() +
           "' has an argument or result of type " + text +
           "; kiln-run supports ranked tensors of f16, bf16, f32, f64, i1, "
           "i8, i16, i32 and i64");
    }
  }
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  mlir::kiln::registerAllPasses();
  cl::HideUnrelatedOptions(kilnRunOptions);
  cl::ParseCommandLineOptions(argc, argv, "Kiln JIT runner\n");

  // The target first, so a bad name fails before any work.
  std::string error;
  bool cuda = device == Device::CUDA;
  FailureOr<mlir::kiln::TargetOptions> target =
      cuda ? mlir::kiln::resolveCudaTarget(gpuArch, /*optLevel=*/3, error)
           : mlir::kiln::resolveTarget(
                 /*triple=*/"", targetCpu, targetFeatures, /*optLevel=*/3,
                 error);
  if (failed(target))
    fail(error);
  // Without a usable GPU there is nothing to do.
  if (cuda && !printMlir && kiln_cuda_init() != KILN_OK)
    fail(llvm::Twine("--device=cuda: ") + kiln_last_error());
  auto machine = mlir::kiln::createTargetMachine(*target, error);
  if (failed(machine))
    fail(error);

  DialectRegistry registry;
  mlir::kiln::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  auto sourceMgr = std::make_shared<llvm::SourceMgr>();
  std::string includedFile;
  SourceMgrDiagnosticHandler diagnostics(*sourceMgr, &context);
  // An .onnx model goes through the ONNX importer, anything else is MLIR.
  std::string readError;
  OwningOpRef<ModuleOp> module =
      mlir::kiln::readModelFile(inputFile, sourceMgr, &context, readError);
  if (!readError.empty())
    fail(readError);
  if (!module)
    return 1;

  func::FuncOp entry = findEntry(*module);
  entry.setPublic(); // a private entry must survive symbol-dce
  std::string name = entry.getName().str();
  checkSignature(entry);
  llvm::SmallVector<Type> argTypes(entry.getArgumentTypes());
  llvm::SmallVector<Type> resultTypes(entry.getResultTypes());
  // Printing the compiled module needs no inputs.
  if (!printMlir && inputs.size() != argTypes.size())
    fail("'" + name + "' takes " + llvm::Twine(argTypes.size()) +
         " arguments, got " + llvm::Twine(inputs.size()) + " --input");
  if (outputs.size() > resultTypes.size())
    fail("'" + name + "' has " + llvm::Twine(resultTypes.size()) +
         " results, got " + llvm::Twine(outputs.size()) + " --output");
  for (const std::string &output : outputs)
    if (!llvm::StringRef(output).starts_with("@"))
      fail("--output expects @file.npy, got '" + output + "'");

  std::vector<HostTensor> args;
  for (auto [i, spec] : llvm::enumerate(inputs)) {
    if (i >= argTypes.size())
      break; // --print-mlir ignores inputs
    args.push_back(loadInput(spec));
    checkInput(args.back(), i, argTypes[i]);
  }

  // Compile with the pipeline every tool uses.
  entry->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                 UnitAttr::get(&context));
  PassManager pm(&context);
  if (cuda)
    mlir::kiln::buildGpuPipeline(pm, *target);
  else
    mlir::kiln::buildCpuPipeline(pm, *target);
  if (failed(pm.run(*module)))
    return 1;
  if (printMlir) {
    module->print(llvm::outs());
    return 0;
  }
  auto engine = mlir::kiln::createJitEngine(*module, std::move(*machine),
                                            /*optLevel=*/3, error);
  if (!engine)
    fail(error);

  // Descriptors of the arguments and room for the results.
  // On a GPU the arguments are device copies.
  std::vector<void *> argData;
  for (HostTensor &arg : args)
    argData.push_back(cuda ? mlir::kiln::copyToDevice(arg)
                           : static_cast<void *>(arg.bytes.data()));
  std::vector<std::vector<int64_t>> argDescriptors;
  for (auto [arg, data] : llvm::zip(args, argData)) {
    argDescriptors.emplace_back(mlir::kiln::descriptorWords(arg.shape.size()));
    mlir::kiln::fillDescriptor(argDescriptors.back().data(), data, arg.shape);
  }
  size_t resultWords = 0;
  for (Type type : resultTypes)
    resultWords +=
        mlir::kiln::descriptorWords(cast<RankedTensorType>(type).getRank());
  std::vector<int64_t> results(resultWords);
  std::vector<void *> argPointers;
  for (auto &d : argDescriptors)
    argPointers.push_back(d.data());
  void *resultPointer = results.data();
  std::vector<void *> packed;
  if (!resultTypes.empty())
    packed.push_back(&resultPointer);
  for (void *&p : argPointers)
    packed.push_back(&p);

  // Results the callee allocated are ours to free (unless one is an input
  // handed back).
  auto freeResults = [&] {
    // Free each buffer once: results may share one, or hand an input back.
    llvm::SmallPtrSet<void *, 4> freed;
    for (void *data : argData)
      freed.insert(data);
    size_t at = 0;
    for (Type type : resultTypes) {
      void *allocated = reinterpret_cast<void *>(results[at]);
      if (freed.insert(allocated).second) {
        if (cuda) {
          mlir::kiln::freeOnDevice(allocated);
        } else {
          kiln_result result = {};
          result.allocation = allocated;
          kiln_result_free(&result); // may keep it for the next call
        }
      }
      at += mlir::kiln::descriptorWords(cast<RankedTensorType>(type).getRank());
    }
  };

  if (numThreads > 0)
    kiln_set_num_threads(numThreads);
  auto entryFn = mlir::kiln::lookupPackedEntry(*engine, name, error);
  if (!entryFn)
    fail(error);
  struct Call {
    void (*fn)(void **);
    void **args;
  } call{entryFn, packed.data()};
  void (*body)(void *) = [](void *context) {
    auto *c = static_cast<Call *>(context);
    c->fn(c->args);
  };
  auto check = [&](int status) {
    if (status != KILN_OK)
      fail(llvm::Twine("'") + name + "' failed: " + kiln_last_error());
  };
  // kiln_invoke returns here when a run-time shape check (or, on a GPU, a
  // CUDA call) fails.
  auto invoke = [&] { check(kiln_invoke(body, &call)); };

  if (benchmark > 0) {
    invoke(); // warm-up
    freeResults();
    std::vector<double> times;
    for (unsigned i = 0; i < benchmark; ++i) {
      // On a GPU, the time between CUDA events around the call.
      float gpuMs = 0;
      auto start = std::chrono::steady_clock::now();
      if (cuda)
        check(kiln_cuda_time(body, &call, &gpuMs));
      else
        invoke();
      auto end = std::chrono::steady_clock::now();
      freeResults();
      times.push_back(
          cuda
              ? gpuMs
              : std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::sort(times.begin(), times.end());
    llvm::outs() << llvm::format(
        "benchmark: %s, %u runs, min %.4f ms, median %.4f ms per call\n",
        name.c_str(), benchmark.getValue(), times.front(),
        times[times.size() / 2]);
  }

  invoke();
  size_t at = 0;
  for (auto [i, type] : llvm::enumerate(resultTypes)) {
    auto tensorType = cast<RankedTensorType>(type);
    HostTensor result =
        cuda ? mlir::kiln::copyResultToHost(
                   results.data() + at, *dtypeOf(tensorType.getElementType()),
                   tensorType.getRank())
             : readDescriptor(results.data() + at,
                              *dtypeOf(tensorType.getElementType()),
                              tensorType.getRank());
    at += mlir::kiln::descriptorWords(tensorType.getRank());
    if (i < outputs.size()) {
      if (llvm::Error error =
              writeNpy(result, llvm::StringRef(outputs[i]).drop_front()))
        fail(llvm::toString(std::move(error)));
      continue;
    }
    printTensor(result, llvm::outs());
    llvm::outs() << "\n";
  }
  freeResults();
  if (cuda)
    for (void *data : argData)
      mlir::kiln::freeOnDevice(data);
  return 0;
}
