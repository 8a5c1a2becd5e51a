//===- ModelFile.cpp - reading a model of any format Kiln takes -----------===//

#include "kiln/Frontend/ModelFile.h"

#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

OwningOpRef<ModuleOp>
kiln::readModelFile(llvm::StringRef path,
                    const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
                    MLIRContext *context, std::string &readError,
                    const OnnxImportOptions &options) {
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/false);
  if (!buffer) {
    readError =
        "cannot read '" + path.str() + "': " + buffer.getError().message();
    return nullptr;
  }
  if (isOnnxFile(path))
    return importOnnxModel((*buffer)->getBuffer(), path, context, options);
  sourceMgr->AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, context);
}
