// RUN: kiln-opt %s --kiln-gpu-merge-kernel-modules | FileCheck %s

// Every outlined kernel moves into one module, named after the module it
// came from, and the launches follow.

// CHECK:     gpu.module @kiln_kernels {
// CHECK:       gpu.func @f_kernel() kernel
// CHECK:       gpu.func @f_kernel_0() kernel
// CHECK:     }
// CHECK-NOT: gpu.module
// CHECK:     gpu.launch_func @kiln_kernels::@f_kernel blocks
// CHECK:     gpu.launch_func @kiln_kernels::@f_kernel_0 blocks
module attributes {gpu.container_module} {
  gpu.module @f_kernel {
    gpu.func @f_kernel() kernel {
      gpu.return
    }
  }
  gpu.module @f_kernel_0 {
    gpu.func @f_kernel() kernel {
      gpu.return
    }
  }
  func.func @f() {
    %c1 = arith.constant 1 : index
    gpu.launch_func @f_kernel::@f_kernel blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.launch_func @f_kernel_0::@f_kernel blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    return
  }
}
