//===- ElementwiseGradients.cpp - VJPs of the elementwise ops -------------===//
//
// Unary ops (d/dx f(x), written with y = f(x) where that is cheaper), binary
// ops (gradients at the result shape, then summed back to each operand's
// shape), select and cast.
//
//===----------------------------------------------------------------------===//

#include "GradBuilder.h"

#include <cmath>

using namespace mlir;
using namespace mlir::kiln;

//===----------------------------------------------------------------------===//
// Unary elementwise ops: d/dx f(x), with y = f(x)
//===----------------------------------------------------------------------===//

/// Pushes `rule(gb, x, y, g)`, or null for integer ops.
template <typename OpTy, typename Rule>
static LogicalResult unaryVJP(OpTy op, OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out, Rule rule) {
  if (!isFloatTensor(op.getType())) {
    out.push_back(nullptr);
    return success();
  }
  GradBuilder gb(b, op.getLoc());
  out.push_back(rule(gb, op.getInput(), op.getResult(), grads[0]));
  return success();
}

LogicalResult NegOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return unaryVJP(
      *this, b, grads, out,
      [](GradBuilder &gb, Value, Value, Value g) { return gb.neg(g); });
}

LogicalResult AbsOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  // sign(x) * g, 0 at 0.
  return unaryVJP(
      *this, b, grads, out, [](GradBuilder &gb, Value x, Value, Value g) {
        Value zero = gb.scalar(x, 0);
        Value positive = gb.compare(ComparePredicate::gt, x, zero);
        Value negative = gb.compare(ComparePredicate::lt, x, zero);
        Value zeros = gb.zerosLike(g);
        Value negated = gb.neg(g);
        return gb.select(positive, g, gb.select(negative, negated, zeros));
      });
}

LogicalResult ReluOp::buildVJP(OpBuilder &b, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  return unaryVJP(
      *this, b, grads, out, [](GradBuilder &gb, Value x, Value, Value g) {
        Value positive = gb.compare(ComparePredicate::gt, x, gb.scalar(x, 0));
        return gb.select(positive, g, gb.zerosLike(g));
      });
}

LogicalResult ExpOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return unaryVJP(
      *this, b, grads, out,
      [](GradBuilder &gb, Value, Value y, Value g) { return gb.mul(g, y); });
}

LogicalResult LogOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return unaryVJP(
      *this, b, grads, out,
      [](GradBuilder &gb, Value x, Value, Value g) { return gb.div(g, x); });
}

LogicalResult SqrtOp::buildVJP(OpBuilder &b, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  return unaryVJP(*this, b, grads, out,
                  [](GradBuilder &gb, Value, Value y, Value g) {
                    return gb.div(gb.mul(g, gb.scalar(y, 0.5)), y);
                  });
}

LogicalResult RsqrtOp::buildVJP(OpBuilder &b, ValueRange grads,
                                SmallVectorImpl<Value> &out) {
  // d/dx x^-1/2 = -1/2 y^3.
  return unaryVJP(*this, b, grads, out,
                  [](GradBuilder &gb, Value, Value y, Value g) {
                    Value cube = gb.mul(gb.mul(y, y), y);
                    Value factor = gb.scalar(y, -0.5);
                    return gb.mul(gb.mul(g, cube), factor);
                  });
}

LogicalResult TanhOp::buildVJP(OpBuilder &b, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  return unaryVJP(*this, b, grads, out,
                  [](GradBuilder &gb, Value, Value y, Value g) {
                    Value square = gb.mul(y, y);
                    return gb.mul(g, gb.sub(gb.scalar(y, 1), square));
                  });
}

LogicalResult SigmoidOp::buildVJP(OpBuilder &b, ValueRange grads,
                                  SmallVectorImpl<Value> &out) {
  return unaryVJP(*this, b, grads, out,
                  [](GradBuilder &gb, Value, Value y, Value g) {
                    return gb.mul(g, gb.mul(y, gb.sub(gb.scalar(y, 1), y)));
                  });
}

LogicalResult GeluOp::buildVJP(OpBuilder &b, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  // Phi(x) + x phi(x), Phi(x) = (1 + erf(x / sqrt2)) / 2,
  // phi(x) = exp(-x^2 / 2) / sqrt(2 pi).
  return unaryVJP(
      *this, b, grads, out, [&](GradBuilder &gb, Value x, Value, Value g) {
        // Each op on its own line: argument evaluation order is unspecified.
        Value erf =
            ErfOp::create(b, getLoc(), gb.mul(x, gb.scalar(x, M_SQRT1_2)));
        Value onePlusErf = gb.add(erf, gb.scalar(x, 1));
        Value cdf = gb.mul(onePlusErf, gb.scalar(x, 0.5));
        Value square = gb.mul(x, x);
        Value gauss = gb.exp(gb.mul(square, gb.scalar(x, -0.5)));
        Value pdf = gb.mul(gauss, gb.scalar(x, 1.0 / std::sqrt(2 * M_PI)));
        return gb.mul(g, gb.add(cdf, gb.mul(x, pdf)));
      });
}

LogicalResult SinOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return unaryVJP(*this, b, grads, out,
                  [&](GradBuilder &gb, Value x, Value, Value g) {
                    return gb.mul(g, CosOp::create(b, getLoc(), x));
                  });
}

LogicalResult CosOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return unaryVJP(*this, b, grads, out,
                  [&](GradBuilder &gb, Value x, Value, Value g) {
                    return gb.neg(gb.mul(g, SinOp::create(b, getLoc(), x)));
                  });
}

