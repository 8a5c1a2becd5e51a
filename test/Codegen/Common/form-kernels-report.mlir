// RUN: kiln-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(kiln-form-kernels{report}))' -verify-diagnostics -o /dev/null

// kiln-form-kernels{report} (kilnc --kiln-fusion-report): a remark on each
// kernel's root naming its members (consumers before producers) and the
// memory traffic fusion saves, each fused result counted as written once
// and read once per use, and a summary remark on the function.

// Softmax: the exp (1 MiB, read by the sum and the div) saves 3 MiB; the
// max, the sum and their fills (256 bytes each, one use) 512 bytes each.
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
// expected-remark @+1 {{@softmax: 6 linalg ops, 6 of them in 1 kernel loops (1 fusing producers), 0 outside; fusion saves 3147776 bytes of memory traffic}}
func.func @softmax(%x: tensor<64x4096xf32>) -> tensor<64x4096xf32> {
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
  // expected-remark @+1 {{kernel 0: linalg.generic (root, tiles [1, 0]) + linalg.generic + linalg.generic + linalg.fill + linalg.generic + linalg.fill; saves 3147776 bytes of memory traffic}}
  %div = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%exp, %sum : tensor<64x4096xf32>, tensor<64xf32>) outs(%e1 : tensor<64x4096xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %q = arith.divf %in, %s : f32
    linalg.yield %q : f32
  } -> tensor<64x4096xf32>
  return %div : tensor<64x4096xf32>
}

// -----

// A matmul epilogue: the matmul's result and its fill (256 KiB each, one
// use) are never written to memory.
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
// expected-remark @+1 {{@matmul_bias_relu: 3 linalg ops, 3 of them in 1 kernel loops (1 fusing producers), 0 outside; fusion saves 1048576 bytes of memory traffic}}
func.func @matmul_bias_relu(%x: tensor<128x512xf32>, %w: tensor<512x512xf32>, %b: tensor<512xf32>) -> tensor<128x512xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %e = tensor.empty() : tensor<128x512xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<128x512xf32>) -> tensor<128x512xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<128x512xf32>, tensor<512x512xf32>) outs(%f : tensor<128x512xf32>) -> tensor<128x512xf32>
  // expected-remark @+1 {{kernel 0: linalg.generic (root, tiles [64, 256]) + linalg.matmul + linalg.fill; saves 1048576 bytes of memory traffic}}
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

// The exp is also returned: two kernels, numbered from the last root up.
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
// expected-remark @+1 {{@exp_also_returned: 6 linalg ops, 6 of them in 2 kernel loops (2 fusing producers), 0 outside; fusion saves 2048 bytes of memory traffic}}
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
  // expected-remark @+1 {{kernel 1: linalg.generic (root, tiles [1, 0]) + linalg.generic + linalg.fill; saves 1024 bytes of memory traffic}}
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
  // expected-remark @+1 {{kernel 0: linalg.generic (root, tiles [1, 0]) + linalg.generic + linalg.fill; saves 1024 bytes of memory traffic}}
  %div = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%exp, %sum : tensor<64x4096xf32>, tensor<64xf32>) outs(%e1 : tensor<64x4096xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %q = arith.divf %in, %s : f32
    linalg.yield %q : f32
  } -> tensor<64x4096xf32>
  return %div, %exp : tensor<64x4096xf32>, tensor<64x4096xf32>
}

// -----

// A dynamic number of rows: the saving is not a number of bytes.
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
// expected-remark @+1 {{@normalize_dynamic_rows: 3 linalg ops, 3 of them in 1 kernel loops (1 fusing producers), 0 outside; fusion saves 0 bytes of memory traffic plus some of dynamic size}}
func.func @normalize_dynamic_rows(%x: tensor<?x4096xf32>) -> tensor<?x4096xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.000000e+00 : f32
  %n = tensor.dim %x, %c0 : tensor<?x4096xf32>
  %e0 = tensor.empty(%n) : tensor<?xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<?xf32>) -> tensor<?xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<?x4096xf32>) outs(%f0 : tensor<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<?xf32>
  %e1 = tensor.empty(%n) : tensor<?x4096xf32>
  // expected-remark @+1 {{kernel 0: linalg.generic (root, tiles [1, 0]) + linalg.generic + linalg.fill; saves memory traffic of dynamic size}}
  %div = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %sum : tensor<?x4096xf32>, tensor<?xf32>) outs(%e1 : tensor<?x4096xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %q = arith.divf %in, %s : f32
    linalg.yield %q : f32
  } -> tensor<?x4096xf32>
  return %div : tensor<?x4096xf32>
}

// -----

// Nothing to fuse (a small row sum and a small matmul, each with only its
// fill): no kernel remark, a summary of zero kernels.
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
// expected-remark @+1 {{@nothing_fused: 4 linalg ops, 0 of them in 0 kernel loops (0 fusing producers), 4 outside; fusion saves 0 bytes of memory traffic}}
func.func @nothing_fused(%x: tensor<32x1024xf32>, %a: tensor<32x32xf32>, %b: tensor<32x32xf32>) -> (tensor<32xf32>, tensor<32x32xf32>) {
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
