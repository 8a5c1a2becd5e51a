//===- Sanitizers.h - instrumenting the code Kiln compiles ------*- C++ -*-===//
//
// A Kiln built with -DKILN_SANITIZE=address instruments the code it
// compiles as well, kilnc's objects and the JIT's code (kiln-run, Python),
// so that `scripts/test.sh --sanitize` checks the kernels Kiln generates,
// not only Kiln.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_TARGET_SANITIZERS_H
#define KILN_LIB_TARGET_SANITIZERS_H

#include "llvm/Support/Error.h"

#include <functional>

namespace llvm {
class Module;
} // namespace llvm

namespace mlir::kiln {

/// `optimize` followed by AddressSanitizer's instrumentation where this Kiln
/// was built with it; `optimize` alone otherwise.
std::function<llvm::Error(llvm::Module *)>
withSanitizers(std::function<llvm::Error(llvm::Module *)> optimize);

} // namespace mlir::kiln

#endif // KILN_LIB_TARGET_SANITIZERS_H
