//===- TargetOptions.h - what Kiln compiles for -----------------*- C++ -*-===//
//
// One target description shared by kilnc, kiln-run and the registered
// pipelines: the LLVM triple, CPU and features, and what code generation
// derives from them (vector width, register tile, cache blocks). It is built
// by one function, from the host or from --target/--mcpu/--mattr, so no
// driver derives a vector width of its own.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TARGET_TARGETOPTIONS_H
#define KILN_TARGET_TARGETOPTIONS_H

#include "kiln/Codegen/Common/KernelTiling.h"
#include "mlir/Support/LLVM.h"
#include <string>

namespace mlir::kiln {

/// What to compile for. Build it with `resolveTarget` (or
/// `TargetOptions::forVectorWidth` where only code generation matters, as in
/// kiln-opt's pipelines).
struct TargetOptions {
  /// LLVM target triple (x86_64-pc-linux-gnu, ...).
  std::string triple;
  /// LLVM CPU name, resolved (never `native`).
  std::string cpu;
  /// LLVM feature string (`+avx512f,-fma,...`): the host's for `native`,
  /// then the user's --mattr.
  std::string features;
  /// LLVM optimisation level, 0 to 3.
  unsigned optLevel = 3;
  /// Register tile and cache blocks, from the vector width the CPU and
  /// features give (16 f32 lanes with AVX-512, 8 otherwise).
  KernelTiling tiling = KernelTiling::forVectorWidth(16);

  /// A description for code generation only: no triple or CPU.
  static TargetOptions forVectorWidth(int64_t vectorWidth);
};

/// Describes the target `triple` (empty: the host's), `cpu` (an LLVM CPU
/// name, or `native` for the host's CPU and features) with the extra
/// features `mattr` (`+avx512f,-avx512bw`). Fails with a message naming the
/// unknown triple, CPU or feature.
FailureOr<TargetOptions> resolveTarget(StringRef triple, StringRef cpu,
                                       StringRef mattr, unsigned optLevel,
                                       std::string &error);

} // namespace mlir::kiln

#endif // KILN_TARGET_TARGETOPTIONS_H
