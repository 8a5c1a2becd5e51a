//===- Calls.h - calling executables on numpy arrays ------------*- C++ -*-===//
//
// The two hot paths of the Python package (see Calls.cpp): an Executable
// called on numpy arrays (every eager op), and the signature cache of a
// kiln.jit function (every jitted call).
//
//===----------------------------------------------------------------------===//

#ifndef KILN_PYTHON_CALLS_H
#define KILN_PYTHON_CALLS_H

#include "KilnPython.h"

#include <pybind11/pybind11.h>

#include <unordered_map>
#include <utility>

namespace mlir::kiln::python {
namespace py = pybind11;

/// How numpy spells a kiln dtype.
struct NumpyType {
  char kind;
  int size;
  int typeNumber;
};

/// An Executable taking and returning numpy arrays, with its signature's
/// numpy types looked up once.
class CallableExecutable {
public:
  CallableExecutable(const std::string &module, const std::string &entry,
                     unsigned optLevel);

  /// Calls on a list of numpy arrays, checked against the signature.
  py::list call(const py::list &args);
  /// Calls on the arguments already in `data` and `shapes`.
  py::list callOnScratch();

  size_t resultCount() const { return resultTypes.size(); }

  Executable executable;
  /// (kind, item size) of each argument, as numbers.
  std::vector<int64_t> argumentCodes;
  std::vector<NumpyType> resultTypes;
  /// Per-call scratch, kept to avoid reallocating.
  std::vector<void *> data;
  std::vector<std::vector<int64_t>> shapes;
  std::vector<std::pair<void *, py::object>> owners;
};

/// The hot path of a kiln.jit function, all in C++: the arguments' exact
/// signature -> the executable compiled for it, called, its results
/// wrapped in Tensors and put in the traced result structure. The Python
/// side compiles on a miss and inserts the executable.
class JitCache {
public:
  explicit JitCache(py::object miss) : miss(std::move(miss)) {}

  /// The types of the leaves the walk recognises besides numpy arrays:
  /// kiln.Tensor (its `_data`) and numpy scalars.
  static void setLeafTypes(py::object tensor, py::object numpyScalar);

  /// The function's results, or `miss` where the arguments are not in the
  /// cache (or not walkable: the Python path handles those).
  py::object call(const py::tuple &args);

  /// The key `call` computes for `args`, or None where it cannot walk
  /// them.
  py::object keyOf(const py::tuple &args);

  /// Caches `executable` for the arguments with signature `key`; its
  /// results go into `structure` (leaf indices in tuples, lists, dicts).
  /// False where the structure is not plain: the Python path rebuilds it.
  bool insert(const py::bytes &key,
              std::shared_ptr<CallableExecutable> executable,
              py::object structure);

private:
  /// Walks nested tuples, lists and dicts (string keys) of C-contiguous
  /// numpy arrays, numpy scalars and eager Tensors into `arrays` and `key`
  /// (structure, shapes, dtypes). False at anything else.
  bool walkArguments(const py::tuple &args);
  bool walk(py::handle value);
  bool addArray(py::handle array);
  void appendWord(int64_t word);

  struct Entry {
    std::shared_ptr<CallableExecutable> executable;
    py::object structure;
  };
  std::unordered_map<std::string, Entry> entries;
  py::object miss;
  /// Per-call scratch, kept to avoid reallocating.
  std::string key;
  std::vector<py::object> arrays;
};

/// Imports numpy's C API; once, before anything here runs.
void initNumpy();

} // namespace mlir::kiln::python

#endif // KILN_PYTHON_CALLS_H
