//===- HeaderEmitter.cpp - the C header of a compiled model ---------------===//
//
// For every public function `f` the header defines `kiln_f`, a C function
// that takes each argument as a pointer to row-major data plus its dynamic
// dimensions, checks them, calls the compiled code through MLIR's C
// interface (`_mlir_ciface_f`, memref descriptors) inside kiln_invoke, and
// returns the results as kiln_result values.
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/Target.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

/// The C type of an element type, or "" if the ABI has none.
static StringRef cTypeOf(Type type) {
  if (type.isF32())
    return "float";
  if (type.isF64())
    return "double";
  if (type.isF16() || type.isBF16())
    return "uint16_t";
  if (type.isSignlessInteger(1))
    return "uint8_t";
  if (type.isSignlessInteger(8))
    return "int8_t";
  if (type.isSignlessInteger(16))
    return "int16_t";
  if (type.isSignlessInteger(32))
    return "int32_t";
  if (type.isSignlessInteger(64))
    return "int64_t";
  return "";
}

static bool isCIdentifier(StringRef name) {
  return !name.empty() && (llvm::isAlpha(name[0]) || name[0] == '_') &&
         llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// "[arg0_dim0][784]" for documentation; dynamic sizes of results (no
/// prefix) are "[?]".
static std::string cShape(RankedTensorType type, StringRef prefix) {
  std::string s;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    std::string size = std::to_string(type.getDimSize(d));
    if (type.isDynamicDim(d))
      size = prefix.empty() ? "?" : (prefix + "_dim" + std::to_string(d)).str();
    s += "[" + size + "]";
  }
  return s;
}

static LogicalResult checkSignature(func::FuncOp fn) {
  if (!isCIdentifier(fn.getName()))
    return fn.emitError("kilnc: function name '")
           << fn.getName() << "' is not a C identifier";
  for (Type type :
       llvm::concat<const Type>(fn.getArgumentTypes(), fn.getResultTypes())) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || cTypeOf(tensor.getElementType()).empty())
      return fn.emitError("kilnc: the C interface of '")
             << fn.getName() << "' cannot pass " << type
             << ": arguments and results must be ranked tensors of f16, "
                "bf16, f32, f64, i1, i8, i16, i32 or i64";
    if (tensor.getRank() > 8)
      return fn.emitError("kilnc: ")
             << type << " has rank " << tensor.getRank()
             << "; the C interface supports rank 8 at most";
  }
  return success();
}

static void emitDescriptorTypes(llvm::raw_ostream &os) {
  os << "#ifndef KILN_MEMREF_DESCRIPTORS\n#define KILN_MEMREF_DESCRIPTORS\n"
     << "/* Memref descriptors of MLIR's C interface, one per rank. */\n"
     << "typedef struct { void *allocated; void *aligned; int64_t offset; } "
        "kiln_memref0;\n";
  for (int rank = 1; rank <= 8; ++rank)
    os << llvm::formatv("typedef struct {{ void *allocated; void *aligned; "
                        "int64_t offset; int64_t sizes[{0}]; int64_t "
                        "strides[{0}]; } kiln_memref{0};\n",
                        rank);
  os << "#endif\n\n";
}

/// Which C function an entry point is.
enum class Entry {
  /// CPU model: host pointers in and out.
  Cpu,
  /// GPU model, `kiln_<name>`: host pointers, copied to and from the GPU.
  CudaHost,
  /// GPU model, `kiln_<name>_device`: device pointers in and out.
  CudaDevice,
};

static SmallVector<RankedTensorType> tensorTypes(TypeRange types) {
  return llvm::to_vector(
      llvm::map_range(types, [](Type t) { return cast<RankedTensorType>(t); }));
}

