// The model of aot_bad_calls.py: an outer sum, whose result has as many
// elements as the product of its inputs' lengths.
func.func @outer(%a: tensor<?x1xf32>, %b: tensor<1x?xf32>) -> tensor<?x?xf32> {
  %c = kiln.add %a, %b : tensor<?x1xf32>, tensor<1x?xf32>
  %d = kiln.exp %c : tensor<?x?xf32>
  return %d : tensor<?x?xf32>
}
