//===- ConstantEval.h - evaluate kiln ops on constants ----------*- C++ -*-===//
//
// The arithmetic behind constant folding: elementwise functions with numpy
// broadcasting, reductions, and transposition over DenseElementsAttr.
// Internal to the dialect library.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_DIALECT_KILN_IR_CONSTANTEVAL_H
#define KILN_LIB_DIALECT_KILN_IR_CONSTANTEVAL_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::kiln::eval {

/// Folders give up on results larger than this, so canonicalisation never
/// materialises huge constants.
constexpr int64_t kMaxFoldedElements = 1 << 20;

/// The dense constant behind `attr`, if it can be folded into `resultType`
/// (static shape, not too large).
DenseElementsAttr getFoldable(Attribute attr, Type resultType);

/// The elements of `attr` (one element for a splat).
template <typename T> SmallVector<T> elementsOf(DenseElementsAttr attr) {
  if (attr.isSplat())
    return {attr.getSplatValue<T>()};
  return llvm::to_vector(attr.getValues<T>());
}

/// Builds a constant of `resultType` whose element at each position is
/// `compute(indices)`, where `indices[k]` is the position of the matching
/// element of `operands[k]` under numpy broadcasting (always 0 for a splat).
/// Returns null when `compute` gives up on some element.
Attribute buildBroadcast(
    RankedTensorType resultType, ArrayRef<DenseElementsAttr> operands,
    llvm::function_ref<std::optional<APFloat>(ArrayRef<int64_t>)> compute);
Attribute buildBroadcast(
    RankedTensorType resultType, ArrayRef<DenseElementsAttr> operands,
    llvm::function_ref<std::optional<APInt>(ArrayRef<int64_t>)> compute);

/// Applies a float or an integer function to every element.
Attribute
mapElements(DenseElementsAttr input, RankedTensorType resultType,
            llvm::function_ref<std::optional<APFloat>(const APFloat &)> onFloat,
            llvm::function_ref<std::optional<APInt>(const APInt &)> onInt);

/// The kind of a reduction.
enum class ReduceKind { Sum, Mean, Max, Min, Argmax };

/// Reduces `input` over the sorted `axes` into `resultType` (keepdims or not).
Attribute reduce(DenseElementsAttr input, RankedTensorType resultType,
                 ArrayRef<int64_t> axes, ReduceKind kind);

/// Permutes the dimensions of `input` (result dim i is input dim perm[i]).
Attribute transpose(DenseElementsAttr input, RankedTensorType resultType,
                    ArrayRef<int64_t> perm);

/// Float helpers: compute in double precision, round to the element type.
double toDouble(const APFloat &value);
APFloat fromDouble(double value, const llvm::fltSemantics &semantics);

} // namespace mlir::kiln::eval

#endif // KILN_LIB_DIALECT_KILN_IR_CONSTANTEVAL_H
