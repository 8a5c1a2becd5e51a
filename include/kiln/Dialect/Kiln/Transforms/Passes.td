//===- Passes.td - kiln graph passes -----------------------*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_TRANSFORMS_PASSES_TD
#define KILN_DIALECT_KILN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def KilnDecompose : Pass<"kiln-decompose"> {
  let summary = "Rewrite composite ops into kiln primitives";
  let description = [{
    Rewrites the composite ops into primitives so that later passes (fusion
    in particular) see through them:

    - `softmax(x)` -> `e / reduce_sum(e)` with `e = exp(x - reduce_max(x))`;
    - `log_softmax(x)` -> `(x - m) - log(reduce_sum(exp(x - m)))`,
      `m = reduce_max(x)`;
    - `gelu(x)` -> `x * 0.5 * (1 + erf(x * 0.70710678...))`;
    - `cross_entropy(logits, labels)` -> `-reduce_mean(reduce_sum(select(
      onehot, log_softmax(logits), 0)))`, the one-hot mask comparing the
      labels with the class indices (a select, so a -inf logit gives no NaN);
      it needs a static class count and leaves the op alone otherwise.

    The reductions inside softmax and log_softmax keep the reduced axis so
    that the subtraction and division broadcast; dynamic dimensions are
    supported.
  }];
  let dependentDialects = ["::mlir::kiln::KilnDialect"];
}

def KilnAutodiff : Pass<"kiln-autodiff", "::mlir::ModuleOp"> {
  let summary = "Expand kiln.grad and kiln.value_and_grad (reverse mode)";
  let description = [{
    Replaces every `kiln.grad` / `kiln.value_and_grad` with a call to a
    generated private function `@<callee>_grad[_value]_wrt<i>_<j>...` that
    runs the forward computation and then the reverse sweep:

    - the callee is cloned, grad ops inside it are expanded first (so
      gradients of gradients work), and every `func.call` is inlined;
    - the loss gets the seed (1 for a 0-d loss, the cotangent operand
      otherwise), and ops are visited in reverse order, each building its
      operands' gradients through `VJPOpInterface` (the pass knows no op by
      name); gradients of a value used several times are summed;
    - values with integer or bool types get no gradient; an op on float
      tensors without a VJP rule is an error;
    - `kiln.if` is differentiated by a reverse `kiln.if` on the same
      predicate whose regions recompute the taken branch and differentiate
      it, yielding the gradients of the values the branch reads from outside.

    - `kiln.for` and `kiln.while` are differentiated with a tape: the
      forward loop is rebuilt as a `kiln.for` that stores the loop-carried
      values its body reads at the start of every iteration, on tapes (one
      tensor per value, leading dimension the iteration) sized by the trip
      count. A `kiln.while`, whose trip count is known only when it ends,
      first runs once with a counter added; a tape grown inside the loop
      would be copied on every iteration by bufferization, so the taping
      loop runs its test-and-body pairs again over the counted trips. The
      reverse `kiln.for` recomputes each iteration from its tape entry and
      differentiates it, last iteration first, carrying the gradients of the
      loop-carried values and summing those of the values the body reads
      from outside. Memory grows linearly with the trip count. A dynamic
      dimension of a loop-carried value must keep its size across
      iterations (checked at run time).

    Saving rule: forward values at function level are kept (the reverse
    sweep reads them directly); values inside a branch or a loop body are
    recomputed in the reverse branch or loop body (a loop saves only its
    loop-carried values, once per iteration), so memory is one copy of the
    loop-carried state per iteration rather than every intermediate.

    The output is ordinary kiln IR (with `tensor.dim`, `tensor.cast` and
    slices as shape glue), so canonicalize, CSE and every later pass apply.
  }];
  let dependentDialects = [
    "::mlir::kiln::KilnDialect", "::mlir::func::FuncDialect",
    "::mlir::tensor::TensorDialect", "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
  ];
}

