//===- kiln-opt.cpp - the opt-style driver for Kiln -----------------------===//
//
// Runs any pass or pipeline over .mlir files: the kiln dialect, its passes
// and pipelines, plus every upstream dialect, extension and pass, and those
// of plugins (--load-dialect-plugin, --load-pass-plugin; see
// examples/extension).
//
//===----------------------------------------------------------------------===//

#include "kiln/Pipelines/Pipelines.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <string>

/// The value of option `name` in `argv[i]` ("--name=V", "-name=V", or
/// "--name V" taking argv[i + 1]), or null.
static const char *optionValue(int argc, char **argv, int &i,
                               llvm::StringRef name) {
  llvm::StringRef arg = argv[i];
  if (!arg.consume_front("--") && !arg.consume_front("-"))
    return nullptr;
  if (!arg.consume_front(name))
    return nullptr;
  if (arg.consume_front("="))
    return argv[i] + (std::strlen(argv[i]) - arg.size());
  if (arg.empty() && i + 1 < argc)
    return argv[++i];
  return nullptr;
}

/// MLIR's plugin options report a plugin that does not load and go on
/// without it; a missing dialect or pass is better reported as such, so
/// each plugin is loaded once here first and a failure ends the run.
static bool pluginsLoad(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    llvm::Error error = llvm::Error::success();
    std::string path;
    if (const char *value = optionValue(argc, argv, i, "load-dialect-plugin")) {
      path = value;
      if (auto plugin = mlir::DialectPlugin::load(path); !plugin)
        error = plugin.takeError();
    } else if (const char *value =
                   optionValue(argc, argv, i, "load-pass-plugin")) {
      path = value;
      if (auto plugin = mlir::PassPlugin::load(path); !plugin)
        error = plugin.takeError();
    }
    if (error) {
      llvm::errs() << "kiln-opt: error: cannot load plugin '" << path
                   << "': " << llvm::toString(std::move(error)) << "\n";
      return false;
    }
  }
  return true;
}

int main(int argc, char **argv) {
  if (!pluginsLoad(argc, argv))
    return 1;
  mlir::kiln::registerAllPasses();
  mlir::DialectRegistry registry;
  mlir::kiln::registerAllDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Kiln optimizer driver\n", registry));
}
