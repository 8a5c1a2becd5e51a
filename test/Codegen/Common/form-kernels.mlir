// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-form-kernels))' | FileCheck %s --check-prefixes=CHECK,PASS
// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-form-kernels),canonicalize,cse)' | FileCheck %s --check-prefixes=CHECK,CLEAN

// kiln-form-kernels groups linalg ops into kernels: each kernel is an
// scf.forall over the tiles of its root, carrying its decision as a
// #kiln_codegen.kernel (number, strategy, tile sizes per loop of the root,
// register tile), with its fused producers computed per tile inside the loop.
//
// CHECK lines hold for the pass's own output and after the canonicalize,cse
// that kiln-cpu-pipeline runs right after it (PASS and CLEAN lines: one of
// the two only). The pass fuses each member once per tile, even one with
// several users in the kernel, and erases the originals; what
// canonicalize,cse still removes are duplicate slices of values outside the
// kernel and dead slices of the loop's output. CLEAN lines check that
// nothing is left outside but tensor.empty, tensor.dim and constants.

// a. Softmax over rows: one kernel over the 64 rows, each row read once; the
// max, exp, sum and div (and the fills of both reductions) are all inside.
// CHECK-LABEL: func.func @softmax_rows(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<64x4096xf32>)
// CLEAN-NOT:       = linalg.
// CLEAN-NOT:       math.
// CHECK:           %[[K:[^ ]+]] = scf.forall (%[[I:[^)]+]]) in (64) shared_outs(%[[OUT:[^ ]+]] = %{{[^)]+}}) -> (tensor<64x4096xf32>) {
// CHECK:             %[[ROW:[^ ]+]] = tensor.extract_slice %[[X]][%[[I]], 0] [1, 4096] [1, 1] : tensor<64x4096xf32> to tensor<1x4096xf32>
// CLEAN:             %[[NINF:[^ ]+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[ACC:[^ ]+]] : tensor<1xf32>) -> tensor<1xf32>
// CLEAN:             %[[MAX:[^ ]+]] = linalg.generic {{{.+}}iterator_types = ["parallel", "reduction"]} ins(%[[ROW]] : tensor<1x4096xf32>) outs(%[[NINF]] : tensor<1xf32>)
// CHECK:               arith.maximumf
// CLEAN:             %[[EXP:[^ ]+]] = linalg.generic {{{.+}}iterator_types = ["parallel", "parallel"]} ins(%[[ROW]], %[[MAX]] : tensor<1x4096xf32>, tensor<1xf32>)
// CHECK:               math.exp
// CLEAN:             %[[ZERO:[^ ]+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[ACC]] : tensor<1xf32>) -> tensor<1xf32>
// CLEAN:             %[[SUM:[^ ]+]] = linalg.generic {{{.+}}iterator_types = ["parallel", "reduction"]} ins(%[[EXP]] : tensor<1x4096xf32>) outs(%[[ZERO]] : tensor<1xf32>)
// CHECK:               arith.addf
// CLEAN:             %[[DST:[^ ]+]] = tensor.extract_slice %[[OUT]][%[[I]], 0] [1, 4096] [1, 1]
// CLEAN:             %[[DIV:[^ ]+]] = linalg.generic {{{.+}}iterator_types = ["parallel", "parallel"]} ins(%[[EXP]], %[[SUM]] : tensor<1x4096xf32>, tensor<1xf32>) outs(%[[DST]] : tensor<1x4096xf32>)
// CHECK:               arith.divf
// CHECK:             scf.forall.in_parallel {
// CHECK-NEXT:          tensor.parallel_insert_slice %{{[^ ]+}} into %[[OUT]][%[[I]], 0] [1, 4096] [1, 1] : tensor<1x4096xf32> into tensor<64x4096xf32>
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 16]>}
// CHECK-NEXT:      return %[[K]] : tensor<64x4096xf32>
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @softmax_rows(%x: tensor<64x4096xf32>) -> tensor<64x4096xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e0 = tensor.empty() : tensor<64xf32>
  %f0 = linalg.fill ins(%ninf : f32) outs(%e0 : tensor<64xf32>) -> tensor<64xf32>
  %max = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<64x4096xf32>) outs(%f0 : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  } -> tensor<64xf32>
  %e1 = tensor.empty() : tensor<64x4096xf32>
  %exp = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %max : tensor<64x4096xf32>, tensor<64xf32>) outs(%e1 : tensor<64x4096xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    %e = math.exp %d : f32
    linalg.yield %e : f32
  } -> tensor<64x4096xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<64xf32>) -> tensor<64xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%exp : tensor<64x4096xf32>) outs(%f1 : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<64xf32>
  %div = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%exp, %sum : tensor<64x4096xf32>, tensor<64xf32>) outs(%e1 : tensor<64x4096xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %q = arith.divf %in, %s : f32
    linalg.yield %q : f32
  } -> tensor<64x4096xf32>
  return %div : tensor<64x4096xf32>
}

// -----

