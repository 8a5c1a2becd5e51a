// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-vectorize),canonicalize)' | FileCheck %s
// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-vectorize{vector-width=8}))' | FileCheck %s --check-prefix=AVX2

// Elementwise: the innermost loop in steps of 16 (8 for AVX2), the others
// one by one. A static size that is not a multiple of the step is split
// first (linalg::splitOp): 96 columns in whole vectors, then a 4-column
// remainder as one short vector; no tile is partial, so nothing is masked.
// CHECK-LABEL: func.func @elementwise(
// CHECK-NOT:       vector.create_mask
// CHECK:           tensor.extract_slice %{{.+}}[0, 0] [%{{.+}}, 96] [1, 1] : tensor<?x100xf32> to tensor<?x96xf32>
// CHECK:           scf.for %{{.+}} step %c1
// CHECK:             scf.for %{{.+}} = %c0 to %c96 step %c16
// CHECK:               %[[A:.+]] = vector.transfer_read {{.+}} {in_bounds = [true, true]} : tensor<1x16xf32>, vector<1x16xf32>
// CHECK:               %[[B:.+]] = vector.transfer_read {{.+}} {in_bounds = [true, true]} : tensor<1x16xf32>, vector<1x16xf32>
// CHECK:               %[[S:.+]] = arith.addf %[[A]], %[[B]] : vector<1x16xf32>
// CHECK:               vector.transfer_write %[[S]]
// CHECK:           tensor.extract_slice %{{.+}}[0, 96] [%{{.+}}, 4] [1, 1] : tensor<?x100xf32> to tensor<?x4xf32>
// CHECK:           scf.for %{{.+}} step %c1
// CHECK:             arith.addf %{{.+}}, %{{.+}} : vector<1x4xf32>
// CHECK-NOT:     linalg.generic
// AVX2-LABEL: func.func @elementwise(
// AVX2-NOT:       vector.create_mask
// AVX2:           arith.addf %{{.+}}, %{{.+}} : vector<1x8xf32>
// AVX2:           arith.addf %{{.+}}, %{{.+}} : vector<1x4xf32>
func.func @elementwise(%a: tensor<?x100xf32>, %b: tensor<?x100xf32>) -> tensor<?x100xf32> {
  %c0 = arith.constant 0 : index
  %d = tensor.dim %a, %c0 : tensor<?x100xf32>
  %e = tensor.empty(%d) : tensor<?x100xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<?x100xf32>, tensor<?x100xf32>) outs(%e : tensor<?x100xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<?x100xf32>
  return %r : tensor<?x100xf32>
}

// -----

// A dynamic innermost size: the last tile is partial, so every tile is
// masked.
// CHECK-LABEL: func.func @elementwise_dynamic(
// CHECK:         scf.for %{{.+}} step %c1
// CHECK:           scf.for %[[J:.+]] = %c0 to %{{.+}} step %c16
// CHECK:             %[[N:.+]] = affine.min {{.+}}(%[[J]])
// CHECK:             %[[MASK:.+]] = vector.create_mask %c1, %[[N]] : vector<1x16xi1>
// CHECK:             %[[A:.+]] = vector.transfer_read {{.+}}, %[[MASK]] {{.+}} : tensor<1x?xf32>, vector<1x16xf32>
// CHECK:             %[[S:.+]] = arith.addf %[[A]], %{{.+}} : vector<1x16xf32>
// CHECK:             vector.transfer_write %[[S]], {{.+}}, %[[MASK]]
// AVX2-LABEL: func.func @elementwise_dynamic(
// AVX2:           vector.create_mask %c1, %{{.+}} : vector<1x8xi1>
func.func @elementwise_dynamic(%a: tensor<4x?xf32>, %b: tensor<4x?xf32>) -> tensor<4x?xf32> {
  %c1 = arith.constant 1 : index
  %d = tensor.dim %a, %c1 : tensor<4x?xf32>
  %e = tensor.empty(%d) : tensor<4x?xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<4x?xf32>, tensor<4x?xf32>) outs(%e : tensor<4x?xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<4x?xf32>
  return %r : tensor<4x?xf32>
}

