//===- ShapeFolders.cpp - folders of the shape ops ------------------------===//
//
// Shape ops that leave their operand as it is fold to it; reshape and
// transpose chains collapse into one op; reshape, transpose and broadcast_to
// of constants fold.
//
//===----------------------------------------------------------------------===//

#include "ConstantEval.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::eval;

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // reshape(reshape(x)) -> reshape(x): only the final shape matters, unless
  // a -1 would become dynamic because x is.
  auto inner = getInput().getDefiningOp<ReshapeOp>();
  if (inner && (inner.getInput().getType().hasStaticShape() ||
                !llvm::is_contained(getShape(), -1))) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  if (DenseElementsAttr input = getFoldable(adaptor.getInput(), getType()))
    return input.reshape(getType());
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPermutation();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  // transpose(transpose(x, p), q) -> transpose(x, p o q).
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    ArrayRef<int64_t> innerPerm = inner.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(innerPerm[p]);
    getInputMutable().assign(inner.getInput());
    setPermutation(composed);
    if (llvm::equal(composed, llvm::seq<int64_t>(0, composed.size())))
      return getInput();
    return getResult();
  }
  if (DenseElementsAttr input = getFoldable(adaptor.getInput(), getType()))
    return eval::transpose(input, getType(), perm);
  return {};
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor adaptor) {
  // With dynamic sizes a `?` may still be a 1 that broadcasts.
  if (getInput().getType() == getType() && getType().hasStaticShape())
    return getInput();
  DenseElementsAttr input = getFoldable(adaptor.getInput(), getType());
  if (!input)
    return {};
  if (input.isSplat())
    return SplatElementsAttr::get(getType(), input.getSplatValue<Attribute>());
  if (isa<FloatType>(input.getElementType())) {
    SmallVector<APFloat> values = elementsOf<APFloat>(input);
    return buildBroadcast(getType(), {input},
                          [&](ArrayRef<int64_t> i) -> std::optional<APFloat> {
                            return values[i[0]];
                          });
  }
  SmallVector<APInt> values = elementsOf<APInt>(input);
  return buildBroadcast(getType(), {input},
                        [&](ArrayRef<int64_t> i) -> std::optional<APInt> {
                          return values[i[0]];
                        });
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  return {};
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType() &&
      llvm::all_of(getStart(), [](int64_t s) { return s == 0; }))
    return getInput();
  return {};
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getLow(), [](int64_t p) { return p == 0; }) &&
      llvm::all_of(getHigh(), [](int64_t p) { return p == 0; }))
    return getInput();
  return {};
}
