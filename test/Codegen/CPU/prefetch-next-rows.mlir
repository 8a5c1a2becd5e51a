// RUN: kiln-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(kiln-prefetch-next-rows))" | FileCheck %s

// A softmax-like row kernel: the first pass (a max, through a reshaped
// view) and the second (through a subview per vector) both read row %i.
// The second pass prefetches the same vector of row min(%i + 1, 63).
// CHECK-LABEL: func.func @two_passes
// CHECK-SAME:  (%[[X:.*]]: memref<64x256xf32>, %[[Y:.*]]: memref<64x256xf32>)
// CHECK:       scf.forall (%[[I:.*]]) in (64) {
// CHECK:         %[[LAST:.*]] = arith.constant 63 : index
// CHECK:         %[[PLUS:.*]] = arith.addi %[[I]], %{{.*}}
// CHECK:         %[[NEXT:.*]] = arith.minsi %[[PLUS]], %[[LAST]]
// CHECK:         %[[ROW:.*]] = memref.subview %[[X]][%[[I]], 0] [1, 256] [1, 1]
// CHECK:         %[[NEXTROW:.*]] = memref.subview %[[X]][%[[NEXT]], 0] [1, 256] [1, 1]
// CHECK:         scf.for
// CHECK-NOT:       memref.prefetch
// CHECK:           vector.transfer_read
// CHECK:         scf.for %[[J:.*]] =
// CHECK:           %[[V:.*]] = memref.subview %[[ROW]][0, %[[J]]] [1, 16] [1, 1]
// CHECK:           %[[NEXTV:.*]] = memref.subview %[[NEXTROW]][0, %[[J]]] [1, 16] [1, 1]
// CHECK:           memref.prefetch %[[NEXTV]][%{{.*}}, %{{.*}}], read, locality<3>, data
// CHECK-NEXT:      vector.transfer_read %[[V]]
func.func @two_passes(%x: memref<64x256xf32>, %y: memref<64x256xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c256 = arith.constant 256 : index
  %pad = ub.poison : f32
  %ninf = arith.constant dense<0xFF800000> : vector<16xf32>
  scf.forall (%i) in (64) {
    %row = memref.subview %x[%i, 0] [1, 256] [1, 1] : memref<64x256xf32> to memref<1x256xf32, strided<[256, 1], offset: ?>>
    %split = memref.expand_shape %row [[0], [1, 2]] output_shape [1, 16, 16] : memref<1x256xf32, strided<[256, 1], offset: ?>> into memref<1x16x16xf32, strided<[256, 16, 1], offset: ?>>
    %max = scf.for %k = %c0 to %c16 step %c1 iter_args(%acc = %ninf) -> (vector<16xf32>) {
      %v = vector.transfer_read %split[%c0, %k, %c0], %pad {in_bounds = [true]} : memref<1x16x16xf32, strided<[256, 16, 1], offset: ?>>, vector<16xf32>
      %m = arith.maximumf %acc, %v : vector<16xf32>
      scf.yield %m : vector<16xf32>
    }
    %out = memref.subview %y[%i, 0] [1, 256] [1, 1] : memref<64x256xf32> to memref<1x256xf32, strided<[256, 1], offset: ?>>
    scf.for %j = %c0 to %c256 step %c16 {
      %in = memref.subview %row[0, %j] [1, 16] [1, 1] : memref<1x256xf32, strided<[256, 1], offset: ?>> to memref<1x16xf32, strided<[256, 1], offset: ?>>
      %v = vector.transfer_read %in[%c0, %c0], %pad {in_bounds = [true]} : memref<1x16xf32, strided<[256, 1], offset: ?>>, vector<16xf32>
      %d = arith.subf %v, %max : vector<16xf32>
      %o = memref.subview %out[0, %j] [1, 16] [1, 1] : memref<1x256xf32, strided<[256, 1], offset: ?>> to memref<1x16xf32, strided<[256, 1], offset: ?>>
      vector.transfer_write %d, %o[%c0, %c0] {in_bounds = [true]} : vector<16xf32>, memref<1x16xf32, strided<[256, 1], offset: ?>>
    }
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 16]>}
  return
}

// -----

