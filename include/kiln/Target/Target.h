//===- Target.h - object, assembly and header emission ----------*- C++ -*-===//

#ifndef KILN_TARGET_TARGET_H
#define KILN_TARGET_TARGET_H

#include "kiln/Target/TargetOptions.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
} // namespace llvm

namespace mlir {
class ModuleOp;
namespace func {
class FuncOp;
} // namespace func

namespace kiln {

/// A target machine for a target described by `resolveTarget`.
FailureOr<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetOptions &options, std::string &error);

/// Translates a module in the LLVM dialect to LLVM IR, optimised for
/// `machine` at `optLevel`.
FailureOr<std::unique_ptr<llvm::Module>>
translateAndOptimize(ModuleOp module, llvm::LLVMContext &context,
                     llvm::TargetMachine &machine, unsigned optLevel);

/// Gives every public function of the kiln-level `module` MLIR's C
/// interface (`_mlir_ciface_<name>`), which generated headers call.
void exposeCInterface(ModuleOp module);

/// After lowering to the LLVM dialect: makes every defined function but the
/// C interfaces internal, so a graph function named `main` or `expf` cannot
/// clash with the program or libm.
void internalizeGraphFunctions(ModuleOp module);

/// Emits `module` as an object file or assembly.
LogicalResult emitMachineCode(llvm::Module &module,
                              llvm::TargetMachine &machine, bool assembly,
                              llvm::raw_pwrite_stream &os);

/// The PTX of the kernels of `module` (after kiln-gpu-pipeline, compiled for
/// one architecture to assembly). Fails with a diagnostic if there is none.
FailureOr<std::string> getKernelAssembly(ModuleOp module);

/// Writes the C header declaring `kiln_<name>` for every public function of
/// the kiln-level `module` (before lowering): argument order, dtypes and
/// shapes in comments, dynamic dimensions as explicit parameters, and an
/// error code for shapes that disagree with the graph. Fails with a
/// diagnostic on a signature the C ABI cannot express. For a GPU model
/// (`cuda`) `kiln_<name>` copies host data to the GPU and back, and
/// `kiln_<name>_device` takes and returns device pointers.
LogicalResult emitHeader(ModuleOp module, StringRef guardName,
                         llvm::raw_ostream &os, bool cuda = false);

} // namespace kiln
} // namespace mlir

#endif // KILN_TARGET_TARGET_H
