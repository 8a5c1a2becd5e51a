// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the kiln dialect: ODS type constraints, the
// shape rules of *Inference.cpp (reported when the custom form is parsed
// and when the generic form is verified) and the control-flow parsers and
// region verifiers of ControlFlow.cpp.

// type constraints (ODS)

func.func @exp_of_integer(%x: tensor<4xi32>) {
  // expected-error @+1 {{'kiln.exp' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<4xi32>'}}
  %0 = kiln.exp %x : tensor<4xi32>
  return
}

// -----

func.func @neg_of_bool(%x: tensor<4xi1>) {
  // expected-error @+1 {{'kiln.neg' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xi1>'}}
  %0 = kiln.neg %x : tensor<4xi1>
  return
}

// -----

func.func @add_of_i4(%x: tensor<2xi4>) {
  // expected-error @+1 {{'kiln.add' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xi4>'}}
  %0 = kiln.add %x, %x : tensor<2xi4>
  return
}

// -----

func.func @pow_of_integer(%x: tensor<2xi64>) {
  // expected-error @+1 {{'kiln.pow' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2xi64>'}}
  %0 = kiln.pow %x, %x : tensor<2xi64>
  return
}

// -----

func.func @unary_unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{'kiln.exp' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<*xf32>'}}
  %0 = "kiln.exp"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @select_unranked(%c: tensor<2xi1>, %x: tensor<*xf32>, %y: tensor<2xf32>) {
  // expected-error @+1 {{'kiln.select' op operand 'true_value' must be a ranked tensor, got 'tensor<*xf32>'}}
  %0 = kiln.select %c, %x, %y : tensor<2xi1>, tensor<*xf32>, tensor<2xf32>
  return
}

// -----

func.func @binary_unranked(%x: tensor<*xf32>, %y: tensor<2xf32>) {
  // expected-error @+1 {{'kiln.add' op operand 'lhs' must be a ranked tensor, got 'tensor<*xf32>'}}
  %0 = kiln.add %x, %y : tensor<*xf32>, tensor<2xf32>
  return
}

// -----

func.func @constant_i4() {
  // expected-error @+1 {{'kiln.constant' op result #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float or 1-bit signless integer or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xi4>'}}
  %0 = kiln.constant dense<1> : tensor<2xi4>
  return
}

// -----

func.func @compare_result_not_bool(%x: tensor<2xf32>) {
  // expected-error @+1 {{'kiln.compare' op result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = "kiln.compare"(%x, %x) <{predicate = 0 : i64}> : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @select_condition_not_bool(%c: tensor<2xi32>, %x: tensor<2xf32>) {
  // expected-error @+1 {{'kiln.select' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<2xi32>'}}
  %0 = kiln.select %c, %x, %x : tensor<2xi32>, tensor<2xf32>
  return
}

// -----

func.func @matmul_of_bool(%x: tensor<2x2xi1>) {
  // expected-error @+1 {{'kiln.matmul' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2x2xi1>'}}
  %0 = kiln.matmul %x, %x : tensor<2x2xi1>, tensor<2x2xi1>
  return
}

// -----

func.func @reduce_mean_of_integer(%x: tensor<2x2xi32>) {
  // expected-error @+1 {{'kiln.reduce_mean' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2x2xi32>'}}
  %0 = kiln.reduce_mean %x : tensor<2x2xi32>
  return
}

// -----

func.func @argmax_result_not_i64(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.argmax' op result #0 must be ranked tensor of 64-bit signless integer values, but got 'tensor<2xi32>'}}
  %0 = "kiln.argmax"(%x) <{axis = 1 : i64}> : (tensor<2x3xf32>) -> tensor<2xi32>
  return
}

// -----

func.func @gather_float_indices(%x: tensor<4x3xf32>, %i: tensor<2xf32>) {
  // expected-error @+1 {{'kiln.gather' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xf32>'}}
  %0 = kiln.gather %x, %i axis 0 : tensor<4x3xf32>, tensor<2xf32>
  return
}

// -----

func.func @cross_entropy_float_labels(%x: tensor<4x3xf32>, %l: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.cross_entropy' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = kiln.cross_entropy %x, %l : tensor<4x3xf32>, tensor<4xf32>
  return
}

// -----

func.func @softmax_of_integer(%x: tensor<4xi32>) {
  // expected-error @+1 {{'kiln.softmax' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<4xi32>'}}
  %0 = kiln.softmax %x : tensor<4xi32>
  return
}

// -----

func.func @conv2d_integer(%x: tensor<1x1x4x4xi32>) {
  // expected-error @+1 {{'kiln.conv2d' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<1x1x4x4xi32>'}}
  %0 = kiln.conv2d %x, %x strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x1x4x4xi32>, tensor<1x1x4x4xi32>
  return
}

// -----

func.func @cast_to_i4(%x: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.cast' op result #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float or 1-bit signless integer or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xi4>'}}
  %0 = kiln.cast %x : tensor<4xf32> to tensor<4xi4>
  return
}

// -----

// expected-note @+1 {{prior use here}}
func.func @if_predicate_not_0d(%p: tensor<2xi1>, %x: tensor<f32>) {
  // expected-error @+1 {{use of value '%p' expects different type than prior uses: 'tensor<i1>' vs 'tensor<2xi1>'}}
  %0 = kiln.if %p -> (tensor<f32>) {
    kiln.yield %x : tensor<f32>
  } else {
    kiln.yield %x : tensor<f32>
  }
  return
}

// -----

func.func @if_predicate_not_bool(%p: tensor<i32>) {
  // expected-error @+1 {{'kiln.if' op operand #0 must be 0-d tensor of i1 (tensor<i1>), but got 'tensor<i32>'}}
  "kiln.if"(%p) ({
    kiln.yield
  }, {
    kiln.yield
  }) : (tensor<i32>) -> ()
  return
}

