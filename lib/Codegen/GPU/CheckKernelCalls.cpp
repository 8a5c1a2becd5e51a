//===- CheckKernelCalls.cpp - no unresolved calls in a kernel's PTX -------===//
//
// kiln-gpu-check-kernel-calls: Kiln links no libdevice, so an external
// function in a kernel's PTX (`.extern .func __nv_powf`) would make the
// driver refuse the module at run time; it is an error at compile time.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/GPU/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringExtras.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNGPUCHECKKERNELCALLS
#include "kiln/Codegen/GPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// The names of the functions `ptx` declares `.extern .func`.
static SmallVector<StringRef> externalFunctions(StringRef ptx) {
  SmallVector<StringRef> names;
  StringRef marker = ".extern .func";
  for (size_t at = ptx.find(marker); at != StringRef::npos;
       at = ptx.find(marker, at + marker.size())) {
    StringRef rest = ptx.drop_front(at + marker.size()).ltrim();
    // An optional return parameter: `(.param .b32 func_retval0) name`.
    if (rest.starts_with("(")) {
      size_t close = rest.find(')');
      if (close == StringRef::npos)
        break;
      rest = rest.drop_front(close + 1).ltrim();
    }
    StringRef name = rest.take_until([](char c) {
      return !(llvm::isAlnum(c) || c == '_' || c == '$' || c == '.');
    });
    if (!name.empty())
      names.push_back(name);
  }
  return names;
}

namespace {
struct KilnGpuCheckKernelCallsPass
    : public kiln::impl::KilnGpuCheckKernelCallsBase<
          KilnGpuCheckKernelCallsPass> {
  void runOnOperation() override {
    bool failed = false;
    getOperation().walk([&](gpu::BinaryOp binary) {
      for (Attribute attr : binary.getObjects()) {
        auto object = dyn_cast<gpu::ObjectAttr>(attr);
        if (!object || object.getFormat() != gpu::CompilationTarget::Assembly)
          continue;
        SmallVector<StringRef> names =
            externalFunctions(object.getObject().getValue());
        if (names.empty())
          continue;
        binary.emitError()
            << "kiln-gpu-check-kernel-calls: the kernels call "
            << llvm::join(names, ", ")
            << ", which no library provides on the GPU (an op without a "
               "GPU lowering in Kiln yet)";
        failed = true;
      }
    });
    if (failed)
      signalPassFailure();
  }
};
} // namespace