// b. Short rows: 4096 / 10 elements round down to 256 rows per tile (a power
// of two dividing 1024). log_softmax after linalg-fuse-elementwise-ops: the
// exp is inside the sum, and the max feeds both the sum and the result.
// CHECK-LABEL: func.func @log_softmax_short_rows(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1024x10xf32>)
// CLEAN-NOT:       = linalg.
// CHECK:           %[[K:[^ ]+]] = scf.forall (%[[I:[^)]+]]) = (0) to (1024) step (256) shared_outs(%[[OUT:[^ ]+]] = %{{[^)]+}}) -> (tensor<1024x10xf32>) {
// CHECK:             %[[ROWS:[^ ]+]] = tensor.extract_slice %[[X]][%[[I]], 0] [256, 10] [1, 1] : tensor<1024x10xf32> to tensor<256x10xf32>
// CLEAN:             %[[NINF:[^ ]+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<256xf32>)
// CLEAN:             %[[MAX:[^ ]+]] = linalg.generic {{.+}} ins(%[[ROWS]] : tensor<256x10xf32>) outs(%[[NINF]] : tensor<256xf32>)
// CHECK:               arith.maximumf
// CLEAN:             %[[ZERO:[^ ]+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<256xf32>)
// CLEAN:             %[[SUM:[^ ]+]] = linalg.generic {{.+}} ins(%[[ROWS]], %[[MAX]] : tensor<256x10xf32>, tensor<256xf32>) outs(%[[ZERO]] : tensor<256xf32>)
// CHECK:               math.exp
// CHECK:               arith.addf
// CLEAN:             linalg.generic {{.+}} ins(%[[ROWS]], %[[MAX]], %[[SUM]] : tensor<256x10xf32>, tensor<256xf32>, tensor<256xf32>) outs(%{{.+}} : tensor<256x10xf32>)
// CHECK:               math.log
// CHECK:             tensor.parallel_insert_slice %{{[^ ]+}} into %[[OUT]][%[[I]], 0] [256, 10] [1, 1] : tensor<256x10xf32> into tensor<1024x10xf32>
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [256, 0], register_tile = [1, 10]>}
// CHECK-NEXT:      return %[[K]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @log_softmax_short_rows(%x: tensor<1024x10xf32>) -> tensor<1024x10xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e0 = tensor.empty() : tensor<1024xf32>
  %f0 = linalg.fill ins(%ninf : f32) outs(%e0 : tensor<1024xf32>) -> tensor<1024xf32>
  %max = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<1024x10xf32>) outs(%f0 : tensor<1024xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  } -> tensor<1024xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<1024xf32>) -> tensor<1024xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x, %max : tensor<1024x10xf32>, tensor<1024xf32>) outs(%f1 : tensor<1024xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    %e = math.exp %d : f32
    %s = arith.addf %out, %e : f32
    linalg.yield %s : f32
  } -> tensor<1024xf32>
  %e1 = tensor.empty() : tensor<1024x10xf32>
  %log = linalg.generic {indexing_maps = [#id, #row, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %max, %sum : tensor<1024x10xf32>, tensor<1024xf32>, tensor<1024xf32>) outs(%e1 : tensor<1024x10xf32>) {
  ^bb0(%in: f32, %m: f32, %s: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    %l = math.log %s : f32
    %r = arith.subf %d, %l : f32
    linalg.yield %r : f32
  } -> tensor<1024x10xf32>
  return %log : tensor<1024x10xf32>
}

// -----

// b. 1000 rows of 10: the largest power of two dividing 1000 is 8 rows.
// CHECK-LABEL: func.func @normalize_rows(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1000x10xf32>)
// CLEAN-NOT:       = linalg.
// CHECK:           %[[K:[^ ]+]] = scf.forall (%[[I:[^)]+]]) = (0) to (1000) step (8) shared_outs(%[[OUT:[^ ]+]] = %{{[^)]+}}) -> (tensor<1000x10xf32>) {
// CHECK:             %[[ROWS:[^ ]+]] = tensor.extract_slice %[[X]][%[[I]], 0] [8, 10] [1, 1] : tensor<1000x10xf32> to tensor<8x10xf32>
// CLEAN:             %[[ZERO:[^ ]+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<8xf32>)
// CLEAN:             %[[SUM:[^ ]+]] = linalg.generic {{.+}} ins(%[[ROWS]] : tensor<8x10xf32>) outs(%[[ZERO]] : tensor<8xf32>)
// CHECK:               arith.addf
// CLEAN:             linalg.generic {{.+}} ins(%[[ROWS]], %[[SUM]] : tensor<8x10xf32>, tensor<8xf32>) outs(%{{.+}} : tensor<8x10xf32>)
// CHECK:               arith.divf
// CHECK:             tensor.parallel_insert_slice %{{[^ ]+}} into %[[OUT]][%[[I]], 0] [8, 10] [1, 1]
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [8, 0], register_tile = [1, 10]>}
// CHECK-NEXT:      return %[[K]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @normalize_rows(%x: tensor<1000x10xf32>) -> tensor<1000x10xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %e0 = tensor.empty() : tensor<1000xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<1000xf32>) -> tensor<1000xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<1000x10xf32>) outs(%f0 : tensor<1000xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<1000xf32>
  %e1 = tensor.empty() : tensor<1000x10xf32>
  %div = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %sum : tensor<1000x10xf32>, tensor<1000xf32>) outs(%e1 : tensor<1000x10xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %q = arith.divf %in, %s : f32
    linalg.yield %q : f32
  } -> tensor<1000x10xf32>
  return %div : tensor<1000x10xf32>
}

// -----

// b. 256 x 10 and 64 x 64 both fit in one tile of 4096 elements: the tile
// would cover every row, so no kernel is formed and nothing changes.
// CHECK-LABEL: func.func @one_tile(
// CHECK-NOT:       scf.forall
// CHECK:           linalg.fill
// CHECK:           linalg.generic {{.+}} ins(%{{.+}} : tensor<256x10xf32>) outs(%{{.+}} : tensor<256xf32>)
// CHECK:           linalg.generic {{.+}} ins(%{{.+}}, %{{.+}} : tensor<256x10xf32>, tensor<256xf32>) outs(%{{.+}} : tensor<256x10xf32>)
// CHECK:           linalg.fill
// CHECK:           linalg.generic {{.+}} ins(%{{.+}} : tensor<64x64xf32>) outs(%{{.+}} : tensor<64xf32>)
// CHECK:           linalg.generic {{.+}} ins(%{{.+}}, %{{.+}} : tensor<64x64xf32>, tensor<64xf32>) outs(%{{.+}} : tensor<64x64xf32>)
// CHECK-NOT:       scf.forall
// CHECK:           return
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @one_tile(%x: tensor<256x10xf32>, %y: tensor<64x64xf32>) -> (tensor<256x10xf32>, tensor<64x64xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %e0 = tensor.empty() : tensor<256xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<256xf32>) -> tensor<256xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<256x10xf32>) outs(%f0 : tensor<256xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<256xf32>
  %e1 = tensor.empty() : tensor<256x10xf32>
  %div = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %sum : tensor<256x10xf32>, tensor<256xf32>) outs(%e1 : tensor<256x10xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %q = arith.divf %in, %s : f32
    linalg.yield %q : f32
  } -> tensor<256x10xf32>
  %e2 = tensor.empty() : tensor<64xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<64xf32>) -> tensor<64xf32>
  %sum2 = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%y : tensor<64x64xf32>) outs(%f2 : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<64xf32>
  %e3 = tensor.empty() : tensor<64x64xf32>
  %div2 = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%y, %sum2 : tensor<64x64xf32>, tensor<64xf32>) outs(%e3 : tensor<64x64xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %q = arith.divf %in, %s : f32
    linalg.yield %q : f32
  } -> tensor<64x64xf32>
  return %div, %div2 : tensor<256x10xf32>, tensor<64x64xf32>
}

// -----

// b. Rows of a 3-D tensor (reduction over the last axis): both outer loops
// are tiled; 33 has no power-of-two divisor but 1, so one row per tile.
// CHECK-LABEL: func.func @normalize_3d(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<7x33x128xf32>)
// CLEAN-NOT:       = linalg.
// CHECK:           %[[K:[^ ]+]] = scf.forall (%[[I:[^,]+]], %[[J:[^)]+]]) in (7, 33) shared_outs(%[[OUT:[^ ]+]] = %{{[^)]+}}) -> (tensor<7x33x128xf32>) {
// CHECK:             %[[ROW:[^ ]+]] = tensor.extract_slice %[[X]][%[[I]], %[[J]], 0] [1, 1, 128] [1, 1, 1] : tensor<7x33x128xf32> to tensor<1x1x128xf32>
// CLEAN:             %[[ZERO:[^ ]+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x1xf32>)
// CLEAN:             %[[SUM:[^ ]+]] = linalg.generic {{.+}} ins(%[[ROW]] : tensor<1x1x128xf32>) outs(%[[ZERO]] : tensor<1x1xf32>)
// CHECK:               arith.addf
// CLEAN:             linalg.generic {{.+}} ins(%[[ROW]], %[[SUM]] : tensor<1x1x128xf32>, tensor<1x1xf32>)
// CHECK:               arith.divf
// CHECK:             tensor.parallel_insert_slice %{{[^ ]+}} into %[[OUT]][%[[I]], %[[J]], 0] [1, 1, 128] [1, 1, 1]
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 1, 0], register_tile = [1, 1, 16]>}
// CHECK-NEXT:      return %[[K]]
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @normalize_3d(%x: tensor<7x33x128xf32>) -> tensor<7x33x128xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %e0 = tensor.empty() : tensor<7x33xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<7x33xf32>) -> tensor<7x33xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x : tensor<7x33x128xf32>) outs(%f0 : tensor<7x33xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<7x33xf32>
  %e1 = tensor.empty() : tensor<7x33x128xf32>
  %div = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %sum : tensor<7x33x128xf32>, tensor<7x33xf32>) outs(%e1 : tensor<7x33x128xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %q = arith.divf %in, %s : f32
    linalg.yield %q : f32
  } -> tensor<7x33x128xf32>
  return %div : tensor<7x33x128xf32>
}

