//===- Passes.td - NVIDIA GPU code generation --------------*- tablegen -*-===//
//
// Passes of the GPU tail: kernels (scf.forall with #kiln_codegen.kernel)
// become gpu.launch ops whose threads are the kernel's tiles, and the host
// side's buffers move to device memory.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_CODEGEN_GPU_PASSES_TD
#define KILN_CODEGEN_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def KilnGpuMapKernels : Pass<"kiln-gpu-map-kernels", "::mlir::func::FuncOp"> {
  let summary = "Run each kernel on a GPU, one thread per tile";
  let description = [{
    Runs on buffers, after kiln-form-kernels (with `thread-tiles`) and
    bufferization. Each kernel, an `scf.forall` carrying its
    `#kiln_codegen.kernel`, becomes a `gpu.launch` whose threads are the
    forall's iterations: a 1-D grid of `threads-per-block`-thread blocks
    covers the iteration count, which may be dynamic, and each thread walks
    a grid-stride loop over the linearized iteration space (the innermost
    forall dimension fastest, so neighbouring threads touch neighbouring
    tiles and a warp's accesses coalesce). The kernel body's scratch
    buffers (`memref.alloc` of a static shape) become per-thread
    `memref.alloca`s at the top of the kernel.

    A reduction kernel that reduces a long innermost loop (32 elements or
    more, or a dynamic number: a softmax's or a layer norm's rows) maps
    differently: its blocks walk the forall's iterations and a block's
    threads (`row-threads` at most, fewer for shorter rows) share each
    iteration. Each linalg op of the body becomes loops in which every
    thread takes every n-th element of the innermost loop (a warp reads
    consecutive elements), a reduction folding a partial result per thread
    that `gpu.all_reduce` combines (warp shuffles, then shared memory
    across warps), followed by a `gpu.barrier`. A row maximum followed by
    a row sum of `exp(x - max)` (softmax, log_softmax) is one online pass
    carrying both. Small static scratch buffers move to shared memory; a
    kernel with a larger one keeps one thread per tile.

    A matmul kernel (one matmul or batch matmul, named or a multiply-add
    `linalg.generic` with their maps, reading whole rows of A and columns
    of B from buffers defined outside the kernel, thread tiles of at most
    8 x 8) maps to blocks of 16 x 16 threads (a grid layer per batch): per step of 16 along
    k the block copies its A and B tiles to shared memory, and each thread
    accumulates its tile in registers (`math.fma`) between two barriers;
    threads whose tile is in the output then run the rest of the body.

    An elementwise tile of 16 bytes per thread (1 x ... x 1 x 4 f32, each
    operand contiguous along the innermost loop or constant along it)
    becomes `scf.if` on the alignment of its operands' first elements:
    aligned, 16-byte `vector.load`s, the body on vectors and a
    `vector.store` (PTX `ld.global.v4` / `st.global.v4`); otherwise the
    scalar tile, so that buffers from callers need no alignment.

    Any other op that reads or writes buffers on the host side (a
    `linalg` op outside a kernel, a strided `memref.copy`) runs as a
    one-thread kernel, so that no host code touches device memory; a long
    reduction there (a full reduction) runs on one block of up to 1024
    threads the same way.

    Host code that loads or stores a buffer element (a `kiln.if` condition,
    a loop's test, a shape computed from data) does so through a
    one-element host buffer and a `gpu.memcpy`.

    Errors: a kernel's scratch buffer of unbounded dynamic shape, and
    vector code outside kernels.
  }];
  let options = [
    Option<"threadsPerBlock", "threads-per-block", "int64_t", "128",
           "Threads of each block of a one-thread-per-tile kernel">,
    Option<"rowThreads", "row-threads", "int64_t", "256",
           "Most threads of a block sharing a row reduction (32 to 1024)">,
  ];
  let dependentDialects = [
    "::mlir::gpu::GPUDialect", "::mlir::scf::SCFDialect",
    "::mlir::arith::ArithDialect", "::mlir::affine::AffineDialect",
    "::mlir::memref::MemRefDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::vector::VectorDialect", "::mlir::math::MathDialect",
  ];
}

def KilnGpuDeviceMemory : Pass<"kiln-gpu-device-memory", "::mlir::func::FuncOp"> {
  let summary = "Allocate the host side's buffers in GPU memory";
  let description = [{
    Runs after kiln-gpu-map-kernels: the host code of a function now only
    allocates, copies and frees buffers and launches kernels. Its
    `memref.alloc`/`memref.alloca` become `gpu.alloc`, `memref.dealloc`
    becomes `gpu.dealloc`, a copy between contiguous buffers `gpu.memcpy`,
    and a constant (`memref.get_global`) is copied to a device buffer
    where it is named (at the start of the function when a region yields
    it) and freed at the end of that block. Host buffers (bufferization's
    bookkeeping, the one-element buffers through which the host reads
    device elements) stay. Function arguments and results are device
    buffers; the C interface's host-pointer variant copies in and out
    around the call.

    Errors: a constant buffer returned by the function (bufferization
    copies results, so it is not expected).
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
}

def KilnGpuMergeKernelModules : Pass<"kiln-gpu-merge-kernel-modules",
                                     "::mlir::ModuleOp"> {
  let summary = "Put every outlined kernel in one gpu.module";
  let description = [{
    gpu-kernel-outlining makes one `gpu.module` per kernel. This pass moves
    every kernel into one module, `@kiln_kernels`, each renamed after the
    module it came from (`@<function>_kernel_<n>`), and points the launches
    at it: a program then holds one PTX (or cubin) image per architecture,
    loaded once per process.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
}

def KilnGpuNativeMath : Pass<"kiln-gpu-native-math",
                             "::mlir::gpu::GPUModuleOp"> {
  let summary = "Math that PTX has instructions for, without libdevice";
  let description = [{
    Runs after convert-gpu-to-nvvm, which lowers every math op to a call
    into libdevice (`__nv_floorf`, `__nv_fmaf`, ...). Kiln links no
    libdevice: the calls whose function is one PTX instruction (floor, ceil,
    trunc, rint, round, fma, sqrt, fabs, fmin, fmax, copysign, in f32 and
    f64) become LLVM intrinsics, which the NVPTX back end emits as that
    instruction. Transcendentals were replaced by kiln-approximate-math
    before; anything else is left for kiln-gpu-check-kernel-calls to report.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def KilnGpuCheckKernelCalls : Pass<"kiln-gpu-check-kernel-calls",
                                   "::mlir::ModuleOp"> {
  let summary = "Reject kernels that call functions no library provides";
  let description = [{
    Runs after gpu-module-to-binary. A kernel's PTX may declare external
    functions the NVPTX back end could not expand (`__nv_powf` from
    libdevice, `expf` for an intrinsic without a PTX instruction): the
    driver would refuse the module only at run time. This pass reads the
    PTX of every `gpu.binary` and reports each such function with the
    kernels' location, so the failure comes at compile time.
  }];
}

def KilnGpuAssembleKernels : Pass<"kiln-gpu-assemble-kernels",
                                  "::mlir::ModuleOp"> {
  let summary = "One kernel image for every architecture asked for";
  let description = [{
    Runs after gpu-module-to-binary (format `isa`) and
    kiln-gpu-check-kernel-calls, on `gpu.binary` ops holding one PTX object
    per NVVM target; the embedding keeps only one object. With `toolkit`
    (a CUDA toolkit's root, holding bin/ptxas and bin/fatbinary), ptxas
    compiles each architecture's PTX to a cubin and fatbinary packs the
    cubins and the newest architecture's PTX into one fatbin object: the
    driver loads the cubin of the device's compute capability, or
    JIT-compiles the PTX for a newer GPU. Without a toolkit, the oldest
    architecture's PTX is kept, which the driver JIT-compiles for any device
    at least that new.

    Errors: ptxas or fatbinary failing, with their output.
  }];
  let options = [
    Option<"toolkit", "toolkit", "std::string", "",
           "CUDA toolkit root for ptxas and fatbinary (none: keep PTX)">,
  ];
}

#endif // KILN_CODEGEN_GPU_PASSES_TD
