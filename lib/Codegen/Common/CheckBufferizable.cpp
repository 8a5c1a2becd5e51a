//===- CheckBufferizable.cpp - ops Kiln cannot compile, named -------------===//
//
// kiln-check-bufferizable: one-shot bufferization rejects an op on tensors
// it has no model for with "op was not bufferized", which does not say
// why. Such an op (a tosa or stablehlo op fed to Kiln, say) has no lowering
// at all; this check names it and what Kiln compiles instead.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Common/Passes.h"
#include "mlir/Dialect/Bufferization/IR/BufferizableOpInterface.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNCHECKBUFFERIZABLE
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// Whether `op` has a tensor operand or result.
static bool hasTensors(Operation *op) {
  auto isTensor = [](Type type) { return isa<TensorType>(type); };
  return llvm::any_of(op->getOperandTypes(), isTensor) ||
         llvm::any_of(op->getResultTypes(), isTensor);
}

namespace {
struct KilnCheckBufferizablePass
    : public kiln::impl::KilnCheckBufferizableBase<KilnCheckBufferizablePass> {
  void runOnOperation() override {
    bool failed = false;
    getOperation()->walk([&](Operation *op) {
      if (!hasTensors(op) || isa<bufferization::BufferizableOpInterface>(op))
        return;
      op->emitOpError()
          << "has no lowering in Kiln: Kiln compiles kiln ops (and the "
             "linalg, tensor, arith, math and scf ops they lower to), so "
             "import this model into kiln ops first";
      failed = true;
    });
    if (failed)
      signalPassFailure();
  }
};
} // namespace
