//===- MatmulInference.cpp - result type of kiln.matmul -------------------===//
//
// numpy matmul: 1-D operands promoted, batch dimensions broadcast, the
// contracting dimensions checked against each other.
//
//===----------------------------------------------------------------------===//

#include "ShapeInferenceUtils.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"
#include "kiln/Dialect/Kiln/IR/ShapeInference.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::infer;

LogicalResult MatmulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  InferError error(loc, getOperationName());
  auto lhs = getRanked(adaptor.getLhs().getType());
  auto rhs = getRanked(adaptor.getRhs().getType());
  if (!lhs || !rhs)
    return error("operands must be ranked tensors");
  if (lhs.getRank() == 0 || rhs.getRank() == 0)
    return error("operands must have rank >= 1, got 'lhs' ", lhs, " and 'rhs' ",
                 rhs);
  if (lhs.getElementType() != rhs.getElementType())
    return error("operands 'lhs' (", lhs, ") and 'rhs' (", rhs,
                 ") must have the same element type");
  ArrayRef<int64_t> a = lhs.getShape(), b = rhs.getShape();
  int64_t lhsK = a.back();
  int64_t rhsK = b.size() == 1 ? b[0] : b[b.size() - 2];
  if (!ShapedType::isDynamic(lhsK) && !ShapedType::isDynamic(rhsK) &&
      lhsK != rhsK)
    return error("contracting dimensions differ: 'lhs' ", lhs, " has ", lhsK,
                 " columns but 'rhs' ", rhs, " has ", rhsK, " rows");
  ArrayRef<int64_t> lhsBatch = a.drop_back(std::min<size_t>(a.size(), 2));
  ArrayRef<int64_t> rhsBatch = b.drop_back(std::min<size_t>(b.size(), 2));
  FailureOr<SmallVector<int64_t>> shape = broadcastShapes(lhsBatch, rhsBatch);
  if (failed(shape))
    return error("batch dimensions of 'lhs' ", lhs, " and 'rhs' ", rhs,
                 " are not broadcast-compatible");
  if (a.size() > 1)
    shape->push_back(a[a.size() - 2]);
  if (b.size() > 1)
    shape->push_back(b.back());
  types.push_back(RankedTensorType::get(*shape, lhs.getElementType()));
  return success();
}