// -----

func.func @if_predicate_not_0d_generic(%p: tensor<2xi1>) {
  // expected-error @+1 {{'kiln.if' op operand #0 must be 0-d tensor of i1 (tensor<i1>), but got 'tensor<2xi1>'}}
  "kiln.if"(%p) ({
    kiln.yield
  }, {
    kiln.yield
  }) : (tensor<2xi1>) -> ()
  return
}

// -----

func.func @condition_predicate_not_0d(%p: tensor<1xi1>) {
  kiln.while () {
    // expected-error @+1 {{'kiln.condition' op operand #0 must be 0-d tensor of i1 (tensor<i1>), but got 'tensor<1xi1>'}}
    "kiln.condition"(%p) : (tensor<1xi1>) -> ()
  } do {
    kiln.yield
  }
  return
}

// -----

func.func @for_float_bounds(%a: f32) {
  // expected-error @+1 {{'kiln.for' op operand #0 must be index, i64 or 0-d tensor of i64, but got 'f32'}}
  kiln.for %i = %a to %a step %a : f32 {
  }
  return
}

// -----

func.func @for_i64_vector_bounds(%a: tensor<1xi64>) {
  // expected-error @+1 {{'kiln.for' op operand #0 must be index, i64 or 0-d tensor of i64, but got 'tensor<1xi64>'}}
  kiln.for %i = %a to %a step %a : tensor<1xi64> {
  }
  return
}

// -----

// generic form: declared result type disagrees with the inferred one

func.func @generic_wrong_result_type(%x: tensor<2x3xf32>, %y: tensor<3xf32>) {
  // expected-error @+2 {{'kiln.add' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "kiln.add"(%x, %y) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @generic_matmul_wrong_result_type(%x: tensor<2x3xf32>, %y: tensor<3x4xf32>) {
  // expected-error @+2 {{'kiln.matmul' op inferred type(s) 'tensor<2x4xf32>' are incompatible with return type(s) of operation 'tensor<2x?xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "kiln.matmul"(%x, %y) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x?xf32>
  return
}

// -----

func.func @generic_constant_wrong_result_type() {
  // expected-error @+2 {{'kiln.constant' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "kiln.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  return
}

// -----

func.func @generic_unary_wrong_result_type(%x: tensor<2xf32>) {
  // expected-error @+1 {{'kiln.neg' op requires the same type for all operands and results}}
  %0 = "kiln.neg"(%x) : (tensor<2xf32>) -> tensor<2xf64>
  return
}

// -----

func.func @generic_softmax_wrong_result_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.softmax' op requires the same type for all operands and results}}
  %0 = "kiln.softmax"(%x) <{axis = -1 : i64}> : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

// elementwise

func.func @add_not_broadcastable(%x: tensor<2x3xf32>, %y: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.add' op operands are not broadcast-compatible: 'lhs'}}
  %0 = kiln.add %x, %y : tensor<2x3xf32>, tensor<4xf32>
  return
}

// -----

func.func @mul_element_type_mismatch(%x: tensor<3xf32>, %y: tensor<3xf64>) {
  // expected-error @+1 {{'kiln.mul' op operands 'lhs' ('tensor<3xf32>') and 'rhs' ('tensor<3xf64>') must have the same element type}}
  %0 = kiln.mul %x, %y : tensor<3xf32>, tensor<3xf64>
  return
}

// -----

func.func @compare_not_broadcastable(%x: tensor<2xi32>, %y: tensor<3xi32>) {
  // expected-error @+1 {{'kiln.compare' op operands are not broadcast-compatible: 'lhs'}}
  %0 = kiln.compare eq, %x, %y : tensor<2xi32>, tensor<3xi32>
  return
}

// -----

func.func @compare_element_type_mismatch(%x: tensor<2xi32>, %y: tensor<2xi64>) {
  // expected-error @+1 {{'kiln.compare' op operands 'lhs' ('tensor<2xi32>') and 'rhs' ('tensor<2xi64>') must have the same element type}}
  %0 = kiln.compare eq, %x, %y : tensor<2xi32>, tensor<2xi64>
  return
}

// -----

func.func @select_not_broadcastable(%c: tensor<4xi1>, %x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.select' op operands are not broadcast-compatible: 'condition'}}
  %0 = kiln.select %c, %x, %x : tensor<4xi1>, tensor<2x3xf32>
  return
}

// -----

func.func @select_element_type_mismatch(%c: tensor<3xi1>, %x: tensor<3xf32>, %y: tensor<3xi32>) {
  // expected-error @+1 {{'kiln.select' op operands 'true_value' ('tensor<3xf32>') and 'false_value' ('tensor<3xi32>') must have the same element type}}
  %0 = kiln.select %c, %x, %y : tensor<3xi1>, tensor<3xf32>, tensor<3xi32>
  return
}

// -----

func.func @cast_shape_mismatch(%x: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.cast' op result 'tensor<2x2xi32>' must have the shape of the input 'tensor<4xf32>'}}
  %0 = kiln.cast %x : tensor<4xf32> to tensor<2x2xi32>
  return
}

// -----

func.func @cast_dynamic_vs_static(%x: tensor<?xf32>) {
  // expected-error @+1 {{'kiln.cast' op result 'tensor<4xf32>' must have the shape of the input 'tensor<?xf32>'}}
  %0 = kiln.cast %x : tensor<?xf32> to tensor<4xf32>
  return
}

// -----

// matmul

