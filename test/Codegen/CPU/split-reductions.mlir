// RUN: kiln-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(kiln-split-reductions))" | FileCheck %s

// A row max with keepdims output: a partial max to 16 lanes per row over
// the input reshaped 64 -> 4 x 16 (lanes start at -inf), then the final max
// of the lanes into the original init.
// CHECK-DAG:   #[[IN3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[LANES:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[ROWS:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[KEEP:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @row_max
// CHECK-SAME:  (%[[X:.*]]: tensor<8x64xf32>, %[[INIT:.*]]: tensor<8x1xf32>)
// CHECK:       %[[R:.*]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2]] output_shape [8, 4, 16] : tensor<8x64xf32> into tensor<8x4x16xf32>
// CHECK:       %[[E:.*]] = tensor.empty() : tensor<8x16xf32>
// CHECK:       %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK:       %[[F:.*]] = linalg.fill ins(%[[NEG]] : f32) outs(%[[E]] : tensor<8x16xf32>)
// CHECK:       %[[P:.*]] = linalg.generic {indexing_maps = [#[[IN3]], #[[LANES]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME:      ins(%[[R]] : tensor<8x4x16xf32>) outs(%[[F]] : tensor<8x16xf32>)
// CHECK:         arith.maximumf
// CHECK:       %[[M:.*]] = linalg.generic {indexing_maps = [#[[ROWS]], #[[KEEP]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:      ins(%[[P]] : tensor<8x16xf32>) outs(%[[INIT]] : tensor<8x1xf32>)
// CHECK:         %[[C:.*]] = arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK:         linalg.yield %[[C]]
// CHECK:       return %[[M]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#keep = affine_map<(d0, d1) -> (d0, 0)>
func.func @row_max(%x: tensor<8x64xf32>, %init: tensor<8x1xf32>) -> tensor<8x1xf32> {
  %0 = linalg.generic {indexing_maps = [#id, #keep], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<8x64xf32>) outs(%init : tensor<8x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  } -> tensor<8x1xf32>
  return %0 : tensor<8x1xf32>
}

// -----

// Elementwise work fused into the reduction (exp(x - m)) stays in the
// partial op; the broadcast operand (no reduced dimension) is not reshaped.
// CHECK-LABEL: func.func @fused_sum
// CHECK:       tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2]] output_shape [2, 2, 16]
// CHECK:       linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "parallel"]
// CHECK-SAME:      ins(%{{.*}}, %{{.*}} : tensor<2x2x16xf32>, tensor<2xf32>)
// CHECK:         arith.subf
// CHECK:         math.exp
// CHECK:         arith.addf
// CHECK:       linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK-SAME:      ins(%{{.*}} : tensor<2x16xf32>)
// CHECK-NOT:     math.exp
// CHECK:         arith.addf
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @fused_sum(%x: tensor<2x32xf32>, %m: tensor<2xf32>, %init: tensor<2xf32>) -> tensor<2xf32> {
  %0 = linalg.generic {indexing_maps = [#id2, #row, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %m : tensor<2x32xf32>, tensor<2xf32>) outs(%init : tensor<2xf32>) {
  ^bb0(%in: f32, %mi: f32, %out: f32):
    %d = arith.subf %in, %mi : f32
    %e = math.exp %d : f32
    %s = arith.addf %out, %e : f32
    linalg.yield %s : f32
  } -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Several reduced loops (a bias gradient: sum over batch, rows and
// columns): the partial op keeps the outer reduced loops and splits the
// innermost one; the final op has the parallel loop and the lanes only.
// CHECK-DAG:   #[[IN5:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG:   #[[CLANE:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4)>
// CHECK-DAG:   #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[FIRST:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @bias_gradient
// CHECK:       %[[R:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1], [2], [3, 4]] output_shape [8, 32, 6, 2, 16]
// CHECK:       %[[P:.*]] = linalg.generic {indexing_maps = [#[[IN5]], #[[CLANE]]], iterator_types = ["reduction", "parallel", "reduction", "reduction", "parallel"]}
// CHECK-SAME:      ins(%[[R]] : tensor<8x32x6x2x16xf32>) outs(%{{.*}} : tensor<32x16xf32>)
// CHECK:       linalg.generic {indexing_maps = [#[[ID2]], #[[FIRST]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:      ins(%[[P]] : tensor<32x16xf32>) outs(%{{.*}} : tensor<32xf32>)
#nchw = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#channel = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @bias_gradient(%g: tensor<8x32x6x32xf32>, %init: tensor<32xf32>) -> tensor<32xf32> {
  %0 = linalg.generic {indexing_maps = [#nchw, #channel], iterator_types = ["reduction", "parallel", "reduction", "reduction"]}
      ins(%g : tensor<8x32x6x32xf32>) outs(%init : tensor<32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<32xf32>
  return %0 : tensor<32xf32>
}

// -----

// With other reduced loops, a single vector's worth of columns is split too
// (1 x 16): the lanes accumulate over batch and rows.
// CHECK-LABEL: func.func @bias_gradient_one_vector
// CHECK:       tensor.expand_shape %{{.*}} {{\[\[}}0], [1], [2], [3, 4]] output_shape [4, 8, 5, 1, 16]
// CHECK:       iterator_types = ["reduction", "parallel", "reduction", "reduction", "parallel"]
// CHECK:       iterator_types = ["parallel", "reduction"]
#nchw1 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#channel1 = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @bias_gradient_one_vector(%g: tensor<4x8x5x16xf32>, %init: tensor<8xf32>) -> tensor<8xf32> {
  %0 = linalg.generic {indexing_maps = [#nchw1, #channel1], iterator_types = ["reduction", "parallel", "reduction", "reduction"]}
      ins(%g : tensor<4x8x5x16xf32>) outs(%init : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// Left alone: a length that is not a multiple of the width, a reduction
// that is not the innermost loop, a short one, and one whose body reads its
// loop index (it would see the split index).
// CHECK-LABEL: func.func @not_split
// CHECK-NOT:   tensor.expand_shape
// CHECK-COUNT-4: linalg.generic
#a = affine_map<(d0, d1) -> (d0, d1)>
#b = affine_map<(d0, d1) -> (d0)>
#c = affine_map<(d0, d1) -> (d1)>
func.func @not_split(%x: tensor<4x40xf32>, %y: tensor<64x4xf32>, %z: tensor<4x16xf32>,
                     %i4: tensor<4xf32>, %ix: tensor<4x64xf32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = linalg.generic {indexing_maps = [#a, #b], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x40xf32>) outs(%i4 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %1 = linalg.generic {indexing_maps = [#a, #c], iterator_types = ["reduction", "parallel"]}
      ins(%y : tensor<64x4xf32>) outs(%i4 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %2 = linalg.generic {indexing_maps = [#a, #b], iterator_types = ["parallel", "reduction"]}
      ins(%z : tensor<4x16xf32>) outs(%i4 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %3 = linalg.generic {indexing_maps = [#a, #b], iterator_types = ["parallel", "reduction"]}
      ins(%ix : tensor<4x64xf32>) outs(%i4 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %k = linalg.index 1 : index
    %ki = arith.index_cast %k : index to i32
    %kf = arith.sitofp %ki : i32 to f32
    %w = arith.mulf %in, %kf : f32
    %s = arith.addf %out, %w : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// A long row (1024 = 16 x 64) accumulates into four vectors of partials
// (64 lanes: four independent chains of adds), which a second partial
// reduction combines into one vector before the final reduction.
// CHECK-DAG:   #[[IN3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[LANES:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @long_row_sum
// CHECK:       %[[R:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2]] output_shape [8, 16, 64] : tensor<8x1024xf32> into tensor<8x16x64xf32>
// CHECK:       %[[P:.*]] = linalg.generic {indexing_maps = [#[[IN3]], #[[LANES]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME:      ins(%[[R]] : tensor<8x16x64xf32>) outs(%{{.*}} : tensor<8x64xf32>)
// CHECK:       %[[R2:.*]] = tensor.expand_shape %[[P]] {{\[\[}}0], [1, 2]] output_shape [8, 4, 16] : tensor<8x64xf32> into tensor<8x4x16xf32>
// CHECK:       %[[P2:.*]] = linalg.generic {indexing_maps = [#[[IN3]], #[[LANES]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME:      ins(%[[R2]] : tensor<8x4x16xf32>) outs(%{{.*}} : tensor<8x16xf32>)
// CHECK:       %[[S:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:      ins(%[[P2]] : tensor<8x16xf32>) outs(%{{.*}} : tensor<8xf32>)
// CHECK:       return %[[S]]
#id5 = affine_map<(d0, d1) -> (d0, d1)>
#row5 = affine_map<(d0, d1) -> (d0)>
func.func @long_row_sum(%x: tensor<8x1024xf32>, %init: tensor<8xf32>) -> tensor<8xf32> {
  %0 = linalg.generic {indexing_maps = [#id5, #row5], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<8x1024xf32>) outs(%init : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// 256 = 8 vectors: two accumulators of four steps each.
// CHECK-LABEL: func.func @medium_row_max
// CHECK:       tensor.expand_shape %{{.*}} output_shape [4, 8, 32]
// CHECK:       tensor.expand_shape %{{.*}} output_shape [4, 2, 16]
#id6 = affine_map<(d0, d1) -> (d0, d1)>
#row6 = affine_map<(d0, d1) -> (d0)>
func.func @medium_row_max(%x: tensor<4x256xf32>, %init: tensor<4xf32>) -> tensor<4xf32> {
  %0 = linalg.generic {indexing_maps = [#id6, #row6], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x256xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  } -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
