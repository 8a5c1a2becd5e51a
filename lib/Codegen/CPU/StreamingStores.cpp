//===- StreamingStores.cpp - non-temporal stores for large kernel outputs -===//
//
// A kernel that writes a buffer larger than the caches, and never reads it,
// gains nothing from the buffer's lines passing through the cache: each
// ordinary store first reads its line from memory (a third of the traffic of
// an elementwise kernel, a half of a softmax's output pass), then evicts
// data that will be read again. Non-temporal stores write whole lines
// straight to memory.
//
// The stores become `vector.store {nontemporal = true}`. x86 has aligned
// non-temporal vector stores only: the output must be allocated 64-byte
// aligned, and each store's offset into it provably a multiple of the
// store's size (from its indices and those of the subviews it goes
// through); other stores stay ordinary ones. The kernel is followed by an
// `sfence`: non-temporal stores are weakly ordered.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/CPU/Passes.h"
#include "kiln/Codegen/Common/StaticBytes.h"
#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNSTREAMINGSTORES
#include "kiln/Codegen/CPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// Alignment of the buffers the pass streams into: x86's non-temporal
/// vector stores must be aligned to their size, up to 64 bytes (AVX-512).
static constexpr int64_t kBufferAlignment = 64;

/// The value `view` is a view of, through the view ops tiles use.
static Value viewSource(Value view) {
  while (Operation *def = view.getDefiningOp()) {
    if (auto subview = dyn_cast<memref::SubViewOp>(def))
      view = subview.getSource();
    else if (auto expand = dyn_cast<memref::ExpandShapeOp>(def))
      view = expand.getSrc();
    else if (auto collapse = dyn_cast<memref::CollapseShapeOp>(def))
      view = collapse.getSrc();
    else
      break;
  }
  return view;
}

/// Whether the index `value` is a multiple of `factor`: a constant, a loop
/// induction variable whose start and step are, or a sum or product of such.
static bool isMultipleOf(Value value, int64_t factor) {
  APInt constant;
  if (matchPattern(value, m_ConstantInt(&constant)))
    return constant.getSExtValue() % factor == 0;
  if (auto argument = dyn_cast<BlockArgument>(value)) {
    if (auto loop = dyn_cast<scf::ForOp>(argument.getOwner()->getParentOp()))
      return argument == loop.getInductionVar() &&
             isMultipleOf(loop.getLowerBound(), factor) &&
             isMultipleOf(loop.getStep(), factor);
    if (auto loop =
            dyn_cast<scf::ForallOp>(argument.getOwner()->getParentOp())) {
      unsigned dim = argument.getArgNumber();
      auto multiple = [&](OpFoldResult bound) {
        std::optional<int64_t> known = getConstantIntValue(bound);
        return known ? *known % factor == 0
                     : isMultipleOf(cast<Value>(bound), factor);
      };
      return multiple(loop.getMixedLowerBound()[dim]) &&
             multiple(loop.getMixedStep()[dim]);
    }
    return false;
  }
  if (auto add = value.getDefiningOp<arith::AddIOp>())
    return isMultipleOf(add.getLhs(), factor) &&
           isMultipleOf(add.getRhs(), factor);
  if (auto mul = value.getDefiningOp<arith::MulIOp>())
    return isMultipleOf(mul.getLhs(), factor) ||
           isMultipleOf(mul.getRhs(), factor);
  return false;
}

/// Whether `indices` into a buffer of type `type` are a multiple of
/// `elements` elements from its offset: each index is, or its stride is.
static bool isAlignedAccess(MemRefType type, ArrayRef<OpFoldResult> indices,
                            int64_t elements) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return false;
  for (auto [index, stride] : llvm::zip_equal(indices, strides)) {
    if (!ShapedType::isDynamic(stride) && stride % elements == 0)
      continue;
    std::optional<int64_t> known = getConstantIntValue(index);
    if (known ? *known % elements != 0
              : !isMultipleOf(cast<Value>(index), elements))
      return false;
  }
  return true;
}