// -----

// Matmul: the right operand is packed in strips one register tile wide
// (2 x 64 x 32), copied row by row; each strip of the result reads its own.
// An 8 x 32 register tile; the accumulator is read before the contracted
// loop, carried as a vector and written after it.
// CHECK-LABEL: func.func @matmul(
// CHECK:         %[[ROWS:.+]] = tensor.expand_shape %arg1 {{\[\[}}0], [1, 2]] output_shape [64, 2, 32] : tensor<64x64xf32> into tensor<64x2x32xf32>
// CHECK:         %[[EMPTY:.+]] = tensor.empty() : tensor<2x64x32xf32>
// CHECK:         %[[PACKED:.+]] = scf.for %[[KK:.+]] = %c0 to %c64 step %c1 iter_args({{.+}} = %[[EMPTY]])
// CHECK:           scf.for %[[S:.+]] = %c0 to %c2 step %c1
// CHECK:             tensor.extract_slice %[[ROWS]][%[[KK]], %[[S]], %{{.+}}] [1, 1, 16]
// CHECK:             vector.transfer_write {{.+}} {in_bounds = [true, true, true], permutation_map = #{{.+}}} : vector<1x1x16xf32>, tensor<1x1x16xf32>
// CHECK:         scf.for %[[J:.+]] = %c0 to %c64 step %c32
// CHECK:           %[[INDEX:.+]] = affine.apply #{{.+}}(%[[J]])
// CHECK:           %[[STRIP:.+]] = tensor.extract_slice %[[PACKED]][%[[INDEX]], 0, 0] [1, 64, 32] [1, 1, 1] : tensor<2x64x32xf32> to tensor<64x32xf32>
// CHECK:           scf.for %[[I:.+]] = %c0 to %c64 step %c8
// CHECK:             %[[ACC:.+]] = vector.transfer_read {{.+}} : tensor<8x32xf32>, vector<8x32xf32>
// CHECK:             %[[R:.+]] = scf.for %[[K:.+]] = %c0 to %c64 step %c1 iter_args(%[[C:.+]] = %[[ACC]]) -> (vector<8x32xf32>)
// CHECK:               tensor.extract_slice %[[STRIP]][%[[K]], 0] [1, 32]
// CHECK:               %[[LHS:.+]] = vector.transfer_read {{.+}} : tensor<8x1xf32>, vector<8x1xf32>
// CHECK:               %[[RHS:.+]] = vector.transfer_read {{.+}} : tensor<1x32xf32>, vector<1x32xf32>
// CHECK:               %[[NEXT:.+]] = vector.contract {{.+}} %[[LHS]], %[[RHS]], %[[C]] : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK:               scf.yield %[[NEXT]] : vector<8x32xf32>
// CHECK:             vector.transfer_write %[[R]]
// CHECK-NOT:     linalg.matmul
// AVX2 has 16 registers: 6-row tiles (rows 0-59), then the 4-row remainder.
// AVX2-LABEL: func.func @matmul(
// AVX2:           vector.contract {{.+}} : vector<6x1xf32>, vector<1x16xf32> into vector<6x16xf32>
// AVX2:           vector.contract {{.+}} : vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
func.func @matmul(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %r : tensor<64x64xf32>
}

// -----

