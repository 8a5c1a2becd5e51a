//===- Context.cpp - the MLIR context the Python frontend shares ----------===//

#include "Context.h"
#include "kiln/Pipelines/Pipelines.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

MLIRContext &kiln::python::sharedContext() {
  static MLIRContext *context = [] {
    DialectRegistry registry;
    mlir::kiln::registerAllDialects(registry);
    auto *context = new MLIRContext(registry);
    context->loadAllAvailableDialects();
    return context;
  }();
  return *context;
}

kiln::python::DiagnosticCapture::DiagnosticCapture(MLIRContext *context)
    : context(context) {
  handler = context->getDiagEngine().registerHandler([this](Diagnostic &d) {
    llvm::raw_string_ostream os(text);
    if (!text.empty())
      os << "\n";
    if (auto loc = dyn_cast<FileLineColLoc>(d.getLocation()))
      os << loc.getFilename().getValue() << ":" << loc.getLine() << ": ";
    switch (d.getSeverity()) {
    case DiagnosticSeverity::Error:
      os << "error: ";
      break;
    case DiagnosticSeverity::Warning:
      os << "warning: ";
      break;
    default:
      os << "note: ";
      break;
    }
    os << d.str();
    for (Diagnostic &note : d.getNotes())
      os << "\n  note: " << note.str();
    return success();
  });
}

kiln::python::DiagnosticCapture::~DiagnosticCapture() {
  context->getDiagEngine().eraseHandler(handler);
}

std::string kiln::python::DiagnosticCapture::message() const {
  return text.empty() ? "kiln: compilation failed" : text;
}

Type kiln::python::toMlirType(MLIRContext *context, const TensorSpec &type) {
  Builder b(context);
  Type element = llvm::StringSwitch<Type>(type.dtype)
                     .Case("f16", b.getF16Type())
                     .Case("bf16", b.getBF16Type())
                     .Case("f32", b.getF32Type())
                     .Case("f64", b.getF64Type())
                     .Case("i1", b.getI1Type())
                     .Case("i8", b.getI8Type())
                     .Case("i16", b.getI16Type())
                     .Case("i32", b.getI32Type())
                     .Case("i64", b.getI64Type())
                     .Default(Type());
  if (!element)
    throw Error("kiln: unsupported dtype '" + type.dtype + "'");
  llvm::SmallVector<int64_t> shape;
  for (int64_t size : type.shape)
    shape.push_back(size < 0 ? ShapedType::kDynamic : size);
  return RankedTensorType::get(shape, element);
}

mlir::kiln::python::TensorSpec kiln::python::fromMlirType(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  std::string text;
  llvm::raw_string_ostream os(text);
  if (tensor)
    os << tensor.getElementType();
  if (!tensor ||
      !llvm::is_contained(llvm::ArrayRef<llvm::StringRef>{"f16", "bf16", "f32",
                                                          "f64", "i1", "i8",
                                                          "i16", "i32", "i64"},
                          text)) {
    std::string printed;
    llvm::raw_string_ostream typeOs(printed);
    typeOs << type;
    throw Error("kiln: values of type " + printed +
                " cannot reach Python (ranked tensors of f16, bf16, f32, "
                "f64, i1, i8, i16, i32 or i64 only)");
  }
  TensorSpec result;
  result.dtype = text;
  for (int64_t size : tensor.getShape())
    result.shape.push_back(ShapedType::isDynamic(size) ? -1 : size);
  return result;
}

size_t kiln::python::elementBytes(const std::string &dtype) {
  return llvm::StringSwitch<size_t>(dtype)
      .Cases({"f16", "bf16", "i16"}, 2)
      .Cases({"f32", "i32"}, 4)
      .Cases({"f64", "i64"}, 8)
      .Cases({"i1", "i8"}, 1)
      .Default(0);
}