/// Whether `write`, into a view of an aligned buffer, writes at a multiple
/// of `alignment` bytes from the buffer's start: along the chain of
/// subviews and at the write's indices, every offset is a multiple of the
/// alignment or has a stride that is.
static bool isAlignedWrite(vector::TransferWriteOp write, int64_t alignment) {
  auto type = cast<MemRefType>(write.getBase().getType());
  unsigned bits = type.getElementTypeBitWidth();
  if (bits % 8 || alignment % (bits / 8))
    return false;
  int64_t elements = alignment / (bits / 8);
  if (!isAlignedAccess(type, getAsOpFoldResult(write.getIndices()), elements))
    return false;
  Value view = write.getBase();
  while (auto subview = view.getDefiningOp<memref::SubViewOp>()) {
    if (!isAlignedAccess(subview.getSourceType(), subview.getMixedOffsets(),
                         elements))
      return false;
    view = subview.getSource();
  }
  // The chain must end at the buffer itself, with no offset of its own.
  auto root = cast<MemRefType>(view.getType());
  return root.getLayout().isIdentity();
}

/// Whether `buffer`'s aligned pointer is known to be 64-byte aligned: an
/// allocation that asks for it, or a view at a multiple of 64 bytes into one
/// (kiln-plan-memory's arena).
static bool isAlignedInFunction(Value buffer) {
  auto alignedAlloc = [](Value value) {
    auto alloc = value.getDefiningOp<memref::AllocOp>();
    return alloc && alloc.getAlignment() &&
           *alloc.getAlignment() % kBufferAlignment == 0;
  };
  if (alignedAlloc(buffer))
    return true;
  auto view = buffer.getDefiningOp<memref::ViewOp>();
  if (!view || !alignedAlloc(view.getSource()))
    return false;
  APInt shift;
  return matchPattern(view.getByteShift(), m_ConstantInt(&shift)) &&
         shift.getZExtValue() % kBufferAlignment == 0;
}

/// The vector type `write` stores, as one row, if it can become a plain
/// non-temporal vector store: unmasked, in bounds, along the innermost
/// dimension of a buffer whose innermost stride is 1, and 16, 32 or 64
/// bytes (an SSE, AVX or AVX-512 register).
static std::optional<VectorType> storedRow(vector::TransferWriteOp write) {
  VectorType type = write.getVectorType();
  auto memref = dyn_cast<MemRefType>(write.getBase().getType());
  if (!memref || write.getMask() || write.hasOutOfBoundsDim() ||
      !write.getPermutationMap().isMinorIdentity() || type.isScalable() ||
      !memref.isLastDimUnitStride())
    return std::nullopt;
  if (llvm::any_of(type.getShape().drop_back(),
                   [](int64_t size) { return size != 1; }))
    return std::nullopt;
  auto row = VectorType::get(type.getShape().back(), type.getElementType());
  if (!row.getElementType().isIntOrFloat())
    return std::nullopt;
  int64_t bits = row.getNumElements() * row.getElementTypeBitWidth();
  if (bits != 128 && bits != 256 && bits != 512)
    return std::nullopt;
  return row;
}

namespace {
/// One kernel output the pass may stream: the buffer and the writes into it.
struct StreamedOutput {
  Value buffer;
  SmallVector<vector::TransferWriteOp> writes;
};
} // namespace

/// The arguments of outlined kernels (see `kiln_codegen.outlined`) that
/// every call passes a 64-byte aligned buffer.
static llvm::DenseSet<Value> alignedKernelArguments(ModuleOp module) {
  llvm::DenseMap<StringAttr, llvm::BitVector> aligned;
  for (func::FuncOp function : module.getOps<func::FuncOp>())
    if (!function.isExternal() && kiln::isOutlinedKernel(function))
      aligned[function.getSymNameAttr()] =
          llvm::BitVector(function.getNumArguments(), true);
  llvm::DenseSet<StringAttr> called;
  module.walk([&](func::CallOp call) {
    auto it = aligned.find(call.getCalleeAttr().getAttr());
    if (it == aligned.end())
      return;
    called.insert(it->first);
    for (auto [index, operand] : llvm::enumerate(call.getOperands()))
      if (!isAlignedInFunction(operand))
        it->second.reset(index);
  });
  llvm::DenseSet<Value> arguments;
  for (func::FuncOp function : module.getOps<func::FuncOp>()) {
    auto it = aligned.find(function.getSymNameAttr());
    if (it == aligned.end() || !called.contains(it->first))
      continue;
    for (unsigned index : it->second.set_bits())
      arguments.insert(function.getArgument(index));
  }
  return arguments;
}

