//===- Compiler.cpp - compiling and calling kiln modules from Python ------===//
//
// Python hands modules over as text and compiles them with the pipelines
// every tool uses (kiln-cpu-pipeline for this machine), through the same
// JIT set-up as kiln-run and the same object emission as kilnc.
//
//===----------------------------------------------------------------------===//

#include "Context.h"
#include "KilnPython.h"
#include "kiln/Frontend/ONNX/Import.h"
#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Runtime/kiln_runtime.h"
#include "kiln/Target/Jit.h"
#include "kiln/Target/Target.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;
using mlir::kiln::python::Buffer;
using mlir::kiln::python::DiagnosticCapture;
using mlir::kiln::python::Error;
using mlir::kiln::python::Executable;
using mlir::kiln::python::TensorSpec;

namespace {
/// This machine as kilnc and kiln-run see it by default.
mlir::kiln::TargetOptions hostTarget(unsigned optLevel) {
  static bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;
  std::string error;
  FailureOr<mlir::kiln::TargetOptions> target = mlir::kiln::resolveTarget(
      /*triple=*/"", /*cpu=*/"native", /*features=*/"", optLevel, error);
  if (failed(target))
    throw Error("kiln: " + error);
  return *target;
}

OwningOpRef<ModuleOp> parseModule(const std::string &text,
                                  DiagnosticCapture &capture) {
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(text, &kiln::python::sharedContext());
  if (!module)
    throw Error(capture.message());
  return module;
}

mlir::kiln::PipelinePhase phaseNamed(const std::string &stage) {
  using Phase = mlir::kiln::PipelinePhase;
  std::optional<Phase> phase = llvm::StringSwitch<std::optional<Phase>>(stage)
                                   .Case("graph", Phase::Graph)
                                   .Case("optimized", Phase::Graph)
                                   .Case("kernel", Phase::Kernel)
                                   .Case("vector", Phase::TargetTensors)
                                   .Case("buffer", Phase::Buffer)
                                   .Case("llvm", Phase::TargetLowering)
                                   .Default(std::nullopt);
  if (!phase)
    throw Error("kiln: unknown stage '" + stage +
                "' (graph, optimized, kernel, vector, buffer or llvm)");
  return *phase;
}

void runCpuPipeline(ModuleOp module, const mlir::kiln::TargetOptions &target,
                    mlir::kiln::PipelinePhase stopAfter,
                    DiagnosticCapture &capture) {
  PassManager pm(module->getContext());
  mlir::kiln::buildCpuPipeline(pm, target, {}, stopAfter);
  if (failed(pm.run(module)))
    throw Error(capture.message());
}
} // namespace

struct Executable::Impl {
  std::unique_ptr<ExecutionEngine> engine;
  mlir::kiln::PackedEntry entry = nullptr;
  std::vector<TensorSpec> argumentTypes, resultTypes;
  /// Descriptor storage and the packed entry's argument list, set up once.
  std::vector<std::vector<int64_t>> argumentWords;
  std::vector<int64_t> resultWords;
  std::vector<void *> argumentPointers, packed;
  void *resultPointer = nullptr;
  std::vector<Buffer> results;
  std::vector<size_t> resultElementBytes;
};

Executable::Executable(const std::string &moduleText, const std::string &name,
                       unsigned optLevel)
    : impl(std::make_unique<Impl>()) {
  MLIRContext &context = kiln::python::sharedContext();
  DiagnosticCapture capture(&context);
  OwningOpRef<ModuleOp> module = parseModule(moduleText, capture);
  auto fn = module->lookupSymbol<func::FuncOp>(name);
  if (!fn || fn.isExternal())
    throw Error("kiln: no function '" + name + "' to compile");
  fn.setPublic();
  for (Type type : fn.getArgumentTypes())
    impl->argumentTypes.push_back(kiln::python::fromMlirType(type));
  for (Type type : fn.getResultTypes())
    impl->resultTypes.push_back(kiln::python::fromMlirType(type));
  fn->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
              UnitAttr::get(&context));

  mlir::kiln::TargetOptions target = hostTarget(optLevel);
  runCpuPipeline(*module, target, mlir::kiln::PipelinePhase::TargetLowering,
                 capture);
  std::string error;
  auto machine = mlir::kiln::createTargetMachine(target, error);
  if (failed(machine))
    throw Error("kiln: " + error);
  impl->engine = mlir::kiln::createJitEngine(*module, std::move(*machine),
                                             optLevel, error);
  if (!impl->engine)
    throw Error("kiln: " + error);
  impl->entry = mlir::kiln::lookupPackedEntry(*impl->engine, name, error);
  if (!impl->entry)
    throw Error("kiln: " + error);

  for (const TensorSpec &type : impl->argumentTypes)
    impl->argumentWords.emplace_back(
        mlir::kiln::descriptorWords(type.shape.size()));
  size_t words = 0;
  for (const TensorSpec &type : impl->resultTypes) {
    words += mlir::kiln::descriptorWords(type.shape.size());
    impl->resultElementBytes.push_back(kiln::python::elementBytes(type.dtype));
  }
  impl->resultWords.resize(words);
  impl->results.resize(impl->resultTypes.size());

  // The packed entry takes a pointer to the result descriptors' pointer,
  // then a pointer to each argument descriptor's pointer.
  for (auto &descriptor : impl->argumentWords)
    impl->argumentPointers.push_back(descriptor.data());
  impl->resultPointer = impl->resultWords.data();
  if (!impl->resultTypes.empty())
    impl->packed.push_back(&impl->resultPointer);
  for (void *&pointer : impl->argumentPointers)
    impl->packed.push_back(&pointer);
}

