//===- Sanitizers.cpp - instrumenting the code Kiln compiles --------------===//

#include "Sanitizers.h"

#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Transforms/Instrumentation/AddressSanitizer.h"

using namespace mlir;

#ifdef KILN_SANITIZE_ADDRESS
/// Instruments every function of `module` with AddressSanitizer: each load
/// and store is checked against the shadow of heap and stack memory. No
/// module constructor: the process's runtime is initialised already (the
/// JIT runs in it; an object links into a program built with
/// -fsanitize=address). Globals are left alone: they are Kiln's constants,
/// and their redzones and registration tables live in sections the JIT's
/// linker does not lay out.
static void instrumentAddresses(llvm::Module &module) {
  for (llvm::Function &function : module)
    if (!function.isDeclaration())
      function.addFnAttr(llvm::Attribute::SanitizeAddress);
  for (llvm::GlobalVariable &global : module.globals()) {
    llvm::GlobalValue::SanitizerMetadata metadata;
    metadata.NoAddress = true;
    global.setSanitizerMetadata(metadata);
  }
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder;
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);
  llvm::ModulePassManager passes;
  llvm::AddressSanitizerOptions options;
  // No fake stacks: they would read the runtime's flag variable, a data
  // symbol the JIT does not resolve reliably.
  options.UseAfterReturn = llvm::AsanDetectStackUseAfterReturnMode::Never;
  passes.addPass(llvm::AddressSanitizerPass(
      options, /*UseGlobalGC=*/false, /*UseOdrIndicator=*/false,
      llvm::AsanDtorKind::None, llvm::AsanCtorKind::None));
  passes.run(module, modules);
}
#endif

std::function<llvm::Error(llvm::Module *)>
kiln::withSanitizers(std::function<llvm::Error(llvm::Module *)> optimize) {
#ifdef KILN_SANITIZE_ADDRESS
  return [optimize](llvm::Module *module) -> llvm::Error {
    if (llvm::Error error = optimize(module))
      return error;
    instrumentAddresses(*module);
    return llvm::Error::success();
  };
#else
  return optimize;
#endif
}
