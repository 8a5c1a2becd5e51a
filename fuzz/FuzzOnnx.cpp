//===- FuzzOnnx.cpp - fuzz the ONNX importer ------------------------------===//
//
// An input is a serialized ONNX model: protobuf parsing, every converter
// and the verifier of what they build.
//
//===----------------------------------------------------------------------===//

#include "kiln/Frontend/ONNX/Import.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static MLIRContext *context = [] {
    auto *ctx = new MLIRContext();
    kiln::loadOnnxImportDialects(ctx);
    ctx->disableMultithreading();
    return ctx;
  }();
  ScopedDiagnosticHandler quiet(context,
                                [](Diagnostic &) { return success(); });
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  (void)kiln::importOnnxModel(bytes, "fuzz.onnx", context);
  return 0;
}
