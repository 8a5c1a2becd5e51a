//===- MatmulTiles.h - a matmul kernel's blocks share operand tiles -*- C++
//-*-===//
//
// A matmul kernel formed for GPU threads gives each thread a 4 x 4 tile of
// the output; read straight from global memory, every thread re-reads whole
// rows of A and columns of B. Here 16 x 16 threads make a block that owns a
// 64 x 64 output tile: the block copies 64 x 16 of A and 16 x 64 of B into
// shared memory per step of k, and each thread accumulates its 4 x 4 tile
// in registers from there.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CODEGEN_GPU_MATMULTILES_H
#define KILN_LIB_CODEGEN_GPU_MATMULTILES_H

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {

/// Whether `forall` is a matmul kernel this strategy covers: from 0 by a
/// static thread tile (and by one batch), one (batch) matmul, named or a
/// multiply-add `linalg.generic` with its maps (no transposed operand), of
/// floats whose A is the rows
/// of the thread's tile of a buffer defined outside the kernel (all of k)
/// and B the columns (all of k).
bool isSharedTileMatmul(scf::ForallOp forall);

/// Replaces `forall` (isSharedTileMatmul) by a launch of 16 x 16-thread
/// blocks over the output (a grid layer per batch), the matmul computed
/// from shared-memory tiles,
/// the rest of the kernel's body (its initialisation and epilogue) run by
/// each thread whose tile is in the output.
gpu::LaunchOp mapMatmulToBlocks(RewriterBase &rewriter, scf::ForallOp forall);

} // namespace mlir::kiln

#endif // KILN_LIB_CODEGEN_GPU_MATMULTILES_H