// -----

// c. A matmul epilogue (bias add + relu, fused into one generic before this
// pass): 64 x 256 tiles of the output; each tile computes its block of the
// matmul (a 64 x 512 strip of x times a 512 x 256 strip of w) from a fill
// of its own, then the epilogue. The full-size matmul is gone.
// CHECK-LABEL: func.func @matmul_bias_relu(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<128x512xf32>, %[[W:[^:]+]]: tensor<512x512xf32>, %[[B:[^:]+]]: tensor<512xf32>)
// CLEAN-NOT:       = linalg.
// CHECK:           %[[K:[^ ]+]] = scf.forall (%[[I:[^,]+]], %[[J:[^)]+]]) = (0, 0) to (128, 512) step (64, 256) shared_outs(%[[OUT:[^ ]+]] = %{{[^)]+}}) -> (tensor<128x512xf32>) {
// CHECK:             %[[XS:[^ ]+]] = tensor.extract_slice %[[X]][%[[I]], 0] [64, 512] [1, 1] : tensor<128x512xf32> to tensor<64x512xf32>
// CHECK:             %[[WS:[^ ]+]] = tensor.extract_slice %[[W]][0, %[[J]]] [512, 256] [1, 1] : tensor<512x512xf32> to tensor<512x256xf32>
// CHECK:             %[[ZERO:[^ ]+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<64x256xf32>) -> tensor<64x256xf32>
// CHECK:             %[[MM:[^ ]+]] = linalg.matmul ins(%[[XS]], %[[WS]] : tensor<64x512xf32>, tensor<512x256xf32>) outs(%[[ZERO]] : tensor<64x256xf32>) -> tensor<64x256xf32>
// CHECK:             %[[BS:[^ ]+]] = tensor.extract_slice %[[B]][%[[J]]] [256] [1] : tensor<512xf32> to tensor<256xf32>
// CHECK:             %[[DST:[^ ]+]] = tensor.extract_slice %[[OUT]][%[[I]], %[[J]]] [64, 256] [1, 1]
// CHECK:             %[[R:[^ ]+]] = linalg.generic {{.+}} ins(%[[MM]], %[[BS]] : tensor<64x256xf32>, tensor<256xf32>) outs(%[[DST]] : tensor<64x256xf32>)
// CHECK:               arith.addf
// CHECK:               arith.maximumf
// CHECK:             tensor.parallel_insert_slice %[[R]] into %[[OUT]][%[[I]], %[[J]]] [64, 256] [1, 1] : tensor<64x256xf32> into tensor<128x512xf32>
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [64, 256], register_tile = [8, 32]>}
// CHECK-NEXT:      return %[[K]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @matmul_bias_relu(%x: tensor<128x512xf32>, %w: tensor<512x512xf32>, %b: tensor<512xf32>) -> tensor<128x512xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %e = tensor.empty() : tensor<128x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<128x512xf32>) -> tensor<128x512xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<128x512xf32>, tensor<512x512xf32>) outs(%f : tensor<128x512xf32>) -> tensor<128x512xf32>
  %r = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %b : tensor<128x512xf32>, tensor<512xf32>) outs(%e : tensor<128x512xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %a = arith.addf %in, %bias : f32
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<128x512xf32>
  return %r : tensor<128x512xf32>
}

// -----

// c. A residual add after a matmul whose sizes are not multiples of 64 x 256:
// the tiles divide the sizes (20 x 104), so every tile has a static shape
// (partial tiles would make every tile's shape dynamic and its vectors
// masked); the matmul is inside.
// CHECK-LABEL: func.func @matmul_residual_dividing_tiles(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<100x300xf32>, %[[W:[^:]+]]: tensor<300x520xf32>, %[[RES:[^:]+]]: tensor<100x520xf32>)
// CHECK-NOT:       affine.min
// CLEAN-NOT:       = linalg.
// CHECK:           %[[K:[^ ]+]] = scf.forall (%[[I:[^,]+]], %[[J:[^)]+]]) = (0, 0) to (100, 520) step (20, 104) shared_outs(%[[OUT:[^ ]+]] = %{{[^)]+}}) -> (tensor<100x520xf32>) {
// CHECK:             %[[XS:[^ ]+]] = tensor.extract_slice %[[X]][%[[I]], 0] [20, 300] [1, 1] : tensor<100x300xf32> to tensor<20x300xf32>
// CHECK:             %[[WS:[^ ]+]] = tensor.extract_slice %[[W]][0, %[[J]]] [300, 104] [1, 1] : tensor<300x520xf32> to tensor<300x104xf32>
// CHECK:             %[[ZERO:[^ ]+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<20x104xf32>)
// CHECK:             %[[MM:[^ ]+]] = linalg.matmul ins(%[[XS]], %[[WS]] : tensor<20x300xf32>, tensor<300x104xf32>) outs(%[[ZERO]] : tensor<20x104xf32>)
// CHECK:             %[[RS:[^ ]+]] = tensor.extract_slice %[[RES]][%[[I]], %[[J]]] [20, 104] [1, 1]
// CHECK:             linalg.generic {{.+}} ins(%[[MM]], %[[RS]] : tensor<20x104xf32>, tensor<20x104xf32>)
// CHECK:             tensor.parallel_insert_slice %{{[^ ]+}} into %[[OUT]][%[[I]], %[[J]]] [20, 104] [1, 1]
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [20, 104], register_tile = [8, 32]>}
// CHECK-NEXT:      return %[[K]]
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @matmul_residual_dividing_tiles(%x: tensor<100x300xf32>, %w: tensor<300x520xf32>, %res: tensor<100x520xf32>) -> tensor<100x520xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %e = tensor.empty() : tensor<100x520xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<100x520xf32>) -> tensor<100x520xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<100x300xf32>, tensor<300x520xf32>) outs(%f : tensor<100x520xf32>) -> tensor<100x520xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %res : tensor<100x520xf32>, tensor<100x520xf32>) outs(%e : tensor<100x520xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %a = arith.addf %in, %in2 : f32
    linalg.yield %a : f32
  } -> tensor<100x520xf32>
  return %r : tensor<100x520xf32>
}

// -----