// A row read in one pass (a row sum) streams: nothing to prefetch. Nor in
// an elementwise kernel, nor outside kernels.
// CHECK-LABEL: func.func @one_pass
// CHECK-NOT:   memref.prefetch
#sum = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 16]>
func.func @one_pass(%x: memref<64x256xf32>, %y: memref<64x16xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c256 = arith.constant 256 : index
  %pad = ub.poison : f32
  %zero = arith.constant dense<0.0> : vector<16xf32>
  scf.forall (%i) in (64) {
    %row = memref.subview %x[%i, 0] [1, 256] [1, 1] : memref<64x256xf32> to memref<1x256xf32, strided<[256, 1], offset: ?>>
    %s = scf.for %j = %c0 to %c256 step %c16 iter_args(%acc = %zero) -> (vector<16xf32>) {
      %v = vector.transfer_read %row[%c0, %j], %pad {in_bounds = [true]} : memref<1x256xf32, strided<[256, 1], offset: ?>>, vector<16xf32>
      %a = arith.addf %acc, %v : vector<16xf32>
      scf.yield %a : vector<16xf32>
    }
    vector.transfer_write %s, %y[%i, %c0] {in_bounds = [true]} : vector<16xf32>, memref<64x16xf32>
  } {kiln_codegen.kernel = #sum}
  return
}

// -----

// Rows from 1 to %n, two at a time: the next row is clamped
// to the last one the loop reaches, n - 1 - (n - 1 - 1) mod 2, not n - 1
// (the buffer may end before it).
// CHECK-LABEL: func.func @strided_rows
// CHECK-SAME:  (%[[X:.*]]: memref<?x64xf32>, %[[N:.*]]: index)
// CHECK:       scf.forall (%[[I:.*]]) = (1) to (%[[N]]) step (2) {
// CHECK:         %[[TOP:.*]] = arith.subi %[[N]], %{{.*}} : index
// CHECK:         %[[SPAN:.*]] = arith.subi %[[TOP]], %{{.*}} : index
// CHECK:         %[[REST:.*]] = arith.remui %[[SPAN]], %[[TWO:.*]] : index
// CHECK:         %[[LAST:.*]] = arith.subi %[[TOP]], %[[REST]] : index
// CHECK:         %[[PLUS:.*]] = arith.addi %[[I]], %[[TWO]] : index
// CHECK:         %[[NEXT:.*]] = arith.minsi %[[PLUS]], %[[LAST]] : index
// CHECK:         %[[NEXTROW:.*]] = memref.subview %[[X]][%[[NEXT]], 0] [1, 64] [1, 1]
// A 64-lane read spans four cache lines: one prefetch each.
// CHECK:         vector.transfer_read
// CHECK:         memref.prefetch %[[NEXTROW]][%{{.*}}, %{{.*}}]
// CHECK:         %[[C16:.*]] = arith.constant 16 : index
// CHECK:         memref.prefetch %[[NEXTROW]][%{{.*}}, %[[C16]]]
// CHECK:         %[[C32:.*]] = arith.constant 32 : index
// CHECK:         memref.prefetch %[[NEXTROW]][%{{.*}}, %[[C32]]]
// CHECK:         %[[C48:.*]] = arith.constant 48 : index
// CHECK:         memref.prefetch %[[NEXTROW]][%{{.*}}, %[[C48]]]
// CHECK-NEXT:    vector.transfer_read
func.func @strided_rows(%x: memref<?x64xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %pad = ub.poison : f32
  scf.forall (%i) = (1) to (%n) step (2) {
    %row = memref.subview %x[%i, 0] [1, 64] [1, 1] : memref<?x64xf32> to memref<1x64xf32, strided<[64, 1], offset: ?>>
    %a = vector.transfer_read %row[%c0, %c0], %pad {in_bounds = [true]} : memref<1x64xf32, strided<[64, 1], offset: ?>>, vector<64xf32>
    %b = vector.transfer_read %row[%c0, %c0], %pad {in_bounds = [true]} : memref<1x64xf32, strided<[64, 1], offset: ?>>, vector<64xf32>
    %s = arith.addf %a, %b : vector<64xf32>
    vector.transfer_write %s, %row[%c0, %c0] {in_bounds = [true]} : vector<64xf32>, memref<1x64xf32, strided<[64, 1], offset: ?>>
  } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 16]>}
  return
}