func.func @matmul_contraction_mismatch(%x: tensor<2x3xf32>, %y: tensor<4x5xf32>) {
  // expected-error @+1 {{'kiln.matmul' op contracting dimensions differ: 'lhs' 'tensor<2x3xf32>' has 3 columns but 'rhs' 'tensor<4x5xf32>' has 4 rows}}
  %0 = kiln.matmul %x, %y : tensor<2x3xf32>, tensor<4x5xf32>
  return
}

// -----

func.func @matmul_vector_contraction_mismatch(%x: tensor<3xf32>, %y: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.matmul' op contracting dimensions differ: 'lhs' 'tensor<3xf32>' has 3 columns but 'rhs' 'tensor<4xf32>' has 4 rows}}
  %0 = kiln.matmul %x, %y : tensor<3xf32>, tensor<4xf32>
  return
}

// -----

func.func @matmul_batch_mismatch(%x: tensor<2x4x5xf32>, %y: tensor<3x5x6xf32>) {
  // expected-error @+1 {{'kiln.matmul' op batch dimensions of 'lhs' 'tensor<2x4x5xf32>' and 'rhs' 'tensor<3x5x6xf32>' are not broadcast-compatible}}
  %0 = kiln.matmul %x, %y : tensor<2x4x5xf32>, tensor<3x5x6xf32>
  return
}

// -----

func.func @matmul_rank_0(%x: tensor<f32>, %y: tensor<3xf32>) {
  // expected-error @+1 {{'kiln.matmul' op operands must have rank >= 1, got 'lhs' 'tensor<f32>' and 'rhs' 'tensor<3xf32>'}}
  %0 = kiln.matmul %x, %y : tensor<f32>, tensor<3xf32>
  return
}

// -----

func.func @matmul_element_type_mismatch(%x: tensor<2x3xf32>, %y: tensor<3x4xf16>) {
  // expected-error @+1 {{'kiln.matmul' op operands 'lhs' ('tensor<2x3xf32>') and 'rhs' ('tensor<3x4xf16>') must have the same element type}}
  %0 = kiln.matmul %x, %y : tensor<2x3xf32>, tensor<3x4xf16>
  return
}

// -----

// conv2d (default-valued attributes are spelled out, see ops.mlir)

func.func @conv2d_input_rank(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op 'input' must be 4-D (N x C x H x W), got 'tensor<1x3x8xf32>'}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x3x8xf32>, tensor<4x3x3x3xf32>
  return
}

// -----

func.func @conv2d_filter_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op 'filter' must be 4-D (F x C/groups x KH x KW), got 'tensor<4x3x3xf32>'}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x3x8x8xf32>, tensor<4x3x3xf32>
  return
}

// -----

func.func @conv2d_element_type_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf16>) {
  // expected-error @+1 {{'kiln.conv2d' op 'input' ('tensor<1x3x8x8xf32>') and 'filter' ('tensor<4x3x3x3xf16>') must have the same element type}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf16>
  return
}

// -----

func.func @conv2d_strides_count(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op 'strides' must have 2 entries, got [1, 1, 1]}}
  %0 = kiln.conv2d %x, %w strides [1, 1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>
  return
}

// -----

func.func @conv2d_strides_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op 'strides' entries must be at least 1, got [1, 0]}}
  %0 = kiln.conv2d %x, %w strides [1, 0] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>
  return
}

// -----

func.func @conv2d_padding_count(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op 'padding' must have 4 entries, got [1, 1]}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [1, 1] dilations [1, 1] groups 1 : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>
  return
}

// -----

func.func @conv2d_padding_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op 'padding' entries must be at least 0, got [0, -1, 0, 0]}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [0, -1, 0, 0] dilations [1, 1] groups 1 : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>
  return
}

// -----

func.func @conv2d_dilations_count(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op 'dilations' must have 2 entries, got [2]}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [2] groups 1 : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>
  return
}

// -----

func.func @conv2d_dilations_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op 'dilations' entries must be at least 1, got [0, 1]}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [0, 1] groups 1 : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>
  return
}

// -----

func.func @conv2d_groups_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op 'groups' must be positive, got 0}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 0 : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>
  return
}

// -----

func.func @conv2d_channels_not_divisible_by_groups(%x: tensor<1x3x8x8xf32>, %w: tensor<4x1x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op input channels (3 in 'tensor<1x3x8x8xf32>') are not divisible by 'groups' (2)}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 2 : tensor<1x3x8x8xf32>, tensor<4x1x3x3xf32>
  return
}

// -----

func.func @conv2d_filters_not_divisible_by_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op filter count (3 in 'tensor<3x2x3x3xf32>') is not divisible by 'groups' (2)}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 2 : tensor<1x4x8x8xf32>, tensor<3x2x3x3xf32>
  return
}

// -----

func.func @conv2d_channel_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op 'filter' 'tensor<4x2x3x3xf32>' expects 2 input channels but 'input' 'tensor<1x3x8x8xf32>' has 3}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>
  return
}

// -----

func.func @conv2d_grouped_channel_mismatch(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op 'filter' 'tensor<4x4x3x3xf32>' expects 8 input channels but 'input' 'tensor<1x4x8x8xf32>' has 4}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 2 : tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>
  return
}

// -----

func.func @conv2d_bias_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op 'bias' must be 1-D, got 'tensor<1x4xf32>'}}
  %0 = kiln.conv2d %x, %w, %b strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<1x4xf32>
  return
}

// -----

func.func @conv2d_bias_element_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf16>) {
  // expected-error @+1 {{'kiln.conv2d' op 'bias' ('tensor<4xf16>') must have the element type of 'input' ('tensor<1x3x8x8xf32>')}}
  %0 = kiln.conv2d %x, %w, %b strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf16>
  return
}

// -----

