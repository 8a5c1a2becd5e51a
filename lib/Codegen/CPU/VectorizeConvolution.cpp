//===- VectorizeConvolution.cpp - register tiles for 2-D convolutions -----===//
//
// A linalg.conv_2d_nchw_fchw becomes loops over register tiles of vector
// FMAs,
//
//   out[n, f, oh, ow] += in[n, c, oh*sh + kh*dh, ow*sw + kw*dw] * w[f, c, kh,
//   kw]
//
// with one of two tile shapes, by which axis fills a vector:
// - output columns (forward and input-gradient convolutions): R filters x V
//   output columns of accumulators; each (c, kh, kw) step reads one input
//   row segment and broadcasts R filter taps into it.
// - reduction columns (filter-gradient convolutions: their output is a few
//   taps wide and their "filter" a whole output-gradient plane): R filters x
//   Q output columns of accumulators along kw; each (c, kh, kw-block) step
//   reads R filter segments and Q input segments, and every accumulator is
//   summed across its lanes once, at the end.
// The input was padded explicitly, so every read is in bounds.
//
//===----------------------------------------------------------------------===//

#include "VectorizeConvolution.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

using namespace mlir;

namespace {
/// What the emitters need to know of a convolution. The batch and input
/// channel counts may be dynamic; everything else is static.
struct Convolution {
  Value input, filter;
  Value batch, channels;
  int64_t filters, outH, outW, kernelH, kernelW;
  int64_t strideH, strideW, dilationH, dilationW;
  Type element;
  int64_t lanes; // elements per vector register
};

/// A register tile: `rows` filters by `columns` output columns, each
/// accumulator `lanes` wide.
struct TileShape {
  int64_t rows, columns, lanes;
};

using TileEmitter = function_ref<Value(ImplicitLocOpBuilder &, Value start,
                                       int64_t size, Value out)>;
using LoopBody = function_ref<SmallVector<Value>(ImplicitLocOpBuilder &,
                                                 Value iv, ValueRange)>;
} // namespace

static Value index(ImplicitLocOpBuilder &b, int64_t value) {
  return arith::ConstantIndexOp::create(b, value);
}

/// `base * scale + offset`.
static Value affine(ImplicitLocOpBuilder &b, Value base, int64_t scale,
                    Value offset) {
  Value scaled =
      scale == 1 ? base : arith::MulIOp::create(b, base, index(b, scale));
  return arith::AddIOp::create(b, scaled, offset);
}

static Value plus(ImplicitLocOpBuilder &b, Value base, int64_t offset) {
  return offset == 0 ? base : arith::AddIOp::create(b, base, index(b, offset));
}

/// `scf.for iv = lower to upper step step iter_args(inits)`, built by `body`.
static SmallVector<Value> emitFor(ImplicitLocOpBuilder &b, Value lower,
                                  Value upper, int64_t step, ValueRange inits,
                                  LoopBody body) {
  auto loop = scf::ForOp::create(
      b, lower, upper, index(b, step), inits,
      [&](OpBuilder &nested, Location loc, Value iv, ValueRange args) {
        ImplicitLocOpBuilder inner(loc, nested);
        scf::YieldOp::create(inner, body(inner, iv, args));
      });
  return SmallVector<Value>(loop.getResults());
}

/// Covers [0, extent) with blocks of `block`: a loop over the whole blocks,
/// then one smaller block for the remainder, threading `out` through.
static Value forEachBlock(ImplicitLocOpBuilder &b, int64_t extent,
                          int64_t block, Value out, TileEmitter tile) {
  int64_t whole = extent - extent % block;
  if (whole > 0)
    out = emitFor(b, index(b, 0), index(b, whole), block, out,
                  [&](ImplicitLocOpBuilder &inner, Value iv,
                      ValueRange args) -> SmallVector<Value> {
                    return {tile(inner, iv, block, args[0])};
                  })[0];
  if (extent % block)
    out = tile(b, index(b, whole), extent % block, out);
  return out;
}

/// `count` elements of the innermost dimension of `source` from `indices`
/// on, every `stride`-th: a contiguous read, then a shuffle when strided.
static Value readRow(ImplicitLocOpBuilder &b, Value source, ValueRange indices,
                     int64_t count, int64_t stride, Type element) {
  int64_t span = (count - 1) * stride + 1;
  Value padding = arith::ConstantOp::create(b, b.getZeroAttr(element));
  Value row = vector::TransferReadOp::create(
      b, VectorType::get({span}, element), source, indices, padding,
      ArrayRef<bool>{true});
  if (stride == 1)
    return row;
  SmallVector<int64_t> picks;
  for (int64_t i = 0; i < count; ++i)
    picks.push_back(i * stride);
  return vector::ShuffleOp::create(b, row, row, picks);
}

using ReductionStep = function_ref<SmallVector<Value>(
    ImplicitLocOpBuilder &, Value c, Value kh, Value inputRow, ValueRange)>;

