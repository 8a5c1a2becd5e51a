//===- TensorGlueGradients.cpp - VJPs of the tensor-dialect shape glue ----===//
//
// The kiln rules use tensor.cast, expand/collapse_shape, extract/insert_slice
// and reshape as shape glue; these external models give those upstream ops
// VJPs too, so that gradients containing them can be differentiated again.
//
//===----------------------------------------------------------------------===//

#include "GradBuilder.h"

using namespace mlir;
using namespace mlir::kiln;

namespace {
template <typename ConcreteModel, typename OpTy>
struct GlueVJP : public VJPOpInterface::ExternalModel<ConcreteModel, OpTy> {};

struct CastVJP : public GlueVJP<CastVJP, tensor::CastOp> {
  LogicalResult buildVJP(Operation *op, OpBuilder &b, ValueRange grads,
                         SmallVectorImpl<Value> &out) const {
    auto castOp = llvm::cast<tensor::CastOp>(op);
    out.push_back(tensor::CastOp::create(
        b, op->getLoc(), castOp.getSource().getType(), grads[0]));
    return success();
  }
};

struct ExpandShapeVJP : public GlueVJP<ExpandShapeVJP, tensor::ExpandShapeOp> {
  LogicalResult buildVJP(Operation *op, OpBuilder &b, ValueRange grads,
                         SmallVectorImpl<Value> &out) const {
    auto expand = cast<tensor::ExpandShapeOp>(op);
    out.push_back(tensor::CollapseShapeOp::create(
        b, op->getLoc(), expand.getSrcType(), grads[0],
        expand.getReassociationIndices()));
    out.append(op->getNumOperands() - 1, nullptr); // output sizes
    return success();
  }
};

struct CollapseShapeVJP
    : public GlueVJP<CollapseShapeVJP, tensor::CollapseShapeOp> {
  LogicalResult buildVJP(Operation *op, OpBuilder &b, ValueRange grads,
                         SmallVectorImpl<Value> &out) const {
    auto collapse = cast<tensor::CollapseShapeOp>(op);
    out.push_back(tensor::ExpandShapeOp::create(
        b, op->getLoc(), collapse.getSrcType(), grads[0],
        collapse.getReassociationIndices(),
        tensor::getMixedSizes(b, op->getLoc(), collapse.getSrc())));
    return success();
  }
};

struct ExtractSliceVJP
    : public GlueVJP<ExtractSliceVJP, tensor::ExtractSliceOp> {
  LogicalResult buildVJP(Operation *op, OpBuilder &b, ValueRange grads,
                         SmallVectorImpl<Value> &out) const {
    auto slice = cast<tensor::ExtractSliceOp>(op);
    GradBuilder gb(b, op->getLoc());
    Value zeros = gb.zerosLike(slice.getSource());
    out.push_back(tensor::InsertSliceOp::create(
        b, op->getLoc(), grads[0], zeros, slice.getMixedOffsets(),
        slice.getMixedSizes(), slice.getMixedStrides()));
    out.append(op->getNumOperands() - 1, nullptr); // offsets, sizes, strides
    return success();
  }
};

struct InsertSliceVJP : public GlueVJP<InsertSliceVJP, tensor::InsertSliceOp> {
  LogicalResult buildVJP(Operation *op, OpBuilder &b, ValueRange grads,
                         SmallVectorImpl<Value> &out) const {
    auto insert = cast<tensor::InsertSliceOp>(op);
    GradBuilder gb(b, op->getLoc());
    Location loc = op->getLoc();
    // The inserted part goes to the source, the rest to the destination.
    out.push_back(tensor::ExtractSliceOp::create(
        b, loc, insert.getSourceType(), grads[0], insert.getMixedOffsets(),
        insert.getMixedSizes(), insert.getMixedStrides()));
    out.push_back(tensor::InsertSliceOp::create(
        b, loc, gb.zerosLike(insert.getSource()), grads[0],
        insert.getMixedOffsets(), insert.getMixedSizes(),
        insert.getMixedStrides()));
    out.append(op->getNumOperands() - 2, nullptr);
    return success();
  }
};

struct ReshapeVJP : public GlueVJP<ReshapeVJP, tensor::ReshapeOp> {
  LogicalResult buildVJP(Operation *op, OpBuilder &b, ValueRange grads,
                         SmallVectorImpl<Value> &out) const {
    auto reshape = cast<tensor::ReshapeOp>(op);
    GradBuilder gb(b, op->getLoc());
    out.push_back(gb.reshapeLike(grads[0], reshape.getSource()));
    out.push_back(nullptr); // the shape operand
    return success();
  }
};
} // namespace

void mlir::kiln::registerTensorVJPModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *context, tensor::TensorDialect *) {
    tensor::CastOp::attachInterface<CastVJP>(*context);
    tensor::ExpandShapeOp::attachInterface<ExpandShapeVJP>(*context);
    tensor::CollapseShapeOp::attachInterface<CollapseShapeVJP>(*context);
    tensor::ExtractSliceOp::attachInterface<ExtractSliceVJP>(*context);
    tensor::InsertSliceOp::attachInterface<InsertSliceVJP>(*context);
    tensor::ReshapeOp::attachInterface<ReshapeVJP>(*context);
  });
}
