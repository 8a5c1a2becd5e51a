//===- Plugin.cpp - the entry points kiln-opt's plugin loader calls -------===//
//
//   kiln-opt --load-dialect-plugin=libKilnExtension.so   registers `ext`
//   kiln-opt --load-pass-plugin=libKilnExtension.so      registers its pass
//
//===----------------------------------------------------------------------===//

#include "Ext/Ext.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "KilnExtension", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            registry->insert<ext::ExtDialect>();
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "KilnExtension", LLVM_VERSION_STRING,
          []() { ext::registerExtPasses(); }};
}