// Not packed: a right operand one strip wide is already read in order, a
// transposed one is not read as rows of columns, 8 rows are one register
// tile (nothing reuses a strip), and a copy of 8 MiB is larger than the
// caches.
// CHECK-LABEL: func.func @matmul_unpacked(
// CHECK-NOT:     tensor.expand_shape
// CHECK:         return
func.func @matmul_unpacked(%a: tensor<64x64xf32>, %b: tensor<64x32xf32>, %c: tensor<64x32xf32>,
                           %bt: tensor<64x64xf32>, %d: tensor<64x64xf32>,
                           %e: tensor<8x64xf32>, %f: tensor<8x64xf32>,
                           %g: tensor<16x8192xf32>, %h: tensor<8192x256xf32>, %i: tensor<16x256xf32>)
    -> (tensor<64x32xf32>, tensor<64x64xf32>, tensor<8x64xf32>, tensor<16x256xf32>) {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x32xf32>) outs(%c : tensor<64x32xf32>) -> tensor<64x32xf32>
  %1 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%a, %bt : tensor<64x64xf32>, tensor<64x64xf32>) outs(%d : tensor<64x64xf32>) -> tensor<64x64xf32>
  %2 = linalg.matmul ins(%e, %a : tensor<8x64xf32>, tensor<64x64xf32>) outs(%f : tensor<8x64xf32>) -> tensor<8x64xf32>
  %3 = linalg.matmul ins(%g, %h : tensor<16x8192xf32>, tensor<8192x256xf32>) outs(%i : tensor<16x256xf32>) -> tensor<16x256xf32>
  return %0, %1, %2, %3 : tensor<64x32xf32>, tensor<64x64xf32>, tensor<8x64xf32>, tensor<16x256xf32>
}

// -----

// A cache-blocked contraction packs each 256 x 256 block of its right
// operand once, outside the loop over the blocks of rows.
// CHECK-LABEL: func.func @matmul_blocked(
// CHECK:         scf.for %{{.+}} = %c0 to %c512 step %c256
// CHECK:           scf.for %{{.+}} = %c0 to %c512 step %c256
// CHECK:             tensor.expand_shape {{.+}} : tensor<256x256xf32> into tensor<256x8x32xf32>
// CHECK:             scf.for %{{.+}} = %c0 to %c256 step %c1 iter_args(%{{.+}} = %{{.+}}) -> (tensor<8x256x32xf32>)
// CHECK:             scf.for %{{.+}} = %c0 to %c128 step %c64
// CHECK-NOT:           tensor.expand_shape
// CHECK:               scf.for %{{.+}} = %c0 to %c256 step %c32
func.func @matmul_blocked(%a: tensor<128x512xf32>, %b: tensor<512x512xf32>, %c: tensor<128x512xf32>) -> tensor<128x512xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<128x512xf32>, tensor<512x512xf32>) outs(%c : tensor<128x512xf32>) -> tensor<128x512xf32>
  return %r : tensor<128x512xf32>
}

// -----

// A tile never exceeds a small static range.
// CHECK-LABEL: func.func @small(
// CHECK:         vector.transfer_read {{.+}} : tensor<3xf32>, vector<3xf32>
// CHECK:         math.exp %{{.+}} : vector<3xf32>
func.func @small(%a: tensor<3xf32>) -> tensor<3xf32> {
  %e = tensor.empty() : tensor<3xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%a : tensor<3xf32>) outs(%e : tensor<3xf32>) {
  ^bb0(%x: f32, %o: f32):
    %s = math.exp %x : f32
    linalg.yield %s : f32
  } -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

