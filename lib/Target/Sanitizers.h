//===- Sanitizers.h - instrumenting the code Kiln compiles ------*- C++ -*-===//
//
// A Kiln built with -DKILN_SANITIZE=address instruments the objects kilnc
// makes as well, so that `scripts/test.sh --sanitize` checks the kernels
// Kiln generates (through the C programs that link them), not only Kiln.
// JIT-compiled code (kiln-run, Python) is not instrumented: on this LLVM
// 22, ORC-linked instrumented code of functions with several OpenMP
// kernels crashed on a wild read that the same code linked as an object
// does not make; that is left to investigate.
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
