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
#include "llvm/ADT/SmallVector.h"
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

  /// NVIDIA GPU architectures the kernels are compiled for (`sm_80`, ...),
  /// one image each; empty for a CPU target. The host side is then x86-64
  /// code for `cpu`.
  SmallVector<std::string, 2> gpuArchs;
  /// The PTX ISA the kernels are written in (an NVPTX feature, `+ptx78`):
  /// 7.8 is the oldest that knows sm_90 and the newest CUDA 11.8's ptxas
  /// reads.
  std::string ptxFeatures = "+ptx78";

  /// A CUDA toolkit (with bin/ptxas and bin/fatbinary), if one was found:
  /// kernels are then embedded as a fatbin of a cubin per architecture and
  /// the newest one's PTX, else as PTX for the driver to JIT-compile.
  std::string cudaToolkit;

  bool isGpu() const { return !gpuArchs.empty(); }

  /// A description for code generation only: no triple or CPU.
  static TargetOptions forVectorWidth(int64_t vectorWidth);
  /// A GPU description for code generation only (kiln-opt's pipelines).
  static TargetOptions forGpuArchs(ArrayRef<std::string> archs);
};

/// Describes the target `triple` (empty: the host's), `cpu` (an LLVM CPU
/// name, or `native` for the host's CPU and features) with the extra
/// features `mattr` (`+avx512f,-avx512bw`). Fails with a message naming the
/// unknown triple, CPU or feature.
FailureOr<TargetOptions> resolveTarget(StringRef triple, StringRef cpu,
                                       StringRef mattr, unsigned optLevel,
                                       std::string &error);

/// Describes an NVIDIA GPU target: kernels for each architecture in
/// `archs` (comma-separated, `sm_80,sm_90`; empty: sm_80) and host code for
/// this machine's x86-64 at `optLevel`. A CUDA toolkit is looked for in
/// $CUDA_HOME, $CUDA_ROOT, /usr/local/cuda and beside a `ptxas` on PATH.
/// Fails with a message naming an architecture LLVM's NVPTX back end does
/// not know.
FailureOr<TargetOptions> resolveCudaTarget(StringRef archs, unsigned optLevel,
                                           std::string &error);

} // namespace mlir::kiln

#endif // KILN_TARGET_TARGETOPTIONS_H
