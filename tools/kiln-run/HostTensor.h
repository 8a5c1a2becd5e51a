//===- HostTensor.h - tensors in host memory for kiln-run -------*- C++ -*-===//
//
// The values kiln-run passes to and gets from compiled functions: parsed
// from the command line (`2x3xf32=1,2,3,4,5,6`) or .npy files, printed in
// the same text form or written as .npy.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TOOLS_KILNRUN_HOSTTENSOR_H
#define KILN_TOOLS_KILNRUN_HOSTTENSOR_H

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <string>
#include <vector>

namespace mlir::kiln {

/// The element types kiln tensors may have.
enum class DType { F16, BF16, F32, F64, I1, I8, I16, I32, I64 };

/// The dtype of an MLIR element type, if kiln supports it.
std::optional<DType> dtypeOf(mlir::Type type);
llvm::StringRef dtypeName(DType dtype);
size_t dtypeSize(DType dtype);

/// A dense row-major tensor owning its bytes.
struct HostTensor {
  DType dtype = DType::F32;
  llvm::SmallVector<int64_t> shape;
  std::vector<uint8_t> bytes;

  int64_t numElements() const;
  /// `2x3xf32` (or `f32` for 0-d).
  std::string typeString() const;
  /// Element `i` as a double (integers and bools converted).
  double elementAsDouble(int64_t i) const;
};

/// Parses `2x3xf32=1,2,3,4,5,6`, `f32=1.5` (0-d), or a single value that
/// fills the whole tensor (`4x4xf32=0`).
llvm::Expected<HostTensor> parseTensorLiteral(llvm::StringRef text);

/// Reads and writes NumPy .npy files (little-endian, C order; dtypes
/// float16/32/64, bool, int8, int16, int32, int64).
llvm::Expected<HostTensor> readNpy(llvm::StringRef path);
/// The .npy file `data`; `path` names it in messages.
llvm::Expected<HostTensor> parseNpy(llvm::StringRef data, llvm::StringRef path);
llvm::Error writeNpy(const HostTensor &tensor, llvm::StringRef path);

/// A copy of the tensor a memref descriptor (`words`: allocated, aligned,
/// offset, sizes[rank], strides[rank]) describes, its data in host memory.
HostTensor readDescriptor(const int64_t *words, DType dtype, int64_t rank);

/// Prints `2x3xf32=1,2,3,4,5,6`, which parseTensorLiteral reads back.
void printTensor(const HostTensor &tensor, llvm::raw_ostream &os);

} // namespace mlir::kiln

#endif // KILN_TOOLS_KILNRUN_HOSTTENSOR_H