// c. A batched contraction (a generic, as kiln.matmul lowers batches): one
// batch by 64 x 256 per tile.
// CHECK-LABEL: func.func @batch_matmul_bias(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<4x128x64xf32>, %[[W:[^:]+]]: tensor<4x64x512xf32>, %[[B:[^:]+]]: tensor<512xf32>)
// CLEAN-NOT:       = linalg.
// CHECK:           %[[K:[^ ]+]] = scf.forall (%[[B0:[^,]+]], %[[I:[^,]+]], %[[J:[^)]+]]) = (0, 0, 0) to (4, 128, 512) step (1, 64, 256) shared_outs(%{{[^)]+}}) -> (tensor<4x128x512xf32>) {
// CHECK:             %[[XS:[^ ]+]] = tensor.extract_slice %[[X]][%[[B0]], %[[I]], 0] [1, 64, 64] [1, 1, 1]
// CHECK:             %[[WS:[^ ]+]] = tensor.extract_slice %[[W]][%[[B0]], 0, %[[J]]] [1, 64, 256] [1, 1, 1]
// CHECK:             %[[ZERO:[^ ]+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x64x256xf32>)
// CHECK:             %[[MM:[^ ]+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[XS]], %[[WS]] : tensor<1x64x64xf32>, tensor<1x64x256xf32>) outs(%[[ZERO]] : tensor<1x64x256xf32>)
// CHECK:             linalg.generic {{.+}} ins(%[[MM]], %{{.+}} : tensor<1x64x256xf32>, tensor<256xf32>)
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [1, 64, 256], register_tile = [1, 8, 32]>}
// CHECK-NEXT:      return %[[K]]
#lhs = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
#rhs = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#acc = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#bias3 = affine_map<(d0, d1, d2) -> (d2)>
func.func @batch_matmul_bias(%x: tensor<4x128x64xf32>, %w: tensor<4x64x512xf32>, %b: tensor<512xf32>) -> tensor<4x128x512xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %e = tensor.empty() : tensor<4x128x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4x128x512xf32>) -> tensor<4x128x512xf32>
  %mm = linalg.generic {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<4x128x64xf32>, tensor<4x64x512xf32>) outs(%f : tensor<4x128x512xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %p = arith.mulf %in, %in2 : f32
    %s = arith.addf %out, %p : f32
    linalg.yield %s : f32
  } -> tensor<4x128x512xf32>
  %r = linalg.generic {indexing_maps = [#id3, #bias3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%mm, %b : tensor<4x128x512xf32>, tensor<512xf32>) outs(%e : tensor<4x128x512xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %a = arith.addf %in, %bias : f32
    linalg.yield %a : f32
  } -> tensor<4x128x512xf32>
  return %r : tensor<4x128x512xf32>
}

// -----

// d. The exp is also a result of the function: it is not fused into the
// div's kernel (it would be computed twice, or its result written anyway),
// so the sum and the div form kernel 0 reading the exp's result, and the exp
// becomes the root of kernel 1 with the max.
// CHECK-LABEL: func.func @exp_also_returned(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<64x4096xf32>)
// CLEAN-NOT:       = linalg.
// CHECK:           %[[EXP:[^ ]+]] = scf.forall (%[[I:[^)]+]]) in (64) shared_outs(%[[OUT:[^ ]+]] = %{{[^)]+}}) -> (tensor<64x4096xf32>) {
// CHECK:             tensor.extract_slice %[[X]][%[[I]], 0] [1, 4096] [1, 1]
// CHECK:               arith.maximumf
// CHECK:               math.exp
// CHECK-NOT:           arith.addf
// CHECK-NOT:           arith.divf
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 16]>}
// CLEAN-NOT:       = linalg.
// CHECK:           %[[DIV:[^ ]+]] = scf.forall (%[[I2:[^)]+]]) in (64) shared_outs(%{{[^)]+}}) -> (tensor<64x4096xf32>) {
// CHECK:             %[[ROW:[^ ]+]] = tensor.extract_slice %[[EXP]][%[[I2]], 0] [1, 4096] [1, 1] : tensor<64x4096xf32> to tensor<1x4096xf32>
// CHECK-NOT:           arith.maximumf
// CHECK-NOT:           math.exp
// CLEAN:             %[[SUM:[^ ]+]] = linalg.generic {{.+}} ins(%[[ROW]] : tensor<1x4096xf32>)
// CHECK:               arith.addf
// CLEAN:             linalg.generic {{.+}} ins(%[[ROW]], %[[SUM]] : tensor<1x4096xf32>, tensor<1xf32>)
// CHECK:               arith.divf
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 16]>}
// CHECK-NEXT:      return %[[DIV]], %[[EXP]] : tensor<64x4096xf32>, tensor<64x4096xf32>
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @exp_also_returned(%x: tensor<64x4096xf32>) -> (tensor<64x4096xf32>, tensor<64x4096xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e0 = tensor.empty() : tensor<64xf32>
  %f0 = linalg.fill ins(%ninf : f32) outs(%e0 : tensor<64xf32>) -> tensor<64xf32>
  %max = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<64x4096xf32>) outs(%f0 : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  } -> tensor<64xf32>
  %e1 = tensor.empty() : tensor<64x4096xf32>
  %exp = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %max : tensor<64x4096xf32>, tensor<64xf32>) outs(%e1 : tensor<64x4096xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    %e = math.exp %d : f32
    linalg.yield %e : f32
  } -> tensor<64x4096xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<64xf32>) -> tensor<64xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%exp : tensor<64x4096xf32>) outs(%f1 : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<64xf32>
  %div = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%exp, %sum : tensor<64x4096xf32>, tensor<64xf32>) outs(%e1 : tensor<64x4096xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %q = arith.divf %in, %s : f32
    linalg.yield %q : f32
  } -> tensor<64x4096xf32>
  return %div, %exp : tensor<64x4096xf32>, tensor<64x4096xf32>
}

// -----

// e. A column sum (a reduction over the rows) read by a row-tiled kernel
// through a broadcast: fusing it would compute the whole column sum again in
// every row tile, so it stays outside; the scaled input (used by both the
// max and the sub) is fused. 4096 / 64 elements: 64 rows per tile.
// CHECK-LABEL: func.func @column_sum_not_recomputed(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1024x64xf32>)
// CHECK:           %[[COLSUM:[^ ]+]] = linalg.generic {{.+}} iterator_types = ["reduction", "parallel"]} ins(%[[X]] : tensor<1024x64xf32>) outs(%{{.+}} : tensor<64xf32>)
// CLEAN-NOT:       = linalg.
// CHECK:           %[[K:[^ ]+]] = scf.forall (%[[I:[^)]+]]) = (0) to (1024) step (64) shared_outs(%[[OUT:[^ ]+]] = %{{[^)]+}}) -> (tensor<1024x64xf32>) {
// CHECK:             %[[ROWS:[^ ]+]] = tensor.extract_slice %[[X]][%[[I]], 0] [64, 64] [1, 1]
// CHECK-NOT:           iterator_types = ["reduction", "parallel"]
// CLEAN:             %[[SCALED:[^ ]+]] = linalg.generic {{.+}} ins(%[[ROWS]], %[[COLSUM]] : tensor<64x64xf32>, tensor<64xf32>)
// CHECK:               arith.divf
// CHECK:               arith.maximumf
// CHECK:               arith.subf
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [64, 0], register_tile = [1, 16]>}
// CHECK-NEXT:      return %[[K]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @column_sum_not_recomputed(%x: tensor<1024x64xf32>) -> tensor<1024x64xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %ec = tensor.empty() : tensor<64xf32>
  %fc = linalg.fill ins(%zero : f32) outs(%ec : tensor<64xf32>) -> tensor<64xf32>
  %colsum = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["reduction", "parallel"]}
      ins(%x : tensor<1024x64xf32>) outs(%fc : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<64xf32>
  %e1 = tensor.empty() : tensor<1024x64xf32>
  %scaled = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %colsum : tensor<1024x64xf32>, tensor<64xf32>) outs(%e1 : tensor<1024x64xf32>) {
  ^bb0(%in: f32, %c: f32, %out: f32):
    %q = arith.divf %in, %c : f32
    linalg.yield %q : f32
  } -> tensor<1024x64xf32>
  %er = tensor.empty() : tensor<1024xf32>
  %fr = linalg.fill ins(%ninf : f32) outs(%er : tensor<1024xf32>) -> tensor<1024xf32>
  %max = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%scaled : tensor<1024x64xf32>) outs(%fr : tensor<1024xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  } -> tensor<1024xf32>
  %sub = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%scaled, %max : tensor<1024x64xf32>, tensor<1024xf32>) outs(%e1 : tensor<1024x64xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    linalg.yield %d : f32
  } -> tensor<1024x64xf32>
  return %sub : tensor<1024x64xf32>
}

