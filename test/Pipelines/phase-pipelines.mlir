// RUN: kiln-opt --help | FileCheck %s --check-prefix=HELP
// RUN: kiln-opt %s --kiln-graph-pipeline | FileCheck %s --check-prefix=GRAPH
// RUN: kiln-opt %s --kiln-graph-pipeline --kiln-kernel-pipeline | FileCheck %s --check-prefix=KERNEL
// RUN: kiln-opt %s --kiln-graph-pipeline --kiln-kernel-pipeline=vector-width=8 | FileCheck %s --check-prefix=AVX2
// RUN: kiln-opt %s --kiln-graph-pipeline --kiln-kernel-pipeline --kiln-cpu-vector-pipeline --kiln-buffer-pipeline | FileCheck %s --check-prefix=BUFFER
// RUN: kiln-opt %s --kiln-graph-pipeline --kiln-kernel-pipeline --kiln-cpu-vector-pipeline --kiln-buffer-pipeline --kiln-cpu-lowering-pipeline | FileCheck %s --check-prefix=LLVM

// Every phase of kiln-cpu-pipeline is a registered pipeline of its own, so
// a test (or a user) can stop after any of them; run in order they are
// kiln-cpu-pipeline.

// HELP-DAG: --kiln-graph-pipeline
// HELP-DAG: --kiln-kernel-pipeline
// HELP-DAG: --kiln-cpu-vector-pipeline
// HELP-DAG: --kiln-buffer-pipeline
// HELP-DAG: --kiln-cpu-lowering-pipeline
// HELP-DAG: --kiln-cpu-pipeline

// After the graph phase: the gradient is expanded, still kiln ops.
// GRAPH-LABEL: func.func @train
// GRAPH-NOT:     kiln.grad
// GRAPH:         call @loss_grad_wrt_1
// GRAPH-LABEL: func.func private @loss_grad_wrt_1
// GRAPH:         kiln.matmul

// After the kernel phase: linalg on tensors, each kernel an scf.forall
// with the decision of kiln-form-kernels; the matmul with its bias-add +
// relu epilogue is a matmul kernel in 64 x 256 cache blocks of its output
// and 8 x 32 register tiles (16 lanes), the softmax one reduction kernel
// over rows.
// KERNEL-LABEL: func.func @mlp
// KERNEL-NOT:    kiln.
// KERNEL:        scf.forall
// KERNEL:          linalg.matmul
// KERNEL:        } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [64, 256], register_tile = [8, 32]>}
// KERNEL-LABEL: func.func @softmax
// KERNEL:        scf.forall
// KERNEL:        } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [8, 0], register_tile = [1, 16]>}

// With AVX2's 8 lanes the register tile is 6 x 16 (kernel tiles are
// multiples of it where one divides the range; none of 256's does here).
// AVX2-LABEL: func.func @mlp
// AVX2:        } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [64, 256], register_tile = [6, 16]>}
// AVX2-LABEL: func.func @softmax
// AVX2:        } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [8, 0], register_tile = [1, 8]>}

// After the buffer phase: memrefs and vectors; each kernel a function of
// its own since the CPU vector phase (outlined on tensors), still marked,
// writing into a buffer its caller passes.
// BUFFER-LABEL: func.func private @mlp_kernel0(
// BUFFER-SAME:       %{{.+}}: memref<256x512xf32>, %{{.+}}: memref<512x1024xf32>, %{{.+}}: memref<1024xf32>, %{{.+}}: memref<256x1024xf32>)
// BUFFER-SAME:       attributes {kiln_codegen.outlined
// BUFFER-NOT:    tensor<
// BUFFER-NOT:    memref.copy
// BUFFER:        scf.forall
// BUFFER:          vector.contract
// BUFFER:        } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul
// BUFFER-LABEL: func.func @mlp(
// BUFFER:        %[[OUT:.+]] = memref.alloc
// BUFFER-NEXT:   call @mlp_kernel0(%{{.+}}, %{{.+}}, %{{.+}}, %[[OUT]])
// BUFFER-NEXT:   return %[[OUT]]

// After the CPU lowering: the LLVM dialect, one function per kernel.
// LLVM: llvm.func @mlp_kernel0(
// LLVM: llvm.func @mlp(

func.func @mlp(%x: tensor<256x512xf32>, %w: tensor<512x1024xf32>,
               %b: tensor<1024xf32>) -> tensor<256x1024xf32> {
  %0 = kiln.matmul %x, %w : tensor<256x512xf32>, tensor<512x1024xf32>
  %1 = kiln.add %0, %b : tensor<256x1024xf32>, tensor<1024xf32>
  %2 = kiln.relu %1 : tensor<256x1024xf32>
  return %2 : tensor<256x1024xf32>
}

func.func @softmax(%x: tensor<64x512xf32>) -> tensor<64x512xf32> {
  %0 = kiln.softmax %x axis 1 : tensor<64x512xf32>
  return %0 : tensor<64x512xf32>
}

func.func private @loss(%w: tensor<4x4xf32>, %x: tensor<4x4xf32>) -> tensor<f32> {
  %0 = kiln.matmul %x, %w : tensor<4x4xf32>, tensor<4x4xf32>
  %1 = kiln.reduce_sum %0 : tensor<4x4xf32>
  return %1 : tensor<f32>
}

func.func @train(%w: tensor<4x4xf32>, %x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %g = kiln.grad @loss(%w, %x) wrt [1] : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  return %g : tensor<4x4xf32>
}
