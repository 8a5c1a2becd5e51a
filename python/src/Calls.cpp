//===- Calls.cpp - calling executables on numpy arrays --------------------===//
//
// The hot paths of the Python package: every eager op calls an Executable,
// and every kiln.jit call walks its arguments, finds the executable for
// their signature and wraps the results. Both are here, on numpy's C API,
// so that a call costs little more than the compiled code. Arrays cross
// without copies: arguments are read in place, results are numpy arrays
// over the buffers the compiled code allocated, freed through
// kiln_result_free when the last array viewing them goes.
//
//===----------------------------------------------------------------------===//

#include "Calls.h"

#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/arrayobject.h>

#include <algorithm>
#include <unordered_map>

using namespace mlir::kiln::python;

namespace {
NumpyType numpyType(const std::string &dtype) {
  static const std::unordered_map<std::string, NumpyType> types = {
      {"f16", {'f', 2, NPY_FLOAT16}},
      {"f32", {'f', 4, NPY_FLOAT32}},
      {"f64", {'f', 8, NPY_FLOAT64}},
      {"i1", {'b', 1, NPY_BOOL}},
      {"i8", {'i', 1, NPY_INT8}},
      {"i16", {'i', 2, NPY_INT16}},
      {"i32", {'i', 4, NPY_INT32}},
      {"i64", {'i', 8, NPY_INT64}},
      // numpy has no bfloat16: bf16 crosses as its bit patterns in uint16.
      {"bf16", {'u', 2, NPY_UINT16}}};
  auto it = types.find(dtype);
  if (it == types.end())
    throw Error("kiln: no numpy dtype for " + dtype);
  return it->second;
}

PyArrayObject *asArray(py::handle object) {
  return reinterpret_cast<PyArrayObject *>(object.ptr());
}

/// (kind, item size) of an array's dtype as one number, for keys.
int64_t dtypeCode(PyArrayObject *array) {
  PyArray_Descr *descr = PyArray_DESCR(array);
  return descr->kind * 256 + descr->elsize;
}

/// A capsule that frees a result allocation when its last array goes.
py::object ownerOf(void *allocation) {
  PyObject *capsule = PyCapsule_New(allocation, nullptr, [](PyObject *capsule) {
    freeAllocation(PyCapsule_GetPointer(capsule, nullptr));
  });
  if (!capsule)
    throw py::error_already_set();
  return py::reinterpret_steal<py::object>(capsule);
}

/// A numpy array over `buffer`, kept alive by `owner` (none: a copy).
py::object arrayOver(const Buffer &buffer, const NumpyType &type,
                     py::handle owner) {
  if (buffer.rank > NPY_MAXDIMS)
    throw Error("kiln: a result of rank " + std::to_string(buffer.rank) +
                " is beyond numpy's " + std::to_string(NPY_MAXDIMS));
  npy_intp shape[NPY_MAXDIMS], strides[NPY_MAXDIMS];
  for (int64_t d = 0; d < buffer.rank; ++d) {
    shape[d] = buffer.shape[d];
    strides[d] = buffer.strides[d] * type.size;
  }
  auto array = py::reinterpret_steal<py::object>(PyArray_New(
      &PyArray_Type, buffer.rank, shape, type.typeNumber, strides, buffer.data,
      type.size, NPY_ARRAY_ALIGNED | NPY_ARRAY_WRITEABLE, nullptr));
  if (!array)
    throw py::error_already_set();
  if (!owner)
    return py::reinterpret_steal<py::object>(
        PyArray_NewCopy(asArray(array), NPY_CORDER));
  Py_INCREF(owner.ptr());
  if (PyArray_SetBaseObject(asArray(array), owner.ptr()) < 0)
    throw py::error_already_set();
  return array;
}
} // namespace

//===----------------------------------------------------------------------===//
// CallableExecutable
//===----------------------------------------------------------------------===//

CallableExecutable::CallableExecutable(const std::string &module,
                                       const std::string &entry,
                                       unsigned optLevel)
    : executable(module, entry, optLevel) {
  for (const TensorSpec &type : executable.argumentTypes()) {
    NumpyType numpy = numpyType(type.dtype);
    argumentCodes.push_back(numpy.kind * 256 + numpy.size);
  }
  for (const TensorSpec &type : executable.resultTypes())
    resultTypes.push_back(numpyType(type.dtype));
  data.resize(argumentCodes.size());
  shapes.resize(argumentCodes.size());
}

