//===- MatmulGradients.cpp - VJP of kiln.matmul ---------------------------===//
//
// g @ y^T and x^T @ g over the last two dimensions, with 1-D operands
// promoted to matrices (as numpy does) and batch broadcasting undone.
//
//===----------------------------------------------------------------------===//

#include "GradBuilder.h"

using namespace mlir;
using namespace mlir::kiln;

/// Swaps the last two dimensions.
static SmallVector<int64_t> lastTwoSwapped(int64_t rank) {
  auto perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(perm[rank - 1], perm[rank - 2]);
  return perm;
}

LogicalResult MatmulOp::buildVJP(OpBuilder &b, ValueRange grads,
                                 SmallVectorImpl<Value> &out) {
  if (!isFloatTensor(getType())) {
    out.append({nullptr, nullptr});
    return success();
  }
  GradBuilder gb(b, getLoc());
  Value x = getLhs(), y = getRhs(), g = grads[0];
  int64_t xRank = tensorType(x).getRank(), yRank = tensorType(y).getRank();
  if (xRank == 1 && yRank == 1) { // dot product: g is 0-d
    out.push_back(gb.mul(g, y));
    out.push_back(gb.mul(g, x));
    return success();
  }
  // Promote 1-D operands to matrices (and g with them), as numpy does.
  auto asMatrix = [&](Value v, bool row) {
    int64_t k = tensorType(v).getDimSize(0);
    SmallVector<int64_t> shape =
        row ? SmallVector<int64_t>{1, k} : SmallVector<int64_t>{k, 1};
    for (int64_t &d : shape)
      if (ShapedType::isDynamic(d))
        d = -1;
    return ReshapeOp::create(b, getLoc(), v, b.getDenseI64ArrayAttr(shape))
        .getResult();
  };
  Value x2 = xRank == 1 ? asMatrix(x, /*row=*/true) : x;
  Value y2 = yRank == 1 ? asMatrix(y, /*row=*/false) : y;
  Value g2 = g;
  if (xRank == 1 || yRank == 1) {
    // Put back the dimension the product dropped: -2 for a 1-D lhs, -1 for a
    // 1-D rhs.
    RankedTensorType gType = tensorType(g);
    int64_t rank = gType.getRank() + 1;
    int64_t unit = xRank == 1 ? rank - 2 : rank - 1;
    SmallVector<int64_t> shape(gType.getShape());
    shape.insert(shape.begin() + unit, 1);
    g2 = gb.insertUnitDims(g, gType.clone(shape), {unit});
  }
  int64_t x2Rank = tensorType(x2).getRank(), y2Rank = tensorType(y2).getRank();
  Value gx = gb.matmul(g2, gb.transpose(y2, lastTwoSwapped(y2Rank)));
  Value gy = gb.matmul(gb.transpose(x2, lastTwoSwapped(x2Rank)), g2);
  gx = gb.unbroadcast(gx, x2);
  gy = gb.unbroadcast(gy, y2);
  auto flatten = [&](Value v, Value like) {
    int64_t k = tensorType(like).getDimSize(0);
    return ReshapeOp::create(
               b, getLoc(), v,
               b.getDenseI64ArrayAttr({ShapedType::isDynamic(k) ? -1 : k}))
        .getResult();
  };
  out.push_back(xRank == 1 ? flatten(gx, x) : gx);
  out.push_back(yRank == 1 ? flatten(gy, y) : gy);
  return success();
}
