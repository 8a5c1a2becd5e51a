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

std::optional<mlir::kiln::onnx_import::OpArity>
mlir::kiln::onnx_import::opArity(const std::string &type, int64_t opset) {
  const onnx::OpSchema *schema =
      onnx::OpSchemaRegistry::Schema(type, static_cast<int>(opset), "");
  if (!schema)
    return std::nullopt;
  return OpArity{schema->min_input(), schema->max_input(), schema->min_output(),
                 schema->max_output()};
}