func.func @conv2d_bias_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op 'bias' 'tensor<5xf32>' must have one entry per filter (4)}}
  %0 = kiln.conv2d %x, %w, %b strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<5xf32>
  return
}

// -----

func.func @conv2d_window_too_large(%x: tensor<1x3x4x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op dilated filter 'tensor<4x3x3x3xf32>' does not fit the padded input 'tensor<1x3x4x8xf32>' in spatial dimension 0}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [2, 1] groups 1 : tensor<1x3x4x8xf32>, tensor<4x3x3x3xf32>
  return
}

// -----

func.func @conv2d_window_too_large_width(%x: tensor<1x3x8x2xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op dilated filter 'tensor<4x3x3x3xf32>' does not fit the padded input 'tensor<1x3x8x2xf32>' in spatial dimension 1}}
  %0 = kiln.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x3x8x2xf32>, tensor<4x3x3x3xf32>
  return
}

// -----

// pooling

func.func @max_pool2d_input_rank(%x: tensor<3x8x8xf32>) {
  // expected-error @+1 {{'kiln.max_pool2d' op 'input' must be 4-D (N x C x H x W), got 'tensor<3x8x8xf32>'}}
  %0 = kiln.max_pool2d %x kernel [2, 2] padding [0, 0, 0, 0] dilations [1, 1] : tensor<3x8x8xf32>
  return
}

// -----

func.func @avg_pool2d_input_rank(%x: tensor<1x1x3x8x8xf32>) {
  // expected-error @+1 {{'kiln.avg_pool2d' op 'input' must be 4-D (N x C x H x W), got 'tensor<1x1x3x8x8xf32>'}}
  %0 = kiln.avg_pool2d %x kernel [2, 2] padding [0, 0, 0, 0] {count_include_pad = true} : tensor<1x1x3x8x8xf32>
  return
}

// -----

func.func @pool_kernel_count(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'kiln.max_pool2d' op 'kernel_size' must have 2 entries, got [2]}}
  %0 = kiln.max_pool2d %x kernel [2] padding [0, 0, 0, 0] dilations [1, 1] : tensor<1x3x8x8xf32>
  return
}

// -----

func.func @pool_kernel_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'kiln.avg_pool2d' op 'kernel_size' entries must be at least 1, got [0, 2]}}
  %0 = kiln.avg_pool2d %x kernel [0, 2] padding [0, 0, 0, 0] {count_include_pad = true} : tensor<1x3x8x8xf32>
  return
}

// -----

func.func @pool_strides_count(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'kiln.max_pool2d' op 'strides' must have 2 entries, got [1, 1, 1]}}
  %0 = kiln.max_pool2d %x kernel [2, 2] strides [1, 1, 1] padding [0, 0, 0, 0] dilations [1, 1] : tensor<1x3x8x8xf32>
  return
}

// -----

func.func @pool_strides_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'kiln.avg_pool2d' op 'strides' entries must be at least 1, got [0, 1]}}
  %0 = kiln.avg_pool2d %x kernel [2, 2] strides [0, 1] padding [0, 0, 0, 0] {count_include_pad = true} : tensor<1x3x8x8xf32>
  return
}

// -----

func.func @pool_padding_count(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'kiln.max_pool2d' op 'padding' must have 4 entries, got [1, 1]}}
  %0 = kiln.max_pool2d %x kernel [2, 2] padding [1, 1] dilations [1, 1] : tensor<1x3x8x8xf32>
  return
}

// -----

func.func @pool_padding_negative(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'kiln.avg_pool2d' op 'padding' entries must be at least 0, got [0, 0, -1, 0]}}
  %0 = kiln.avg_pool2d %x kernel [2, 2] padding [0, 0, -1, 0] {count_include_pad = true} : tensor<1x3x8x8xf32>
  return
}

// -----

func.func @pool_dilations_count(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'kiln.max_pool2d' op 'dilations' must have 2 entries, got [1, 1, 1]}}
  %0 = kiln.max_pool2d %x kernel [2, 2] padding [0, 0, 0, 0] dilations [1, 1, 1] : tensor<1x3x8x8xf32>
  return
}

// -----

func.func @pool_dilations_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'kiln.max_pool2d' op 'dilations' entries must be at least 1, got [1, 0]}}
  %0 = kiln.max_pool2d %x kernel [2, 2] padding [0, 0, 0, 0] dilations [1, 0] : tensor<1x3x8x8xf32>
  return
}

// -----

func.func @max_pool2d_window_of_padding_only(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'kiln.max_pool2d' op 'padding' [0, 0, 0, 2] leaves a window of [2, 2] with no element of the input (every window must overlap the unpadded input)}}
  %0 = kiln.max_pool2d %x kernel [2, 2] padding [0, 0, 0, 2] dilations [1, 1] : tensor<1x3x8x8xf32>
  return
}

// -----

func.func @avg_pool2d_window_of_padding_only(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'kiln.avg_pool2d' op 'padding' [3, 0, 0, 0] leaves a window of [3, 3] with no element of the input (every window must overlap the unpadded input)}}
  %0 = kiln.avg_pool2d %x kernel [3, 3] padding [3, 0, 0, 0] {count_include_pad = false} : tensor<1x3x8x8xf32>
  return
}

// -----

func.func @max_pool2d_kernel_larger_than_input(%x: tensor<1x3x2x8xf32>) {
  // expected-error @+1 {{'kiln.max_pool2d' op window [3, 3] does not fit the padded input 'tensor<1x3x2x8xf32>'}}
  %0 = kiln.max_pool2d %x kernel [3, 3] padding [0, 0, 0, 0] dilations [1, 1] : tensor<1x3x2x8xf32>
  return
}

// -----