def KilnFormKernels : Pass<"kiln-form-kernels", "::mlir::func::FuncOp"> {
  let summary = "Group linalg ops into kernels: tile a root, fuse producers";
  let description = [{
    Decides which linalg ops on tensors run as one loop nest (a *kernel*),
    then builds each kernel by tiling its root and fusing the other members
    into the tile through TilingInterface. Each fused kernel is an
    `scf.forall` marked `kiln.kernel = <index>`; a linalg op left outside any
    such loop is a kernel of its own. On CPUs the tile loop is where threads
    split the work; on GPUs each kernel becomes one launch.

    Elementwise chains and broadcasts are fused before this pass, by
    `linalg-fuse-elementwise-ops`. The policy here, visiting ops from the
    last to the first so that a consumer claims its producers:

    - A root is tiled by rows: its parallel loops before the first reduction
      loop (and before the innermost loop) are tiled, the last of them by
      enough rows (a power of two dividing the range) to fill a tile of 4096
      elements. Special roots: a contraction is tiled in blocks of up to 256
      columns of its output (up to 64 rows when it is narrower), its
      elementwise consumer (bias add, activation, residual add) up to
      64 x 256, a transpose in blocks of up to 64 rows, a convolution by
      images and blocks of up to 32 filters, a pooling by batch and channel
      planes, and a 1-D op in chunks of up to
      16384 elements. Static tiles divide the loop range (multiples of the
      register tile where possible: 20 x 104 for a 100 x 520 output): a
      partial last tile would give every tile a dynamic shape, and every
      vector op a mask.
    - A producer joins the kernel when every user of its result is already
      in the kernel (and may fuse it), and fusing it computes each of its
      tiles exactly once:
      each tiled loop of the consumer must index the producer's result on
      its own (no broadcast along it) and must not be a reduction loop of
      the producer. So an expensive producer is never recomputed, and a
      result used outside the kernel is never computed twice.
    - Reductions fuse with their elementwise producers and consumers:
      softmax becomes one loop over rows, each row read from memory once.
    - A contraction (matmul) is fused only into an elementwise consumer, as
      its epilogue; so is a 2-D convolution (NCHW), when that consumer is
      its only user and reads it element for element (bias add,
      activation), tiled like the convolution. Transposes (a row tile would
      read columns), grouped convolutions and poolings keep their own loop
      nests.
    - A root with nothing to fuse (or only `linalg.fill`) still becomes a
      kernel when it is large enough to share among threads (2^16 iteration
      points, or dynamic sizes); smaller ops stay as they are.

    Members are fused slice by slice (`scf::tileAndFuseProducerOfSlice`),
    and a member with several users in the kernel is computed once per tile:
    later slices of the same tile reuse it.

    With `report`, each kernel is described in a remark on its root (its
    members and the bytes of memory traffic saved: each fused result was
    written once and read once per use), and a summary on the function.
    kilnc spells this `--kiln-fusion-report`.
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "Describe each kernel and the memory traffic it saves (remarks)">,
  ];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
  ];
}

