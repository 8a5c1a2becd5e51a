//===- Passes.td - CPU code generation ---------------------*- tablegen -*-===//
//
// Passes of the x86-64 CPU tail: register tiles and vectors (AVX-512 /
// AVX2), vector-wide reductions, non-temporal stores, per-thread scratch
// on the stack, and copies the object must not call a library for.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_CPU_PASSES_TD
#define KILN_CODEGEN_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def KilnSplitReductions : Pass<"kiln-split-reductions", "::mlir::func::FuncOp"> {
  let summary = "Reduce along the innermost loop into vector-wide partials";
  let description = [{
    A linalg reduction along its innermost loop (a row sum, max, ...)
    vectorizes into one horizontal reduction per vector step, a serial chain
    of shuffles. This pass splits such a reduction of static length K (a
    multiple of `width`, at least twice it, or once when other loops are
    reduced too) in two:

    - a partial reduction to `width` lanes per output (lane j combines
      elements j, j + width, ...), whose hot loop combines whole vectors
      lane by lane (inputs reshaped K -> K/width x width);
    - a final reduction of the `width` partials.

    A long loop (at least 8 steps per accumulator) is split into 2 or 4
    vectors of partials instead, whose independent accumulators hide the
    combiner's latency (a NaN-propagating max is a chain of four dependent
    instructions per vector); a second partial reduction combines them into
    one vector before the final one.

    Besides speed, long f32 sums round less: each lane adds K/width terms.
    Applies to generics with one init, an innermost reduction loop, every
    parallel loop indexing the output, a single-op combiner with a neutral
    element (add, mul, max, min), no `linalg.index` in the body, and inputs
    that either read the reduced dimension last or not at all. Other reduced
    loops (a sum over batch, rows and columns: a bias gradient) stay in the
    partial reduction; the final one runs over the parallel loops and the
    lanes.
  }];
  let options = [
    Option<"width", "width", "int64_t", "16",
           "number of partial results per output (the vector width)">,
  ];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
  ];
}

