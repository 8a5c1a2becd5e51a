//===- FormKernels.cpp - group linalg ops into fused kernels --------------===//
//
// Kernel formation in two steps: an analysis (KernelPolicy.cpp) decides
// which linalg ops run together and how, then here each group's root is
// tiled and the rest of the group is fused into the tile through
// TilingInterface. The tile loop is an `scf.forall` carrying the kernel's
// `#kiln_codegen.kernel` (strategy, tiles, register tile): one kernel,
// later one GPU launch.
//
//===----------------------------------------------------------------------===//

#include "KernelPolicy.h"
#include "kiln/Codegen/Common/Passes.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNFORMKERNELS
#include "kiln/Codegen/Common/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

/// Whether two slices read the same part of the same value in one block.
static bool isSameSlice(tensor::ExtractSliceOp a, tensor::ExtractSliceOp b) {
  return a.getSource() == b.getSource() && a->getBlock() == b->getBlock() &&
         a.getType() == b.getType() &&
         a.getMixedOffsets() == b.getMixedOffsets() &&
         a.getMixedSizes() == b.getMixedSizes() &&
         a.getMixedStrides() == b.getMixedStrides();
}

/// A slice already fused and the fused producer that replaced it.
using FusedSlice = std::pair<tensor::ExtractSliceOp, Value>;

/// The next slice of a kernel member inside `loop` to fuse, after merging
/// identical slices: a producer with several users in the kernel is reached
/// through one slice per use, and fusing each would clone it once per use
/// (exponentially along a chain of softmaxes). A slice of the loop's output
/// argument reads the member that initializes it, which destination fusion
/// changes as it goes.
static tensor::ExtractSliceOp
nextSliceToFuse(RewriterBase &rewriter, scf::ForallOp loop,
                const Kernel &kernel, ArrayRef<FusedSlice> fusedSlices) {
  // The member a slice reads: its source's producer, or for a slice of the
  // loop's output, the producer of the output's initial value (a fill).
  auto memberOf = [&](tensor::ExtractSliceOp slice) -> Operation * {
    Value source = slice.getSource();
    if (auto argument = dyn_cast<BlockArgument>(source))
      if (argument.getOwner()->getParentOp() == loop.getOperation())
        if (OpOperand *init = loop.getTiedOpOperand(argument))
          source = init->get();
    return source.getDefiningOp();
  };
  SmallVector<tensor::ExtractSliceOp> slices;
  loop->walk([&](tensor::ExtractSliceOp slice) {
    if (Operation *member = memberOf(slice);
        member && kernel.fused.contains(member) && !slice->use_empty())
      slices.push_back(slice);
  });
  auto definedBefore = [](Value value, Operation *op) {
    Operation *def = value.getDefiningOp();
    return def && def->getBlock() == op->getBlock() && def->isBeforeInBlock(op);
  };
  for (auto [i, slice] : llvm::enumerate(slices)) {
    // The same tile of a member already computed in the loop is reused...
    for (auto [fused, value] : fusedSlices)
      if (isSameSlice(fused, slice) && definedBefore(value, slice)) {
        rewriter.replaceAllUsesWith(slice.getResult(), value);
        break;
      }
    if (slice->use_empty())
      continue;
    // ... and identical slices not fused yet are fused once.
    for (tensor::ExtractSliceOp earlier : ArrayRef(slices).take_front(i))
      if (!earlier->use_empty() && isSameSlice(earlier, slice) &&
          earlier->isBeforeInBlock(slice)) {
        rewriter.replaceAllUsesWith(slice.getResult(), earlier.getResult());
        break;
      }
  }
  for (tensor::ExtractSliceOp slice : slices)
    if (!slice->use_empty())
      return slice;
  return nullptr;
}

