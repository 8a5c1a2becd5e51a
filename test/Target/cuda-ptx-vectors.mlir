// Elementwise kernels on a GPU read and write 16 bytes per thread and
// instruction where the addresses are aligned (a run-time test keeps the
// scalar tile for the others).
// RUN: kilnc %s --target=cuda --gpu-arch=sm_90 --emit=ptx -o %t.ptx
// RUN: FileCheck %s < %t.ptx
// RUN: %if ptxas %{ %ptxas -arch=sm_90 %t.ptx -o /dev/null %}
// RUN: %if ptxas %{ kilnc %s --target=cuda --gpu-arch=sm_80 --emit=ptx -o %t.80.ptx %}
// RUN: %if ptxas %{ %ptxas -arch=sm_80 %t.80.ptx -o /dev/null %}

// CHECK:     .visible .entry chain_kernel(
// CHECK-DAG: ld.global.v4.b32
// CHECK-DAG: st.global.v4.b32
// CHECK-DAG: ld.global.b32
// CHECK-DAG: st.global.b32
func.func @chain(%x: tensor<?x256xf32>, %b: tensor<256xf32>) -> tensor<?x256xf32> {
  %y = kiln.add %x, %b : tensor<?x256xf32>, tensor<256xf32>
  %z = kiln.relu %y : tensor<?x256xf32>
  %w = kiln.exp %z : tensor<?x256xf32>
  return %w : tensor<?x256xf32>
}
