//===- PlanMemory.cpp - place static buffers in one arena by liveness -----===//
//
// After bufferization, every static-shaped buffer a function allocates at
// its top level (and does not return) gets an offset in one arena: buffers
// whose lifetimes do not overlap share bytes. The offsets are chosen greedily,
// largest buffer first, each at the lowest offset free of the buffers already
// placed that are live at the same time.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/Common/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNPLANMEMORY
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

/// Offsets and sizes are multiples of a cache line (and of any vector).
static constexpr int64_t kAlignment = 64;

namespace {
/// A buffer to place: its allocation, its size and when it is live (first
/// and last position, in the function's top-level op order, of an op that
/// uses it or an alias of it; making a view is not a use).
struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0;
  int64_t first = 0, last = 0;
  int64_t offset = 0;

  bool overlapsInTime(const Buffer &other) const {
    return first <= other.last && other.first <= last;
  }
};
} // namespace

static int64_t alignUp(int64_t bytes) {
  return llvm::divideCeil(bytes, kAlignment) * kAlignment;
}

/// The size of a static identity-layout buffer of ints or floats whose
/// elements take a power-of-two number of bytes (i1 takes one), as the
/// allocator sees it; other buffers are not planned.
static std::optional<int64_t> staticBytes(memref::AllocOp alloc) {
  MemRefType type = alloc.getType();
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      !type.getElementType().isIntOrFloat() || type.getMemorySpace() != nullptr)
    return std::nullopt;
  // Views of the arena are only 64-byte aligned.
  if (alloc.getAlignment() && *alloc.getAlignment() > kAlignment)
    return std::nullopt;
  unsigned bits = type.getElementType().getIntOrFloatBitWidth();
  if (bits != 1 && (bits < 8 || !llvm::isPowerOf2_32(bits)))
    return std::nullopt;
  int64_t elementBytes = llvm::divideCeil(bits, 8);
  return alignUp(std::max<int64_t>(type.getNumElements() * elementBytes, 1));
}

/// Whether `user` may let the buffer `value` escape what this pass follows:
/// it returns or frees it, writes it into memory as a value (memref.store of
/// a memref), or turns it into an alias of another kind (a tensor, an
/// aligned pointer, a cast out of the memref types).
static bool mayEscape(Operation *user, Value value) {
  if (isa<func::ReturnOp, memref::DeallocOp,
          memref::ExtractAlignedPointerAsIndexOp, UnrealizedConversionCastOp>(
          user))
    return true;
  if (auto effects = dyn_cast<MemoryEffectOpInterface>(user)) {
    SmallVector<MemoryEffects::EffectInstance> instances;
    effects.getEffects(instances);
    auto onValue = [&](const MemoryEffects::EffectInstance &effect) {
      return effect.getValue() == value;
    };
    auto writesElsewhere = [&](const MemoryEffects::EffectInstance &effect) {
      return isa<MemoryEffects::Write>(effect.getEffect()) &&
             effect.getValue() && effect.getValue() != value;
    };
    if (llvm::none_of(instances, onValue) &&
        llvm::any_of(instances, writesElsewhere))
      return true;
  }
  return llvm::any_of(user->getResultTypes(), [](Type type) {
    return isa<TensorType>(type) || type.getDialect().getNamespace() == "llvm";
  });
}

/// Finds the lifetime of `alloc` in `block` (whose ops are numbered in
/// `position`). Follows aliases through views and through any op that takes
/// the buffer and returns memrefs (loops, branches, calls: their memref
/// results may be the buffer; calls are assumed not to keep their
/// arguments). Fails when the buffer may escape (see mayEscape).
static LogicalResult
findLifetime(memref::AllocOp alloc, Block &block,
             const DenseMap<Operation *, int64_t> &position, Buffer &buffer) {
  SmallVector<Value> worklist = {alloc.getResult()};
  DenseSet<Value> seen = {alloc.getResult()};
  bool used = false;
  auto addAlias = [&](Value value) {
    if (isa<BaseMemRefType>(value.getType()) && seen.insert(value).second)
      worklist.push_back(value);
  };
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (mayEscape(user, value))
        return failure();
      if (auto view = dyn_cast<ViewLikeOpInterface>(user);
          view && view.getViewSource() == value) {
        for (Value result : user->getResults())
          addAlias(result);
        continue;
      }
      for (Value result : user->getResults())
        addAlias(result);
      // Values yielded out of regions alias the results of their parent.
      if (user->hasTrait<OpTrait::IsTerminator>())
        if (Operation *parent = user->getParentOp();
            parent && parent != block.getParentOp())
          for (Value result : parent->getResults())
            addAlias(result);
      // Block arguments a region op binds to the buffer alias it too.
      for (Region &region : user->getRegions())
        for (Block &inner : region)
          for (BlockArgument argument : inner.getArguments())
            if (argument.getType() == value.getType())
              addAlias(argument);
      Operation *top = block.findAncestorOpInBlock(*user);
      if (!top)
        return failure();
      int64_t at = position.lookup(top);
      buffer.first = used ? std::min(buffer.first, at) : at;
      buffer.last = used ? std::max(buffer.last, at) : at;
      used = true;
    }
  }
  if (!used)
    buffer.first = buffer.last = position.lookup(alloc);
  return success();
}

