//===- CooperativeOps.h - one linalg op shared by a block's threads -*- C++
//-*-===//
//
// A row reduction is too much work for one GPU thread: the threads of a
// block share it, each walking every `threads`-th element of the innermost
// loop (neighbouring threads read neighbouring elements, so a warp's loads
// coalesce) and combining their partial results with gpu.all_reduce, which
// NVVM lowering turns into warp shuffles and a shared-memory step across
// warps.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CODEGEN_GPU_COOPERATIVEOPS_H
#define KILN_LIB_CODEGEN_GPU_COOPERATIVEOPS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {

/// Whether the threads of a block can share `op` (on buffers): its innermost
/// loop is parallel and in every output's indexing map (threads then write
/// disjoint elements), or it is a reduction whose one output is combined by
/// a single associative operation gpu.all_reduce knows (add, mul, min, max,
/// and, or, xor).
bool canRunCooperatively(linalg::LinalgOp op);

/// Whether `op`'s innermost loop is a reduction over at least `minExtent`
/// elements (or a dynamic number).
bool reducesInnermostLoop(linalg::LinalgOp op, int64_t minExtent);

/// Replaces `op` (canRunCooperatively) by loops that thread `threadId` of
/// `threadCount` runs, and a gpu.barrier after them so that the block's next
/// op sees every thread's writes. Must be reached by all threads of the
/// block alike (uniform control flow).
void runCooperatively(RewriterBase &rewriter, linalg::LinalgOp op,
                      Value threadId, Value threadCount);

} // namespace mlir::kiln

#endif // KILN_LIB_CODEGEN_GPU_COOPERATIVEOPS_H