// Left alone: integer convolutions, ops on i1 (LLVM packs vectors of i1
// into bits in memory) and empty iteration spaces.
// CHECK-LABEL: func.func @left_alone(
// CHECK:         linalg.conv_2d_nchw_fchw
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%{{.+}} : tensor<8xi1>)
// CHECK:         linalg.matmul
// CHECK-NOT:     vector.
func.func @left_alone(%x: tensor<1x1x8x8xi32>, %w: tensor<1x1x3x3xi32>, %o: tensor<1x1x6x6xi32>,
                      %m: tensor<8xi1>, %a: tensor<4x0xf32>, %b: tensor<0x4xf32>, %c: tensor<4x4xf32>)
    -> (tensor<1x1x6x6xi32>, tensor<8xi1>, tensor<4x4xf32>) {
  %0 = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x8x8xi32>, tensor<1x1x3x3xi32>) outs(%o : tensor<1x1x6x6xi32>) -> tensor<1x1x6x6xi32>
  %e = tensor.empty() : tensor<8xi1>
  %1 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%m : tensor<8xi1>) outs(%e : tensor<8xi1>) {
  ^bb0(%v: i1, %out: i1):
    %t = arith.constant true
    %n = arith.xori %v, %t : i1
    linalg.yield %n : i1
  } -> tensor<8xi1>
  %2 = linalg.matmul ins(%a, %b : tensor<4x0xf32>, tensor<0x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0, %1, %2 : tensor<1x1x6x6xi32>, tensor<8xi1>, tensor<4x4xf32>
}

// -----

// A convolution as register tiles of filters x output columns: 3 filters x
// 32 columns, then 3 x 6 for the remaining columns. Each (c, kh) step reads
// an input row segment per kw and broadcasts each filter's tap into an FMA.
// CHECK-LABEL: func.func @conv_output_columns(
// CHECK:         scf.for %[[OH:[^ ]+]] = %c0 to %c4 step %c1 iter_args(%[[OUT:[^ ]+]] = %arg2)
// CHECK-COUNT-3:   vector.transfer_read %[[OUT]]{{.+}} : tensor<1x3x4x38xf32>, vector<32xf32>
// CHECK:           scf.for %[[C:[^ ]+]] = %c0 to %c2
// CHECK:             scf.for %[[KH:[^ ]+]] = %c0 to %c3
// CHECK:               %[[ROW:[^ ]+]] = arith.addi %[[KH]], %[[OH]]
// CHECK:               vector.transfer_read %arg0[%c0, %[[C]], %[[ROW]], %c0]{{.+}} vector<32xf32>
// CHECK:               tensor.extract %arg1[%c0, %[[C]], %[[KH]], %c0]
// CHECK-COUNT-9:       vector.fma {{.+}} : vector<32xf32>
// CHECK-NOT:           vector.fma
// CHECK:           scf.yield
// CHECK-COUNT-3:   vector.transfer_write {{.+}} : vector<32xf32>, tensor<1x3x4x38xf32>
// CHECK-COUNT-9:   vector.fma {{.+}} : vector<6xf32>
// CHECK-COUNT-3:   vector.transfer_write {{.+}} : vector<6xf32>, tensor<1x3x4x38xf32>
// CHECK-NOT:     linalg.conv_2d_nchw_fchw
func.func @conv_output_columns(%x: tensor<1x2x6x40xf32>, %w: tensor<3x2x3x3xf32>, %o: tensor<1x3x4x38xf32>) -> tensor<1x3x4x38xf32> {
  %0 = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x2x6x40xf32>, tensor<3x2x3x3xf32>) outs(%o : tensor<1x3x4x38xf32>) -> tensor<1x3x4x38xf32>
  return %0 : tensor<1x3x4x38xf32>
}

// -----