func.func @max_pool2d_dilated_window_larger_than_input(%x: tensor<1x3x8x4xf32>) {
  // expected-error @+1 {{'kiln.max_pool2d' op window [2, 2] does not fit the padded input 'tensor<1x3x8x4xf32>'}}
  %0 = kiln.max_pool2d %x kernel [2, 2] padding [0, 0, 0, 0] dilations [1, 4] : tensor<1x3x8x4xf32>
  return
}

// -----

func.func @avg_pool2d_kernel_larger_than_input(%x: tensor<1x3x8x3xf32>) {
  // expected-error @+1 {{'kiln.avg_pool2d' op window [4, 4] does not fit the padded input 'tensor<1x3x8x3xf32>'}}
  %0 = kiln.avg_pool2d %x kernel [4, 4] padding [0, 0, 0, 0] {count_include_pad = true} : tensor<1x3x8x3xf32>
  return
}

// -----

// reductions and argmax

func.func @reduce_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.reduce_sum' op 'axes' entry 2 is out of range for input 'tensor<2x3xf32>' of rank 2}}
  %0 = kiln.reduce_sum %x axes [2] : tensor<2x3xf32>
  return
}

// -----

func.func @reduce_negative_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.reduce_max' op 'axes' entry -3 is out of range for input 'tensor<2x3xf32>' of rank 2}}
  %0 = kiln.reduce_max %x axes [-3] : tensor<2x3xf32>
  return
}

// -----

func.func @reduce_duplicate_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.reduce_mean' op 'axes' [1, -1] names dimension 1 twice}}
  %0 = kiln.reduce_mean %x axes [1, -1] : tensor<2x3xf32>
  return
}

// -----

func.func @reduce_axis_of_0d(%x: tensor<f32>) {
  // expected-error @+1 {{'kiln.reduce_min' op 'axes' entry 0 is out of range for input 'tensor<f32>' of rank 0}}
  %0 = kiln.reduce_min %x axes [0] : tensor<f32>
  return
}

// -----

func.func @argmax_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.argmax' op 'axis' 2 is out of range for input 'tensor<2x3xf32>'}}
  %0 = kiln.argmax %x axis 2 : tensor<2x3xf32>
  return
}

// -----

func.func @argmax_rank_0(%x: tensor<f32>) {
  // expected-error @+1 {{'kiln.argmax' op 'input' must be a tensor of rank >= 1, got 'tensor<f32>'}}
  %0 = kiln.argmax %x axis 0 : tensor<f32>
  return
}

// -----

// reshape and transpose

func.func @reshape_two_inferred(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'kiln.reshape' op 'shape' [-1, 4, -1] may contain at most one -1}}
  %0 = kiln.reshape %x [-1, 4, -1] : tensor<2x3x4xf32>
  return
}

// -----

func.func @reshape_bad_entry(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'kiln.reshape' op 'shape' [-2, 12] entries must be sizes or -1, got -2}}
  %0 = kiln.reshape %x [-2, 12] : tensor<2x3x4xf32>
  return
}

// -----

func.func @reshape_count_mismatch(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'kiln.reshape' op cannot reshape 'tensor<2x3x4xf32>' (24 elements) to [5, 5] (25 elements)}}
  %0 = kiln.reshape %x [5, 5] : tensor<2x3x4xf32>
  return
}

// -----

func.func @reshape_not_divisible(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'kiln.reshape' op cannot reshape 'tensor<2x3x4xf32>' (24 elements) to [5, -1]}}
  %0 = kiln.reshape %x [5, -1] : tensor<2x3x4xf32>
  return
}

// -----

func.func @reshape_inferred_with_zero(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'kiln.reshape' op 'shape' [0, -1] cannot infer a -1 next to a size 0}}
  %0 = kiln.reshape %x [0, -1] : tensor<2x3x4xf32>
  return
}

// -----

func.func @transpose_wrong_length(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'kiln.transpose' op 'permutation' [1, 0] is not a permutation of the 3 dimensions of 'tensor<2x3x4xf32>'}}
  %0 = kiln.transpose %x [1, 0] : tensor<2x3x4xf32>
  return
}

// -----

func.func @transpose_repeated(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.transpose' op 'permutation' [1, 1] is not a permutation of the 2 dimensions of 'tensor<2x3xf32>'}}
  %0 = kiln.transpose %x [1, 1] : tensor<2x3xf32>
  return
}

// -----

func.func @transpose_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.transpose' op 'permutation' [0, 2] is not a permutation of the 2 dimensions of 'tensor<2x3xf32>'}}
  %0 = kiln.transpose %x [0, 2] : tensor<2x3xf32>
  return
}

// -----

// broadcast_to

func.func @broadcast_to_element_type(%x: tensor<3xf32>) {
  // expected-error @+1 {{'kiln.broadcast_to' op result 'tensor<2x3xf64>' must have the element type of input 'tensor<3xf32>'}}
  %0 = kiln.broadcast_to %x : tensor<3xf32> -> tensor<2x3xf64>
  return
}

// -----

func.func @broadcast_to_missing_dims(%x: tensor<3xf32>) {
  // expected-error @+1 {{'kiln.broadcast_to' op expects one 'dims' operand per dynamic dimension of 'tensor<?x3xf32>' (1), got 0}}
  %0 = kiln.broadcast_to %x : tensor<3xf32> -> tensor<?x3xf32>
  return
}

// -----

