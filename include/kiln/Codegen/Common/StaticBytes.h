//===- StaticBytes.h - byte size of a static buffer -------------*- C++ -*-===//

#ifndef KILN_CODEGEN_COMMON_STATICBYTES_H
#define KILN_CODEGEN_COMMON_STATICBYTES_H

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "llvm/Support/MathExtras.h"
#include <optional>

namespace mlir::kiln {

/// The bytes a static-shaped tensor or buffer of ints or floats holds (each
/// element rounded up to whole bytes), if known.
inline std::optional<int64_t> staticBytes(ShapedType type) {
  if (!type.hasStaticShape() || !type.getElementType().isIntOrFloat())
    return std::nullopt;
  return type.getNumElements() *
         llvm::divideCeil(type.getElementType().getIntOrFloatBitWidth(), 8);
}

} // namespace mlir::kiln

#endif // KILN_CODEGEN_COMMON_STATICBYTES_H
