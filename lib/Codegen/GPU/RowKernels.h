//===- RowKernels.h - rows of a kernel shared by a block's threads -*- C++
//-*-===//
//
// Kernels of long row reductions (a softmax, a layer norm's statistics,
// row sums) and long reductions outside kernels run on blocks whose
// threads share each row: warp shuffles and shared memory combine their
// partial results.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CODEGEN_GPU_ROWKERNELS_H
#define KILN_LIB_CODEGEN_GPU_ROWKERNELS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {

/// Threads of a block sharing `ops`: enough for the longest innermost loop
/// (a power of two, at least a warp), at most `maxThreads`.
int64_t cooperativeThreads(ArrayRef<linalg::LinalgOp> ops, int64_t maxThreads);

/// The linalg ops of a kernel whose blocks can share each iteration among
/// their threads, or nothing (see RowKernels.cpp).
SmallVector<linalg::LinalgOp> cooperativeOps(scf::ForallOp forall);

/// Replaces `forall` (cooperativeOps not empty) by a launch whose blocks
/// are its iterations, each block's threads sharing an iteration's ops.
void mapForallToBlocks(RewriterBase &rewriter, scf::ForallOp forall,
                       int64_t threadsPerBlock);

/// Runs a long reduction (or a copy) outside any kernel on one block, its
/// threads sharing it.
void runOnOneBlock(RewriterBase &rewriter, linalg::LinalgOp op,
                   int64_t threadsPerBlock);

} // namespace mlir::kiln

#endif // KILN_LIB_CODEGEN_GPU_ROWKERNELS_H