func.func @broadcast_to_extra_dims(%x: tensor<3xf32>, %n: index) {
  // expected-error @+1 {{'kiln.broadcast_to' op expects one 'dims' operand per dynamic dimension of 'tensor<2x3xf32>' (0), got 1}}
  %0 = kiln.broadcast_to %x [%n] : tensor<3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_to_lower_rank(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.broadcast_to' op cannot broadcast 'tensor<2x3xf32>' to the lower-rank 'tensor<3xf32>'}}
  %0 = kiln.broadcast_to %x : tensor<2x3xf32> -> tensor<3xf32>
  return
}

// -----

func.func @broadcast_to_incompatible(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.broadcast_to' op cannot broadcast 'tensor<2x3xf32>' to 'tensor<4x2x4xf32>': dimension 1 is 3, not 1 or 4}}
  %0 = kiln.broadcast_to %x : tensor<2x3xf32> -> tensor<4x2x4xf32>
  return
}

// -----

// concat

func.func @concat_rank_0(%x: tensor<f32>) {
  // expected-error @+1 {{'kiln.concat' op inputs must be tensors of rank >= 1, got 'tensor<f32>'}}
  %0 = kiln.concat %x, %x axis 0 : tensor<f32>, tensor<f32>
  return
}

// -----

func.func @concat_no_inputs() {
  // expected-error @+2 {{'kiln.concat' op needs at least one input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "kiln.concat"() <{axis = 0 : i64}> : () -> tensor<2xf32>
  return
}

// -----

func.func @concat_rank_mismatch(%x: tensor<2x3xf32>, %y: tensor<3xf32>) {
  // expected-error @+1 {{'kiln.concat' op input #1 ('tensor<3xf32>') must have the rank and element type of input #0 ('tensor<2x3xf32>')}}
  %0 = kiln.concat %x, %y axis 0 : tensor<2x3xf32>, tensor<3xf32>
  return
}

// -----

func.func @concat_element_type_mismatch(%x: tensor<2x3xf32>, %y: tensor<2x3xi32>) {
  // expected-error @+1 {{'kiln.concat' op input #1 ('tensor<2x3xi32>') must have the rank and element type of input #0 ('tensor<2x3xf32>')}}
  %0 = kiln.concat %x, %y axis 0 : tensor<2x3xf32>, tensor<2x3xi32>
  return
}

// -----

func.func @concat_other_dim_mismatch(%x: tensor<2x3xf32>, %y: tensor<2x4xf32>) {
  // expected-error @+1 {{'kiln.concat' op input #1 ('tensor<2x4xf32>') differs from input #0 ('tensor<2x3xf32>') in dimension 1, which is not the concatenation axis 0}}
  %0 = kiln.concat %x, %y axis 0 : tensor<2x3xf32>, tensor<2x4xf32>
  return
}

// -----

func.func @concat_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.concat' op 'axis' 2 is out of range for rank 2}}
  %0 = kiln.concat %x, %x axis 2 : tensor<2x3xf32>, tensor<2x3xf32>
  return
}

// -----

// slice and pad

func.func @slice_limit_out_of_bounds(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'kiln.slice' op slice [0, 9) of dimension 1 is out of bounds for 'tensor<4x8xf32>'}}
  %0 = kiln.slice %x [0, 0] to [4, 9] : tensor<4x8xf32>
  return
}

// -----

func.func @slice_start_after_limit(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'kiln.slice' op slice [3, 2) of dimension 0 is out of bounds for 'tensor<4x8xf32>'}}
  %0 = kiln.slice %x [3, 0] to [2, 8] : tensor<4x8xf32>
  return
}

// -----

func.func @slice_negative_start(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'kiln.slice' op slice [-1, 8) of dimension 1 is out of bounds for 'tensor<4x8xf32>'}}
  %0 = kiln.slice %x [0, -1] to [4, 8] : tensor<4x8xf32>
  return
}

// -----

func.func @slice_zero_stride(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'kiln.slice' op 'stride' entries must be positive, got [1, 0]}}
  %0 = kiln.slice %x [0, 0] to [4, 8] stride [1, 0] : tensor<4x8xf32>
  return
}

// -----

func.func @slice_start_count(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'kiln.slice' op 'start' [0], 'limit' [4, 8] and 'stride' [1, 1] must have one entry per dimension of 'tensor<4x8xf32>'}}
  %0 = kiln.slice %x [0] to [4, 8] : tensor<4x8xf32>
  return
}

// -----

func.func @slice_stride_count(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'kiln.slice' op 'start' [0, 0], 'limit' [4, 8] and 'stride' [1] must have one entry per dimension of 'tensor<4x8xf32>'}}
  %0 = kiln.slice %x [0, 0] to [4, 8] stride [1] : tensor<4x8xf32>
  return
}

// -----

func.func @pad_negative(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.pad' op padding must be non-negative, got 'low' [0, -1] and 'high' [0, 1]}}
  %0 = kiln.pad %x low [0, -1] high [0, 1] : tensor<2x3xf32>
  return
}

// -----

func.func @pad_negative_high(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.pad' op padding must be non-negative, got 'low' [0, 0] and 'high' [-1, 0]}}
  %0 = kiln.pad %x low [0, 0] high [-1, 0] : tensor<2x3xf32>
  return
}

// -----

func.func @pad_entry_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.pad' op 'low' [0, 1, 0] and 'high' [0, 1] must have one entry per dimension of 'tensor<2x3xf32>'}}
  %0 = kiln.pad %x low [0, 1, 0] high [0, 1] : tensor<2x3xf32>
  return
}

// -----

// gather, softmax, cross_entropy

func.func @gather_axis_out_of_range(%x: tensor<4x3xf32>, %i: tensor<2xi64>) {
  // expected-error @+1 {{'kiln.gather' op 'axis' 2 is out of range for input 'tensor<4x3xf32>'}}
  %0 = kiln.gather %x, %i axis 2 : tensor<4x3xf32>, tensor<2xi64>
  return
}