// An output 3 columns wide with a 16-tap kernel (a filter gradient's
// shape): the accumulators run along the kernel's width, 2 filters x 3
// columns of them, each summed across its lanes once at the end.
// CHECK-LABEL: func.func @conv_reduction_columns(
// CHECK:         %[[ZERO:[^ ]+]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK:         scf.for %[[OH:[^ ]+]] = %c0 to %c3 step %c1 iter_args(%[[OUT:[^ ]+]] = %arg2)
// CHECK:           %[[ACC:[^ ]+]]:6 = scf.for %[[KH:[^ ]+]] = %c0 to %c2 step %c1 iter_args(%{{[^ ]+}} = %[[ZERO]],
// CHECK:             %[[ROW:[^ ]+]] = arith.addi %[[KH]], %[[OH]]
// CHECK:             vector.transfer_read %arg1[%c0, %c0, %[[KH]], %c0]{{.+}} vector<16xf32>
// CHECK:             vector.transfer_read %arg1[%c1, %c0, %[[KH]], %c0]{{.+}} vector<16xf32>
// CHECK:             vector.transfer_read %arg0[%c0, %c0, %[[ROW]], %c0]{{.+}} vector<16xf32>
// CHECK:             vector.transfer_read %arg0[%c0, %c0, %[[ROW]], %c1]{{.+}} vector<16xf32>
// CHECK:             vector.transfer_read %arg0[%c0, %c0, %[[ROW]], %c2]{{.+}} vector<16xf32>
// CHECK-COUNT-6:     vector.fma
// CHECK:           %[[OLD:[^ ]+]] = tensor.extract %[[OUT]][%c0, %c0, %[[OH]], %c0]
// CHECK:           %[[SUM:[^ ]+]] = vector.reduction <add>, %[[ACC]]#0, %[[OLD]] fastmath<reassoc>
// CHECK:           tensor.insert %[[SUM]] into %[[OUT]][%c0, %c0, %[[OH]], %c0]
// CHECK-COUNT-5:   vector.reduction <add>
func.func @conv_reduction_columns(%x: tensor<1x1x4x18xf32>, %w: tensor<2x1x2x16xf32>, %o: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %0 = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x1x4x18xf32>, tensor<2x1x2x16xf32>) outs(%o : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Strided columns are read as one contiguous segment and shuffled; dynamic
// batch and channel counts bound their loops.
// CHECK-LABEL: func.func @conv_strided_dynamic(
// CHECK:         %[[N:[^ ]+]] = tensor.dim %arg2, %c0
// CHECK:         %[[C:[^ ]+]] = tensor.dim %arg1, %c1
// CHECK:         scf.for %{{[^ ]+}} = %c0 to %[[N]] step %c1
// CHECK:             scf.for %{{[^ ]+}} = %c0 to %[[C]] step %c1
// CHECK:               %[[SEGMENT:[^ ]+]] = vector.transfer_read %arg0{{.+}} vector<9xf32>
// CHECK:               vector.shuffle %[[SEGMENT]], %[[SEGMENT]] [0, 2, 4, 6, 8] : vector<9xf32>, vector<9xf32>
// CHECK:               vector.fma {{.+}} : vector<5xf32>
func.func @conv_strided_dynamic(%x: tensor<?x?x3x9xf32>, %w: tensor<1x?x1x1xf32>, %o: tensor<?x1x3x5xf32>) -> tensor<?x1x3x5xf32> {
  %0 = linalg.conv_2d_nchw_fchw {strides = dense<[1, 2]> : tensor<2xi64>} ins(%x, %w : tensor<?x?x3x9xf32>, tensor<1x?x1x1xf32>) outs(%o : tensor<?x1x3x5xf32>) -> tensor<?x1x3x5xf32>
  return %0 : tensor<?x1x3x5xf32>
}

// -----

// A zero fill shared by two matmuls (as CSE leaves it) is computed once for
// each, right before it: bufferization would otherwise copy the shared
// tensor for the second writer.

// CHECK-LABEL: func.func @shared_fill
// CHECK:         %[[EMPTY:.+]] = tensor.empty() : tensor<16x32xf32>
// CHECK:         %[[FIRST:.+]] = scf.for {{.+}} iter_args(%{{.+}} = %[[EMPTY]])
// CHECK:           vector.transfer_write %{{.+}} : vector<1x16xf32>, tensor<1x16xf32>
// CHECK:         scf.for {{.+}} iter_args(%{{.+}} = %[[FIRST]])
// CHECK:           vector.contract
// CHECK:         %[[SECOND:.+]] = scf.for {{.+}} iter_args(%{{.+}} = %[[EMPTY]])
// CHECK:           vector.transfer_write %{{.+}} : vector<1x16xf32>, tensor<1x16xf32>
// CHECK:         scf.for {{.+}} iter_args(%{{.+}} = %[[SECOND]])
// CHECK:           vector.contract
func.func @shared_fill(%a: tensor<16x8xf32>, %b: tensor<8x32xf32>,
                       %c: tensor<16x8xf32>) -> (tensor<16x32xf32>, tensor<16x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<16x32xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%empty : tensor<16x32xf32>) -> tensor<16x32xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<16x8xf32>, tensor<8x32xf32>) outs(%fill : tensor<16x32xf32>) -> tensor<16x32xf32>
  %1 = linalg.matmul ins(%c, %b : tensor<16x8xf32>, tensor<8x32xf32>) outs(%fill : tensor<16x32xf32>) -> tensor<16x32xf32>
  return %0, %1 : tensor<16x32xf32>, tensor<16x32xf32>
}

