//===- OpVersions.cpp - ONNX op versions from ONNX's schema registry ------===//
//
// ONNX's schema headers need C++ exceptions, which the rest of Kiln is
// built without (as LLVM is): this file alone is compiled with them, and
// only a plain function crosses it.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include <onnx/defs/schema.h>

int mlir::kiln::onnx_import::opVersion(const std::string &type, int64_t opset) {
  const onnx::OpSchema *schema =
      onnx::OpSchemaRegistry::Schema(type, static_cast<int>(opset), "");
  return schema ? schema->since_version() : 0;
}