// -----

// e. Without the row reduction the column sum's only consumer is the div:
// the div (1024 x 64, large enough for a parallel loop of its own) is
// tiled by 64 rows, and the column sum is still computed once, outside.
// CHECK-LABEL: func.func @column_sum_broadcast_only(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1024x64xf32>)
// CHECK:           %[[COLSUM:[^ ]+]] = linalg.generic {{.+}} iterator_types = ["reduction", "parallel"]} ins(%[[X]] : tensor<1024x64xf32>)
// CHECK-NOT:       = linalg.
// CHECK:           %[[K:[^ ]+]] = scf.forall (%[[I:[^)]+]]) = (0) to (1024) step (64) shared_outs(%{{[^)]+}}) -> (tensor<1024x64xf32>) {
// CHECK-NOT:         iterator_types = ["reduction", "parallel"]
// CHECK:             %[[ROWS:[^ ]+]] = tensor.extract_slice %[[X]][%[[I]], 0] [64, 64] [1, 1]
// CHECK-NOT:         iterator_types = ["reduction", "parallel"]
// PASS:              %[[CS:[^ ]+]] = tensor.extract_slice %[[COLSUM]][0] [64] [1]
// PASS:              linalg.generic {{.+}} ins(%[[ROWS]], %[[CS]] : tensor<64x64xf32>, tensor<64xf32>)
// CLEAN:             linalg.generic {{.+}} ins(%[[ROWS]], %[[COLSUM]] : tensor<64x64xf32>, tensor<64xf32>)
// CHECK:               arith.divf
// CHECK-NOT:         iterator_types = ["reduction", "parallel"]
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = elementwise, tile_sizes = [64, 0], register_tile = [1, 16]>}
// CHECK-NEXT:      return %[[K]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @column_sum_broadcast_only(%x: tensor<1024x64xf32>) -> tensor<1024x64xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %ec = tensor.empty() : tensor<64xf32>
  %fc = linalg.fill ins(%zero : f32) outs(%ec : tensor<64xf32>) -> tensor<64xf32>
  %colsum = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["reduction", "parallel"]}
      ins(%x : tensor<1024x64xf32>) outs(%fc : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<64xf32>
  %e1 = tensor.empty() : tensor<1024x64xf32>
  %scaled = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %colsum : tensor<1024x64xf32>, tensor<64xf32>) outs(%e1 : tensor<1024x64xf32>) {
  ^bb0(%in: f32, %c: f32, %out: f32):
    %q = arith.divf %in, %c : f32
    linalg.yield %q : f32
  } -> tensor<1024x64xf32>
  return %scaled : tensor<1024x64xf32>
}

// -----

// f. A transpose is not fused (a row tile of it reads a column of its
// input): the kernel reads the transposed tensor; 4096 / 512: 8 rows a tile.
// CHECK-LABEL: func.func @transpose_not_fused(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<512x64xf32>)
// CHECK:           %[[T:[^ ]+]] = linalg.transpose ins(%[[X]] : tensor<512x64xf32>) outs(%{{.+}} : tensor<64x512xf32>) permutation = [1, 0]
// CLEAN-NOT:       = linalg.
// CHECK:           %[[K:[^ ]+]] = scf.forall (%[[I:[^)]+]]) = (0) to (64) step (8) shared_outs(%{{[^)]+}}) -> (tensor<64x512xf32>) {
// CHECK-NOT:         linalg.transpose
// CHECK:             %[[ROWS:[^ ]+]] = tensor.extract_slice %[[T]][%[[I]], 0] [8, 512] [1, 1]
// CHECK-NOT:         linalg.transpose
// CLEAN:             linalg.generic {{.+}} ins(%[[ROWS]] : tensor<8x512xf32>)
// CHECK-NOT:         linalg.transpose
// CHECK:               arith.addf
// CLEAN:             linalg.generic {{.+}} ins(%[[ROWS]], %{{.+}} : tensor<8x512xf32>, tensor<8xf32>)
// CHECK-NOT:         linalg.transpose
// CHECK:               arith.divf
// CHECK-NOT:         linalg.transpose
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [8, 0], register_tile = [1, 16]>}
// CHECK-NEXT:      return %[[K]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @transpose_not_fused(%x: tensor<512x64xf32>) -> tensor<64x512xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %et = tensor.empty() : tensor<64x512xf32>
  %t = linalg.transpose ins(%x : tensor<512x64xf32>) outs(%et : tensor<64x512xf32>) permutation = [1, 0]
  %e0 = tensor.empty() : tensor<64xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<64xf32>) -> tensor<64xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%t : tensor<64x512xf32>) outs(%f0 : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<64xf32>
  %div = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t, %sum : tensor<64x512xf32>, tensor<64xf32>) outs(%et : tensor<64x512xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %q = arith.divf %in, %s : f32
    linalg.yield %q : f32
  } -> tensor<64x512xf32>
  return %div : tensor<64x512xf32>
}

// -----

// f. A matmul feeding a reduction is not fused into the reduction's kernel
// (only an elementwise consumer takes a contraction, as its epilogue). Both
// are large enough to be parallel loops of their own: the matmul in column
// blocks of 256 (kernel 1), the row sum in tiles of 8 rows (kernel 0)
// reading the matmul's result.
// CHECK-LABEL: func.func @matmul_into_reduction(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<128x512xf32>, %[[W:[^:]+]]: tensor<512x512xf32>)
// CHECK:           %[[MM:[^ ]+]] = scf.forall (%[[J:[^)]+]]) = (0) to (512) step (256) shared_outs(%[[MMOUT:[^ ]+]] = %{{[^)]+}}) -> (tensor<128x512xf32>) {
// CHECK:             %[[WS:[^ ]+]] = tensor.extract_slice %[[W]][0, %[[J]]] [512, 256] [1, 1]
// CHECK:             %[[ZERO:[^ ]+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<128x256xf32>)
// PASS:              linalg.matmul ins(%{{.+}}, %[[WS]] : tensor<128x512xf32>, tensor<512x256xf32>) outs(%[[ZERO]] : tensor<128x256xf32>)
// CLEAN:             linalg.matmul ins(%[[X]], %[[WS]] : tensor<128x512xf32>, tensor<512x256xf32>) outs(%[[ZERO]] : tensor<128x256xf32>)
// CHECK-NOT:         linalg.generic
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = matmul, tile_sizes = [0, 256, 0], register_tile = [8, 32, 1]>}
// CLEAN-NOT:       = linalg.
// CHECK:           %[[K:[^ ]+]] = scf.forall (%[[I:[^)]+]]) = (0) to (128) step (8) shared_outs(%{{[^)]+}}) -> (tensor<128xf32>) {
// CHECK-NOT:         linalg.matmul
// CHECK:             %[[ROWS:[^ ]+]] = tensor.extract_slice %[[MM]][%[[I]], 0] [8, 512] [1, 1]
// CHECK-NOT:         linalg.matmul
// CHECK:             linalg.generic {{.+}} ins(%[[ROWS]] : tensor<8x512xf32>) outs(%{{.+}} : tensor<8xf32>)
// CHECK-NOT:         linalg.matmul
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [8, 0], register_tile = [1, 16]>}
// CHECK-NEXT:      return %[[K]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @matmul_into_reduction(%x: tensor<128x512xf32>, %w: tensor<512x512xf32>) -> tensor<128xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %e = tensor.empty() : tensor<128x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<128x512xf32>) -> tensor<128x512xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<128x512xf32>, tensor<512x512xf32>) outs(%f : tensor<128x512xf32>) -> tensor<128x512xf32>
  %e0 = tensor.empty() : tensor<128xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<128xf32>) -> tensor<128xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%mm : tensor<128x512xf32>) outs(%f0 : tensor<128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<128xf32>
  return %sum : tensor<128xf32>
}