// -----

// Only ops that write into a shared fill get a copy: the add and the sub
// read the original, the matmul after them accumulates into its own.

// CHECK-LABEL: func.func @fill_read_and_written
// CHECK:         %[[EMPTY:.+]] = tensor.empty() : tensor<16x32xf32>
// CHECK:         %[[FILL:.+]] = scf.for {{.+}} iter_args(%{{.+}} = %[[EMPTY]])
// CHECK:           vector.transfer_write
// CHECK:         scf.for
// CHECK:           tensor.extract_slice %[[FILL]]
// CHECK:           arith.addf
// CHECK:         %[[COPY:.+]] = scf.for {{.+}} iter_args(%{{.+}} = %[[EMPTY]])
// CHECK:           vector.transfer_write
// CHECK:         scf.for {{.+}} iter_args(%{{.+}} = %[[COPY]])
// CHECK:           vector.contract
// CHECK:         scf.for
// CHECK:           tensor.extract_slice %[[FILL]]
// CHECK:           arith.subf
func.func @fill_read_and_written(%a: tensor<16x8xf32>, %b: tensor<8x32xf32>,
                                 %y: tensor<16x32xf32>) -> (tensor<16x32xf32>, tensor<16x32xf32>, tensor<16x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<16x32xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%empty : tensor<16x32xf32>) -> tensor<16x32xf32>
  %0 = linalg.add ins(%fill, %y : tensor<16x32xf32>, tensor<16x32xf32>) outs(%empty : tensor<16x32xf32>) -> tensor<16x32xf32>
  %1 = linalg.matmul ins(%a, %b : tensor<16x8xf32>, tensor<8x32xf32>) outs(%fill : tensor<16x32xf32>) -> tensor<16x32xf32>
  %2 = linalg.sub ins(%fill, %y : tensor<16x32xf32>, tensor<16x32xf32>) outs(%empty : tensor<16x32xf32>) -> tensor<16x32xf32>
  return %0, %1, %2 : tensor<16x32xf32>, tensor<16x32xf32>, tensor<16x32xf32>
}

// -----

// Partials of a row reduction in four vectors (kiln-split-reductions'
// 64 lanes) are one tile: the reduction loop carries a vector<1x64xf32>,
// four independent accumulators, instead of a loop per vector.
// CHECK-LABEL: func.func @partials_in_one_tile(
// CHECK:         scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (vector<1x64xf32>)
// CHECK:           vector.transfer_read {{.*}} vector<1x1x64xf32>
// CHECK:           arith.addf {{.*}} : vector<1x64xf32>
// CHECK-NOT:     vector<1x16xf32>
#in7 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#lanes7 = affine_map<(d0, d1, d2) -> (d0, d2)>
func.func @partials_in_one_tile(%x: tensor<2x16x64xf32>, %init: tensor<2x64xf32>) -> tensor<2x64xf32> {
  %0 = linalg.generic {indexing_maps = [#in7, #lanes7], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x : tensor<2x16x64xf32>) outs(%init : tensor<2x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<2x64xf32>
  return %0 : tensor<2x64xf32>
}
