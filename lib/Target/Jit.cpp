//===- Jit.cpp - running compiled Kiln modules in this process ------------===//

#include "kiln/Target/Jit.h"
#include "JitMemory.h"
#include "Sanitizers.h"
#include "kiln/Runtime/kiln_runtime.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;

// Half-precision conversions that LLVM lowers to libcalls when the target
// has no instruction for them (f64 -> f16 always; f32 <-> f16 without
// F16C). libgcc provides them; compiled objects get them from the linker,
// the JIT from here. Only their addresses are taken, so the signature is
// not spelled out (their _Float16 values travel in xmm registers).
extern "C" void __truncdfhf2();
extern "C" void __truncsfhf2();
extern "C" void __extendhfsf2();

/// The symbols compiled Kiln code calls, all in libkiln_runtime.
static llvm::orc::SymbolMap
runtimeSymbols(llvm::orc::MangleAndInterner interner) {
  llvm::orc::SymbolMap symbols;
  auto add = [&](const char *name, auto *function) {
    symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(function),
                               llvm::JITSymbolFlags::Exported};
  };
  // Allocation and failed shape checks.
  add("kiln_shape_error", &kiln_shape_error);
  add("_mlir_memref_to_llvm_alloc", &_mlir_memref_to_llvm_alloc);
  add("_mlir_memref_to_llvm_aligned_alloc",
      &_mlir_memref_to_llvm_aligned_alloc);
  add("_mlir_memref_to_llvm_free", &_mlir_memref_to_llvm_free);
  add("__truncdfhf2", &__truncdfhf2);
  add("__truncsfhf2", &__truncsfhf2);
  add("__extendhfsf2", &__extendhfsf2);
  // GPU models reach the driver through the runtime.
  add("mgpuModuleLoad", &mgpuModuleLoad);
  add("mgpuModuleLoadJIT", &mgpuModuleLoadJIT);
  add("mgpuModuleUnload", &mgpuModuleUnload);
  add("mgpuModuleGetFunction", &mgpuModuleGetFunction);
  add("mgpuLaunchKernel", &mgpuLaunchKernel);
  add("mgpuStreamCreate", &mgpuStreamCreate);
  add("mgpuStreamDestroy", &mgpuStreamDestroy);
  add("mgpuStreamSynchronize", &mgpuStreamSynchronize);
  add("mgpuStreamWaitEvent", &mgpuStreamWaitEvent);
  add("mgpuEventCreate", &mgpuEventCreate);
  add("mgpuEventDestroy", &mgpuEventDestroy);
  add("mgpuEventSynchronize", &mgpuEventSynchronize);
  add("mgpuEventRecord", &mgpuEventRecord);
  add("mgpuMemAlloc", &mgpuMemAlloc);
  add("mgpuMemFree", &mgpuMemFree);
  add("mgpuMemcpy", &mgpuMemcpy);
  add("mgpuMemset32", &mgpuMemset32);
  return symbols;
}

std::unique_ptr<ExecutionEngine>
kiln::createJitEngine(ModuleOp module,
                      std::unique_ptr<llvm::TargetMachine> machine,
                      unsigned optLevel, std::string &error) {
  ExecutionEngineOptions options;
  // options.transformer is a function_ref: the function it refers to must
  // outlive ExecutionEngine::create (a temporary would dangle).
  std::function<llvm::Error(llvm::Module *)> optimize = kiln::withSanitizers(
      makeOptimizingTransformer(optLevel, 0, machine.get()));
  options.transformer = optimize;
  options.sectionMemoryMapper = &kiln::jitMemoryMapper();
  // Kernel loops call into libomp (__kmpc_fork_call, ...).
  llvm::StringRef libraries[] = {KILN_OPENMP_LIBRARY};
  options.sharedLibPaths = libraries;
  auto engine = ExecutionEngine::create(module, options, std::move(machine));
  if (!engine) {
    error = "JIT compilation failed: " + llvm::toString(engine.takeError());
    return nullptr;
  }
  (*engine)->registerSymbols(runtimeSymbols);
  (*engine)->initialize();
  return std::move(*engine);
}

kiln::PackedEntry kiln::lookupPackedEntry(ExecutionEngine &engine,
                                          StringRef name, std::string &error) {
  auto entry = engine.lookupPacked(("_mlir_ciface_" + name).str());
  if (!entry) {
    error = "cannot find '" + name.str() +
            "' in the JIT: " + llvm::toString(entry.takeError());
    return nullptr;
  }
  return *entry;
}

void kiln::fillDescriptor(int64_t *words, void *data, ArrayRef<int64_t> shape) {
  words[0] = reinterpret_cast<int64_t>(data);
  words[1] = reinterpret_cast<int64_t>(data);
  words[2] = 0;
  int64_t rank = shape.size(), stride = 1;
  for (int64_t d = rank - 1; d >= 0; --d) {
    words[3 + d] = shape[d];
    words[3 + rank + d] = stride;
    stride *= shape[d];
  }
}
