// kilnc --target=cuda: PTX from LLVM's NVPTX back end, needing no CUDA
// toolkit. One module holds every kernel; the host side launches them
// through the runtime.

// RUN: kilnc %S/Inputs/dense-grad.mlir --target=cuda --gpu-arch=sm_90 --emit=ptx -o - | FileCheck %s --check-prefix=PTX
// PTX:      .version 7.8
// PTX:      .target sm_90
// PTX:      .address_size 64
// PTX:      .visible .entry loss_grad_wrt_1_2_kernel(
// PTX:      ld.global
// PTX:      st.global
// PTX:      .visible .entry loss_grad_wrt_1_2_kernel_{{[0-9]+}}(
// The forward matmul from shared-memory tiles of A (64 x 16) and B
// (16 x 64), barriers around each step, fused multiply-adds.
// RUN: kilnc %S/Inputs/dense-grad.mlir --target=cuda --gpu-arch=sm_90 --emit=ptx -o - | FileCheck %s --check-prefix=TILES
// TILES:     .shared .align 4 .b8 __wg_{{.+}}[4096];
// TILES:     .shared .align 4 .b8 __wg_{{.+}}[4096];
// TILES:     st.shared.b32
// TILES:     bar.sync {{.*}}0;
// TILES:     ld.shared.b32
// TILES:     fma.rn.f32
// TILES:     bar.sync {{.*}}0;
// Rows shared by a block's threads: partial results meet through warp
// shuffles, then shared memory and barriers across warps.
// RUN: kilnc %S/Inputs/dense-grad.mlir --target=cuda --gpu-arch=sm_90 --emit=ptx -o - | FileCheck %s --check-prefix=ROWS
// ROWS:     .shared .align 4 {{.+}} __wg_
// ROWS:     shfl.sync.bfly.b32
// ROWS:     st.shared.b32
// ROWS:     bar.sync {{.*}}0;
// ROWS:     ld.shared.b32

// The default architecture is sm_80.
// RUN: kilnc %S/Inputs/dense-grad.mlir --target=cuda --emit=ptx -o - | FileCheck %s --check-prefix=SM80
// SM80: .target sm_80

// Every kernel strategy of the graph is a kernel formed for GPU threads:
// 4 x 4 register tiles of the matmuls, a softmax's rows whole (with its
// elementwise ops recomputed inside, kiln-recompute-elementwise), the
// column sums of the bias gradient in 4-wide thread tiles. The weight
// gradient's transpose of x is folded into its matmul (read in place), so
// no transpose kernel is left.
// RUN: kilnc %S/Inputs/dense-grad.mlir --target=cuda --emit=mlir --stop-after-phase=kernel -o - | FileCheck %s --check-prefix=KERNELS
// KERNELS-DAG: strategy = matmul, tile_sizes = [4, 4], register_tile = [4, 4]
// KERNELS-DAG: strategy = matmul, tile_sizes = [4, 4, 0]
// KERNELS-DAG: strategy = reduction, tile_sizes = [1, 0]
// KERNELS-DAG: strategy = reduction, tile_sizes = [0, 4]
// KERNELS-NOT: strategy = transpose
// KERNELS-NOT: linalg.transpose

// The host side after the pipeline: launches of the one kernel module and
// device buffers through the runtime's mgpu* entry points.
// RUN: kilnc %S/Inputs/dense-grad.mlir --target=cuda --emit=mlir -o - | FileCheck %s --check-prefix=HOST
// HOST:     llvm.func @_mlir_ciface_dense_grad
// HOST:     llvm.call @mgpuStreamCreate
// HOST:     llvm.call @mgpuMemAlloc
// HOST:     gpu.launch_func <%{{.+}} : !llvm.ptr> @kiln_kernels::@loss_grad_wrt_1_2_kernel
// HOST:     gpu.binary @kiln_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx78">

// An object and header that link with no CUDA library.
// RUN: rm -rf %t && mkdir -p %t
// RUN: kilnc %S/Inputs/dense-grad.mlir --target=cuda -o %t/dense.o
// RUN: llvm-nm %t/dense.o | FileCheck %s --check-prefix=NM
// NM-NOT: U cu
// NM:     T _mlir_ciface_dense_grad
// NM-NOT: U cu
// NM:     U mgpuLaunchKernel
// NM-NOT: U cu
