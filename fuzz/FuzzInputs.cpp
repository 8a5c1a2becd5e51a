//===- FuzzInputs.cpp - fuzz kiln-run's input readers ---------------------===//
//
// An input starting with .npy's magic is a .npy file; anything else is a
// --input literal (2x3xf32=1,2,3,4,5,6).
//
//===----------------------------------------------------------------------===//

#include "HostTensor.h"

#include "llvm/Support/Error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  llvm::Expected<mlir::kiln::HostTensor> tensor =
      bytes.starts_with("\x93NUMPY") ? mlir::kiln::parseNpy(bytes, "fuzz.npy")
                                     : mlir::kiln::parseTensorLiteral(bytes);
  if (!tensor) {
    llvm::consumeError(tensor.takeError());
    return 0;
  }
  // Read every element back, as kiln-run does when it prints.
  double sum = 0;
  for (int64_t i = 0, e = tensor->numElements(); i < e; ++i)
    sum += tensor->elementAsDouble(i);
  return sum == 0.12345 ? 0 : 0;
}