def KilnVectorize : Pass<"kiln-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Tile linalg ops on tensors and vectorize the tiles";
  let description = [{
    Tiles every linalg op on tensors (TilingInterface, `scf.for` loops) and
    vectorizes each tile (`linalg::vectorize`, masked where a tile is
    partial or sizes are dynamic):

    - contractions (matmul, batched matmul): the register tile of the
      kernel's `#kiln_codegen.kernel` (outside kernels the same
      `KernelTiling`): 8 rows (6 for AVX2, which has 16 vector registers)
      by `2 * vector-width` columns, one step of the contracted dimension
      at a time, as a `vector.contract` that lowers to broadcast + FMA outer
      products; the accumulator tile is hoisted out of the reduction loop;
    - transposes: `vector-width` x `vector-width` squares, read whole and
      written as rows (not a column gathered element by element);
    - 2-D convolutions (`linalg.conv_2d_nchw_fchw`, f32 or f64, static
      filter count and spatial sizes; batch and channels may be dynamic):
      loops over register tiles of vector FMAs, generated directly (the
      input is already padded, so every read is in bounds). Usually a tile
      is R filters x V output columns (up to `2 * vector-width` columns and
      16 accumulator registers; 12 for AVX2): each (c, kh, kw) step reads
      one input row segment and broadcasts R filter taps into it. When the
      output is narrower than a vector but the kernel is wider (a filter
      gradient: its output is a few taps wide and its "filter" a whole
      output-gradient plane), the accumulators run along the kernel's width
      instead, R filters x up to 4 columns of them, each summed across its
      lanes once at the end. Strided or dilated columns are read as one
      contiguous segment and shuffled;
    - every other op: the innermost loop in steps of `vector-width`, the
      others one by one; a reduction whose innermost loop is parallel and at
      most 4 vectors long (`kiln-split-reductions`' partials) takes that
      loop whole, so its vectors accumulate independently, interleaved.

    A 2-D contraction larger than a cache block in every dimension is first
    split into `KernelTiling`'s 64 x 256 x 256 (m x n x k) blocks looping
    n, k, m, so that a 256 x 256 block of the right operand stays in L2
    while the left operand's rows stream past; each block is then register-tiled as above.

    The right operand (k x n) of a static 2-D contraction wider than a
    register tile is packed: copied, reading its rows in order, into
    strips one register tile wide (n / (2 * vector-width) x k x
    2 * vector-width), and the contraction is split into strips of columns
    that each read their strip of the copy in order. Unpacked, every step
    of k reads a short segment of another row, and rows a power of two
    apart fall into the same cache sets and evict each other (a 128 x 2048
    by 2048 x 2048 matmul with a bias ran at about 40 GFLOP/s unpacked and
    75-90 packed on one thread; square ones up to 2048 and the MLP step
    measured the same either way). The
    copy is hoisted out of the loop over blocks of rows, so a cache block
    of the right operand is packed once. A copy larger than 4 MiB is not
    made (it would not stay in the caches). The left operand is not packed.

    A static loop range that is not a multiple of its tile size is split
    first (`linalg::splitOp`): whole tiles, then a remainder smaller than one
    tile, so that no tile is partial (a partial tile would give every tile a
    dynamic shape and mask every vector op). Dynamic ranges are masked.

    A `linalg.fill` that initialises several ops (CSE merges the identical
    zero fills of all matmuls and reductions of one shape) is first cloned
    for each op that writes into it after its first use: bufferization
    would otherwise copy the shared tensor for every writer after the
    first, and its analysis of one tensor written by n ops takes time
    quadratic in n. Ops that only read the fill keep it.

    Ops the vectorizer does not support (grouped or integer convolutions,
    poolings, gathers, ...) are left
    as they are. The pass ends with canonicalization and CSE inside each
    top-level loop nest (over the whole function, CSE compares loops of the
    same shape with each other, which is quadratic in the graph size).
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", "16",
           "f32 lanes of a vector register: 16 for AVX-512, 8 for AVX2">,
  ];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect",
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
  ];
}

