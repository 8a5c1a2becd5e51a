//===- kiln-opt.cpp - the opt-style driver for Kiln -----------------------===//
//
// Runs any pass or pipeline over .mlir files: the kiln dialect, its passes
// and pipelines, plus every upstream dialect, extension and pass.
//
//===----------------------------------------------------------------------===//

#include "kiln/Pipelines/Pipelines.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::kiln::registerAllPasses();
  mlir::DialectRegistry registry;
  mlir::kiln::registerAllDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Kiln optimizer driver\n", registry));
}