// -----

// f. The matmul feeds a row max and an elementwise sub: the sub is tiled as
// an epilogue (64 x 256), which would recompute the row max for every
// column block (a broadcast along the tiled columns), so the max is not
// fused, and the matmul, also read by the max, is not fused either. Each op
// is a parallel loop of its own: the sub (kernel 0), the max (kernel 1,
// 4096 / 1024: 4 rows a tile), the matmul (kernel 2, column blocks).
// CHECK-LABEL: func.func @matmul_row_max_sub(
// CHECK:           %[[MM:[^ ]+]] = scf.forall (%{{[^)]+}}) = (0) to (1024) step (256)
// CHECK:             linalg.matmul
// CHECK-NOT:         linalg.generic
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 2, strategy = matmul, tile_sizes = [0, 256, 0], register_tile = [8, 32, 1]>}
// CHECK:           %[[MAX:[^ ]+]] = scf.forall (%[[I:[^)]+]]) = (0) to (256) step (4)
// CHECK-NOT:         linalg.matmul
// CHECK:             tensor.extract_slice %[[MM]][%[[I]], 0] [4, 1024] [1, 1]
// CHECK-NOT:         linalg.matmul
// CHECK:               arith.maximumf
// CHECK-NOT:           arith.subf
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = reduction, tile_sizes = [4, 0], register_tile = [1, 16]>}
// CHECK:           %[[K:[^ ]+]] = scf.forall (%[[I2:[^,]+]], %[[J2:[^)]+]]) = (0, 0) to (256, 1024) step (64, 256)
// CHECK-NOT:         linalg.matmul
// CHECK-NOT:         arith.maximumf
// CHECK:             %[[MS:[^ ]+]] = tensor.extract_slice %[[MM]][%[[I2]], %[[J2]]] [64, 256] [1, 1]
// CHECK:             %[[XS:[^ ]+]] = tensor.extract_slice %[[MAX]][%[[I2]]] [64] [1]
// CHECK:             linalg.generic {{.+}} ins(%[[MS]], %[[XS]] : tensor<64x256xf32>, tensor<64xf32>)
// CHECK:               arith.subf
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [64, 256], register_tile = [8, 32]>}
// CHECK-NEXT:      return %[[K]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @matmul_row_max_sub(%x: tensor<256x512xf32>, %w: tensor<512x1024xf32>) -> tensor<256x1024xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<256x1024xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<256x1024xf32>) -> tensor<256x1024xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<256x512xf32>, tensor<512x1024xf32>) outs(%f : tensor<256x1024xf32>) -> tensor<256x1024xf32>
  %e0 = tensor.empty() : tensor<256xf32>
  %f0 = linalg.fill ins(%ninf : f32) outs(%e0 : tensor<256xf32>) -> tensor<256xf32>
  %max = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%mm : tensor<256x1024xf32>) outs(%f0 : tensor<256xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  } -> tensor<256xf32>
  %sub = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %max : tensor<256x1024xf32>, tensor<256xf32>) outs(%e : tensor<256x1024xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    linalg.yield %d : f32
  } -> tensor<256x1024xf32>
  return %sub : tensor<256x1024xf32>
}

// -----

// f. A convolution with a reduction among its users is not fused: it is a
// parallel loop of its own (kernel
// 1, by images and blocks of up to 32 filters: here all 8), and the row sum
// and div over its result form kernel 0 (tiles of 1 x 1 x 32 x 32) reading
// the convolution's result.
// CHECK-LABEL: func.func @conv_not_fused(
// CHECK:           %[[C:[^ ]+]] = scf.forall (%{{[^)]+}}) in (2)
// CHECK:             linalg.conv_2d_nchw_fchw {{.+}} outs(%{{.+}} : tensor<1x8x32x32xf32>)
// CHECK-NOT:         linalg.generic
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = convolution, tile_sizes = [1, 0, 0, 0, 0, 0, 0], register_tile = []>}
// CLEAN-NOT:       = linalg.
// CHECK:           %[[K:[^ ]+]] = scf.forall (%[[I:[^,]+]], %[[J:[^)]+]]) in (2, 8) shared_outs(%{{[^)]+}}) -> (tensor<2x8x32x32xf32>) {
// CHECK-NOT:         linalg.conv_2d_nchw_fchw
// CHECK:             %[[TILE:[^ ]+]] = tensor.extract_slice %[[C]][%[[I]], %[[J]], 0, 0] [1, 1, 32, 32] [1, 1, 1, 1]
// CHECK-NOT:         linalg.conv_2d_nchw_fchw
// CLEAN:             linalg.generic {{.+}} ins(%[[TILE]] : tensor<1x1x32x32xf32>)
// CHECK:               arith.addf
// CHECK-NOT:         linalg.conv_2d_nchw_fchw
// CHECK:               arith.divf
// CHECK-NOT:         linalg.conv_2d_nchw_fchw
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 1, 0, 0], register_tile = [1, 1, 1, 16]>}
// CHECK-NEXT:      return %[[K]]
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#row4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @conv_not_fused(%x: tensor<2x3x34x34xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<2x8x32x32xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %e = tensor.empty() : tensor<2x8x32x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x8x32x32xf32>) -> tensor<2x8x32x32xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<2x3x34x34xf32>, tensor<8x3x3x3xf32>) outs(%f : tensor<2x8x32x32xf32>) -> tensor<2x8x32x32xf32>
  %e0 = tensor.empty() : tensor<2x8x32xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<2x8x32xf32>) -> tensor<2x8x32xf32>
  %sum = linalg.generic {indexing_maps = [#id4, #row4], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%c : tensor<2x8x32x32xf32>) outs(%f0 : tensor<2x8x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<2x8x32xf32>
  %div = linalg.generic {indexing_maps = [#id4, #row4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c, %sum : tensor<2x8x32x32xf32>, tensor<2x8x32xf32>) outs(%e : tensor<2x8x32x32xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %q = arith.divf %in, %s : f32
    linalg.yield %q : f32
  } -> tensor<2x8x32x32xf32>
  return %div : tensor<2x8x32x32xf32>
}

// -----

// f2. A convolution read element for element by its one user (bias add,
// activation) is fused into it as an epilogue, tiled like the convolution:
// images by blocks of 32 filters.
// CHECK-LABEL: func.func @conv_epilogue(
// CHECK:         scf.forall (%[[N:[^,]+]], %[[F:[^)]+]]) = (0, 0) to (2, 64) step (1, 32)
// CHECK:           linalg.fill
// CHECK:           linalg.conv_2d_nchw_fchw {{.+}} outs(%{{.+}} : tensor<1x32x32x32xf32>)
// CHECK:           linalg.generic
// CHECK:             arith.addf
// CHECK:             arith.maximumf
// CHECK:         } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = convolution, tile_sizes = [1, 32, 0, 0], register_tile = []>}
// CHECK-NOT:     linalg.
#cid = affine_map<(n, f, h, w) -> (n, f, h, w)>
#cbias = affine_map<(n, f, h, w) -> (f)>
func.func @conv_epilogue(%x: tensor<2x3x34x34xf32>, %w: tensor<64x3x3x3xf32>, %b: tensor<64xf32>) -> tensor<2x64x32x32xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %e = tensor.empty() : tensor<2x64x32x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x64x32x32xf32>) -> tensor<2x64x32x32xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<2x3x34x34xf32>, tensor<64x3x3x3xf32>) outs(%f : tensor<2x64x32x32xf32>) -> tensor<2x64x32x32xf32>
  %r = linalg.generic {indexing_maps = [#cid, #cbias, #cid], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c, %b : tensor<2x64x32x32xf32>, tensor<64xf32>) outs(%e : tensor<2x64x32x32xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %s = arith.addf %in, %bias : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x64x32x32xf32>
  return %r : tensor<2x64x32x32xf32>
}

// -----

// g. Kernels whose only producers would be fills are not formed when the
// root on its own is too small for a parallel loop (fewer than 2^16
// iteration points): a 32 x 1024 row sum, a 32 x 32 x 32 matmul.
// CHECK-LABEL: func.func @fills_only(
// CHECK-NOT:       scf.forall
// CHECK:           linalg.fill
// CHECK:           linalg.generic {{.+}} ins(%{{.+}} : tensor<32x1024xf32>) outs(%{{.+}} : tensor<32xf32>)
// CHECK:           linalg.fill
// CHECK:           linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<32x32xf32>, tensor<32x32xf32>) outs(%{{.+}} : tensor<32x32xf32>)
// CHECK-NOT:       scf.forall
// CHECK:           return
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @fills_only(%x: tensor<32x1024xf32>, %a: tensor<32x32xf32>, %b: tensor<32x32xf32>) -> (tensor<32xf32>, tensor<32x32xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %e0 = tensor.empty() : tensor<32xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<32xf32>) -> tensor<32xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<32x1024xf32>) outs(%f0 : tensor<32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<32xf32>
  %e = tensor.empty() : tensor<32x32xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<32x32xf32>) -> tensor<32x32xf32>
  %mm = linalg.matmul ins(%a, %b : tensor<32x32xf32>, tensor<32x32xf32>) outs(%f : tensor<32x32xf32>) -> tensor<32x32xf32>
  return %sum, %mm : tensor<32xf32>, tensor<32x32xf32>
}

