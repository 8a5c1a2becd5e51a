//===- KernelAssembly.cpp - the PTX a GPU model embeds --------------------===//
//
// kilnc --emit=ptx: the text of the one device image kiln-gpu-pipeline
// made (kiln-gpu-merge-kernel-modules puts every kernel in one module).
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/Target.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;

FailureOr<std::string> kiln::getKernelAssembly(ModuleOp module) {
  std::string assembly;
  unsigned images = 0;
  for (auto binary : module.getOps<gpu::BinaryOp>()) {
    for (Attribute attr : binary.getObjects()) {
      auto object = dyn_cast<gpu::ObjectAttr>(attr);
      if (!object || object.getFormat() != gpu::CompilationTarget::Assembly)
        return binary.emitError("expected the kernels as assembly (PTX)"),
               failure();
      assembly += object.getObject().getValue();
      ++images;
    }
  }
  if (images == 0)
    return module.emitError("the model has no GPU kernels"), failure();
  if (images > 1)
    return module.emitError("the kernels were compiled for ")
               << images << " architectures; expected one",
           failure();
  return assembly;
}
