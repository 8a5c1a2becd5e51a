// RUN: kiln-opt %s -split-input-file -kiln-outline-tensor-kernels | FileCheck %s

// Each kernel on tensors moves into a private, noinline function marked
// kiln_codegen.outlined: a kernel's scf.forall keeps kiln-form-kernels'
// number, a lone linalg op is numbered apart. Its destination is an
// argument (the caller allocates it); a fill of an empty tensor and splat
// constants are cloned into it, weights (non-splat constants) are passed.

// CHECK-LABEL: func.func private @graph_op0(
// CHECK-SAME:      %[[A:.+]]: tensor<4x4xf32>, %[[W:.+]]: tensor<4x4xf32>, %[[INIT:.+]]: tensor<4x4xf32>) -> tensor<4x4xf32>
// CHECK-SAME:      attributes {kiln_codegen.outlined, passthrough = ["noinline"]}
// CHECK-NEXT:    %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    %[[FILL:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[INIT]] : tensor<4x4xf32>)
// CHECK-NEXT:    %[[MM:.+]] = linalg.matmul ins(%[[A]], %[[W]] : {{.+}}) outs(%[[FILL]] : tensor<4x4xf32>)
// CHECK-NEXT:    return %[[MM]]
// CHECK-LABEL: func.func private @graph_kernel7(
// CHECK-SAME:      %{{.+}}: tensor<4x4xf32>, %{{.+}}: tensor<4x4xf32>) -> tensor<4x4xf32>
// CHECK:         arith.constant 2.000000e+00 : f32
// CHECK:         scf.forall
// CHECK:         } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 7, {{.+}}>}
// CHECK-LABEL: func.func @graph(
// CHECK-SAME:      %[[X:.+]]: tensor<4x4xf32>)
// CHECK-DAG:     %[[W:.+]] = arith.constant dense<{{.+}}> : tensor<4x4xf32>
// CHECK-DAG:     %[[EMPTY:.+]] = tensor.empty() : tensor<4x4xf32>
// CHECK-NOT:     linalg.fill
// CHECK:         %[[MM:.+]] = call @graph_op0(%[[X]], %[[W]], %[[EMPTY]])
// CHECK-NEXT:    %[[K:.+]] = call @graph_kernel7(%[[MM]], %[[EMPTY]])
// CHECK-NEXT:    return %[[K]]
func.func @graph(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %two = arith.constant 2.0 : f32
  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]]> : tensor<4x4xf32>
  %empty = tensor.empty() : tensor<4x4xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%empty : tensor<4x4xf32>) -> tensor<4x4xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<4x4xf32>, tensor<4x4xf32>) outs(%fill : tensor<4x4xf32>) -> tensor<4x4xf32>
  %k = scf.forall (%i) in (4) shared_outs(%out = %empty) -> (tensor<4x4xf32>) {
    %row = tensor.extract_slice %mm[%i, 0] [1, 4] [1, 1] : tensor<4x4xf32> to tensor<1x4xf32>
    %dst = tensor.extract_slice %out[%i, 0] [1, 4] [1, 1] : tensor<4x4xf32> to tensor<1x4xf32>
    %scaled = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%row : tensor<1x4xf32>) outs(%dst : tensor<1x4xf32>) {
    ^bb0(%a: f32, %b: f32):
      %m = arith.mulf %a, %two : f32
      linalg.yield %m : f32
    } -> tensor<1x4xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %scaled into %out[%i, 0] [1, 4] [1, 1] : tensor<1x4xf32> into tensor<4x4xf32>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 7, strategy = elementwise, tile_sizes = [1, 0], register_tile = [1, 4]>}
  return %k : tensor<4x4xf32>
}

// -----

// A slice read by a kernel is cloned into it (its source is passed), so
// that no copy of the slice is made; a kernel writing into a slice stays
// in its function, as do ops in nested regions.