py::list CallableExecutable::call(const py::list &args) {
  const std::vector<TensorSpec> &types = executable.argumentTypes();
  size_t count = args.size();
  if (count != types.size())
    throw Error("kiln: the function takes " + std::to_string(types.size()) +
                " arguments, got " + std::to_string(count));
  for (size_t i = 0; i < count; ++i) {
    py::handle object = PyList_GET_ITEM(args.ptr(), i);
    if (!PyArray_Check(object.ptr()))
      throw Error("kiln: argument #" + std::to_string(i) +
                  " is not a numpy array");
    PyArrayObject *array = asArray(object);
    if (dtypeCode(array) != argumentCodes[i])
      throw Error("kiln: argument #" + std::to_string(i) + " has dtype " +
                  py::str(reinterpret_cast<PyObject *>(PyArray_DESCR(array)))
                      .cast<std::string>() +
                  " but the function takes " + types[i].dtype);
    if (!PyArray_IS_C_CONTIGUOUS(array))
      throw Error("kiln: argument #" + std::to_string(i) +
                  " is not C-contiguous");
    data[i] = PyArray_DATA(array);
    shapes[i].assign(PyArray_DIMS(array),
                     PyArray_DIMS(array) + PyArray_NDIM(array));
  }
  return callOnScratch();
}

py::list CallableExecutable::callOnScratch() {
  const std::vector<Buffer> &buffers = executable.call(data, shapes);
  py::list results(buffers.size());
  // One owner per allocation: results may share a buffer.
  owners.clear();
  for (size_t i = 0; i < buffers.size(); ++i) {
    const Buffer &buffer = buffers[i];
    // An argument handed back is copied: Kiln tensors are values.
    py::handle owner;
    if (std::find(data.begin(), data.end(), buffer.allocation) == data.end()) {
      for (auto &[allocation, existing] : owners)
        if (allocation == buffer.allocation)
          owner = existing;
      if (!owner) {
        owners.emplace_back(buffer.allocation, ownerOf(buffer.allocation));
        owner = owners.back().second;
      }
    }
    PyList_SET_ITEM(results.ptr(), i,
                    arrayOver(buffer, resultTypes[i], owner).release().ptr());
  }
  owners.clear();
  return results;
}

//===----------------------------------------------------------------------===//
// JitCache
//===----------------------------------------------------------------------===//

namespace {
/// The types the argument walk recognises, given by the Python side.
py::object tensorType, numpyScalarType;

bool isInstance(py::handle value, const py::object &type) {
  return type && PyObject_TypeCheck(
                     value.ptr(), reinterpret_cast<PyTypeObject *>(type.ptr()));
}

/// A kiln Tensor over `array`, made as Tensor(array) would be, without the
/// Python frame of its __init__.
py::object wrapTensor(py::handle array) {
  static const py::str data("_data"), trace("_trace");
  auto *type = reinterpret_cast<PyTypeObject *>(tensorType.ptr());
  auto tensor = py::reinterpret_steal<py::object>(type->tp_alloc(type, 0));
  if (!tensor || PyObject_SetAttr(tensor.ptr(), data.ptr(), array.ptr()) ||
      PyObject_SetAttr(tensor.ptr(), trace.ptr(), Py_None))
    throw py::error_already_set();
  return tensor;
}

/// Whether `spec` is a result structure the cache rebuilds: leaf indices
/// (ints below `count`) in plain tuples, lists and dicts.
bool isPlainStructure(py::handle spec, size_t count) {
  if (PyLong_CheckExact(spec.ptr())) {
    auto index = spec.cast<py::ssize_t>();
    return index >= 0 && static_cast<size_t>(index) < count;
  }
  if (PyTuple_CheckExact(spec.ptr()) || PyList_CheckExact(spec.ptr())) {
    for (py::handle item : spec)
      if (!isPlainStructure(item, count))
        return false;
    return true;
  }
  if (PyDict_CheckExact(spec.ptr())) {
    for (auto [name, item] : py::reinterpret_borrow<py::dict>(spec))
      if (!isPlainStructure(item, count))
        return false;
    return true;
  }
  return false;
}

/// `spec` with each leaf index replaced by that leaf.
py::object rebuild(py::handle spec, const py::list &leaves) {
  if (PyLong_CheckExact(spec.ptr()))
    return leaves[PyLong_AsSsize_t(spec.ptr())];
  if (PyTuple_CheckExact(spec.ptr())) {
    Py_ssize_t size = PyTuple_GET_SIZE(spec.ptr());
    py::tuple out(size);
    for (Py_ssize_t i = 0; i < size; ++i)
      PyTuple_SET_ITEM(
          out.ptr(), i,
          rebuild(PyTuple_GET_ITEM(spec.ptr(), i), leaves).release().ptr());
    return std::move(out);
  }
  if (PyList_CheckExact(spec.ptr())) {
    Py_ssize_t size = PyList_GET_SIZE(spec.ptr());
    py::list out(size);
    for (Py_ssize_t i = 0; i < size; ++i)
      PyList_SET_ITEM(
          out.ptr(), i,
          rebuild(PyList_GET_ITEM(spec.ptr(), i), leaves).release().ptr());
    return std::move(out);
  }
  py::dict out;
  for (auto [name, item] : py::reinterpret_borrow<py::dict>(spec))
    out[name] = rebuild(item, leaves);
  return std::move(out);
}
} // namespace