Executable::~Executable() = default;

const std::vector<TensorSpec> &Executable::argumentTypes() const {
  return impl->argumentTypes;
}
const std::vector<TensorSpec> &Executable::resultTypes() const {
  return impl->resultTypes;
}

static std::string shapeString(const std::vector<int64_t> &shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") +
            (shape[i] < 0 ? std::string("?") : std::to_string(shape[i]));
  return text + (shape.size() == 1 ? ",)" : ")");
}

const std::vector<Buffer> &
Executable::call(const std::vector<void *> &data,
                 const std::vector<std::vector<int64_t>> &shapes) {
  const std::vector<TensorSpec> &types = impl->argumentTypes;
  if (data.size() != types.size() || shapes.size() != types.size())
    throw Error("kiln: the function takes " + std::to_string(types.size()) +
                " arguments, got " + std::to_string(data.size()));
  // Static dimensions are checked here; the compiled code checks how
  // dynamic ones relate.
  for (size_t i = 0; i < types.size(); ++i) {
    const std::vector<int64_t> &expected = types[i].shape;
    bool matches = expected.size() == shapes[i].size();
    for (size_t d = 0; matches && d < expected.size(); ++d)
      matches = expected[d] < 0 || expected[d] == shapes[i][d];
    if (!matches)
      throw Error("kiln: argument #" + std::to_string(i) + " has shape " +
                  shapeString(shapes[i]) + " but the function takes " +
                  shapeString(expected));
    mlir::kiln::fillDescriptor(impl->argumentWords[i].data(), data[i],
                               shapes[i]);
  }

  struct Call {
    mlir::kiln::PackedEntry entry;
    void **arguments;
  } call{impl->entry, impl->packed.data()};
  int status = kiln_invoke(
      [](void *context) {
        auto *c = static_cast<Call *>(context);
        c->entry(c->arguments);
      },
      &call);
  if (status != KILN_OK)
    throw Error(std::string("kiln: ") + kiln_last_error());

  // A descriptor: allocated, aligned, offset, sizes[rank], strides[rank].
  const int64_t *words = impl->resultWords.data();
  for (size_t i = 0; i < impl->results.size(); ++i) {
    int64_t rank = impl->resultTypes[i].shape.size();
    Buffer &buffer = impl->results[i];
    buffer.allocation = reinterpret_cast<void *>(words[0]);
    buffer.data = static_cast<char *>(reinterpret_cast<void *>(words[1])) +
                  words[2] * impl->resultElementBytes[i];
    buffer.rank = rank;
    buffer.shape = words + 3;
    buffer.strides = words + 3 + rank;
    words += mlir::kiln::descriptorWords(rank);
  }
  return impl->results;
}

std::string kiln::python::lowerModule(const std::string &moduleText,
                                      const std::string &stage) {
  MLIRContext &context = sharedContext();
  DiagnosticCapture capture(&context);
  mlir::kiln::PipelinePhase phase = phaseNamed(stage);
  OwningOpRef<ModuleOp> module = parseModule(moduleText, capture);
  runCpuPipeline(*module, hostTarget(3), phase, capture);
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  return text;
}

void kiln::python::exportObject(const std::string &moduleText,
                                const std::string &objectPath) {
  MLIRContext &context = sharedContext();
  DiagnosticCapture capture(&context);
  OwningOpRef<ModuleOp> module = parseModule(moduleText, capture);
  mlir::kiln::TargetOptions target = hostTarget(3);
  std::string error;
  auto machine = mlir::kiln::createTargetMachine(target, error);
  if (failed(machine))
    throw Error("kiln: " + error);
  std::string stem = llvm::sys::path::stem(objectPath).str();
  std::string header;
  llvm::raw_string_ostream headerOs(header);
  if (failed(mlir::kiln::emitHeader(*module, stem, headerOs)))
    throw Error(capture.message());
  mlir::kiln::exposeCInterface(*module);
  runCpuPipeline(*module, target, mlir::kiln::PipelinePhase::TargetLowering,
                 capture);
  mlir::kiln::internalizeGraphFunctions(*module);
  llvm::LLVMContext llvmContext;
  FailureOr<std::unique_ptr<llvm::Module>> llvmModule =
      mlir::kiln::translateAndOptimize(*module, llvmContext, **machine,
                                       target.optLevel);
  if (failed(llvmModule))
    throw Error(capture.message());
  auto write = [&](llvm::StringRef path, auto &&body) {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (ec)
      throw Error("kiln: cannot write '" + path.str() + "': " + ec.message());
    body(os);
  };
  write(objectPath, [&](llvm::raw_fd_ostream &os) {
    if (failed(mlir::kiln::emitMachineCode(**llvmModule, **machine,
                                           /*assembly=*/false, os)))
      throw Error("kiln: cannot emit machine code");
  });
  llvm::SmallString<128> headerPath(objectPath);
  llvm::sys::path::replace_extension(headerPath, "h");
  write(headerPath, [&](llvm::raw_fd_ostream &os) { os << header; });
}

std::string kiln::python::importOnnx(const std::string &path,
                                     bool weightsAsArguments) {
  MLIRContext &context = sharedContext();
  DiagnosticCapture capture(&context);
  mlir::kiln::OnnxImportOptions options;
  options.weightsAsArguments = weightsAsArguments;
  OwningOpRef<ModuleOp> module =
      mlir::kiln::importOnnxFile(path, &context, options);
  if (!module)
    throw Error(capture.message());
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  return text;
}

void kiln::python::freeAllocation(void *allocation) {
  kiln_result result = {};
  result.allocation = allocation;
  kiln_result_free(&result);
}