// -----

// h. A dynamic number of rows: still one kernel, over the run-time rows.
// CHECK-LABEL: func.func @softmax_dynamic_rows(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<?x4096xf32>)
// CLEAN:           %[[N:[^ ]+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x4096xf32>
// CLEAN-NOT:       = linalg.
// CLEAN:           %[[K:[^ ]+]] = scf.forall (%[[I:[^)]+]]) in (%[[N]]) shared_outs(%[[OUT:[^ ]+]] = %{{[^)]+}}) -> (tensor<?x4096xf32>) {
// PASS:            %[[K:[^ ]+]] = scf.forall (%[[I:[^)]+]]) in (%{{[^)]+}}) shared_outs(%[[OUT:[^ ]+]] = %{{[^)]+}}) -> (tensor<?x4096xf32>) {
// CHECK:             tensor.extract_slice %[[X]][%[[I]], 0] [1, 4096] [1, 1] : tensor<?x4096xf32> to tensor<1x4096xf32>
// CHECK:               arith.maximumf
// CHECK:               math.exp
// CHECK:               arith.addf
// CHECK:               arith.divf
// CHECK:             tensor.parallel_insert_slice %{{[^ ]+}} into %[[OUT]][%[[I]], 0] [1, 4096] [1, 1] : tensor<1x4096xf32> into tensor<?x4096xf32>
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 16]>}
// CHECK-NEXT:      return %[[K]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @softmax_dynamic_rows(%x: tensor<?x4096xf32>) -> tensor<?x4096xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.000000e+00 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %x, %c0 : tensor<?x4096xf32>
  %e0 = tensor.empty(%n) : tensor<?xf32>
  %f0 = linalg.fill ins(%ninf : f32) outs(%e0 : tensor<?xf32>) -> tensor<?xf32>
  %max = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x4096xf32>) outs(%f0 : tensor<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  } -> tensor<?xf32>
  %e1 = tensor.empty(%n) : tensor<?x4096xf32>
  %exp = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %max : tensor<?x4096xf32>, tensor<?xf32>) outs(%e1 : tensor<?x4096xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %d = arith.subf %in, %m : f32
    %e = math.exp %d : f32
    linalg.yield %e : f32
  } -> tensor<?x4096xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<?xf32>) -> tensor<?xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%exp : tensor<?x4096xf32>) outs(%f1 : tensor<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<?xf32>
  %div = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%exp, %sum : tensor<?x4096xf32>, tensor<?xf32>) outs(%e1 : tensor<?x4096xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %q = arith.divf %in, %s : f32
    linalg.yield %q : f32
  } -> tensor<?x4096xf32>
  return %div : tensor<?x4096xf32>
}

// -----

// h. A matmul epilogue with a dynamic number of rows: 64 x 256 tiles, the
// last row tile partial.
// CHECK-DAG:   #[[MIN_M:.+]] = affine_map<(d0)[s0] -> (-d0 + s0, 64)>
// CHECK-LABEL: func.func @matmul_bias_dynamic_rows(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<?x512xf32>, %[[W:[^:]+]]: tensor<512x512xf32>, %[[B:[^:]+]]: tensor<512xf32>)
// CHECK:           %[[N:[^ ]+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x512xf32>
// CLEAN-NOT:       = linalg.
// PASS:            %[[K:[^ ]+]] = scf.forall (%[[I:[^,]+]], %[[J:[^)]+]]) = (0, 0) to (%[[NP:[^,]+]], 512) step (64, 256) shared_outs(%{{[^)]+}}) -> (tensor<?x512xf32>) {
// PASS:              %[[M:[^ ]+]] = affine.min #[[MIN_M]](%[[I]])[%[[NP]]]
// CLEAN:           %[[K:[^ ]+]] = scf.forall (%[[I:[^,]+]], %[[J:[^)]+]]) = (0, 0) to (%[[N]], 512) step (64, 256) shared_outs(%{{[^)]+}}) -> (tensor<?x512xf32>) {
// CLEAN:             %[[M:[^ ]+]] = affine.min #[[MIN_M]](%[[I]])[%[[N]]]
// CHECK:             %[[XS:[^ ]+]] = tensor.extract_slice %[[X]][%[[I]], 0] [%[[M]], 512] [1, 1] : tensor<?x512xf32> to tensor<?x512xf32>
// CHECK:             %[[WS:[^ ]+]] = tensor.extract_slice %[[W]][0, %[[J]]] [512, 256] [1, 1]
// CHECK:             %[[MM:[^ ]+]] = linalg.matmul ins(%[[XS]], %[[WS]] : tensor<?x512xf32>, tensor<512x256xf32>) outs(%{{.+}} : tensor<?x256xf32>)
// CHECK:             linalg.generic {{.+}} ins(%[[MM]], %{{.+}} : tensor<?x256xf32>, tensor<256xf32>)
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = matmul, tile_sizes = [64, 256], register_tile = [8, 32]>}
// CHECK-NEXT:      return %[[K]]
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @matmul_bias_dynamic_rows(%x: tensor<?x512xf32>, %w: tensor<512x512xf32>, %b: tensor<512xf32>) -> tensor<?x512xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.000000e+00 : f32
  %n = tensor.dim %x, %c0 : tensor<?x512xf32>
  %e = tensor.empty(%n) : tensor<?x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<?x512xf32>) -> tensor<?x512xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<?x512xf32>, tensor<512x512xf32>) outs(%f : tensor<?x512xf32>) -> tensor<?x512xf32>
  %r = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %b : tensor<?x512xf32>, tensor<512xf32>) outs(%e : tensor<?x512xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %a = arith.addf %in, %bias : f32
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<?x512xf32>
  return %r : tensor<?x512xf32>
}

