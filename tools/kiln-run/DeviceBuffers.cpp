//===- DeviceBuffers.cpp - kiln-run's tensors on a GPU --------------------===//

#include "DeviceBuffers.h"
#include "kiln/Runtime/kiln_runtime.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>

using namespace mlir::kiln;

[[noreturn]] static void failCuda(const char *what) {
  llvm::errs() << "kiln-run: error: " << what << ": " << kiln_last_error()
               << "\n";
  std::exit(1);
}

void *mlir::kiln::copyToDevice(const HostTensor &tensor) {
  void *device = nullptr;
  if (kiln_cuda_malloc(&device, tensor.bytes.size()) != KILN_OK)
    failCuda("cannot allocate an input on the GPU");
  if (kiln_cuda_copy_to_device(device, tensor.bytes.data(),
                               tensor.bytes.size()) != KILN_OK)
    failCuda("cannot copy an input to the GPU");
  return device;
}

HostTensor mlir::kiln::copyResultToHost(const int64_t *words, DType dtype,
                                        int64_t rank) {
  // The elements the (possibly strided) result spans, from its first.
  int64_t span = 1;
  for (int64_t d = 0; d < rank; ++d) {
    if (words[3 + d] == 0) {
      span = 0;
      break;
    }
    span += (words[3 + d] - 1) * words[3 + rank + d];
  }
  size_t element = dtypeSize(dtype);
  std::vector<uint8_t> staging(span * element);
  auto *first =
      reinterpret_cast<const uint8_t *>(words[1]) + words[2] * element;
  if (kiln_cuda_copy_to_host(staging.data(), first, staging.size()) != KILN_OK)
    failCuda("cannot copy a result from the GPU");
  std::vector<int64_t> hostWords(words, words + 3 + 2 * rank);
  hostWords[0] = hostWords[1] = reinterpret_cast<int64_t>(staging.data());
  hostWords[2] = 0;
  return readDescriptor(hostWords.data(), dtype, rank);
}

void mlir::kiln::freeOnDevice(void *pointer) {
  if (kiln_cuda_free(pointer) != KILN_OK)
    failCuda("cannot free a GPU buffer");
}