/// The outputs of `kernel` that it only writes and that pass the size and
/// alignment rules (`alignedArguments`: the kernel arguments known to be
/// aligned).
static SmallVector<StreamedOutput>
streamedOutputs(scf::ForallOp kernel, int64_t minBytes,
                const llvm::DenseSet<Value> &alignedArguments) {
  llvm::MapVector<Value, StreamedOutput> outputs;
  llvm::SmallPtrSet<Value, 4> rejected;
  kernel.getBody()->walk([&](Operation *op) {
    for (Value operand : op->getOperands()) {
      if (!isa<MemRefType>(operand.getType()))
        continue;
      Value buffer = viewSource(operand);
      if (kernel->isAncestor(buffer.getParentRegion()->getParentOp()))
        continue; // a tile's scratch
      if (isa<memref::SubViewOp, memref::ExpandShapeOp,
              memref::CollapseShapeOp>(op))
        continue; // a view: its users decide
      auto write = dyn_cast<vector::TransferWriteOp>(op);
      if (!write || write.getBase() != operand) {
        rejected.insert(buffer); // read, or used some other way
        continue;
      }
      outputs[buffer].buffer = buffer;
      outputs[buffer].writes.push_back(write);
    }
  });
  SmallVector<StreamedOutput> result;
  for (auto &[buffer, output] : outputs) {
    std::optional<int64_t> bytes =
        kiln::staticBytes(cast<MemRefType>(buffer.getType()));
    if (rejected.contains(buffer) || !bytes || *bytes < minBytes ||
        !(isAlignedInFunction(buffer) || alignedArguments.contains(buffer)))
      continue;
    result.push_back(output);
  }
  return result;
}

namespace {
struct KilnStreamingStoresPass
    : public kiln::impl::KilnStreamingStoresBase<KilnStreamingStoresPass> {
  using KilnStreamingStoresBase::KilnStreamingStoresBase;

  void runOnOperation() override {
    llvm::DenseSet<Value> alignedArguments =
        alignedKernelArguments(getOperation());
    SmallVector<scf::ForallOp> kernels;
    getOperation().walk([&](scf::ForallOp loop) {
      if (kiln::getKernelAttr(loop))
        kernels.push_back(loop);
    });
    IRRewriter rewriter(&getContext());
    for (scf::ForallOp kernel : kernels) {
      bool streamed = false;
      for (StreamedOutput &output :
           streamedOutputs(kernel, minBytes, alignedArguments)) {
        for (vector::TransferWriteOp write : output.writes) {
          std::optional<VectorType> row = storedRow(write);
          if (!row)
            continue;
          int64_t alignment =
              row->getNumElements() * row->getElementTypeBitWidth() / 8;
          if (!isAlignedWrite(write, alignment))
            continue;
          rewriter.setInsertionPoint(write);
          Value value = vector::ShapeCastOp::create(rewriter, write.getLoc(),
                                                    *row, write.getVector());
          rewriter.replaceOpWithNewOp<vector::StoreOp>(
              write, value, write.getBase(), write.getIndices(),
              /*nontemporal=*/true, llvm::MaybeAlign(alignment));
          streamed = true;
        }
      }
      if (!streamed)
        continue;
      // Non-temporal stores are weakly ordered. Worker threads' stores are
      // ordered before their arrival at the OpenMP barrier that ends the
      // kernel (a locked instruction, which x86 orders with every store);
      // the fence after the kernel orders the calling thread's.
      rewriter.setInsertionPointAfter(kernel);
      LLVM::CallIntrinsicOp::create(
          rewriter, kernel.getLoc(),
          rewriter.getStringAttr("llvm.x86.sse.sfence"), ValueRange());
    }
  }
};
} // namespace
