//===- kiln-import-onnx.cpp - ONNX models to kiln IR ----------------------===//
//
//   kiln-import-onnx model.onnx -o model.mlir [--onnx-weights-as-args]
//
// Writes the model's main graph as a func.func on kiln ops; every error
// names the ONNX node and exits non-zero.
//
//===----------------------------------------------------------------------===//

#include "kiln/Frontend/ONNX/Import.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace llvm;

/// kiln-import-onnx options; --help shows only these (LLVM's stay accepted).
static cl::OptionCategory importerOptions("kiln-import-onnx options");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::Required, cl::cat(importerOptions));
static cl::opt<std::string> outputFile("o", cl::desc("output file"),
                                       cl::value_desc("file"), cl::init("-"),
                                       cl::cat(importerOptions));
static cl::opt<bool> weightsAsArguments(
    "onnx-weights-as-args",
    cl::desc("initializers become trailing function arguments, not "
             "constants"),
    cl::cat(importerOptions));

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(importerOptions);
  cl::ParseCommandLineOptions(argc, argv, "Kiln's ONNX importer\n");
  mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::kiln::OnnxImportOptions options;
  options.weightsAsArguments = weightsAsArguments;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::kiln::importOnnxFile(inputFile, &context, options);
  if (!module)
    return 1;
  std::string error;
  auto output = mlir::openOutputFile(outputFile, &error);
  if (!output) {
    errs() << "kiln-import-onnx: " << error << "\n";
    return 1;
  }
  module->print(output->os());
  output->keep();
  return 0;
}
