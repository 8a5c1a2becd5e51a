//===- ext-opt.cpp - kiln-opt with the ext dialect built in ---------------===//
//
// The other way to extend Kiln: a driver that links Kiln's libraries and
// registers its own dialect and passes next to Kiln's.
//
//===----------------------------------------------------------------------===//

#include "Ext/Ext.h"

#include "kiln/Pipelines/Pipelines.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::kiln::registerAllPasses();
  ext::registerExtPasses();
  mlir::DialectRegistry registry;
  mlir::kiln::registerAllDialects(registry);
  registry.insert<ext::ExtDialect>();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "Kiln optimizer driver with the ext dialect\n", registry));
}
