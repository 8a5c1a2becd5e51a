//===- HostBuffers.h - buffers only the host touches ------------*- C++ -*-===//
//
// Most buffers of a GPU model live in device memory, but bufferization's
// run-time deallocation keeps small lists of its own on the host (pointers
// as index, ownership flags as i1) and a helper function to compare them.
// These stay host memory, and host code may load and store them.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CODEGEN_GPU_HOSTBUFFERS_H
#define KILN_LIB_CODEGEN_GPU_HOSTBUFFERS_H

#include "mlir/IR/Value.h"

namespace mlir {
namespace func {
class FuncOp;
} // namespace func
namespace kiln {

/// Whether `function` is host bookkeeping (bufferization's dealloc helper):
/// private, no results, only index or i1 buffers as arguments, and no
/// linalg op, kernel, launch, copy or call in it.
bool isHostFunction(func::FuncOp function);

/// Whether `buffer` (or what it is a cast or view of) is host bookkeeping:
/// a local allocation only loaded, stored, freed or handed to host
/// functions, or an argument of a host function.
bool isHostBuffer(Value buffer);

} // namespace kiln
} // namespace mlir

#endif // KILN_LIB_CODEGEN_GPU_HOSTBUFFERS_H
