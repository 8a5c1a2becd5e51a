//===- AssembleKernels.cpp - one kernel image for every architecture ------===//
//
// kiln-gpu-assemble-kernels: gpu-module-to-binary leaves one PTX object per
// NVVM target, and the upstream embedding keeps only the first. With a CUDA
// toolkit, ptxas makes a cubin per architecture and fatbinary packs them
// with the newest architecture's PTX into one image: the driver picks the
// cubin of the device's compute capability when it loads the module, or
// JIT-compiles the PTX for a newer GPU. Without a toolkit the oldest
// architecture's PTX is kept: the driver JIT-compiles it for any device at
// least that new.
//
//===----------------------------------------------------------------------===//

#include "kiln/Codegen/GPU/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_KILNGPUASSEMBLEKERNELS
#include "kiln/Codegen/GPU/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;

namespace {
/// One architecture's PTX.
struct ArchPtx {
  gpu::ObjectAttr object;
  NVVM::NVVMTargetAttr target;
  unsigned smVersion; // 80 for sm_80
};

/// Temporary files removed when the pass is done with them.
class TempFiles {
public:
  ~TempFiles() {
    for (const std::string &path : paths)
      llvm::sys::fs::remove(path);
  }
  /// A new empty file named like `kiln-<stem>-XXXX.<suffix>`, or "".
  std::string create(StringRef stem, StringRef suffix) {
    SmallString<128> path;
    if (llvm::sys::fs::createTemporaryFile("kiln-" + stem, suffix, path))
      return "";
    paths.push_back(path.str().str());
    return paths.back();
  }

private:
  SmallVector<std::string> paths;
};
} // namespace

/// Runs `program` with `args`; on failure, returns its output in `error`.
static LogicalResult runTool(StringRef program, ArrayRef<std::string> args,
                             TempFiles &files, std::string &error) {
  std::string log = files.create("log", "txt");
  SmallVector<StringRef> argv = {program};
  for (const std::string &arg : args)
    argv.push_back(arg);
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(log),
                                          StringRef(log)};
  std::string message;
  int status = llvm::sys::ExecuteAndWait(program, argv, std::nullopt, redirects,
                                         0, 0, &message);
  if (status == 0)
    return success();
  error = (llvm::sys::path::filename(program) + " failed").str();
  if (!message.empty())
    error += ": " + message;
  if (auto output = llvm::MemoryBuffer::getFile(log))
    if (!(*output)->getBuffer().trim().empty())
      error += ":\n" + (*output)->getBuffer().trim().str();
  return failure();
}

static LogicalResult writeFile(StringRef path, StringRef contents) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return failure();
  os << contents;
  return success();
}

/// A fatbin of a cubin per architecture and the newest one's PTX.
static FailureOr<std::string>
makeFatbin(ArrayRef<ArchPtx> archs, StringRef toolkit, std::string &error) {
  TempFiles files;
  SmallString<128> ptxas(toolkit), fatbinary(toolkit);
  llvm::sys::path::append(ptxas, "bin", "ptxas");
  llvm::sys::path::append(fatbinary, "bin", "fatbinary");
  SmallVector<std::string> images;
  for (const ArchPtx &arch : archs) {
    std::string sm = std::to_string(arch.smVersion);
    std::string chip = arch.target.getChip().str();
    std::string ptx = files.create("sm_" + sm, "ptx");
    std::string cubin = files.create("sm_" + sm, "cubin");
    if (ptx.empty() || cubin.empty() ||
        failed(writeFile(ptx, arch.object.getObject().getValue()))) {
      error = "cannot write temporary files";
      return failure();
    }
    std::string optLevel = "-O" + std::to_string(arch.target.getO());
    if (failed(runTool(ptxas, {"-arch=" + chip, optLevel, ptx, "-o", cubin},
                       files, error)))
      return failure();
    images.push_back("--image3=kind=elf,sm=" + sm + ",file=" + cubin);
    if (&arch == &archs.back())
      images.push_back("--image3=kind=ptx,sm=" + sm + ",file=" + ptx);
  }
  std::string fatbin = files.create("kernels", "fatbin");
  SmallVector<std::string> args = {"-64", "--create=" + fatbin};
  args.append(images.begin(), images.end());
  if (failed(runTool(fatbinary, args, files, error)))
    return failure();
  auto contents = llvm::MemoryBuffer::getFile(fatbin, /*IsText=*/false);
  if (!contents) {
    error = "cannot read " + fatbin;
    return failure();
  }
  return (*contents)->getBuffer().str();
}

namespace {
struct KilnGpuAssembleKernelsPass
    : public kiln::impl::KilnGpuAssembleKernelsBase<
          KilnGpuAssembleKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    WalkResult result = getOperation().walk([&](gpu::BinaryOp binary) {
      return succeeded(assemble(binary)) ? WalkResult::advance()
                                         : WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }

  LogicalResult assemble(gpu::BinaryOp binary) {
    SmallVector<ArchPtx> archs;
    for (Attribute attr : binary.getObjects()) {
      auto object = dyn_cast<gpu::ObjectAttr>(attr);
      auto target =
          object ? dyn_cast<NVVM::NVVMTargetAttr>(object.getTarget()) : nullptr;
      unsigned sm = 0;
      if (!target || object.getFormat() != gpu::CompilationTarget::Assembly ||
          !target.getChip().starts_with("sm_") ||
          target.getChip()
              .drop_front(3)
              .take_while(llvm::isDigit)
              .getAsInteger(10, sm))
        return success(); // Not PTX for NVIDIA: left as it is.
      archs.push_back({object, target, sm});
    }
    if (archs.empty())
      return success();
    llvm::stable_sort(archs, [](const ArchPtx &a, const ArchPtx &b) {
      return a.smVersion < b.smVersion;
    });
    if (toolkit.empty()) {
      binary.setObjectsAttr(
          ArrayAttr::get(binary.getContext(), {archs.front().object}));
      return success();
    }
    std::string error;
    FailureOr<std::string> fatbin = makeFatbin(archs, toolkit, error);
    if (failed(fatbin))
      return binary.emitError() << "kiln-gpu-assemble-kernels: " << error;
    gpu::ObjectAttr first = archs.front().object;
    auto object = gpu::ObjectAttr::get(
        binary.getContext(), first.getTarget(), gpu::CompilationTarget::Fatbin,
        StringAttr::get(binary.getContext(), *fatbin), first.getProperties(),
        first.getKernels());
    binary.setObjectsAttr(ArrayAttr::get(binary.getContext(), {object}));
    return success();
  }
};
} // namespace