// -----

func.func @gather_rank_0(%x: tensor<f32>, %i: tensor<2xi64>) {
  // expected-error @+1 {{'kiln.gather' op 'input' must be a tensor of rank >= 1 and 'indices' a ranked tensor}}
  %0 = kiln.gather %x, %i axis 0 : tensor<f32>, tensor<2xi64>
  return
}

// -----

func.func @softmax_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.softmax' op 'axis' 2 is out of range for input 'tensor<2x3xf32>'}}
  %0 = kiln.softmax %x axis 2 : tensor<2x3xf32>
  return
}

// -----

func.func @softmax_rank_0(%x: tensor<f32>) {
  // expected-error @+1 {{'kiln.softmax' op 'input' must have rank >= 1}}
  %0 = kiln.softmax %x : tensor<f32>
  return
}

// -----

func.func @cross_entropy_logits_rank(%x: tensor<4xf32>, %l: tensor<4xi64>) {
  // expected-error @+1 {{'kiln.cross_entropy' op 'logits' must be 2-D (N x C), got 'tensor<4xf32>'}}
  %0 = kiln.cross_entropy %x, %l : tensor<4xf32>, tensor<4xi64>
  return
}

// -----

func.func @cross_entropy_labels_rank(%x: tensor<4x3xf32>, %l: tensor<4x1xi64>) {
  // expected-error @+1 {{'kiln.cross_entropy' op 'labels' must be 1-D (N), got 'tensor<4x1xi64>'}}
  %0 = kiln.cross_entropy %x, %l : tensor<4x3xf32>, tensor<4x1xi64>
  return
}

// -----

func.func @cross_entropy_batch_mismatch(%x: tensor<4x3xf32>, %l: tensor<5xi64>) {
  // expected-error @+1 {{'kiln.cross_entropy' op 'logits' 'tensor<4x3xf32>' and 'labels' 'tensor<5xi64>' disagree on the batch size}}
  %0 = kiln.cross_entropy %x, %l : tensor<4x3xf32>, tensor<5xi64>
  return
}

// -----

// kiln.if
//
// Type mismatches between what kiln.if, kiln.for and kiln.while regions
// forward and the op's types are reported by the upstream RegionBranchOpInterface
// and LoopLikeOpInterface verifiers before the kiln region verifiers run;
// robustness.mlir checks that they are rejected.

func.func @if_region_with_arguments(%p: tensor<i1>) {
  // expected-error @+1 {{'kiln.if' op region #0 should have no arguments}}
  "kiln.if"(%p) ({
  ^bb0(%a: tensor<f32>):
    kiln.yield
  }, {
    kiln.yield
  }) : (tensor<i1>) -> ()
  return
}

// -----

// kiln.for

// expected-note @+1 {{prior use here}}
func.func @for_bound_type_mismatch(%lb: index, %ub: i64) {
  // expected-error @+1 {{use of value '%ub' expects different type than prior uses: 'index' vs 'i64'}}
  kiln.for %i = %lb to %ub step %lb : index {
  }
  return
}

// -----

func.func @for_iter_args_count_mismatch(%lb: index, %x: tensor<4xf32>) {
  // expected-error @+1 {{custom op 'kiln.for' expected as many loop-carried types as iter_args, got 2 types for 1 values}}
  %0:2 = kiln.for %i = %lb to %lb step %lb iter_args(%a = %x) -> (tensor<4xf32>, tensor<4xf32>) : index {
    kiln.yield %a, %a : tensor<4xf32>, tensor<4xf32>
  }
  return
}

// -----

// expected-note @+1 {{prior use here}}
func.func @for_iter_args_type_mismatch(%lb: index, %x: tensor<4xf32>) {
  // expected-error @+1 {{use of value '%x' expects different type than prior uses: 'tensor<2xf32>' vs 'tensor<4xf32>'}}
  %0 = kiln.for %i = %lb to %lb step %lb iter_args(%a = %x) -> (tensor<2xf32>) : index {
    kiln.yield %a : tensor<2xf32>
  }
  return
}

// -----

func.func @for_generic_induction_variable_type(%lb: index) {
  // expected-error @+1 {{'kiln.for' op induction variable type 'i64' must match the bound type 'index'}}
  "kiln.for"(%lb, %lb, %lb) ({
  ^bb0(%i: i64):
    kiln.yield
  }) : (index, index, index) -> ()
  return
}

// -----

// kiln.while

func.func @while_before_not_ending_in_condition(%x: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.while' op 'before' region must end in 'kiln.condition'}}
  %0 = kiln.while (%a = %x) : tensor<4xf32> {
    kiln.yield %a : tensor<4xf32>
  } do {
  ^bb0(%b: tensor<4xf32>):
    kiln.yield %b : tensor<4xf32>
  }
  return
}

// -----

func.func @while_after_not_ending_in_yield(%x: tensor<4xf32>, %p: tensor<i1>) {
  // expected-error @+1 {{'kiln.while' op 'after' region must end in 'kiln.yield'}}
  %0 = kiln.while (%a = %x) : tensor<4xf32> {
    kiln.condition %p, %a : tensor<4xf32>
  } do {
  ^bb0(%b: tensor<4xf32>):
    kiln.condition %p, %b : tensor<4xf32>
  }
  return
}

// -----

func.func @while_types_count_mismatch(%x: tensor<4xf32>, %p: tensor<i1>) {
  // expected-error @+1 {{custom op 'kiln.while' expected 2 loop-carried types, got 1}}
  %0 = kiln.while (%a = %x, %b = %x) : tensor<4xf32> {
    kiln.condition %p, %a : tensor<4xf32>
  } do {
  ^bb0(%c: tensor<4xf32>):
    kiln.yield %c : tensor<4xf32>
  }
  return
}

