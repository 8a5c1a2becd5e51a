//===- ShapeInferenceUtils.h - helpers of the shape rules -------*- C++ -*-===//
//
// Private to the *Inference.cpp files. Each rule also checks its inputs, so
// the same code reports a bad op when it is parsed, built or verified;
// InferError words those messages, naming the operand or attribute at fault.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_DIALECT_KILN_IR_SHAPEINFERENCEUTILS_H
#define KILN_LIB_DIALECT_KILN_IR_SHAPEINFERENCEUTILS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>

namespace mlir::kiln::infer {

/// Collects a diagnostic prefixed like `emitOpError`, emitted only when a
/// location was given (inference also runs speculatively without one).
class InferError {
public:
  InferError(std::optional<Location> loc, StringRef opName)
      : loc(loc), opName(opName) {}

  template <typename... Args> LogicalResult operator()(Args &&...args) const {
    if (!loc)
      return failure();
    InFlightDiagnostic diag = mlir::emitError(*loc);
    diag << "'" << opName << "' op ";
    (diag << ... << std::forward<Args>(args));
    return diag;
  }

private:
  std::optional<Location> loc;
  StringRef opName;
};

inline std::string listStr(ArrayRef<int64_t> values) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleaveComma(values, os);
  os << "]";
  return s;
}

inline RankedTensorType getRanked(Type type) {
  return dyn_cast_or_null<RankedTensorType>(type);
}

/// The value of a default-valued array attribute. Inference may run before
/// the parser fills in defaults, so an absent attribute means the default.
inline ArrayRef<int64_t> valueOr(DenseI64ArrayAttr attr,
                                 ArrayRef<int64_t> dflt) {
  return attr ? attr.asArrayRef() : dflt;
}

/// The signed value of a (possibly absent) integer attribute.
inline int64_t valueOr(IntegerAttr attr, int64_t dflt) {
  return attr ? attr.getInt() : dflt;
}

/// a + b + c, or std::nullopt when it overflows int64_t.
inline std::optional<int64_t> checkedSum(int64_t a, int64_t b, int64_t c = 0) {
  std::optional<int64_t> ab = llvm::checkedAdd(a, b);
  return ab ? llvm::checkedAdd(*ab, c) : std::nullopt;
}

} // namespace mlir::kiln::infer

#endif // KILN_LIB_DIALECT_KILN_IR_SHAPEINFERENCEUTILS_H
