//===- Bindings.cpp - the kiln._kiln Python extension ---------------------===//
//
// pybind11 glue over KilnPython.h. Arrays cross without copies: arguments
// are read in place (the Python side makes them contiguous), results are
// numpy arrays over the buffers the compiled code allocated, freed when the
// last array viewing them goes.
//
//===----------------------------------------------------------------------===//

#include "KilnPython.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <map>

namespace py = pybind11;
using namespace mlir::kiln::python;

namespace {
/// (shape with None for dynamic dimensions, dtype) as Python sees a type.
py::tuple toPython(const TensorSpec &type) {
  py::list shape;
  for (int64_t size : type.shape)
    shape.append(size < 0 ? py::object(py::none()) : py::int_(size));
  return py::make_tuple(py::tuple(shape), type.dtype);
}

TensorSpec fromPython(const py::handle &object) {
  auto pair = object.cast<py::tuple>();
  TensorSpec type;
  for (py::handle size : pair[0].cast<py::tuple>())
    type.shape.push_back(size.is_none() ? -1 : size.cast<int64_t>());
  type.dtype = pair[1].cast<std::string>();
  return type;
}

std::vector<TensorSpec> typesFromPython(const py::iterable &types) {
  std::vector<TensorSpec> result;
  for (py::handle type : types)
    result.push_back(fromPython(type));
  return result;
}

SourceLocation location(const std::string &file, int line) {
  return {file, line};
}

py::dtype numpyDtype(const std::string &dtype) {
  static const std::map<std::string, std::string> names = {
      {"f16", "float16"}, {"f32", "float32"}, {"f64", "float64"},
      {"i1", "bool"},     {"i32", "int32"},   {"i64", "int64"}};
  auto it = names.find(dtype);
  if (it == names.end())
    throw Error("kiln: no numpy dtype for " + dtype);
  return py::dtype(it->second);
}

/// An executable with the numpy dtypes of its signature, looked up once:
/// a call is on the eager path of every op.
struct PyExecutable {
  PyExecutable(const std::string &module, const std::string &entry,
               unsigned optLevel)
      : executable(module, entry, optLevel) {
    for (const TensorSpec &type : executable.argumentTypes())
      argumentDtypes.push_back(numpyDtype(type.dtype));
    for (const TensorSpec &type : executable.resultTypes())
      resultDtypes.push_back(numpyDtype(type.dtype));
  }

  py::list call(const py::list &args);

  Executable executable;
  std::vector<py::dtype> argumentDtypes, resultDtypes;
  /// Per-call scratch, kept to avoid reallocating.
  std::vector<void *> data;
  std::vector<std::vector<int64_t>> shapes;
};

bool sameDtype(const py::dtype &a, const py::dtype &b) {
  return a.kind() == b.kind() && a.itemsize() == b.itemsize();
}

py::list PyExecutable::call(const py::list &args) {
  const std::vector<TensorSpec> &types = executable.argumentTypes();
  size_t count = args.size();
  if (count != types.size())
    throw Error("kiln: the function takes " + std::to_string(types.size()) +
                " arguments, got " + std::to_string(count));
  data.resize(count);
  shapes.resize(count);
  for (size_t i = 0; i < count; ++i) {
    py::handle object = PyList_GET_ITEM(args.ptr(), i);
    if (!py::isinstance<py::array>(object))
      throw Error("kiln: argument #" + std::to_string(i) +
                  " is not a numpy array");
    auto array = py::reinterpret_borrow<py::array>(object);
    if (!sameDtype(array.dtype(), argumentDtypes[i]))
      throw Error("kiln: argument #" + std::to_string(i) + " has dtype " +
                  py::str(array.dtype()).cast<std::string>() +
                  " but the function takes " + types[i].dtype);
    if (!(array.flags() & py::array::c_style))
      throw Error("kiln: argument #" + std::to_string(i) +
                  " is not C-contiguous");
    data[i] = const_cast<void *>(array.data());
    shapes[i].assign(array.shape(), array.shape() + array.ndim());
  }
  std::vector<Buffer> buffers = executable.call(data, shapes);

  // One owner per allocation: results may share a buffer.
  std::vector<std::pair<void *, py::object>> owners;
  py::list results(buffers.size());
  for (size_t i = 0; i < buffers.size(); ++i) {
    Buffer &buffer = buffers[i];
    const py::dtype &dtype = resultDtypes[i];
    std::vector<py::ssize_t> strides(buffer.strides.size());
    for (size_t d = 0; d < strides.size(); ++d)
      strides[d] = buffer.strides[d] * dtype.itemsize();
    std::vector<py::ssize_t> shape(buffer.shape.begin(), buffer.shape.end());
    // An argument handed back is copied: Kiln tensors are values.
    if (std::find(data.begin(), data.end(), buffer.allocation) != data.end()) {
      py::array view(dtype, shape, strides, buffer.data);
      results[i] = view.attr("copy")();
      continue;
    }
    py::object owner;
    for (auto &[allocation, existing] : owners)
      if (allocation == buffer.allocation)
        owner = existing;
    if (!owner) {
      owner = py::capsule(buffer.allocation,
                          [](void *allocation) { freeAllocation(allocation); });
      owners.emplace_back(buffer.allocation, owner);
    }
    results[i] = py::array(dtype, shape, strides, buffer.data, owner);
  }
  return results;
}
/// The types the argument walk recognises, given by the Python side.
py::object tensorType, numpyScalarType;

/// The hot path of a jitted call: walks nested tuples, lists and dicts
/// (string keys) of numpy arrays, numpy scalars and kiln Tensors (their
/// `_data`), collecting the arrays and appending the structure, shapes and
/// dtypes to `key`. False at anything else: the Python path handles it.
bool walkArguments(py::handle value, std::string &key, py::list &arrays) {
  auto append = [&](int64_t word) {
    key.append(reinterpret_cast<const char *>(&word), sizeof(word));
  };
  auto addArray = [&](py::handle object) {
    auto array = py::reinterpret_borrow<py::array>(object);
    if (!(array.flags() & py::array::c_style))
      return false;
    append('A');
    append(array.ndim());
    for (py::ssize_t d = 0; d < array.ndim(); ++d)
      append(array.shape(d));
    append(array.dtype().kind() * 256 + array.dtype().itemsize());
    arrays.append(array);
    return true;
  };
  if (py::isinstance<py::array>(value))
    return addArray(value);
  if (PyTuple_Check(value.ptr()) || PyList_Check(value.ptr())) {
    append(PyTuple_Check(value.ptr()) ? '(' : '[');
    append(py::len(value));
    for (py::handle item : value)
      if (!walkArguments(item, key, arrays))
        return false;
    return true;
  }
  if (PyDict_Check(value.ptr())) {
    append('{');
    append(py::len(value));
    for (auto [name, item] : py::reinterpret_borrow<py::dict>(value)) {
      if (!PyUnicode_Check(name.ptr()))
        return false;
      std::string text = py::str(name);
      append(text.size());
      key += text;
      if (!walkArguments(item, key, arrays))
        return false;
    }
    return true;
  }
  if (tensorType &&
      PyObject_TypeCheck(value.ptr(),
                         reinterpret_cast<PyTypeObject *>(tensorType.ptr()))) {
    py::object data = value.attr("_data");
    return !data.is_none() && py::isinstance<py::array>(data) && addArray(data);
  }
  if (numpyScalarType &&
      PyObject_TypeCheck(
          value.ptr(), reinterpret_cast<PyTypeObject *>(numpyScalarType.ptr())))
    return addArray(py::array::ensure(value));
  return false;
}
} // namespace