// -----

// i. Two chained softmaxes: one kernel, and each of the eight generics is
// computed once per row, by the pass alone (a producer with several users
// in the kernel is fused once, not once per use: along a chain that would
// grow exponentially).
// CHECK-LABEL: func.func @chained_softmax(
// CHECK-NOT:       linalg.generic
// CHECK:           scf.forall (%{{[^)]+}}) in (64)
// CHECK-COUNT-8:     linalg.generic
// CHECK-NOT:         linalg.generic
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [1, 0], register_tile = [1, 16]>}
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d0)>
func.func @chained_softmax(%arg0: tensor<64x4096xf32>) -> tensor<64x4096xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %cst_0 = arith.constant 0xFF800000 : f32
  %0 = tensor.empty() : tensor<64xf32>
  %1 = linalg.fill ins(%cst_0 : f32) outs(%0 : tensor<64xf32>) -> tensor<64xf32>
  %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<64x4096xf32>) outs(%1 : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %17 = arith.maximumf %out, %in : f32
    linalg.yield %17 : f32
  } -> tensor<64xf32>
  %3 = tensor.empty() : tensor<64x4096xf32>
  %4 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0, %2 : tensor<64x4096xf32>, tensor<64xf32>) outs(%3 : tensor<64x4096xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %17 = arith.subf %in, %in_1 : f32
    %18 = math.exp %17 : f32
    linalg.yield %18 : f32
  } -> tensor<64x4096xf32>
  %5 = tensor.empty() : tensor<64xf32>
  %6 = linalg.fill ins(%cst : f32) outs(%5 : tensor<64xf32>) -> tensor<64xf32>
  %7 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%4 : tensor<64x4096xf32>) outs(%6 : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %17 = arith.addf %out, %in : f32
    linalg.yield %17 : f32
  } -> tensor<64xf32>
  %8 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%4, %7 : tensor<64x4096xf32>, tensor<64xf32>) outs(%3 : tensor<64x4096xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %17 = arith.divf %in, %in_1 : f32
    linalg.yield %17 : f32
  } -> tensor<64x4096xf32>
  %9 = tensor.empty() : tensor<64xf32>
  %10 = linalg.fill ins(%cst_0 : f32) outs(%9 : tensor<64xf32>) -> tensor<64xf32>
  %11 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%8 : tensor<64x4096xf32>) outs(%10 : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %17 = arith.maximumf %out, %in : f32
    linalg.yield %17 : f32
  } -> tensor<64xf32>
  %12 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%8, %11 : tensor<64x4096xf32>, tensor<64xf32>) outs(%3 : tensor<64x4096xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %17 = arith.subf %in, %in_1 : f32
    %18 = math.exp %17 : f32
    linalg.yield %18 : f32
  } -> tensor<64x4096xf32>
  %13 = tensor.empty() : tensor<64xf32>
  %14 = linalg.fill ins(%cst : f32) outs(%13 : tensor<64xf32>) -> tensor<64xf32>
  %15 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%12 : tensor<64x4096xf32>) outs(%14 : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %17 = arith.addf %out, %in : f32
    linalg.yield %17 : f32
  } -> tensor<64xf32>
  %16 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%12, %15 : tensor<64x4096xf32>, tensor<64xf32>) outs(%3 : tensor<64x4096xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %17 = arith.divf %in, %in_1 : f32
    linalg.yield %17 : f32
  } -> tensor<64x4096xf32>
  return %16 : tensor<64x4096xf32>
}

// -----

// j. A matmul read by a softmax's row max and exp: a contraction joins only
// an elementwise epilogue, and the row max is a reduction, so the matmul is
// a kernel of its own (in a row tile it would read the whole right operand
// once per tile).
// CHECK-LABEL: func.func @matmul_then_softmax(
// CHECK:           scf.forall
// CHECK:             linalg.matmul
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 1, strategy = matmul, tile_sizes = [0, 256, 0], register_tile = [8, 32, 1]>}
// CHECK:           scf.forall
// CHECK-NOT:         linalg.matmul
// CHECK:           } {kiln_codegen.kernel = #kiln_codegen.kernel<id = 0, strategy = reduction, tile_sizes = [4, 0], register_tile = [1, 16]>}
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d0)>
func.func @matmul_then_softmax(%arg0: tensor<256x512xf32>, %arg1: tensor<512x1024xf32>) -> tensor<256x1024xf32> {
  %cst = arith.constant 0xFF800000 : f32
  %cst_0 = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<256x1024xf32>
  %1 = linalg.fill ins(%cst_0 : f32) outs(%0 : tensor<256x1024xf32>) -> tensor<256x1024xf32>
  %2 = linalg.matmul ins(%arg0, %arg1 : tensor<256x512xf32>, tensor<512x1024xf32>) outs(%1 : tensor<256x1024xf32>) -> tensor<256x1024xf32>
  %3 = tensor.empty() : tensor<256xf32>
  %4 = linalg.fill ins(%cst : f32) outs(%3 : tensor<256xf32>) -> tensor<256xf32>
  %5 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%2 : tensor<256x1024xf32>) outs(%4 : tensor<256xf32>) {
  ^bb0(%in: f32, %out: f32):
    %11 = arith.maximumf %out, %in : f32
    linalg.yield %11 : f32
  } -> tensor<256xf32>
  %6 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%2, %5 : tensor<256x1024xf32>, tensor<256xf32>) outs(%0 : tensor<256x1024xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %11 = arith.subf %in, %in_1 : f32
    %12 = math.exp %11 : f32
    linalg.yield %12 : f32
  } -> tensor<256x1024xf32>
  %7 = tensor.empty() : tensor<256xf32>
  %8 = linalg.fill ins(%cst_0 : f32) outs(%7 : tensor<256xf32>) -> tensor<256xf32>
  %9 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "reduction"]} ins(%6 : tensor<256x1024xf32>) outs(%8 : tensor<256xf32>) {
  ^bb0(%in: f32, %out: f32):
    %11 = arith.addf %out, %in : f32
    linalg.yield %11 : f32
  } -> tensor<256xf32>
  %10 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]} ins(%6, %9 : tensor<256x1024xf32>, tensor<256xf32>) outs(%0 : tensor<256x1024xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %11 = arith.divf %in, %in_1 : f32
    linalg.yield %11 : f32
  } -> tensor<256x1024xf32>
  return %10 : tensor<256x1024xf32>
}