LogicalResult ErfOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  // 2 / sqrt(pi) exp(-x^2).
  return unaryVJP(*this, b, grads, out,
                  [](GradBuilder &gb, Value x, Value, Value g) {
                    Value e = gb.exp(gb.neg(gb.mul(x, x)));
                    Value factor = gb.scalar(x, M_2_SQRTPI);
                    return gb.mul(gb.mul(g, e), factor);
                  });
}

//===----------------------------------------------------------------------===//
// Binary elementwise ops: gradients at the result shape, then unbroadcast
//===----------------------------------------------------------------------===//

template <typename OpTy, typename Rule>
static LogicalResult binaryVJP(OpTy op, OpBuilder &b, ValueRange grads,
                               SmallVectorImpl<Value> &out, Rule rule) {
  if (!isFloatTensor(op.getType())) {
    out.append({nullptr, nullptr});
    return success();
  }
  GradBuilder gb(b, op.getLoc());
  Value x = op.getLhs(), y = op.getRhs();
  auto [gx, gy] = rule(gb, x, y, op.getResult(), grads[0]);
  out.push_back(gb.unbroadcast(gx, x));
  out.push_back(gb.unbroadcast(gy, y));
  return success();
}

LogicalResult AddOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return binaryVJP(*this, b, grads, out,
                   [](GradBuilder &, Value, Value, Value, Value g) {
                     return std::pair(g, g);
                   });
}

LogicalResult SubOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return binaryVJP(*this, b, grads, out,
                   [](GradBuilder &gb, Value, Value, Value, Value g) {
                     return std::pair(g, gb.neg(g));
                   });
}

LogicalResult MulOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return binaryVJP(*this, b, grads, out,
                   [](GradBuilder &gb, Value x, Value y, Value, Value g) {
                     Value gy = gb.mul(g, x);
                     return std::pair(gb.mul(g, y), gy);
                   });
}

LogicalResult DivOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  // d(x/y)/dx = 1/y, d(x/y)/dy = -x/y^2 = -z/y.
  return binaryVJP(*this, b, grads, out,
                   [](GradBuilder &gb, Value, Value y, Value z, Value g) {
                     Value gx = gb.div(g, y);
                     return std::pair(gx, gb.neg(gb.mul(gx, z)));
                   });
}

LogicalResult PowOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  // d(x^y)/dx = y x^(y-1), d(x^y)/dy = x^y log(x).
  return binaryVJP(*this, b, grads, out,
                   [&](GradBuilder &gb, Value x, Value y, Value z, Value g) {
                     Value power = PowOp::create(b, getLoc(), x,
                                                 gb.sub(y, gb.scalar(y, 1)));
                     Value gy = gb.mul(g, gb.mul(z, gb.log(x)));
                     return std::pair(gb.mul(g, gb.mul(y, power)), gy);
                   });
}

/// max/min: the gradient goes to the chosen operand; ties split it evenly
/// (as PyTorch's maximum/minimum).
template <typename OpTy>
static LogicalResult extremumVJP(OpTy op, OpBuilder &b, ValueRange grads,
                                 SmallVectorImpl<Value> &out,
                                 ComparePredicate wins) {
  return binaryVJP(op, b, grads, out,
                   [&](GradBuilder &gb, Value x, Value y, Value, Value g) {
                     Value xWins = gb.compare(wins, x, y);
                     Value tie = gb.compare(ComparePredicate::eq, x, y);
                     Value half = gb.mul(g, gb.scalar(g, 0.5));
                     Value zero = gb.zerosLike(g);
                     Value gx = gb.select(xWins, g, gb.select(tie, half, zero));
                     Value yWins = gb.compare(wins, y, x);
                     Value gy = gb.select(yWins, g, gb.select(tie, half, zero));
                     return std::pair(gx, gy);
                   });
}

LogicalResult MaxOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return extremumVJP(*this, b, grads, out, ComparePredicate::gt);
}

LogicalResult MinOp::buildVJP(OpBuilder &b, ValueRange grads,
                              SmallVectorImpl<Value> &out) {
  return extremumVJP(*this, b, grads, out, ComparePredicate::lt);
}

//===----------------------------------------------------------------------===//
// Choice and conversion
//===----------------------------------------------------------------------===//

LogicalResult SelectOp::buildVJP(OpBuilder &b, ValueRange grads,
                                 SmallVectorImpl<Value> &out) {
  out.push_back(nullptr); // the condition
  if (!isFloatTensor(getType())) {
    out.append({nullptr, nullptr});
    return success();
  }
  GradBuilder gb(b, getLoc());
  Value g = grads[0], zero = gb.zerosLike(g);
  out.push_back(
      gb.unbroadcast(gb.select(getCondition(), g, zero), getTrueValue()));
  out.push_back(
      gb.unbroadcast(gb.select(getCondition(), zero, g), getFalseValue()));
  return success();
}

LogicalResult CastOp::buildVJP(OpBuilder &b, ValueRange grads,
                               SmallVectorImpl<Value> &out) {
  // Only float-to-float conversions pass a gradient.
  if (!isFloatTensor(getType()) || !isFloatTensor(getInput().getType())) {
    out.push_back(nullptr);
    return success();
  }
  GradBuilder gb(b, getLoc());
  out.push_back(gb.castTo(grads[0], getInput().getType().getElementType()));
  return success();
}
