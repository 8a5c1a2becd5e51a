//===- TargetOptions.cpp - what Kiln compiles for -------------------------===//
//
// Builds the one target description from the host or the user's
// --target/--mcpu/--mattr, checking every name against LLVM, and derives
// the vector width (hence register tiles) from the resulting features.
//
//===----------------------------------------------------------------------===//

#include "kiln/Target/TargetOptions.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
using namespace mlir::kiln;

TargetOptions TargetOptions::forVectorWidth(int64_t vectorWidth) {
  TargetOptions options;
  options.tiling = KernelTiling::forVectorWidth(vectorWidth);
  return options;
}

TargetOptions TargetOptions::forGpuArchs(ArrayRef<std::string> archs) {
  TargetOptions options;
  options.tiling = KernelTiling::forGpuThreads();
  options.gpuArchs.assign(archs.begin(), archs.end());
  return options;
}

/// Checks that every `+name`/`-name` in `features` is a feature of
/// `subtarget`'s target.
static LogicalResult checkFeatureNames(const llvm::MCSubtargetInfo &subtarget,
                                       StringRef features, std::string &error) {
  SmallVector<StringRef> names;
  features.split(names, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef name : names) {
    StringRef bare = name.trim();
    if (!bare.consume_front("+") && !bare.consume_front("-")) {
      error = ("feature '" + llvm::Twine(name) + "' must start with '+' or '-'")
                  .str();
      return failure();
    }
    if (!llvm::any_of(subtarget.getAllProcessorFeatures(),
                      [&](const llvm::SubtargetFeatureKV &feature) {
                        return bare == feature.Key;
                      })) {
      error = ("unknown CPU feature '" + llvm::Twine(bare) + "' (in '" +
               features + "')")
                  .str();
      return failure();
    }
  }
  return success();
}

FailureOr<TargetOptions> kiln::resolveTarget(StringRef triple, StringRef cpu,
                                             StringRef mattr, unsigned optLevel,
                                             std::string &error) {
  llvm::InitializeNativeTarget();
  TargetOptions options;
  options.optLevel = optLevel;
  llvm::Triple parsed(triple.empty() ? llvm::sys::getDefaultTargetTriple()
                                     : triple.str());
  if (parsed.getArch() != llvm::Triple::x86_64) {
    error = "unsupported target '" + parsed.str() +
            "': Kiln's CPU back end generates x86-64 code";
    return failure();
  }
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(parsed, error);
  if (!target)
    return failure();
  options.triple = parsed.str();
  options.cpu = cpu.str();
  if (cpu == "native") {
    options.cpu = llvm::sys::getHostCPUName().str();
    for (auto &[feature, enabled] : llvm::sys::getHostCPUFeatures())
      options.features += (enabled ? "+" : "-") + feature.str() + ",";
  }
  std::unique_ptr<llvm::MCSubtargetInfo> generic(
      target->createMCSubtargetInfo(parsed, "", ""));
  if (!generic || !generic->isCPUStringValid(options.cpu)) {
    error = "unknown CPU '" + options.cpu +
            "' (try x86-64-v3, skylake-avx512 or native)";
    return failure();
  }
  if (failed(checkFeatureNames(*generic, mattr, error)))
    return failure();
  options.features += mattr.str();
  // The features the CPU has, with the user's changes applied last.
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      target->createMCSubtargetInfo(parsed, options.cpu, options.features));
  int64_t vectorWidth = subtarget->checkFeatures("+avx512f") ? 16 : 8;
  options.tiling = KernelTiling::forVectorWidth(vectorWidth);
  return options;
}

/// The first CUDA toolkit with ptxas and fatbinary, or "".
static std::string findCudaToolkit() {
  SmallVector<std::string> roots;
  for (const char *variable : {"CUDA_HOME", "CUDA_ROOT"})
    if (const char *value = std::getenv(variable))
      roots.push_back(value);
  roots.push_back("/usr/local/cuda");
  if (llvm::ErrorOr<std::string> ptxas = llvm::sys::findProgramByName("ptxas"))
    roots.push_back(
        llvm::sys::path::parent_path(llvm::sys::path::parent_path(*ptxas))
            .str());
  for (const std::string &root : roots) {
    SmallString<128> ptxas(root), fatbinary(root);
    llvm::sys::path::append(ptxas, "bin", "ptxas");
    llvm::sys::path::append(fatbinary, "bin", "fatbinary");
    if (llvm::sys::fs::can_execute(ptxas) &&
        llvm::sys::fs::can_execute(fatbinary))
      return root;
  }
  return "";
}

FailureOr<TargetOptions> kiln::resolveCudaTarget(StringRef archs,
                                                 unsigned optLevel,
                                                 std::string &error) {
  // The host side runs on this machine's CPU.
  FailureOr<TargetOptions> options =
      resolveTarget("", "x86-64-v3", "", optLevel, error);
  if (failed(options))
    return failure();
  LLVMInitializeNVPTXTargetInfo();
  LLVMInitializeNVPTXTarget();
  LLVMInitializeNVPTXTargetMC();
  llvm::Triple nvptx("nvptx64-nvidia-cuda");
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(nvptx, error);
  if (!target)
    return failure();
  std::unique_ptr<llvm::MCSubtargetInfo> generic(
      target->createMCSubtargetInfo(nvptx, "", ""));
  SmallVector<StringRef> names;
  (archs.empty() ? StringRef("sm_80") : archs)
      .split(names, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  llvm::StringSet<> seen;
  for (StringRef name : names) {
    StringRef arch = name.trim();
    if (!arch.starts_with("sm_") || !generic->isCPUStringValid(arch)) {
      error = ("unknown GPU architecture '" + llvm::Twine(arch) +
               "' (try sm_80 or sm_90)")
                  .str();
      return failure();
    }
    if (seen.insert(arch).second)
      options->gpuArchs.push_back(arch.str());
  }
  options->tiling = KernelTiling::forGpuThreads();
  options->cudaToolkit = findCudaToolkit();
  return options;
}