/// Places each buffer at the lowest offset that no buffer placed before it
/// and live at the same time covers, largest buffers first. Returns the
/// arena size.
static int64_t assignOffsets(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order;
  for (Buffer &buffer : buffers)
    order.push_back(&buffer);
  llvm::stable_sort(order, [](const Buffer *a, const Buffer *b) {
    return a->bytes > b->bytes;
  });
  SmallVector<Buffer *> placed;
  int64_t arena = 0;
  for (Buffer *buffer : order) {
    SmallVector<std::pair<int64_t, int64_t>> taken; // [begin, end)
    for (Buffer *other : placed)
      if (buffer->overlapsInTime(*other))
        taken.push_back({other->offset, other->offset + other->bytes});
    llvm::sort(taken);
    int64_t offset = 0;
    for (auto [begin, end] : taken) {
      if (offset + buffer->bytes <= begin)
        break;
      offset = std::max(offset, end);
    }
    buffer->offset = offset;
    arena = std::max(arena, offset + buffer->bytes);
    placed.push_back(buffer);
  }
  return arena;
}

/// The most bytes live at once: no placement can use a smaller arena.
static int64_t liveBytesBound(ArrayRef<Buffer> buffers) {
  SmallVector<std::pair<int64_t, int64_t>> events; // (position, +-bytes)
  for (const Buffer &buffer : buffers) {
    events.push_back({buffer.first, buffer.bytes});
    events.push_back({buffer.last + 1, -buffer.bytes});
  }
  // At equal positions, ends (negative) come before starts.
  llvm::sort(events);
  int64_t live = 0, most = 0;
  for (auto [at, bytes] : events) {
    live += bytes;
    most = std::max(most, live);
  }
  return most;
}

namespace {
struct KilnPlanMemoryPass
    : public kiln::impl::KilnPlanMemoryBase<KilnPlanMemoryPass> {
  using KilnPlanMemoryBase::KilnPlanMemoryBase;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (function.isExternal())
      return;
    Block &block = function.getBody().front();
    if (!llvm::hasSingleElement(function.getBody()))
      return; // a CFG: lifetimes are not ranges of one op order

    DenseMap<Operation *, int64_t> position;
    for (auto [index, op] : llvm::enumerate(block))
      position[&op] = index;

    SmallVector<Buffer> buffers;
    for (Operation &op : block) {
      auto alloc = dyn_cast<memref::AllocOp>(op);
      if (!alloc)
        continue;
      std::optional<int64_t> bytes = staticBytes(alloc);
      if (!bytes)
        continue;
      Buffer buffer;
      buffer.alloc = alloc;
      buffer.bytes = *bytes;
      if (succeeded(findLifetime(alloc, block, position, buffer)))
        buffers.push_back(buffer);
    }
    if (buffers.size() < 2)
      return;

    int64_t arenaBytes = assignOffsets(buffers);
    int64_t naiveBytes = 0;
    for (const Buffer &buffer : buffers)
      naiveBytes += buffer.bytes;
    int64_t boundBytes = liveBytesBound(buffers);

    // One arena at the top of the function; each buffer becomes a view.
    OpBuilder builder = OpBuilder::atBlockBegin(&block);
    Location loc = function.getLoc();
    auto arena = memref::AllocOp::create(
        builder, loc, MemRefType::get({arenaBytes}, builder.getI8Type()),
        builder.getI64IntegerAttr(kAlignment));
    for (Buffer &buffer : buffers) {
      builder.setInsertionPoint(buffer.alloc);
      Value offset = arith::ConstantIndexOp::create(
          builder, buffer.alloc.getLoc(), buffer.offset);
      Value view = memref::ViewOp::create(builder, buffer.alloc.getLoc(),
                                          buffer.alloc.getType(), arena, offset,
                                          ValueRange{});
      buffer.alloc.replaceAllUsesWith(view);
      buffer.alloc.erase();
    }

    if (report)
      emitRemark(loc) << "@" << function.getSymName() << ": " << buffers.size()
                      << " buffers in an arena of " << arenaBytes
                      << " bytes; naive sum " << naiveBytes
                      << " bytes, lower bound " << boundBytes
                      << " bytes (most bytes live at once)";
  }
};
} // namespace
