// Models for the C API tests: dynamic dimensions that must agree.
func.func @add(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %0 = kiln.add %a, %b : tensor<?xf32>
  return %0 : tensor<?xf32>
}

func.func @matmul(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = kiln.matmul %a, %b : tensor<?x?xf32>, tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
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