/// The documentation, the compiled code's C interface and the struct an
/// entry point packs a call into.
static void emitCallTypes(func::FuncOp fn, bool cuda, llvm::raw_ostream &os) {
  std::string name = fn.getName().str();
  auto argTypes = tensorTypes(fn.getArgumentTypes());
  auto resultTypes = tensorTypes(fn.getResultTypes());

  os << "/* " << name << "(";
  llvm::interleaveComma(llvm::enumerate(argTypes), os, [&](auto it) {
    os << "arg" << it.index() << ": " << it.value();
  });
  os << ") -> (";
  llvm::interleaveComma(resultTypes, os);
  os << ")\n *\n";
  for (auto [i, type] : llvm::enumerate(argTypes))
    os << " *   arg" << i << ": const " << cTypeOf(type.getElementType())
       << cShape(type, "arg" + std::to_string(i)) << ", row-major\n";
  for (auto [i, type] : llvm::enumerate(resultTypes))
    os << " *   result" << i << ": " << cTypeOf(type.getElementType())
       << cShape(type, "") << " (sizes in result" << i
       << "->shape), allocated by the model; release it with "
       << "kiln_result_free()\n";
  os << " *\n * Returns KILN_OK, or KILN_ERROR_SHAPE when the dimensions given "
        "disagree with\n * the graph (kiln_last_error() says where); the "
        "results are then untouched.\n";
  if (cuda)
    os << " * It runs on the GPU: kiln_" << name
       << " copies the arguments there and the results\n * back; kiln_" << name
       << "_device takes and returns device pointers (release its\n"
       << " * results with kiln_cuda_result_free()). Both may also return "
          "the CUDA\n * errors KILN_ERROR_NO_DEVICE, KILN_ERROR_MEMORY and "
          "KILN_ERROR_DEVICE.\n";
  os << " */\n";

  std::string results = "kiln_" + name + "_results_";
  std::string call = "kiln_" + name + "_call_";
  if (!resultTypes.empty()) {
    os << "typedef struct {";
    for (auto [i, type] : llvm::enumerate(resultTypes))
      os << " kiln_memref" << type.getRank() << " r" << i << ";";
    os << " } " << results << ";\n";
  }
  os << "void _mlir_ciface_" << name << "(";
  SmallVector<std::string> params;
  if (!resultTypes.empty())
    params.push_back(results + " *results");
  for (auto [i, type] : llvm::enumerate(argTypes))
    params.push_back("kiln_memref" + std::to_string(type.getRank()) + " *arg" +
                     std::to_string(i));
  os << (params.empty() ? "void" : llvm::join(params, ", ")) << ");\n";

  os << "typedef struct {";
  if (!resultTypes.empty())
    os << " " << results << " results;";
  for (auto [i, type] : llvm::enumerate(argTypes))
    os << " kiln_memref" << type.getRank() << " a" << i << ";";
  os << " int unused_; } " << call << ";\n";
}

/// The body kiln_invoke runs: the call, and for CudaHost the copies to
/// the GPU and back around it.
static void emitBody(func::FuncOp fn, Entry entry, StringRef bodyName,
                     llvm::raw_ostream &os) {
  std::string name = fn.getName().str();
  auto argTypes = tensorTypes(fn.getArgumentTypes());
  auto resultTypes = tensorTypes(fn.getResultTypes());
  std::string call = "kiln_" + name + "_call_";
  os << "static void " << bodyName << "(void *context) {\n  " << call
     << " *call = (" << call << " *)context;\n  (void)call;\n";
  auto element = [](RankedTensorType type) {
    return "sizeof(" + cTypeOf(type.getElementType()).str() + ")";
  };
  bool host = entry == Entry::CudaHost;
  if (host)
    for (auto [i, type] : llvm::enumerate(argTypes))
      os << "  kiln_cuda_memref_to_device(&call->a" << i << ", "
         << type.getRank() << ", " << element(type) << ");\n";
  os << "  _mlir_ciface_" << name << "(";
  SmallVector<std::string> args;
  if (!resultTypes.empty())
    args.push_back("&call->results");
  for (size_t i = 0; i < argTypes.size(); ++i)
    args.push_back("&call->a" + std::to_string(i));
  os << llvm::join(args, ", ") << ");\n";
  if (host) {
    // Every device buffer of the call, freed once after the copies back.
    SmallVector<std::string> buffers;
    for (size_t i = 0; i < argTypes.size(); ++i)
      buffers.push_back("call->a" + std::to_string(i) + ".allocated");
    for (size_t i = 0; i < resultTypes.size(); ++i)
      buffers.push_back("call->results.r" + std::to_string(i) + ".allocated");
    os << "  void *device[" << buffers.size() + 1 << "] = {"
       << llvm::join(buffers, ", ") << (buffers.empty() ? "0" : "") << "};\n";
    for (auto [i, type] : llvm::enumerate(resultTypes))
      os << "  kiln_cuda_memref_to_host(&call->results.r" << i << ", "
         << type.getRank() << ", " << element(type) << ");\n";
    os << "  kiln_cuda_free_buffers(device, " << buffers.size() << ");\n";
  }
  os << "}\n";
}