PYBIND11_MODULE(_kiln, m) {
  m.doc() = "Kiln's C++ core: graph building, compilation, execution";
  py::register_exception<Error>(m, "KilnError");

  py::class_<Graph>(m, "Graph", py::dynamic_attr())
      .def(py::init<>())
      .def(
          "begin_function",
          [](Graph &g, const std::string &name, const py::iterable &types,
             bool isPrivate) {
            return g.beginFunction(name, typesFromPython(types), isPrivate);
          },
          py::arg("name"), py::arg("types"), py::arg("private") = false)
      .def("add_argument",
           [](Graph &g, const py::tuple &type) {
             return g.addArgument(fromPython(type));
           })
      .def("end_function",
           [](Graph &g, const std::vector<int> &results,
              const std::string &file,
              int line) { g.endFunction(results, location(file, line)); })
      .def("begin_block",
           [](Graph &g, const py::iterable &types) {
             return g.beginBlock(typesFromPython(types));
           })
      .def("end_block",
           [](Graph &g, const std::string &terminator,
              const std::vector<int> &operands, const std::string &file,
              int line) {
             return g.endBlock(terminator, operands, location(file, line));
           })
      .def("abandon_block", &Graph::abandonBlock)
      .def(
          "create",
          [](Graph &g, const std::string &name,
             const std::vector<int> &operands, const std::string &attributes,
             const py::object &resultTypes, const std::vector<int> &regions,
             const std::string &file, int line) {
            std::vector<TensorSpec> types;
            if (!resultTypes.is_none())
              types = typesFromPython(resultTypes);
            return g.create(name, operands, attributes,
                            resultTypes.is_none() ? nullptr : &types, regions,
                            location(file, line));
          },
          py::arg("name"), py::arg("operands"), py::arg("attributes") = "",
          py::arg("result_types") = py::none(),
          py::arg("regions") = std::vector<int>(), py::arg("file") = "",
          py::arg("line") = 0)
      .def("constant",
           [](Graph &g, const py::array &array, const std::string &dtype,
              const std::string &file, int line) {
             auto contiguous = py::array::ensure(
                 array, py::array::c_style | py::array::forcecast);
             TensorSpec type;
             type.dtype = dtype;
             type.shape.assign(contiguous.shape(),
                               contiguous.shape() + contiguous.ndim());
             return g.constant(contiguous.data(), contiguous.nbytes(), type,
                               location(file, line));
           })
      .def("type_of",
           [](const Graph &g, int value) { return toPython(g.typeOf(value)); })
      .def("__str__", &Graph::str);

  py::class_<PyExecutable>(m, "Executable")
      .def(py::init<const std::string &, const std::string &, unsigned>(),
           py::arg("module"), py::arg("entry"), py::arg("opt_level") = 3)
      .def("__call__", &PyExecutable::call);

  m.def("set_leaf_types", [](py::object tensor, py::object scalar) {
    tensorType = tensor;
    numpyScalarType = scalar;
  });
  m.def(
      "walk_arguments",
      [](const py::tuple &args) -> py::object {
        std::string key = "kiln:";
        py::list arrays;
        if (!walkArguments(args, key, arrays))
          return py::none();
        return py::make_tuple(py::bytes(key), arrays);
      },
      "(key, arrays) of a jitted call's arguments, or None where the "
      "Python path must walk them");
  m.def("lower", &lowerModule, py::arg("module"), py::arg("stage"));
  m.def("export", &exportObject, py::arg("module"), py::arg("path"));
}
