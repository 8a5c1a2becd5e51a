// Models for the C API tests: dynamic dimensions that must agree.
func.func @add(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %0 = kiln.add %a, %b : tensor<?xf32>
  return %0 : tensor<?xf32>
}

func.func @matmul(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = kiln.matmul %a, %b : tensor<?x?xf32>, tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// Fails its second check after allocating the product: the runtime must
// free it.
func.func @late_failure(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = kiln.matmul %a, %b : tensor<?x?xf32>, tensor<?x?xf32>
  %1 = kiln.add %0, %c : tensor<?x?xf32>
  return %1 : tensor<?x?xf32>
}

// Two results sharing one buffer.
func.func @twice(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %e = kiln.exp %x : tensor<3xf32>
  return %e, %e : tensor<3xf32>, tensor<3xf32>
}

// bf16 arithmetic needs no compiler runtime helper.
func.func @bf16_scale(%x: tensor<4xbf16>) -> tensor<4xbf16> {
  %0 = kiln.add %x, %x : tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// A graph function called `main` does not clash with the C program's.
func.func private @main(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = kiln.neg %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @calls_main(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = func.call @main(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// Intermediate buffers with dynamic shapes, for the leak check.
func.func @chain(%x: tensor<?x?xf32>) -> (tensor<?xf32>, tensor<?x?xf32>) {
  %e = kiln.exp %x : tensor<?x?xf32>
  %t = kiln.transpose %e [1, 0] : tensor<?x?xf32>
  %m = kiln.matmul %e, %t : tensor<?x?xf32>, tensor<?x?xf32>
  %s = kiln.reduce_sum %m axes [1] : tensor<?x?xf32>
  %c = kiln.concat %x, %x axis 0 : tensor<?x?xf32>, tensor<?x?xf32>
  return %s, %c : tensor<?xf32>, tensor<?x?xf32>
}