static void emitEntry(func::FuncOp fn, Entry entry, llvm::raw_ostream &os) {
  std::string name = fn.getName().str();
  auto argTypes = tensorTypes(fn.getArgumentTypes());
  auto resultTypes = tensorTypes(fn.getResultTypes());
  std::string call = "kiln_" + name + "_call_";
  std::string function =
      "kiln_" + name + (entry == Entry::CudaDevice ? "_device" : "");
  std::string bodyName = function + "_body_";
  emitBody(fn, entry, bodyName, os);

  SmallVector<std::string> cParams;
  for (auto [i, type] : llvm::enumerate(argTypes)) {
    cParams.push_back("const " + cTypeOf(type.getElementType()).str() +
                      " *arg" + std::to_string(i));
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.isDynamicDim(d))
        cParams.push_back("int64_t arg" + std::to_string(i) + "_dim" +
                          std::to_string(d));
  }
  for (size_t i = 0; i < resultTypes.size(); ++i)
    cParams.push_back("kiln_result *result" + std::to_string(i));
  os << "static inline int " << function << "("
     << (cParams.empty() ? "void" : llvm::join(cParams, ", ")) << ") {\n";
  // NULL pointers are refused before anything runs: results always, data
  // unless the tensor is empty (an empty array may have no storage).
  for (size_t i = 0; i < resultTypes.size(); ++i)
    os << "  if (!result" << i << ")\n    return kiln_fail_argument(\"" << name
       << ": result" << i << " is NULL\");\n";
  for (auto [i, type] : llvm::enumerate(argTypes)) {
    if (llvm::is_contained(type.getShape(), 0))
      continue;
    std::string arg = "arg" + std::to_string(i);
    std::string nonEmpty;
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.isDynamicDim(d))
        nonEmpty += " && " + arg + "_dim" + std::to_string(d) + " != 0";
    os << "  if (!" << arg << nonEmpty << ")\n    return kiln_fail_argument(\""
       << name << ": " << arg << " is NULL\");\n";
  }
  os << "  " << call << " call;\n";
  for (auto [i, type] : llvm::enumerate(argTypes)) {
    std::string a = "call.a" + std::to_string(i);
    std::string arg = "arg" + std::to_string(i);
    os << "  " << a << ".allocated = " << a << ".aligned = (void *)" << arg
       << ";\n  " << a << ".offset = 0;\n";
    for (int64_t d = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d)) {
        os << "  " << a << ".sizes[" << d << "] = " << type.getDimSize(d)
           << ";\n";
        continue;
      }
      std::string dim = arg + "_dim" + std::to_string(d);
      os << "  if (" << dim << " < 0)\n    return kiln_fail_shape(\"" << name
         << ": " << dim << " is negative (%lld)\", (long long)" << dim
         << ");\n  " << a << ".sizes[" << d << "] = " << dim << ";\n";
    }
    for (int64_t d = type.getRank() - 1; d >= 0; --d) {
      os << "  " << a << ".strides[" << d << "] = ";
      if (d == type.getRank() - 1)
        os << "1;\n";
      else
        os << a << ".sizes[" << d + 1 << "] * " << a << ".strides[" << d + 1
           << "];\n";
    }
  }
  os << "  int status = kiln_invoke(" << bodyName << ", &call);\n"
     << "  if (status != KILN_OK)\n    return status;\n";
  for (auto [i, type] : llvm::enumerate(resultTypes)) {
    std::string r = "call.results.r" + std::to_string(i);
    std::string out = "result" + std::to_string(i);
    os << "  " << out << "->data = " << r << ".aligned;\n  " << out
       << "->allocation = " << r << ".allocated;\n";
    // A result that is an argument handed back, or that shares its buffer
    // with an earlier result, is not freed through this one (results copied
    // back from the GPU are each their own).
    if (entry != Entry::CudaHost) {
      for (size_t j = 0; j < argTypes.size(); ++j)
        os << "  if (" << r << ".allocated == (void *)arg" << j << ")\n    "
           << out << "->allocation = 0;\n";
      for (size_t j = 0; j < i; ++j)
        os << "  if (" << r << ".allocated == call.results.r" << j
           << ".allocated)\n    " << out << "->allocation = 0;\n";
    }
    os << "  " << out << "->rank = " << type.getRank() << ";\n";
    for (int64_t d = 0; d < type.getRank(); ++d)
      os << "  " << out << "->shape[" << d << "] = " << r << ".sizes[" << d
         << "];\n";
  }
  os << "  return KILN_OK;\n}\n\n";
}

static void emitFunction(func::FuncOp fn, bool cuda, llvm::raw_ostream &os) {
  emitCallTypes(fn, cuda, os);
  if (!cuda) {
    emitEntry(fn, Entry::Cpu, os);
    return;
  }
  emitEntry(fn, Entry::CudaHost, os);
  emitEntry(fn, Entry::CudaDevice, os);
}

LogicalResult kiln::emitHeader(ModuleOp module, StringRef guardName,
                               llvm::raw_ostream &os, bool cuda) {
  SmallVector<func::FuncOp> functions;
  for (auto fn : module.getOps<func::FuncOp>()) {
    if (!fn.isPublic() || fn.isExternal())
      continue;
    if (failed(checkSignature(fn)))
      return failure();
    functions.push_back(fn);
  }
  std::string guard = "KILN_MODEL_" + guardName.upper() + "_H";
  for (char &c : guard)
    if (!llvm::isAlnum(c))
      c = '_';
  os << "/* Generated by kilnc; do not edit.\n *\n"
     << " * Link the object file kilnc wrote with -lkiln_runtime "
        "-l:libomp.so.5 -lm.\n"
     << (cuda ? " * Its kernels run on an NVIDIA GPU through the CUDA driver, "
                "which the\n * runtime loads itself: link no CUDA library.\n"
              : "")
     << " * Every function below is thread-safe.\n */\n"
     << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include <stdint.h>\n\n#include \"kiln/Runtime/kiln_runtime.h\"\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  emitDescriptorTypes(os);
  for (func::FuncOp fn : functions)
    emitFunction(fn, cuda, os);
  os << "#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
  return success();
}
