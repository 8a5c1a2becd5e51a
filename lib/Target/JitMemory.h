//===- JitMemory.h - where the JIT puts compiled code -----------*- C++ -*-===//

#ifndef KILN_TARGET_JITMEMORY_H
#define KILN_TARGET_JITMEMORY_H

#include "llvm/ExecutionEngine/SectionMemoryManager.h"

namespace mlir::kiln {

/// The memory mapper of every Kiln JIT engine: all sections inside one
/// reserved range, so that RuntimeDyld's 32-bit displacements reach.
llvm::SectionMemoryManager::MemoryMapper &jitMemoryMapper();

} // namespace mlir::kiln

#endif // KILN_TARGET_JITMEMORY_H