def KilnAvx512Exp : Pass<"kiln-avx512-exp", "::mlir::func::FuncOp"> {
  let summary = "f32 vector exp with AVX-512's vscalefps";
  let description = [{
    Rewrites each `math.exp` on f32 vectors of a multiple of 16 lanes as
    exp(x) = 2^k exp(r): k = round(x log2 e), r = x - k ln 2 in two parts,
    exp(r) a degree-7 polynomial (Cephes' coefficients), and the scaling by
    2^k `x86vector.avx512.mask.scalef` (vscalefps) on each 16 lanes. That
    is 16 instructions per vector where `kiln-approximate-math`'s expansion,
    which builds 2^k from exponent bits, takes 24, and subnormal and
    infinite results are exact. Runs before `kiln-approximate-math`, on
    AVX-512 targets only; other exps are left to it.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect", "::mlir::x86vector::X86VectorDialect",
  ];
}

def KilnStreamingStores : Pass<"kiln-streaming-stores", "::mlir::ModuleOp"> {
  let summary = "Write large kernel outputs with non-temporal stores";
  let description = [{
    Runs on buffers, before `kiln-outline-kernels`. A kernel (`scf.forall`
    with a `#kiln_codegen.kernel`) that only writes an output buffer of at least
    `min-bytes` gains nothing from that buffer's lines passing through the
    cache: each ordinary store first reads its line from memory, then evicts
    data that will be read again. Its unmasked, in-bounds row writes
    (`vector.transfer_write` of a vector whose leading dimensions are 1,
    along a unit-stride innermost dimension) become
    `vector.store {nontemporal = true}`, which write whole lines straight to
    memory.

    x86 has aligned non-temporal vector stores only. The output must be an
    allocation aligned to 64 bytes, or a view at a multiple of 64 bytes
    into one (the arena of `kiln-plan-memory`), or the argument of a
    kernel outlined on tensors (`kiln_codegen.outlined`) that every call
    passes such a buffer; each store's offset into it must be a provable
    multiple of the store's size, from its indices (a store that is not
    stays an ordinary one). Non-temporal stores are weakly ordered: such a kernel is followed
    by an `sfence` (`llvm.x86.sse.sfence`), and the worker threads' stores
    are ordered by the OpenMP barrier that ends the kernel (a locked
    instruction, which x86 orders with every store).

    A kernel that reads its output (an in-place update, an accumulation) is
    left alone, and so are outputs of dynamic size.
  }];
  let options = [
    Option<"minBytes", "min-bytes", "int64_t", "16777216",
           "Smallest output written with non-temporal stores (16 MiB: half "
           "of a 32 MiB L3, so that a smaller output can stay in the cache "
           "for the next kernel)">,
  ];
  let dependentDialects = [
    "::mlir::LLVM::LLVMDialect", "::mlir::memref::MemRefDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def KilnPrefetchNextRows : Pass<"kiln-prefetch-next-rows", "::mlir::func::FuncOp"> {
  let summary = "Row kernels prefetch their next row while they compute";
  let description = [{
    A row kernel (an `scf.forall` with a `reduction` `#kiln_codegen.kernel`:
    softmax, layer norm) reads each row of its input in several passes:
    the first streams it from memory, the others find it in the caches. The
    hardware prefetchers follow the first pass only, so memory idles while
    the later passes compute. This pass makes the last pass over a row also
    `memref.prefetch` the same elements of the next row (the forall's last
    induction variable plus its step, clamped to the last row), so the next
    row's first pass reads from the caches and memory is busy all along.

    A row is a `memref.subview` of a buffer from outside the kernel at an
    offset given by the induction variable; its reads are
    `vector.transfer_read`s through subviews and reshapes of it, each
    given one prefetch per cache line it covers. Rows read in a single
    pass, and scalar reads (a prefetch per element would cost more than it
    saves), are left alone.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect",
  ];
}

def KilnStackTileBuffers : Pass<"kiln-stack-tile-buffers", "::mlir::func::FuncOp"> {
  let summary = "Give each kernel thread one stack buffer per tile scratch";
  let description = [{
    Runs after `convert-scf-to-openmp`. A fused kernel's intermediates are
    per tile (the exponentials of one softmax row) and are allocated on the
    heap and freed in every iteration of the kernel's `omp.loop_nest`. Each
    static buffer of at most `max-bytes` allocated in an iteration and freed
    unconditionally in the same block becomes a
    `memref.alloca` at the start of the enclosing `omp.parallel` region (its
    `memref.dealloc` goes): one buffer per thread, reused by the iterations
    the thread runs one after another. That saves an allocator call per tile
    and leaves no allocation that could fail inside a parallel loop, where
    the runtime cannot unwind.
  }];
  let options = [
    Option<"maxBytes", "max-bytes", "int64_t", "65536",
           "Largest buffer put on the stack (OpenMP workers have 4 MiB)">,
  ];
  let dependentDialects = [
    "::mlir::memref::MemRefDialect", "::mlir::omp::OpenMPDialect",
  ];
}

def KilnExpandStridedCopies : Pass<"kiln-expand-strided-copies"> {
  let summary = "Rewrite strided memref.copy as linalg.copy loops";
  let description = [{
    `memref.copy` between buffers that are not both contiguous lowers to a
    call of MLIR's C runner utility `memrefCopy`, which a model compiled by
    kilnc must not need (it links against libkiln_runtime, libomp, libc and
    libm only). This pass rewrites those copies as `linalg.copy`, which becomes
    loops; contiguous copies stay `memref.copy` and become `memcpy`.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // KILN_CODEGEN_CPU_PASSES_TD