def KilnVectorize : Pass<"kiln-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Tile linalg ops on tensors and vectorize the tiles";
  let description = [{
    Tiles every linalg op on tensors (TilingInterface, `scf.for` loops) and
    vectorizes each tile (`linalg::vectorize`, masked where a tile is
    partial or sizes are dynamic):

    - contractions (matmul, batched matmul): a register tile of 8 rows (6
      for AVX2, which has 16 vector registers) by `2 * vector-width` columns, one step of the contracted dimension at a
      time, as a `vector.contract` that lowers to broadcast + FMA outer
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
      others one by one.

    A 2-D contraction larger than a cache block in every dimension is first
    split into 64 x 256 x 256 (m x n x k) blocks looping n, k, m, so that a
    256 x 256 block of the right operand stays in L2 while the left
    operand's rows stream past; each block is then register-tiled as above.

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

def KilnPlanMemory : Pass<"kiln-plan-memory", "::mlir::func::FuncOp"> {
  let summary = "Place static intermediate buffers in one arena by liveness";
  let description = [{
    Runs after bufferization, before deallocation. Every `memref.alloc` at a
    function's top level with a static shape (identity layout, int or float
    elements) that the function does not return becomes a `memref.view` at
    an offset of one arena, allocated once at the top of the function; the
    deallocation pipeline then frees the arena. Dynamic shapes, buffers
    allocated inside loops and kernel tiles, and results keep the allocator,
    as do buffers that may escape what the pass follows (freed, stored into
    memory as a value, turned into a tensor, a pointer or an index), buffers
    aligned to more than 64 bytes and elements that are not a power-of-two
    number of bytes. Calls are assumed not to keep their arguments.

    - A buffer is live from the first to the last top-level op that uses it
      or an alias of it (views, and the results and block arguments of the
      loops, branches and calls it is passed to); a use inside a loop keeps
      it live for the whole loop.
    - Offsets are assigned greedily, largest buffer first, each at the lowest
      offset (a multiple of 64 bytes) not covered by an already placed buffer
      that is live at the same time. Buffers with disjoint lifetimes share
      memory: a dead input's bytes are reused by later outputs.

    With `report`, a remark on each function gives the arena size, the naive
    sum of the buffers and the lower bound: the most bytes live at once.
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "Report arena size, naive sum and lower bound (remarks)">,
  ];
  let dependentDialects = [
    "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
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

def KilnStreamingStores : Pass<"kiln-streaming-stores", "::mlir::func::FuncOp"> {
  let summary = "Write large kernel outputs with non-temporal stores";
  let description = [{
    Runs on buffers, before `kiln-outline-kernels`. A kernel (`scf.forall`
    marked `kiln.kernel`) that only writes an output buffer of at least
    `min-bytes` gains nothing from that buffer's lines passing through the
    cache: each ordinary store first reads its line from memory, then evicts
    data that will be read again. Its unmasked, in-bounds row writes
    (`vector.transfer_write` of a vector whose leading dimensions are 1,
    along a unit-stride innermost dimension) become
    `vector.store {nontemporal = true}`, which write whole lines straight to
    memory.

    x86 has aligned non-temporal vector stores only. The output must be an
    allocation aligned to 64 bytes, or a view at a multiple of 64 bytes
    into one (the arena of `kiln-plan-memory`); the kernel gets a
    `memref.assume_alignment` of it, and LLVM proves each store's alignment
    from its indices (a store it cannot prove aligned stays an ordinary
    one). Non-temporal stores are weakly ordered: such a kernel is followed
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

def KilnOutlineKernels : Pass<"kiln-outline-kernels", "::mlir::ModuleOp"> {
  let summary = "Move each top-level loop nest into a function of its own";
  let description = [{
    Runs on buffers. Each loop nest (`scf.for`, `scf.forall`,
    `scf.parallel`, `scf.while`) at the top level of a function moves into a
    private function `<function>_kernel<N>`, called in its place and marked
    `noinline`. The values it reads from above become arguments, constants
    are cloned into it. (Upstream `outlineSingleBlockRegion` rewrites a
    captured value's uses by scanning all of them; an arena view is read by
    a share of all kernels, so that was quadratic in the graph size.)
    LLVM's optimisations grow faster than linearly with the size of a
    function: with one function per kernel, compiling a graph takes time
    linear in its size. Each kernel is also a function in the IR, which is
    where a GPU launch will go.
  }];
  let dependentDialects = [
    "::mlir::func::FuncDialect", "::mlir::scf::SCFDialect",
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

def KilnReuseDyingInputs : Pass<"kiln-reuse-dying-inputs",
                                 "::mlir::func::FuncOp"> {
  let summary = "Let a kernel write its output over an input that dies";
  let description = [{
    In-place update for kernels, on tensors, after `kiln-form-kernels`. A
    kernel (`scf.forall` marked `kiln.kernel`) whose output starts as a
    `tensor.empty`, and whose tiles each read exactly the slice of an input
    that they write of the output (an elementwise op, a softmax row, a layer
    norm row), takes that input as the output's initial value when the input
    has no other use and was computed by an op (not a function argument or
    a constant): each tile then reads the input through the shared output.
    One-shot bufferization then writes the output into the input's buffer
    instead of a new one (a tile reads its slice before writing it, or
    elementwise with it; a conflicting read would make bufferization copy,
    never compute a wrong value), and `kiln-plan-memory` has one buffer
    fewer to place.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def KilnSplitEmptyTensors : Pass<"kiln-split-empty-tensors"> {
  let summary = "Give every use of a tensor.empty its own tensor.empty";
  let description = [{
    CSE merges identical `tensor.empty` ops, so the destinations of unrelated
    ops become one value. One-shot bufferization then puts all of them in one
    alias set and looks for conflicts between every pair of its writes and
    reads, which grows with the cube of the graph size (a 2k-op graph took
    over a minute). Run before bufferization, this pass clones a
    `tensor.empty` for each use after the first, so each destination starts
    its own alias set; which buffers end up sharing memory is decided later
    by memory planning, not by what CSE happened to merge.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def KilnApproximateMath : Pass<"kiln-approximate-math", "::mlir::func::FuncOp"> {
  let summary = "Replace f32 transcendental functions with polynomials";
  let description = [{
    LLVM has no vector `exp`, `log`, `tanh`, `erf`, `sin`, `cos`: a vector
    `math.exp` becomes one libm call per lane, which made softmax 30x slower
    than a memory-bound pass. This pass rewrites f32 `math` ops (scalar or
    vector) with MLIR's polynomial approximations (range reduction plus a
    minimax polynomial, a few ulp from libm), which vectorize like any
    arithmetic. f64 keeps libm.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::vector::VectorDialect",
    "::mlir::math::MathDialect",
  ];
}

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

#endif // KILN_DIALECT_KILN_TRANSFORMS_PASSES_TD
