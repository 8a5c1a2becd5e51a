//===- Avx512Exp.cpp - f32 vector exp scaled by vscalefps -----------------===//
//
// kiln-avx512-exp: exp(x) = 2^k exp(r), k = round(x log2 e), r = x - k ln 2
// (in two parts, Cody and Waite), exp(r) a degree-7 polynomial in Horner
// form, and the scaling by 2^k one AVX-512 vscalefps. Upstream's expansion
// (kiln-approximate-math) builds 2^k from exponent bits instead, which takes
// k clamped to the normal range and five more instructions; the exp pass is
// most of a softmax's arithmetic. Results that underflow to subnormals or
// overflow to infinity come out of vscalefps itself.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/CPU/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/X86Vector/X86VectorDialect.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNAVX512EXP
#include "kiln/Codegen/CPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// Lanes of one vscalefps on f32.
static constexpr int64_t kLanes = 16;

namespace {
struct ExpWithScalef : OpRewritePattern<math::ExpOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(math::ExpOp op,
                                PatternRewriter &b) const override {
    auto type = dyn_cast<VectorType>(op.getType());
    if (!type || !type.getElementType().isF32() || type.isScalable() ||
        type.getNumElements() % kLanes != 0)
      return b.notifyMatchFailure(op, "not f32 vectors of 16 lanes");
    Location loc = op.getLoc();
    // The arithmetic on one flat vector (LLVM splits it into registers),
    // the scaling on each 16-lane part.
    auto flat = VectorType::get({type.getNumElements()}, b.getF32Type());
    auto constant = [&](float value) -> Value {
      return arith::ConstantOp::create(
          b, loc, SplatElementsAttr::get(flat, b.getF32FloatAttr(value)));
    };
    Value x = vector::ShapeCastOp::create(b, loc, flat, op.getOperand());
    // exp is 0 below -104 (under half the smallest subnormal) and infinite
    // above 89; clamping keeps r small. The selects keep a NaN (uge and ule
    // hold for it) and lower to one vmaxps / vminps each.
    auto clamp = [&](arith::CmpFPredicate keep, float bound) {
      Value limit = constant(bound);
      Value inside = arith::CmpFOp::create(b, loc, keep, x, limit);
      x = arith::SelectOp::create(b, loc, inside, x, limit);
    };
    clamp(arith::CmpFPredicate::UGE, -104.0f);
    clamp(arith::CmpFPredicate::ULE, 89.0f);
    Value k = math::RoundEvenOp::create(
        b, loc, arith::MulFOp::create(b, loc, x, constant(1.44269504f)));
    // ln 2 = 0.693359375 (exact in a few bits) - 2.12194440e-4.
    Value r = math::FmaOp::create(b, loc, k, constant(-0.693359375f), x);
    r = math::FmaOp::create(b, loc, k, constant(2.12194440e-4f), r);
    // exp(r) = 1 + r (1 + r (1/2 + r (1/6 + ...))), Cephes' coefficients.
    Value p = constant(1.9875691e-4f);
    for (float coefficient : {1.3981999e-3f, 8.3334519e-3f, 4.1665796e-2f,
                              1.6666666e-1f, 0.5f, 1.0f, 1.0f})
      p = math::FmaOp::create(b, loc, p, r, constant(coefficient));
    // p * 2^k, 16 lanes at a time, every lane written (mask all ones) with
    // the current rounding mode. The op's operands become those of
    // llvm.x86.avx512.mask.scalef.ps.512 in order: value, exponent,
    // passthrough (its description names them otherwise).
    auto part = VectorType::get({kLanes}, b.getF32Type());
    Value allLanes = arith::ConstantIntOp::create(b, loc, -1, 16);
    Value currentRounding = arith::ConstantIntOp::create(b, loc, 4, 32);
    Value result = p;
    for (int64_t offset = 0; offset < type.getNumElements(); offset += kLanes) {
      auto slice = [&](Value vector) -> Value {
        if (flat == part)
          return vector;
        return vector::ExtractStridedSliceOp::create(
            b, loc, vector, ArrayRef<int64_t>{offset},
            ArrayRef<int64_t>{kLanes}, ArrayRef<int64_t>{1});
      };
      Value pPart = slice(p);
      Value scaled = x86vector::MaskScaleFOp::create(
          b, loc, part, pPart, slice(k), pPart, allLanes, currentRounding);
      result = flat == part
                   ? scaled
                   : vector::InsertStridedSliceOp::create(
                         b, loc, scaled, result, ArrayRef<int64_t>{offset},
                         ArrayRef<int64_t>{1})
                         .getResult();
    }
    b.replaceOpWithNewOp<vector::ShapeCastOp>(op, type, result);
    return success();
  }
};

struct KilnAvx512ExpPass
    : public kiln::impl::KilnAvx512ExpBase<KilnAvx512ExpPass> {
  void runOnOperation() override {
    SmallVector<Operation *> exps;
    getOperation()->walk([&](math::ExpOp op) { exps.push_back(op); });
    if (exps.empty())
      return;
    RewritePatternSet patterns(&getContext());
    patterns.add<ExpWithScalef>(&getContext());
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingOps);
    if (failed(applyOpPatternsGreedily(exps, std::move(patterns), config)))
      return signalPassFailure();
  }
};
} // namespace
