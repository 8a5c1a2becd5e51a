//===- Jit.h - running compiled Kiln modules in this process ----*- C++ -*-===//
//
// kiln-run and the Python package both JIT-compile modules that a Kiln
// pipeline lowered to the LLVM dialect; this is the one place that knows
// which symbols such code calls (the runtime's allocator and shape errors,
// the GPU launcher, libomp) and how a packed entry point is called.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TARGET_JIT_H
#define KILN_TARGET_JIT_H

#include "mlir/Support/LLVM.h"
#include <memory>
#include <string>

namespace llvm {
class TargetMachine;
} // namespace llvm

namespace mlir {
class ExecutionEngine;
class ModuleOp;

namespace kiln {

/// JIT-compiles `module` (in the LLVM dialect) for `machine` at `optLevel`,
/// with Kiln's runtime symbols resolved in this process. On failure returns
/// null and sets `error`.
std::unique_ptr<ExecutionEngine>
createJitEngine(ModuleOp module, std::unique_ptr<llvm::TargetMachine> machine,
                unsigned optLevel, std::string &error);

/// The packed entry point of function `name` (compiled with the
/// `llvm.emit_c_interface` attribute): it takes a pointer to the result
/// descriptor (when there are results) followed by a pointer to each
/// argument descriptor. Null with `error` set when there is none.
using PackedEntry = void (*)(void **);
PackedEntry lookupPackedEntry(ExecutionEngine &engine, StringRef name,
                              std::string &error);

/// The number of 8-byte words of a strided memref descriptor of `rank`:
/// {allocated, aligned, offset, sizes[rank], strides[rank]}.
inline size_t descriptorWords(int64_t rank) { return 3 + 2 * rank; }

/// Fills a descriptor for contiguous row-major `data` of `shape`.
void fillDescriptor(int64_t *words, void *data, ArrayRef<int64_t> shape);

} // namespace kiln
} // namespace mlir

#endif // KILN_TARGET_JIT_H
