//===- KernelPolicy.h - which linalg ops form a kernel ----------*- C++ -*-===//
//
// The decisions of kiln-form-kernels, apart from the rewriting: which ops
// run as one loop nest, what the kernel's strategy is, how its root is
// tiled and which register tile the target will use for it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CODEGEN_COMMON_KERNELPOLICY_H
#define KILN_LIB_CODEGEN_COMMON_KERNELPOLICY_H

#include "kiln/Codegen/Common/KernelTiling.h"
#include "kiln/Codegen/IR/KilnCodegen.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallBitVector.h"
#include <optional>
#include <string>

namespace mlir::kiln {

/// A group of linalg ops computed as one loop nest.
struct Kernel {
  linalg::LinalgOp root;
  /// What the root is, hence how a target computes the kernel.
  KernelStrategy strategy = KernelStrategy::Elementwise;
  /// Tile size per loop of the root; 0 leaves the loop whole.
  SmallVector<int64_t> tileSizes;
  /// Register tile per loop of the root (empty: chosen by the target).
  SmallVector<int64_t> registerTile;
  /// The producers fused into the root's tile, consumers before producers.
  llvm::SetVector<Operation *> fused;
  /// Which loops of each member are tiled.
  DenseMap<Operation *, llvm::SmallBitVector> tiledLoops;
};

/// Ops the analysis may put in a kernel at all.
bool isKernelMember(Operation *op);

/// Grows a kernel from `root`: a producer joins when every user of its
/// result is already in the kernel and fusing it computes each of its tiles
/// once. Ops in `claimed` belong to other kernels.
Kernel formKernel(linalg::LinalgOp root, const DenseSet<Operation *> &claimed,
                  const KernelTiling &tiling);

/// Whether fusing `kernel` saves anything: fills alone are not worth a loop.
bool isWorthFusing(const Kernel &kernel);

/// Whether a root on its own is worth a parallel loop: enough work (or a
/// dynamic size) to pay for handing tiles to threads; always on a GPU.
bool isWorthParallelizing(const Kernel &kernel, const KernelTiling &tiling);

/// Bytes of memory traffic the kernel no longer makes: each fused result was
/// written once and read by each of its users. std::nullopt when a fused
/// result has a dynamic shape.
std::optional<int64_t> savedTraffic(const Kernel &kernel);

/// The kernel's root, its tiles and its members, for remarks and errors.
std::string describe(const Kernel &kernel);

} // namespace mlir::kiln

#endif // KILN_LIB_CODEGEN_COMMON_KERNELPOLICY_H
