//===- HostAccess.h - host reads and writes of device elements --*- C++ -*-===//
//
// Host code that loads or stores an element of a device buffer does so
// through a one-element host buffer and a gpu.memcpy.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CODEGEN_GPU_HOSTACCESS_H
#define KILN_LIB_CODEGEN_GPU_HOSTACCESS_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {

/// Replaces a host load of a device buffer's element by a copy of it to a
/// host buffer and a load there.
void loadThroughHost(RewriterBase &rewriter, memref::LoadOp load);

/// Replaces a host store into a device buffer by a store to a host buffer
/// and a copy of it to the element.
void storeThroughHost(RewriterBase &rewriter, memref::StoreOp store);

} // namespace mlir::kiln

#endif // KILN_LIB_CODEGEN_GPU_HOSTACCESS_H
