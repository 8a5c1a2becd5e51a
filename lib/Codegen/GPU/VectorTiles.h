//===- VectorTiles.h - a thread's tile as 128-bit loads and stores -*- C++
//-*-===//
//
// A GPU thread's elementwise tile is 4 consecutive f32 (16 bytes): read and
// written as one `ld.global.v4` / `st.global.v4` when the addresses allow
// it. Buffers come from callers too (`kiln_<f>_device`), so alignment is
// tested at run time and the scalar loops remain for misaligned ones.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_CODEGEN_GPU_VECTORTILES_H
#define KILN_LIB_CODEGEN_GPU_VECTORTILES_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::kiln {

/// Bytes of the vector a thread loads at once.
constexpr int64_t kThreadVectorBytes = 16;

/// Whether `op` (on buffers) is a tile of one vector per thread: all loops
/// parallel, of static extents 1 x ... x 1 x n where n elements make
/// kThreadVectorBytes, each operand read along the innermost loop at unit
/// stride or constant along it, and a body of elementwise ops.
bool isVectorTile(linalg::GenericOp op);

/// Replaces `op` (isVectorTile) by `scf.if (every vector operand is
/// aligned) { vector loads, the body on vectors, a vector store } else {
/// op }`.
void vectorizeTile(RewriterBase &rewriter, linalg::GenericOp op);

} // namespace mlir::kiln

#endif // KILN_LIB_CODEGEN_GPU_VECTORTILES_H
