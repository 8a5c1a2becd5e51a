//===- Launches.h - building gpu.launch ops for kernels ---------*- C++ -*-===//
//
// What every kernel mapping needs: a 1-D launch with its terminator, and a
// forall's iteration space linearized so that threads or blocks can stride
// over it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CODEGEN_GPU_LAUNCHES_H
#define KILN_LIB_CODEGEN_GPU_LAUNCHES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {

/// The most threads a CUDA block may have.
constexpr int64_t kMaxBlockThreads = 1024;

/// A launch of `blocks` x `threads` threads (1-D) before `at`, its body
/// ending in gpu.terminator; the builder is left at the start of the body.
inline gpu::LaunchOp createLaunch(RewriterBase &rewriter, Location loc,
                                  Value blocks, Value threads) {
  Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
  auto launch =
      gpu::LaunchOp::create(rewriter, loc, blocks, one, one, threads, one, one);
  rewriter.setInsertionPointToEnd(&launch.getBody().front());
  gpu::TerminatorOp::create(rewriter, loc);
  rewriter.setInsertionPointToStart(&launch.getBody().front());
  return launch;
}

/// A forall's iteration space, linearized: the number of iterations and
/// how to map a linear position back to the forall's induction variables.
struct LinearIterations {
  SmallVector<Value> lower, steps, counts;
  Value total;

  /// Computes the counts before `forall`.
  static LinearIterations of(RewriterBase &rewriter, scf::ForallOp forall) {
    Location loc = forall.getLoc();
    auto index = [&](OpFoldResult value) {
      return getValueOrCreateConstantIndexOp(rewriter, loc, value);
    };
    LinearIterations space;
    space.total = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (auto [lb, ub, step] :
         llvm::zip(forall.getMixedLowerBound(), forall.getMixedUpperBound(),
                   forall.getMixedStep())) {
      space.lower.push_back(index(lb));
      space.steps.push_back(index(step));
      Value extent =
          arith::SubIOp::create(rewriter, loc, index(ub), space.lower.back());
      space.counts.push_back(arith::CeilDivSIOp::create(rewriter, loc, extent,
                                                        space.steps.back()));
      space.total = arith::MulIOp::create(rewriter, loc, space.total,
                                          space.counts.back());
    }
    return space;
  }

  /// Maps the forall's induction variables to those of linear `position`
  /// (the innermost dimension fastest).
  void mapInductionVars(RewriterBase &rewriter, Location loc,
                        scf::ForallOp forall, Value position,
                        IRMapping &mapping) const {
    SmallVector<Value> ivs;
    if (counts.size() == 1) {
      ivs.push_back(position);
    } else {
      auto delinearized = affine::AffineDelinearizeIndexOp::create(
          rewriter, loc, position, counts, /*hasOuterBound=*/true);
      ivs.append(delinearized.getResults().begin(),
                 delinearized.getResults().end());
    }
    for (auto [iv, coordinate, lb, step] :
         llvm::zip(forall.getInductionVars(), ivs, lower, steps)) {
      Value offset = arith::MulIOp::create(rewriter, loc, coordinate, step);
      mapping.map(iv, arith::AddIOp::create(rewriter, loc, lb, offset));
    }
  }
};

} // namespace mlir::kiln

#endif // KILN_LIB_CODEGEN_GPU_LAUNCHES_H
