//===- ShapeInference.cpp - shape rules shared by the kiln ops ------------===//
//
// numpy broadcasting and axis normalisation (ShapeInference.h), used by the
// per-family rules in *Inference.cpp and by folders and lowerings. The
// result-type rules of the ops themselves live with their op family.
//
//===----------------------------------------------------------------------===//

#include "kiln/Dialect/Kiln/IR/ShapeInference.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"

using namespace mlir;
using namespace mlir::kiln;

FailureOr<SmallVector<int64_t>>
mlir::kiln::broadcastShapes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < lhs.size() ? lhs[lhs.size() - 1 - i] : 1;
    int64_t b = i < rhs.size() ? rhs[rhs.size() - 1 - i] : 1;
    int64_t &out = result[rank - 1 - i];
    if (a == b || b == 1)
      out = a;
    else if (a == 1)
      out = b;
    else if (ShapedType::isDynamic(a))
      out = b;
    else if (ShapedType::isDynamic(b))
      out = a;
    else
      return failure();
  }
  return result;
}

std::optional<int64_t> mlir::kiln::normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

SmallVector<int64_t>
mlir::kiln::normalizeReductionAxes(int64_t rank,
                                   std::optional<ArrayRef<int64_t>> axes) {
  if (!axes)
    return llvm::to_vector(llvm::seq<int64_t>(0, rank));
  SmallVector<int64_t> result;
  for (int64_t axis : *axes)
    result.push_back(normalizeAxis(axis, rank).value_or(0));
  llvm::sort(result);
  return result;
}
