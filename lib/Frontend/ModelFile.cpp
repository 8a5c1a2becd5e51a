//===- ModelFile.cpp - reading a model of any format Kiln takes -----------===//

#include "kiln/Frontend/ModelFile.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

OwningOpRef<ModuleOp>
kiln::readModelFile(llvm::StringRef path,
                    const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
                    MLIRContext *context, const OnnxImportOptions &options) {
  if (isOnnxFile(path))
    return importOnnxFile(path, context, options);
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path);
  if (!buffer) {
    emitError(UnknownLoc::get(context))
        << "cannot read '" << path << "': " << buffer.getError().message();
    return nullptr;
  }
  sourceMgr->AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, context);
}
