//===- KernelTiling.h - tile sizes a target's registers call for -*- C++ -*-===//
//
// The one place the register tile and cache blocks of a target are chosen.
// Kernel formation cuts kernels into whole register tiles and cache blocks
// and records the register tile in each kernel's #kiln_codegen.kernel;
// kiln-vectorize reads it there (and uses the same numbers for ops outside
// kernels), so the two can never disagree.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_COMMON_KERNELTILING_H
#define KILN_CODEGEN_COMMON_KERNELTILING_H

#include <cstdint>

namespace mlir::kiln {

/// GPU: a reduction of at least this many elements along its innermost
/// loop (or of a dynamic number) is shared by the threads of a block, and
/// kernel formation keeps the ops reading its result in the same row tile.
constexpr int64_t kBlockReductionMinExtent = 32;

/// Register and cache tiles of a target whose vector registers hold
/// `vectorWidth` f32 lanes.
struct KernelTiling {
  /// f32 lanes of a vector register: 16 for AVX-512, 8 for AVX2.
  int64_t vectorWidth;
  /// Accumulator tile of a contraction, rows x columns of its output: 8
  /// rows x 2 vectors take 16 of AVX-512's 32 registers; with AVX2's 16
  /// registers 6 rows x 2 vectors leave room for the operands (8 rows
  /// spill).
  int64_t registerRows;
  int64_t registerColumns;
  /// Cache block of a large contraction (m x n x k): a k x n block of the
  /// right operand (256 KiB of f32) stays in L2 while rows stream past it.
  /// Kernels of a contraction and its epilogue are tiled by its m x n.
  int64_t cacheBlockM;
  int64_t cacheBlockN;
  int64_t cacheBlockK;

  /// GPU: a tile is one thread's work (a 128-bit chunk of an elementwise
  /// row, a register tile of a contraction's output, a row of a reduction)
  /// and every op runs in a kernel, however small; the threads of a kernel
  /// are its tiles. Long row reductions and their consumers are tiled by
  /// rows, a block's work. Cache blocks are not used.
  bool threadTiles = false;

  static KernelTiling forVectorWidth(int64_t vectorWidth) {
    return {vectorWidth, vectorWidth >= 16 ? 8 : 6, 2 * vectorWidth, 64, 256,
            256,         /*threadTiles=*/false};
  }

  /// One NVIDIA GPU thread per tile: 4 f32 lanes (a 128-bit load), 4 x 4
  /// accumulators.
  static KernelTiling forGpuThreads() {
    return {4, 4, 4, 0, 0, 0, /*threadTiles=*/true};
  }
};

} // namespace mlir::kiln

#endif // KILN_CODEGEN_COMMON_KERNELTILING_H
