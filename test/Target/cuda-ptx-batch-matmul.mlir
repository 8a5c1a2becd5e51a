// A batched kiln.matmul (a multiply-add linalg.generic after lowering) takes
// the shared-memory tile strategy too: two 4 KiB tiles, barriers, fmas.
// RUN: kilnc %s --target=cuda --gpu-arch=sm_90 --emit=ptx -o %t.ptx
// RUN: FileCheck %s < %t.ptx
// RUN: %if ptxas %{ %ptxas -arch=sm_90 %t.ptx -o /dev/null %}

// CHECK:     .visible .entry bmm_kernel(
// CHECK:     .shared .align 4 .b8 __wg_{{.+}}[4096];
// CHECK:     .shared .align 4 .b8 __wg_{{.+}}[4096];
// CHECK:     %ctaid.z
// CHECK:     bar.sync
// CHECK:     fma.rn.f32
func.func @bmm(%a: tensor<?x64x128xf32>, %b: tensor<?x128x32xf32>) -> tensor<?x64x32xf32> {
  %c = kiln.matmul %a, %b : tensor<?x64x128xf32>, tensor<?x128x32xf32>
  return %c : tensor<?x64x32xf32>
}