// CHECK-LABEL: func.func private @f_op0(
// CHECK-SAME:      %[[SRC:.+]]: tensor<8x4xf32>, %[[INIT:.+]]: tensor<4x4xf32>) -> tensor<4x4xf32>
// CHECK-NEXT:    %[[SLICE:.+]] = tensor.extract_slice %[[SRC]][4, 0] [4, 4] [1, 1]
// CHECK-NEXT:    linalg.copy ins(%[[SLICE]] : tensor<4x4xf32>) outs(%[[INIT]] : tensor<4x4xf32>)
// CHECK-NOT:   func.func private
// CHECK-LABEL: func.func @f(
// CHECK:         call @f_op0(
// CHECK:         %[[TOP:.+]] = tensor.extract_slice
// CHECK-NEXT:    linalg.copy ins(%{{.+}} : tensor<4x4xf32>) outs(%[[TOP]] : tensor<4x4xf32>)
// CHECK:         scf.if
// CHECK-NEXT:      linalg.copy
func.func @f(%src: tensor<8x4xf32>, %p: i1) -> (tensor<4x4xf32>, tensor<8x4xf32>, tensor<4x4xf32>) {
  %empty = tensor.empty() : tensor<4x4xf32>
  %bottom = tensor.extract_slice %src[4, 0] [4, 4] [1, 1] : tensor<8x4xf32> to tensor<4x4xf32>
  %copy = linalg.copy ins(%bottom : tensor<4x4xf32>) outs(%empty : tensor<4x4xf32>) -> tensor<4x4xf32>
  %top = tensor.extract_slice %src[0, 0] [4, 4] [1, 1] : tensor<8x4xf32> to tensor<4x4xf32>
  %into = linalg.copy ins(%copy : tensor<4x4xf32>) outs(%top : tensor<4x4xf32>) -> tensor<4x4xf32>
  %whole = tensor.insert_slice %into into %src[0, 0] [4, 4] [1, 1] : tensor<4x4xf32> into tensor<8x4xf32>
  %maybe = scf.if %p -> tensor<4x4xf32> {
    %c = linalg.copy ins(%copy : tensor<4x4xf32>) outs(%empty : tensor<4x4xf32>) -> tensor<4x4xf32>
    scf.yield %c : tensor<4x4xf32>
  } else {
    scf.yield %copy : tensor<4x4xf32>
  }
  return %copy, %whole, %maybe : tensor<4x4xf32>, tensor<8x4xf32>, tensor<4x4xf32>
}

// -----

// Functions already outlined are left alone.

// CHECK-LABEL: func.func private @k(
// CHECK-NEXT:    linalg.copy
// CHECK-NOT:   func.func private
func.func private @k(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> attributes {kiln_codegen.outlined} {
  %c = linalg.copy ins(%a : tensor<4xf32>) outs(%b : tensor<4xf32>) -> tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// A kernel whose tiles take scratch from the tensor.empty that is also its
// destination gets an empty tensor of its own for the scratch: only the
// destination is passed (as an argument, the scratch would be a slice of
// the caller's buffer written outside the kernel's shared output, and
// bufferization would copy the whole destination).

// CHECK-LABEL: func.func private @scratch_kernel0(
// CHECK-SAME:      %[[X:.+]]: tensor<8x4xf32>, %[[DEST:.+]]: tensor<8x4xf32>) -> tensor<8x4xf32>
// CHECK:         %[[OWN:.+]] = tensor.empty() : tensor<8x4xf32>
// CHECK:         scf.forall (%[[I:.+]]) in (8) shared_outs(%[[OUT:.+]] = %[[DEST]])
// CHECK:           tensor.extract_slice %[[OWN]][%[[I]], 0]
// CHECK-LABEL: func.func @scratch(
// CHECK:         %[[EMPTY:.+]] = tensor.empty() : tensor<8x4xf32>
// CHECK-NEXT:    call @scratch_kernel0(%{{.+}}, %[[EMPTY]])
func.func @scratch(%x: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %empty = tensor.empty() : tensor<8x4xf32>
  %k = scf.forall (%i) in (8) shared_outs(%out = %empty) -> (tensor<8x4xf32>) {
    %row = tensor.extract_slice %x[%i, 0] [1, 4] [1, 1] : tensor<8x4xf32> to tensor<1x4xf32>
    %tmp = tensor.extract_slice %empty[%i, 0] [1, 4] [1, 1] : tensor<8x4xf32> to tensor<1x4xf32>
    %t = linalg.copy ins(%row : tensor<1x4xf32>) outs(%tmp : tensor<1x4xf32>) -> tensor<1x4xf32>
    %dst = tensor.extract_slice %out[%i, 0] [1, 4] [1, 1] : tensor<8x4xf32> to tensor<1x4xf32>
    %r = linalg.copy ins(%t : tensor<1x4xf32>) outs(%dst : tensor<1x4xf32>) -> tensor<1x4xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %r into %out[%i, 0] [1, 4] [1, 1] : tensor<1x4xf32> into tensor<8x4xf32>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [1, 0], register_tile = [1, 4]>}
  return %k : tensor<8x4xf32>
}
