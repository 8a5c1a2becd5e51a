//===- Bindings.cpp - the kiln._kiln Python extension ---------------------===//
//
// pybind11 glue over KilnPython.h (graph building, lowering, export) and
// Calls.h (calling compiled code on numpy arrays).
//
//===----------------------------------------------------------------------===//

#include "Calls.h"
#include "KilnPython.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

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

} // namespace

PYBIND11_MODULE(_kiln, m) {
  m.doc() = "Kiln's C++ core: graph building, compilation, execution";
  py::register_exception<Error>(m, "KilnError");
  initNumpy();

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

  py::class_<CallableExecutable, std::shared_ptr<CallableExecutable>>(
      m, "Executable")
      .def(py::init<const std::string &, const std::string &, unsigned>(),
           py::arg("module"), py::arg("entry"), py::arg("opt_level") = 3)
      .def("__call__", &CallableExecutable::call)
      .def_property_readonly("result_count", &CallableExecutable::resultCount);

  py::class_<JitCache>(m, "JitCache")
      .def(py::init<py::object>(), py::arg("miss"))
      .def("__call__", &JitCache::call,
           "the results for these arguments, or `miss`")
      .def("key", &JitCache::keyOf,
           "the signature of these arguments, or None where only the "
           "Python path can walk them")
      .def("insert", &JitCache::insert, py::arg("key"), py::arg("executable"),
           py::arg("structure"));
  m.def("set_leaf_types", &JitCache::setLeafTypes,
        "the kiln.Tensor and numpy scalar types, for the argument walk");
  m.def("lower", &lowerModule, py::arg("module"), py::arg("stage"));
  m.def("export", &exportObject, py::arg("module"), py::arg("path"));
  m.def("import_onnx", &importOnnx, py::arg("path"),
        py::arg("weights_as_arguments") = false,
        "the ONNX model at `path` as kiln IR text");
}
