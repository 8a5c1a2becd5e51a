//===- DeviceBuffers.h - kiln-run's tensors on a GPU ------------*- C++ -*-===//
//
// kiln-run --device=cuda: arguments copied to device buffers before the
// call, results copied back after it, all through libkiln_runtime's CUDA
// API (so kiln-run, like a compiled program, never links CUDA).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TOOLS_KILN_RUN_DEVICEBUFFERS_H
#define KILN_TOOLS_KILN_RUN_DEVICEBUFFERS_H

#include "HostTensor.h"
#include <cstdint>

namespace mlir::kiln {

/// A device copy of `tensor`; exits with kiln-run's error on failure.
void *copyToDevice(const HostTensor &tensor);

/// The result described by the memref descriptor `words` (of `rank`),
/// whose data is in device memory, copied to the host.
HostTensor copyResultToHost(const int64_t *words, DType dtype, int64_t rank);

/// Frees a device buffer.
void freeOnDevice(void *pointer);

} // namespace mlir::kiln

#endif // KILN_TOOLS_KILN_RUN_DEVICEBUFFERS_H
