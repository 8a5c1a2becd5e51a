//===- Passes.td - target-independent code generation ------*- tablegen -*-===//
//
// Code generation passes every target shares: kernel formation (which
// writes each kernel's #kiln_codegen.kernel), in-place kernels, buffer
// planning, outlining, and math approximations.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_COMMON_PASSES_TD
#define KILN_CODEGEN_COMMON_PASSES_TD

include "mlir/Pass/PassBase.td"

def KilnFormKernels : Pass<"kiln-form-kernels", "::mlir::func::FuncOp"> {
  let summary = "Group linalg ops into kernels: tile a root, fuse producers";
  let description = [{
    Decides which linalg ops on tensors run as one loop nest (a *kernel*),
    then builds each kernel by tiling its root and fusing the other members
    into the tile through TilingInterface. Each fused kernel is an
    `scf.forall` carrying its decision, `kiln_codegen.kernel =
    #kiln_codegen.kernel<id, strategy, tile_sizes, register_tile>`, which
    every later pass reads; a linalg op left outside any such loop is a
    kernel of its own. On CPUs the tile loop is where threads split the
    work; on GPUs each kernel becomes one launch.

    The strategy is the root's kind: `matmul` (a contraction, or the
    elementwise epilogue of one), `convolution` (a 2-D NCHW convolution or
    its epilogue), `pooling`, `transpose`, `reduction` (a root or fused
    producer reduces along its rows: softmax, layer norms, sums), or
    `elementwise`. The register tile and cache blocks come from the
    target's vector width (`KernelTiling`, the one place they are chosen):
    a contraction's accumulators are 8 x 32 for AVX-512 (16 lanes) and
    6 x 16 for AVX2 (8 lanes), its cache blocks 64 x 256 x 256; a
    transpose is read in width x width squares; other roots one vector of
    their innermost loop at a time. A convolution's register tile is left
    to the target (it depends on the shapes).

    Elementwise chains and broadcasts are fused before this pass, by
    `linalg-fuse-elementwise-ops`. The policy here, visiting ops from the
    last to the first so that a consumer claims its producers:

    - A root is tiled by rows: its parallel loops before the first reduction
      loop (and before the innermost loop) are tiled, the last of them by
      enough rows (a power of two dividing the range) to fill a tile of 4096
      elements. Special roots: a contraction is tiled in blocks of up to a
      cache block's 256 columns of its output (up to 64 rows when it is
      narrower), its elementwise consumer (bias add, activation, residual
      add) up to 64 x 256, a transpose in blocks of up to 64 rows, a
      convolution by images and blocks of up to 32 filters, a pooling by
      batch and channel planes, and a 1-D op in chunks of up to 16384
      elements. Static tiles divide the loop range (multiples of the
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
    - With `thread-tiles` (GPU targets) a tile is one thread's work: every
      parallel loop is tiled, by one except the innermost (one 4-lane
      vector; 4 x 4 accumulators for a contraction's output and its
      epilogue), reduction loops stay whole, and every op with a parallel
      loop becomes a kernel, however small.

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
    Option<"vectorWidth", "vector-width", "int64_t", "16",
           "f32 lanes of the target's vector registers (16 for AVX-512, 8 "
           "for AVX2), from which register tiles and cache blocks follow">,
    Option<"threadTiles", "thread-tiles", "bool", "false",
           "Size each tile as one GPU thread's work and put every op in a "
           "kernel (the GPU pipeline)">,
  ];
  let dependentDialects = [
    "::mlir::kiln::KilnCodegenDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
  ];
}

