//===- KilnPython.h - the C++ side of the Python package --------*- C++ -*-===//
//
// What the `kiln._kiln` extension exposes, in plain C++ types only: the
// bindings (compiled with RTTI, as pybind11 needs) include this header and
// nothing of MLIR or LLVM, which are built without RTTI. Failures throw
// kiln::python::Error with the diagnostic text.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PYTHON_KILNPYTHON_H
#define KILN_PYTHON_KILNPYTHON_H

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace mlir::kiln::python {

/// A failure reported to Python as kiln.KilnError.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A ranked tensor type: -1 marks a dynamic dimension; dtype is one of
/// f16 bf16 f32 f64 i1 i32 i64.
struct TensorSpec {
  std::vector<int64_t> shape;
  std::string dtype;
};

/// Where a Python frontend op came from.
struct SourceLocation {
  std::string file;
  int line = 0;
};

/// A module of `func.func`s on `kiln` ops under construction. Values are
/// numbered handles; blocks and functions nest, each builds at the end of
/// the innermost open one.
class Graph {
public:
  Graph();
  ~Graph();

  /// Opens function `name` with arguments of `types`; returns the arguments.
  /// A private function is a helper (a function to differentiate), not an
  /// entry point.
  std::vector<int> beginFunction(const std::string &name,
                                 const std::vector<TensorSpec> &types,
                                 bool isPrivate = false);
  /// Adds an argument to the innermost open function (a value it captures).
  int addArgument(const TensorSpec &type);
  /// Returns `results` from the innermost open function and closes it.
  void endFunction(const std::vector<int> &results,
                   const SourceLocation &location);

  /// Opens a detached block with arguments of `types` (a region of an op to
  /// come); returns the arguments.
  std::vector<int> beginBlock(const std::vector<TensorSpec> &types);
  /// Ends the innermost open block with op `terminator` on `operands` and
  /// returns a region handle for `create`.
  int endBlock(const std::string &terminator, const std::vector<int> &operands,
               const SourceLocation &location);

  /// Closes the innermost open block without using it (tracing failed).
  void abandonBlock();

  /// Creates op `name` on `operands` with `attributes` (an MLIR attribute
  /// dictionary, "" for none) and `regions`. Result types are inferred when
  /// `resultTypes` is null. Verifies the op; returns its results.
  std::vector<int> create(const std::string &name,
                          const std::vector<int> &operands,
                          const std::string &attributes,
                          const std::vector<TensorSpec> *resultTypes,
                          const std::vector<int> &regions,
                          const SourceLocation &location);

  /// A `kiln.constant` holding `data` (row-major, `type`'s element size).
  int constant(const void *data, size_t bytes, const TensorSpec &type,
               const SourceLocation &location);

  TensorSpec typeOf(int value) const;
  /// The module as text (verified).
  std::string str() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
};

/// A result buffer handed to Python: `allocation` is what kiln_result_free
/// releases. Shape and strides (in elements) point into the executable's
/// descriptors, valid until its next call.
struct Buffer {
  void *data = nullptr;
  void *allocation = nullptr;
  int64_t rank = 0;
  const int64_t *shape = nullptr;
  const int64_t *strides = nullptr;
};

/// The bytes of one element of `dtype`.
size_t elementBytes(const std::string &dtype);

/// One function of a module compiled by the CPU pipeline and JIT-compiled.
class Executable {
public:
  /// Compiles function `entry` of `moduleText`.
  Executable(const std::string &moduleText, const std::string &entry,
             unsigned optLevel);
  ~Executable();

  const std::vector<TensorSpec> &argumentTypes() const;
  const std::vector<TensorSpec> &resultTypes() const;

  /// Calls the function on contiguous row-major arguments (data pointers
  /// and shapes, already checked against the dtypes). Throws on a shape
  /// the function rejects. The results are valid until the next call (on
  /// the hot path of every eager op and jitted call: nothing allocates).
  const std::vector<Buffer> &
  call(const std::vector<void *> &data,
       const std::vector<std::vector<int64_t>> &shapes);

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
};

/// `moduleText` after the pipeline's phases up to `stage`: "graph",
/// "kernel", "vector", "buffer" or "llvm".
std::string lowerModule(const std::string &moduleText,
                        const std::string &stage);

/// Compiles `moduleText` ahead of time as kilnc does: an object file at
/// `objectPath` and its C header beside it.
void exportObject(const std::string &moduleText, const std::string &objectPath);

/// The ONNX model at `path` imported as a kiln module (text); its entry
/// function is the graph's. Initializers become trailing arguments with
/// `weightsAsArguments`.
std::string importOnnx(const std::string &path, bool weightsAsArguments);

/// Releases a result allocation.
void freeAllocation(void *allocation);

} // namespace mlir::kiln::python

#endif // KILN_PYTHON_KILNPYTHON_H