void JitCache::setLeafTypes(py::object tensor, py::object numpyScalar) {
  tensorType = std::move(tensor);
  numpyScalarType = std::move(numpyScalar);
}

void JitCache::appendWord(int64_t word) {
  key.append(reinterpret_cast<const char *>(&word), sizeof(word));
}

bool JitCache::addArray(py::handle object) {
  PyArrayObject *array = asArray(object);
  if (!PyArray_IS_C_CONTIGUOUS(array))
    return false;
  int rank = PyArray_NDIM(array);
  appendWord('A');
  appendWord(rank);
  for (int d = 0; d < rank; ++d)
    appendWord(PyArray_DIM(array, d));
  appendWord(dtypeCode(array));
  arrays.push_back(py::reinterpret_borrow<py::object>(object));
  return true;
}

bool JitCache::walk(py::handle value) {
  PyObject *object = value.ptr();
  if (PyArray_Check(object))
    return addArray(value);
  if (PyTuple_Check(object) || PyList_Check(object)) {
    bool isTuple = PyTuple_Check(object);
    Py_ssize_t size =
        isTuple ? PyTuple_GET_SIZE(object) : PyList_GET_SIZE(object);
    appendWord(isTuple ? '(' : '[');
    appendWord(size);
    for (Py_ssize_t i = 0; i < size; ++i)
      if (!walk(isTuple ? PyTuple_GET_ITEM(object, i)
                        : PyList_GET_ITEM(object, i)))
        return false;
    return true;
  }
  if (PyDict_Check(object)) {
    appendWord('{');
    appendWord(PyDict_Size(object));
    PyObject *name, *item;
    Py_ssize_t position = 0;
    while (PyDict_Next(object, &position, &name, &item)) {
      Py_ssize_t length;
      const char *text = PyUnicode_Check(name)
                             ? PyUnicode_AsUTF8AndSize(name, &length)
                             : nullptr;
      if (!text) {
        PyErr_Clear();
        return false;
      }
      appendWord(length);
      key.append(text, length);
      if (!walk(item))
        return false;
    }
    return true;
  }
  if (isInstance(value, tensorType)) {
    py::object data = value.attr("_data");
    return PyArray_Check(data.ptr()) && addArray(data);
  }
  if (isInstance(value, numpyScalarType)) {
    auto array =
        py::reinterpret_steal<py::object>(PyArray_FromScalar(object, nullptr));
    if (!array)
      throw py::error_already_set();
    return addArray(array);
  }
  return false;
}

bool JitCache::walkArguments(const py::tuple &args) {
  key.assign("kiln:");
  arrays.clear();
  return walk(args);
}

py::object JitCache::call(const py::tuple &args) {
  if (!walkArguments(args))
    return miss;
  auto it = entries.find(key);
  if (it == entries.end())
    return miss;
  // The key holds each array's dtype, contiguity and exact shape, so the
  // executable's own checks have nothing left to find.
  CallableExecutable &callable = *it->second.executable;
  for (size_t i = 0; i < arrays.size(); ++i) {
    PyArrayObject *array = asArray(arrays[i]);
    callable.data[i] = PyArray_DATA(array);
    callable.shapes[i].assign(PyArray_DIMS(array),
                              PyArray_DIMS(array) + PyArray_NDIM(array));
  }
  py::list results = callable.callOnScratch();
  for (Py_ssize_t i = 0, e = PyList_GET_SIZE(results.ptr()); i < e; ++i)
    PyList_SetItem(
        results.ptr(), i,
        wrapTensor(PyList_GET_ITEM(results.ptr(), i)).release().ptr());
  return rebuild(it->second.structure, results);
}

py::object JitCache::keyOf(const py::tuple &args) {
  if (!walkArguments(args))
    return py::none();
  return py::bytes(key);
}

bool JitCache::insert(const py::bytes &signature,
                      std::shared_ptr<CallableExecutable> executable,
                      py::object structure) {
  if (!isPlainStructure(structure, executable->resultTypes.size()))
    return false;
  entries[std::string(signature)] = {std::move(executable),
                                     std::move(structure)};
  return true;
}

void mlir::kiln::python::initNumpy() {
  if (_import_array() < 0)
    throw py::error_already_set();
}