def KilnRecomputeElementwise : Pass<"kiln-recompute-elementwise",
                                    "::mlir::func::FuncOp"> {
  let summary = "Fuse elementwise producers into every consumer";
  let description = [{
    For targets where memory traffic costs more than arithmetic (GPUs),
    before kiln-form-kernels: a `linalg.generic` producer with only
    parallel loops is fused into each `linalg.generic` consumer (upstream
    elementwise fusion), also when other ops read it, so that its values
    are recomputed where they are read instead of written to a buffer and
    read back. A softmax's `exp(x - max)` then lives inside the sum and the
    division, and no row-sized intermediate is left. Contractions and
    convolutions are not fused into (their strategies need their bodies as
    they are), except for a permutation of an operand (a transpose, after
    the transpose and the matmul are generalized), which only changes the
    contraction's indexing map: the matmul reads the operand in place. A
    producer of more than `max-body-ops` ops is not copied.
  }];
  let options = [
    Option<"maxBodyOps", "max-body-ops", "int64_t", "16",
           "Largest producer body (in ops) to copy into its consumers">,
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def KilnReuseDyingInputs : Pass<"kiln-reuse-dying-inputs",
                                 "::mlir::func::FuncOp"> {
  let summary = "Let a kernel write its output over an input that dies";
  let description = [{
    In-place update for kernels, on tensors, after `kiln-form-kernels`. A
    kernel (an `scf.forall` with a `#kiln_codegen.kernel`) whose output
    starts as a `tensor.empty`, and whose tiles each read exactly the slice of an input
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

def KilnCheckBufferizable : Pass<"kiln-check-bufferizable", "::mlir::ModuleOp"> {
  let summary = "Name the ops on tensors that Kiln has no lowering for";
  let description = [{
    Runs before one-shot bufferization: every op with a tensor operand or
    result must implement `BufferizableOpInterface` (linalg, tensor, arith,
    scf, func, vector and bufferization ops do). Any other (an op of a
    dialect Kiln does not lower, such as tosa) gets an error naming it and
    saying that models are compiled from kiln ops, where bufferization
    would only say "op was not bufferized".
  }];
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

def KilnOutlineTensorKernels
    : Pass<"kiln-outline-tensor-kernels", "::mlir::ModuleOp"> {
  let summary = "Move each kernel on tensors into a function of its own";
  let description = [{
    Runs on tensors, after `kiln-form-kernels` and before the target's
    passes. Each kernel at the top level of a function (an `scf.forall`
    with a `#kiln_codegen.kernel`, or a linalg op left on its own) moves
    into a private function `<function>_kernel<id>` (or `<function>_op<N>`
    for a lone op), marked `kiln_codegen.outlined` and `noinline`, and is
    called in its place. Its operands become arguments, its destinations
    included, so that the function writes into what its caller allocates
    and the caller's memory planning sees every buffer. Scalar and splat
    constants, slices and fills of empty tensors feeding it are cloned into
    it instead; weights stay arguments, so that kernels differing only by
    their weights are one kernel. A kernel whose destination is a slice or
    a constant stays where it is: that destination would become a copy.

    Followed by `kiln-deduplicate-kernels`, a graph that repeats a layer
    then vectorizes, bufferizes and lowers each distinct kernel once, and
    the graph function keeps only calls. After bufferization,
    `kiln-drop-kernel-results` makes the kernels write into their arguments
    without returning them.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def KilnDropKernelResults
    : Pass<"kiln-drop-kernel-results", "::mlir::ModuleOp"> {
  let summary = "Outlined kernels stop returning the buffers they are given";
  let description = [{
    Runs after one-shot bufferization. A function outlined on tensors
    (`kiln_codegen.outlined`) returns, once bufferized, the argument it
    wrote into. Each such result is dropped and its calls' uses of it take
    the argument instead. Upstream `drop-equivalent-buffer-results` does
    this for every function, public ones too, which would change the C ABI
    of a model's entry points; outlined kernels are private and called only
    by name, so their calls are all the uses to update.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def KilnOutlineKernels : Pass<"kiln-outline-kernels", "::mlir::ModuleOp"> {
  let summary = "Move each top-level loop nest into a function of its own";
  let description = [{
    Runs on buffers. Each loop nest (`scf.for`, `scf.forall`,
    `scf.parallel`, `scf.while`) at the top level of a function (other than
    one `kiln-outline-tensor-kernels` outlined) moves into a
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

def KilnDeduplicateKernels : Pass<"kiln-deduplicate-kernels", "::mlir::ModuleOp"> {
  let summary = "Compile identical outlined kernels once";
  let description = [{
    Runs after `kiln-outline-tensor-kernels` or `kiln-outline-kernels`.
    Private functions with the same type, attributes and body (locations
    and discardable attributes aside; of `#kiln_codegen.kernel`, all but
    its number) are one kernel: the calls to every copy go to
    the first, and the copies are erased. A graph repeating a layer (a
    transformer's blocks, an unrolled recurrence) then compiles each distinct
    kernel once through the rest of the pipeline and LLVM, as IREE
    deduplicates its dispatches. Bodies are hashed in one walk and compared
    only within a hash bucket, and the calls are retargeted in one walk, so
    the pass is linear in the module's size.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
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

#endif // KILN_CODEGEN_COMMON_PASSES_TD
