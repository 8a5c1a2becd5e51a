//===- RuntimeChecks.cpp - checks the compiled code makes at run time -----===//

#include "kiln/Dialect/Kiln/Transforms/RuntimeChecks.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

void kiln::checkShape(OpBuilder &b, Location loc, Value condition,
                      const llvm::Twine &what) {
  std::string message;
  llvm::raw_string_ostream os(message);
  if (auto fileLoc = dyn_cast<FileLineColLoc>(loc))
    os << fileLoc.getFilename().getValue() << ":" << fileLoc.getLine() << ":"
       << fileLoc.getColumn();
  else
    os << loc;
  os << ": " << what;
  cf::AssertOp::create(b, loc, condition, message);
}