/// Tiles the kernel's root and fuses its members into the tile, one slice
/// at a time; returns the tile loop.
static FailureOr<scf::ForallOp> buildKernel(RewriterBase &rewriter,
                                            const Kernel &kernel) {
  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(
      getAsIndexOpFoldResult(rewriter.getContext(), kernel.tileSizes));
  tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
  Operation *root = kernel.root;
  rewriter.setInsertionPoint(root);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(root), tiling);
  if (failed(tiled) || tiled->loops.size() != 1)
    return failure();
  rewriter.replaceOp(root, tiled->replacements);
  auto loop = cast<scf::ForallOp>(tiled->loops.front().getOperation());
  SmallVector<FusedSlice> fusedSlices;
  while (tensor::ExtractSliceOp slice =
             nextSliceToFuse(rewriter, loop, kernel, fusedSlices)) {
    std::optional<scf::SCFFuseProducerOfSliceResult> fused =
        scf::tileAndFuseProducerOfSlice(rewriter, slice, tiled->loops);
    if (!fused)
      return failure();
    fusedSlices.push_back({slice, fused->tiledAndFusedProducer});
  }
  // Members are erased consumers first; what still reads a member is a
  // slice left dead by the fusion.
  for (Operation *op : kernel.fused) {
    for (Operation *user : llvm::make_early_inc_range(op->getUsers()))
      if (isa<tensor::ExtractSliceOp>(user) && user->use_empty())
        rewriter.eraseOp(user);
    if (op->use_empty())
      rewriter.eraseOp(op);
  }
  return loop;
}

namespace {
struct KilnFormKernelsPass
    : public kiln::impl::KilnFormKernelsBase<KilnFormKernelsPass> {
  using KilnFormKernelsBase::KilnFormKernelsBase;

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    // Consumers before producers: a root claims its producers first.
    SmallVector<Operation *> ops;
    function.walk([&](Operation *op) {
      if (isKernelMember(op))
        ops.push_back(op);
    });
    KernelTiling tiling = threadTiles ? KernelTiling::forGpuThreads()
                                      : KernelTiling::forVectorWidth(vectorWidth);
    DenseSet<Operation *> claimed;
    // Kernels that fuse producers (the others only split a large op).
    unsigned fusing = 0;
    SmallVector<Kernel> kernels;
    unsigned linalgOps = ops.size();
    for (Operation *op : llvm::reverse(ops)) {
      if (claimed.contains(op))
        continue;
      Kernel kernel = formKernel(cast<linalg::LinalgOp>(op), claimed, tiling);
      bool fuses = isWorthFusing(kernel);
      if (!fuses && !isWorthParallelizing(kernel, tiling))
        continue;
      fusing += fuses;
      claimed.insert(op);
      claimed.insert(kernel.fused.begin(), kernel.fused.end());
      kernels.push_back(std::move(kernel));
    }

    IRRewriter rewriter(&getContext());
    int64_t totalSaved = 0;
    bool totalKnown = true;
    for (auto [index, kernel] : llvm::enumerate(kernels)) {
      Location loc = kernel.root->getLoc();
      std::string description = describe(kernel);
      std::optional<int64_t> saved = savedTraffic(kernel);
      FailureOr<scf::ForallOp> loop = buildKernel(rewriter, kernel);
      if (failed(loop)) {
        emitError(loc) << "kiln-form-kernels: could not tile and fuse "
                       << description;
        return signalPassFailure();
      }
      setKernelAttr(*loop,
                    KernelAttr::get(&getContext(), index, kernel.strategy,
                                    kernel.tileSizes, kernel.registerTile));
      if (saved)
        totalSaved += *saved;
      totalKnown &= saved.has_value();
      if (report) {
        InFlightDiagnostic remark = emitRemark(loc)
                                    << "kernel " << index << ": " << description
                                    << "; saves ";
        if (saved)
          remark << *saved << " bytes of memory traffic";
        else
          remark << "memory traffic of dynamic size";
      }
    }
    if (report && linalgOps > 0) {
      unsigned opsInLoops = 0;
      for (const Kernel &kernel : kernels)
        opsInLoops += 1 + kernel.fused.size();
      InFlightDiagnostic remark =
          emitRemark(function.getLoc())
          << "@" << function.getSymName() << ": " << linalgOps
          << " linalg ops, " << opsInLoops << " of them in " << kernels.size()
          << " kernel loops (" << fusing << " fusing producers), "
          << linalgOps - opsInLoops << " outside; fusion saves " << totalSaved
          << " bytes of memory traffic";
      if (!totalKnown)
        remark << " plus some of dynamic size";
    }
  }
};
} // namespace