/// The reduction loops over input channels `c` and filter rows `kh` for
/// output row `oh`, threading `accumulators` through `step`, which also
/// gets the input row that (oh, kh) reads.
static SmallVector<Value>
emitChannelAndRowLoops(ImplicitLocOpBuilder &b, const Convolution &conv,
                       Value oh, ValueRange accumulators, ReductionStep step) {
  return emitFor(
      b, index(b, 0), conv.channels, 1, accumulators,
      [&](ImplicitLocOpBuilder &b, Value c, ValueRange accs) {
        return emitFor(
            b, index(b, 0), index(b, conv.kernelH), 1, accs,
            [&](ImplicitLocOpBuilder &b, Value kh, ValueRange accs) {
              Value inputRow =
                  affine(b, kh, conv.dilationH,
                         arith::MulIOp::create(b, oh, index(b, conv.strideH)));
              return step(b, c, kh, inputRow, accs);
            });
      });
}

/// Output-column tile at (n, f0, oh, ow0): accumulators are output rows.
static Value emitOutputColumnTile(ImplicitLocOpBuilder &b,
                                  const Convolution &conv, Value out, Value n,
                                  Value f0, Value oh, Value ow0,
                                  TileShape tile) {
  auto vectorType = VectorType::get({tile.columns}, conv.element);
  Value padding = arith::ConstantOp::create(b, b.getZeroAttr(conv.element));
  SmallVector<Value> accumulators;
  for (int64_t r = 0; r < tile.rows; ++r)
    accumulators.push_back(vector::TransferReadOp::create(
        b, vectorType, out, ValueRange{n, plus(b, f0, r), oh, ow0}, padding,
        ArrayRef<bool>{true}));
  Value inputColumn0 = arith::MulIOp::create(b, ow0, index(b, conv.strideW));

  accumulators = emitChannelAndRowLoops(
      b, conv, oh, accumulators,
      [&](ImplicitLocOpBuilder &b, Value c, Value kh, Value inputRow,
          ValueRange accs) {
        SmallVector<Value> next(accs);
        for (int64_t kw = 0; kw < conv.kernelW; ++kw) {
          Value row = readRow(
              b, conv.input,
              {n, c, inputRow, plus(b, inputColumn0, kw * conv.dilationW)},
              tile.columns, conv.strideW, conv.element);
          for (int64_t r = 0; r < tile.rows; ++r) {
            Value tap = tensor::ExtractOp::create(
                b, conv.filter,
                ValueRange{plus(b, f0, r), c, kh, index(b, kw)});
            Value taps = vector::BroadcastOp::create(b, vectorType, tap);
            next[r] = vector::FMAOp::create(b, taps, row, next[r]);
          }
        }
        return next;
      });
  for (int64_t r = 0; r < tile.rows; ++r)
    out = vector::TransferWriteOp::create(
              b, accumulators[r], out, ValueRange{n, plus(b, f0, r), oh, ow0},
              ArrayRef<bool>{true})
              .getResult();
  return out;
}

/// Reduction-column tile at (n, f0, oh, ow0): accumulators run along kw.
static Value emitReductionColumnTile(ImplicitLocOpBuilder &b,
                                     const Convolution &conv, Value out,
                                     Value n, Value f0, Value oh, Value ow0,
                                     TileShape tile) {
  auto vectorType = VectorType::get({tile.lanes}, conv.element);
  Value zero = arith::ConstantOp::create(
      b, DenseElementsAttr::get(vectorType, b.getZeroAttr(conv.element)));
  SmallVector<Value> accumulators(tile.rows * tile.columns, zero);

  auto overBlock = [&](ImplicitLocOpBuilder &b, Value c, Value kh,
                       Value inputRow, Value kw0, ValueRange accs) {
    SmallVector<Value> next(accs);
    Value inputColumn = arith::MulIOp::create(b, kw0, index(b, conv.dilationW));
    SmallVector<Value> filterRows, inputRows;
    for (int64_t r = 0; r < tile.rows; ++r)
      filterRows.push_back(readRow(b, conv.filter, {plus(b, f0, r), c, kh, kw0},
                                   tile.lanes, 1, conv.element));
    for (int64_t q = 0; q < tile.columns; ++q) {
      Value column = affine(b, plus(b, ow0, q), conv.strideW, inputColumn);
      inputRows.push_back(readRow(b, conv.input, {n, c, inputRow, column},
                                  tile.lanes, conv.dilationW, conv.element));
    }
    for (int64_t r = 0; r < tile.rows; ++r)
      for (int64_t q = 0; q < tile.columns; ++q) {
        Value &acc = next[r * tile.columns + q];
        acc = vector::FMAOp::create(b, filterRows[r], inputRows[q], acc);
      }
    return next;
  };
  accumulators = emitChannelAndRowLoops(
      b, conv, oh, accumulators,
      [&](ImplicitLocOpBuilder &b, Value c, Value kh, Value inputRow,
          ValueRange accs) {
        return emitFor(
            b, index(b, 0), index(b, conv.kernelW), tile.lanes, accs,
            [&](ImplicitLocOpBuilder &b, Value kw0, ValueRange accs) {
              return overBlock(b, c, kh, inputRow, kw0, accs);
            });
      });
  for (int64_t r = 0; r < tile.rows; ++r)
    for (int64_t q = 0; q < tile.columns; ++q) {
      SmallVector<Value> at = {n, plus(b, f0, r), oh, plus(b, ow0, q)};
      Value sum = vector::ReductionOp::create(
          b, vector::CombiningKind::ADD, accumulators[r * tile.columns + q],
          tensor::ExtractOp::create(b, out, at), arith::FastMathFlags::reassoc);
      out = tensor::InsertOp::create(b, sum, out, at);
    }
  return out;
}