// -----

// terminators outside their parents

func.func @yield_outside_control_flow(%x: tensor<4xf32>) {
  // expected-error @+1 {{'kiln.yield' op expects parent op to be one of 'kiln.if, kiln.for, kiln.while'}}
  kiln.yield %x : tensor<4xf32>
}

// -----

func.func @condition_outside_while(%p: tensor<i1>) {
  // expected-error @+1 {{'kiln.condition' op expects parent op 'kiln.while'}}
  kiln.condition %p
}

// -----

func.func @condition_in_if(%p: tensor<i1>) {
  "kiln.if"(%p) ({
    // expected-error @+1 {{'kiln.condition' op expects parent op 'kiln.while'}}
    kiln.condition %p
  }, {
    kiln.yield
  }) : (tensor<i1>) -> ()
  return
}

// -----

// Negative axes are reported as written.

func.func @argmax_negative_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.argmax' op 'axis' -3 is out of range for input 'tensor<2x3xf32>'}}
  %0 = kiln.argmax %x axis -3 : tensor<2x3xf32>
  return
}

// -----

func.func @concat_negative_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.concat' op 'axis' -3 is out of range for rank 2}}
  %0 = kiln.concat %x, %x axis -3 : tensor<2x3xf32>, tensor<2x3xf32>
  return
}

// -----

func.func @gather_negative_axis(%x: tensor<2x3xf32>, %i: tensor<2xi64>) {
  // expected-error @+1 {{'kiln.gather' op 'axis' -3 is out of range for input 'tensor<2x3xf32>'}}
  %0 = kiln.gather %x, %i axis -3 : tensor<2x3xf32>, tensor<2xi64>
  return
}

// -----

func.func @softmax_negative_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'kiln.softmax' op 'axis' -3 is out of range for input 'tensor<2x3xf32>'}}
  %0 = kiln.softmax %x axis -3 : tensor<2x3xf32>
  return
}

// -----

// Shape arithmetic that would overflow int64 is an error, not a wrapped size.

func.func @pad_overflow(%x: tensor<2xf32>) {
  // expected-error @+1 {{'kiln.pad' op padded size of dimension 0 overflows int64}}
  %0 = kiln.pad %x low [9223372036854775807] high [1] : tensor<2xf32>
  return
}

// -----

func.func @conv2d_dilation_overflow(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{'kiln.conv2d' op dilated filter 'tensor<1x1x3x3xf32>' does not fit the padded input 'tensor<1x1x8x8xf32>' in spatial dimension 0}}
  %0 = kiln.conv2d %x, %w dilations [4611686018427387904, 1] : tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>
  return
}

// -----

func.func @reshape_too_many_elements(%x: tensor<4611686018427387904x4xf32>) {
  // expected-error @+1 {{'kiln.reshape' op input 'tensor<4611686018427387904x4xf32>' has more than 2^63 elements}}
  %0 = kiln.reshape %x [-1] : tensor<4611686018427387904x4xf32>
  return
}

// -----

func.func @reshape_target_too_large(%x: tensor<?xf32>) {
  // expected-error @+1 {{'kiln.reshape' op 'shape' [4611686018427387904, 4] has more than 2^63 elements}}
  %0 = kiln.reshape %x [4611686018427387904, 4] : tensor<?xf32>
  return
}

// -----

// kiln.for: checks beyond the types along control-flow edges.

func.func @for_mixed_bound_types(%a: index, %b: i64) {
  // expected-error @+1 {{'kiln.for' op bounds must have one type, got lower 'index', upper 'i64' and step 'index'}}
  "kiln.for"(%a, %b, %a) ({
  ^bb0(%i: index):
    kiln.yield
  }) : (index, i64, index) -> ()
  return
}

// -----

func.func @for_without_induction_variable(%a: index) {
  // expected-error @+1 {{'kiln.for' op body must take the induction variable and one argument per loop-carried value (1 arguments), got 0}}
  "kiln.for"(%a, %a, %a) ({
    kiln.yield
  }) : (index, index, index) -> ()
  return
}

// -----

func.func @for_induction_variable_type(%a: index) {
  // expected-error @+1 {{'kiln.for' op induction variable type 'i64' must match the bound type 'index'}}
  "kiln.for"(%a, %a, %a) ({
  ^bb0(%i: i64):
    kiln.yield
  }) : (index, index, index) -> ()
  return
}

// -----

func.func @for_zero_step(%lb: index, %ub: index) {
  %zero = arith.constant 0 : index
  // expected-error @+1 {{'kiln.for' op step must be positive, got 0}}
  kiln.for %i = %lb to %ub step %zero : index {
  }
  return
}

// -----

func.func @for_negative_tensor_step(%lb: tensor<i64>, %ub: tensor<i64>) {
  %step = kiln.constant dense<-2> : tensor<i64>
  // expected-error @+1 {{'kiln.for' op step must be positive, got -2}}
  kiln.for %i = %lb to %ub step %step : tensor<i64> {
  }
  return
}

// -----

// Type agreement of yields and results is checked by RegionBranchOpInterface.

func.func @if_yield_type_mismatch(%p: tensor<i1>, %x: tensor<4xf64>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.if' op along control flow edge from Operation kiln.yield to parent: successor operand type #0 'tensor<4xf64>' should match successor input type #0 'tensor<4xf32>'}}
  %0 = kiln.if %p -> (tensor<4xf32>) {
    // expected-note @+1 {{region branch point}}
    kiln.yield %x : tensor<4xf64>
  } else {
    kiln.yield %x : tensor<4xf64>
  }
  return %0 : tensor<4xf32>
}
