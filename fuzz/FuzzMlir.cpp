//===- FuzzMlir.cpp - fuzz the parser, verifier and CPU pipeline ----------===//
//
// An input is .mlir text. What parses and verifies goes through the whole
// CPU pipeline (to the LLVM dialect). Diagnostics are the expected answer
// to bad input; a crash, an assertion, a sanitizer report or a hang is a
// bug.
//
//===----------------------------------------------------------------------===//

#include "kiln/Pipelines/Pipelines.h"
#include "kiln/Target/TargetOptions.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <string>

using namespace mlir;

static MLIRContext &context() {
  static MLIRContext *context = [] {
    DialectRegistry registry;
    kiln::registerAllDialects(registry);
    auto *ctx = new MLIRContext(registry);
    ctx->loadAllAvailableDialects();
    ctx->disableMultithreading();
    return ctx;
  }();
  return *context;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext &ctx = context();
  ScopedDiagnosticHandler quiet(&ctx, [](Diagnostic &) { return success(); });
  // MLIR's lexer reads up to a terminating NUL, which every buffer Kiln's
  // tools read from a file has; libFuzzer's data has none.
  std::string text(reinterpret_cast<const char *>(data), size);
  ParserConfig config(&ctx);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config);
  if (!module)
    return 0;
  PassManager pm(&ctx);
  kiln::buildCpuPipeline(pm, kiln::TargetOptions::forVectorWidth(16));
  (void)pm.run(*module);
  return 0;
}