/// Lanes of the reduction-column tile: a whole number of them must make up
/// the kernel width, at most two registers each.
static int64_t reductionLanes(int64_t kernelW, int64_t lanes) {
  if (kernelW % lanes == 0)
    return lanes;
  for (int64_t blocks = 1;; ++blocks)
    if (kernelW % blocks == 0 && kernelW / blocks <= 2 * lanes)
      return kernelW / blocks;
}

LogicalResult mlir::kiln::vectorizeConvolution(RewriterBase &rewriter,
                                               linalg::Conv2DNchwFchwOp op,
                                               int64_t width) {
  if (!op.hasPureTensorSemantics())
    return failure();
  Value input = op.getDpsInputs()[0], filter = op.getDpsInputs()[1];
  Value init = op.getDpsInits()[0];
  auto inputType = cast<RankedTensorType>(input.getType());
  auto filterType = cast<RankedTensorType>(filter.getType());
  auto outType = cast<RankedTensorType>(init.getType());
  Type element = outType.getElementType();
  if (!isa<FloatType>(element) || inputType.getElementType() != element ||
      filterType.getElementType() != element)
    return failure();
  unsigned bits = element.getIntOrFloatBitWidth();
  if (bits != 32 && bits != 64)
    return failure();
  if (outType.isDynamicDim(1) || outType.isDynamicDim(2) ||
      outType.isDynamicDim(3) || filterType.isDynamicDim(2) ||
      filterType.isDynamicDim(3) || llvm::is_contained(outType.getShape(), 0))
    return failure();

  auto strides = llvm::to_vector(op.getStrides().getValues<int64_t>());
  auto dilations = llvm::to_vector(op.getDilations().getValues<int64_t>());
  ImplicitLocOpBuilder b(op.getLoc(), rewriter);
  b.setInsertionPoint(op);
  Convolution conv{input,
                   filter,
                   tensor::DimOp::create(b, init, 0),
                   tensor::DimOp::create(b, filter, 1),
                   outType.getDimSize(1),
                   outType.getDimSize(2),
                   outType.getDimSize(3),
                   filterType.getDimSize(2),
                   filterType.getDimSize(3),
                   strides[0],
                   strides[1],
                   dilations[0],
                   dilations[1],
                   element,
                   width * 32 / bits};
  int64_t lanes = conv.lanes;

  // Accumulator registers a tile may take: with AVX-512's 32 registers 16
  // (24 when the operands are few per step), with AVX2's 16 registers 12.
  int64_t registers = width >= 16 ? 16 : 12;
  int64_t kwLanes = reductionLanes(conv.kernelW, lanes);
  bool alongReduction = conv.outW < lanes && kwLanes > conv.outW;
  TileShape tile;
  if (alongReduction) {
    int64_t perAccumulator = llvm::divideCeil(kwLanes, lanes);
    tile.columns = std::min<int64_t>(conv.outW, 4);
    tile.lanes = kwLanes;
    tile.rows = std::max<int64_t>(1, (width >= 16 ? 24 : 10) /
                                         (tile.columns * perAccumulator));
  } else {
    tile.columns = conv.outW >= 2 * lanes ? 2 * lanes : conv.outW;
    tile.lanes = tile.columns;
    tile.rows =
        std::max<int64_t>(1, registers / llvm::divideCeil(tile.columns, lanes));
  }
  tile.rows = std::min(tile.rows, conv.filters);

  Value result = emitFor(
      b, index(b, 0), conv.batch, 1, init,
      [&](ImplicitLocOpBuilder &b, Value n,
          ValueRange args) -> SmallVector<Value> {
        return {forEachBlock(
            b, conv.filters, tile.rows, args[0],
            [&](ImplicitLocOpBuilder &b, Value f0, int64_t rows, Value out) {
              return emitFor(
                  b, index(b, 0), index(b, conv.outH), 1, out,
                  [&](ImplicitLocOpBuilder &b, Value oh,
                      ValueRange args) -> SmallVector<Value> {
                    return {forEachBlock(
                        b, conv.outW, tile.columns, args[0],
                        [&](ImplicitLocOpBuilder &b, Value ow0, int64_t columns,
                            Value out) {
                          TileShape part = tile;
                          part.rows = rows;
                          part.columns = columns;
                          if (!alongReduction)
                            part.lanes = columns;
                          return alongReduction
                                     ? emitReductionColumnTile(
                                           b, conv, out, n, f0, oh, ow0, part)
                                     : emitOutputColumnTile(b, conv, out, n, f0,
                                                            oh, ow0, part);
                        })};
                  })[0];
            })};
      })[0];
  rewriter.replaceOp(op, result);
  return success();
}
