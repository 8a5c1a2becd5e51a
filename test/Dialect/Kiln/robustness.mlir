// RUN: not kiln-opt %s -split-input-file 2>&1 | FileCheck %s

// Malformed input must be rejected with a located error and exit code 1,
// never a crash (`not` fails when kiln-opt crashes). Every case checks the
// line of its first error.

// Syntax errors in the custom formats.

func.func @unary_missing_type(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected ':'
  %0 = kiln.exp %x
  return
}

// -----

func.func @unary_missing_operand(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected SSA operand
  %0 = kiln.neg : tensor<4xf32>
  return
}

// -----

func.func @binary_missing_comma(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected ','
  %0 = kiln.add %x %x : tensor<4xf32>
  return
}

// -----

func.func @binary_missing_second_type(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected non-function type
  %0 = kiln.sub %x, %x : tensor<4xf32>,
  return
}

// -----

func.func @binary_three_types(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected operation name in quotes
  %0 = kiln.mul %x, %x : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @constant_missing_value() {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected attribute value
  %0 = kiln.constant : tensor<f32>
  return
}

// -----

func.func @constant_not_elements() {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.constant' invalid kind of attribute specified
  %0 = kiln.constant 1.0 : f32
  return
}

// -----

func.func @compare_bad_predicate(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.compare' expected string or keyword containing one of the following enum
  %0 = kiln.compare lte, %x, %x : tensor<4xf32>
  return
}

// -----

func.func @compare_missing_predicate(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.compare' expected string or keyword containing one of the following enum
  %0 = kiln.compare %x, %x : tensor<4xf32>
  return
}

// -----

func.func @compare_generic_bad_predicate(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: invalid properties {predicate = 9 : i64} for op kiln.compare: Invalid attribute
  %0 = "kiln.compare"(%x, %x) <{predicate = 9 : i64}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return
}

// -----

func.func @select_missing_condition_type(%c: tensor<4xi1>, %x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected ','
  %0 = kiln.select %c, %x, %x : tensor<4xf32>
  return
}

// -----

func.func @cast_missing_to(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.cast' expected 'to'
  %0 = kiln.cast %x : tensor<4xf32> tensor<4xi32>
  return
}

// -----

func.func @matmul_missing_second_type(%x: tensor<4x4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected ','
  %0 = kiln.matmul %x, %x : tensor<4x4xf32>
  return
}

// -----

func.func @conv2d_bad_attribute_list(%x: tensor<1x1x4x4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.conv2d' expected integer value
  %0 = kiln.conv2d %x, %x strides [1, x] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
  return
}

// -----

func.func @conv2d_attribute_not_a_list(%x: tensor<1x1x4x4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected '['
  %0 = kiln.conv2d %x, %x strides 1 padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
  return
}

// -----

func.func @conv2d_groups_not_integer(%x: tensor<1x1x4x4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.conv2d' invalid kind of attribute specified
  %0 = kiln.conv2d %x, %x strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups [1] : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
  return
}

// -----

func.func @conv2d_bias_without_type(%x: tensor<1x1x4x4xf32>, %b: tensor<1xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.conv2d' number of operands and types do not match: got 1 operands and 0
  %0 = kiln.conv2d %x, %x, %b strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
  return
}

// -----

func.func @pool_missing_kernel_keyword(%x: tensor<1x1x4x4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.max_pool2d' expected 'kernel'
  %0 = kiln.max_pool2d %x [2, 2] padding [0, 0, 0, 0] dilations [1, 1] : tensor<1x1x4x4xf32>
  return
}

// -----

func.func @pool_unterminated_list(%x: tensor<1x1x4x4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected ']'
  %0 = kiln.avg_pool2d %x kernel [2, 2 padding [0, 0, 0, 0] {count_include_pad = true} : tensor<1x1x4x4xf32>
  return
}

// -----

func.func @avg_pool2d_count_include_pad_not_bool(%x: tensor<1x1x4x4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.avg_pool2d' 'kiln.avg_pool2d' op attribute 'count_include_pad' failed to
  %0 = kiln.avg_pool2d %x kernel [2, 2] padding [0, 0, 0, 0] {count_include_pad = 1 : i64} : tensor<1x1x4x4xf32>
  return
}

// -----

func.func @reduce_axes_not_a_list(%x: tensor<2x3xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected '['
  %0 = kiln.reduce_sum %x axes 1 : tensor<2x3xf32>
  return
}

// -----

func.func @reduce_unknown_keyword(%x: tensor<2x3xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected ':'
  %0 = kiln.reduce_max %x keepdim : tensor<2x3xf32>
  return
}

// -----

func.func @argmax_missing_axis(%x: tensor<2x3xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.argmax' expected 'axis'
  %0 = kiln.argmax %x : tensor<2x3xf32>
  return
}

// -----

func.func @reshape_missing_shape(%x: tensor<2x3xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected '['
  %0 = kiln.reshape %x : tensor<2x3xf32>
  return
}

// -----

func.func @transpose_float_permutation(%x: tensor<2x3xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.transpose' expected integer value
  %0 = kiln.transpose %x [1.0, 0.0] : tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_to_missing_arrow(%x: tensor<3xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected '->'
  %0 = kiln.broadcast_to %x : tensor<3xf32> tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_to_dims_not_index(%x: tensor<3xf32>, %n: i64) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: use of value '%n' expects different type than prior uses: 'index' vs 'i64'
  %0 = kiln.broadcast_to %x [%n] : tensor<3xf32> -> tensor<?x3xf32>
  return
}

// -----

func.func @concat_missing_axis(%x: tensor<3xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.concat' expected 'axis'
  %0 = kiln.concat %x, %x : tensor<3xf32>, tensor<3xf32>
  return
}

// -----

func.func @concat_too_few_types(%x: tensor<3xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.concat' number of operands and types do not match: got 2 operands and 1
  %0 = kiln.concat %x, %x axis 0 : tensor<3xf32>
  return
}

// -----

func.func @slice_missing_to(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.slice' expected 'to'
  %0 = kiln.slice %x [0] [2] : tensor<4xf32>
  return
}

// -----

func.func @pad_missing_high(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.pad' expected 'high'
  %0 = kiln.pad %x low [1] : tensor<4xf32>
  return
}

// -----

func.func @pad_value_not_a_number(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.pad' invalid kind of attribute specified
  %0 = kiln.pad %x low [1] high [1] value "one" : tensor<4xf32>
  return
}

// -----

func.func @gather_axis_without_value(%x: tensor<4xf32>, %i: tensor<2xi64>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected attribute value
  %0 = kiln.gather %x, %i axis : tensor<4xf32>, tensor<2xi64>
  return
}

// -----

func.func @softmax_axis_not_integer(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.softmax' invalid kind of attribute specified
  %0 = kiln.softmax %x axis [0] : tensor<4xf32>
  return
}

// -----

func.func @cross_entropy_missing_labels_type(%x: tensor<4x3xf32>, %l: tensor<4xi64>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected ','
  %0 = kiln.cross_entropy %x, %l : tensor<4x3xf32>
  return
}

// -----

func.func @yield_missing_types(%p: tensor<i1>, %x: tensor<4xf32>) {
  %0 = kiln.if %p -> (tensor<4xf32>) {
    // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected ':'
    kiln.yield %x
  } else {
    kiln.yield %x : tensor<4xf32>
  }
  return
}

// -----

func.func @condition_missing_types(%p: tensor<i1>, %x: tensor<4xf32>) {
  %0 = kiln.while (%a = %x) : tensor<4xf32> {
    // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected ':'
    kiln.condition %p, %a
  } do {
  ^bb0(%b: tensor<4xf32>):
    kiln.yield %b : tensor<4xf32>
  }
  return
}

// -----

func.func @if_missing_else(%p: tensor<i1>) {
  kiln.if %p {
  }
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.if' expected 'else'
  return
}

// -----

func.func @if_result_types_without_parentheses(%p: tensor<i1>, %x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected '('
  %0 = kiln.if %p -> tensor<4xf32> {
    kiln.yield %x : tensor<4xf32>
  } else {
    kiln.yield %x : tensor<4xf32>
  }
  return
}

// -----

func.func @for_missing_to(%a: index) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.for' expected 'to'
  kiln.for %i = %a %a step %a : index {
  }
  return
}

// -----

func.func @for_missing_step(%a: index) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.for' expected 'step'
  kiln.for %i = %a to %a : index {
  }
  return
}

// -----

func.func @for_missing_equal(%a: index) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected '='
  kiln.for %i %a to %a step %a : index {
  }
  return
}

// -----

func.func @for_missing_bound_type(%a: index) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected ':'
  kiln.for %i = %a to %a step %a {
  }
  return
}

// -----

func.func @for_iter_args_missing_result_types(%a: index, %x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected '->'
  %0 = kiln.for %i = %a to %a step %a iter_args(%y = %x) : index {
    kiln.yield %y : tensor<4xf32>
  }
  return
}

// -----

func.func @for_body_redefines_arguments(%a: index) {
  kiln.for %i = %a to %a step %a : index {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: invalid block name in region with named arguments
  ^bb0(%j: index):
  }
  return
}

// -----

func.func @while_missing_do(%p: tensor<i1>) {
  kiln.while () {
    kiln.condition %p
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.while' expected 'do'
  } {
    kiln.yield
  }
  return
}

// -----

func.func @while_missing_types(%p: tensor<i1>, %x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected ':'
  %0 = kiln.while (%a = %x) {
    kiln.condition %p, %a : tensor<4xf32>
  } do {
  ^bb0(%b: tensor<4xf32>):
    kiln.yield %b : tensor<4xf32>
  }
  return
}

// -----

func.func @while_missing_assignment_list(%p: tensor<i1>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.while' expected '('
  kiln.while {
    kiln.condition %p
  } do {
    kiln.yield
  }
  return
}

// -----

// Wrong shapes and wrong attributes.

func.func @add_wrong_shapes(%x: tensor<2x3xf32>, %y: tensor<2xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.add' op operands are not broadcast-compatible: 'lhs' (tensor<2x3xf32>) and 'rhs'
  %0 = kiln.add %x, %y : tensor<2x3xf32>, tensor<2xf32>
  return
}

// -----

func.func @matmul_wrong_shapes(%x: tensor<2x3xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.matmul' op contracting dimensions differ: 'lhs' 'tensor<2x3xf32>' has 3 columns but
  %0 = kiln.matmul %x, %x : tensor<2x3xf32>, tensor<2x3xf32>
  return
}

// -----

func.func @reshape_wrong_shape(%x: tensor<2x3xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.reshape' op cannot reshape 'tensor<2x3xf32>' (6 elements) to [4, 2] (8 elements)
  %0 = kiln.reshape %x [4, 2] : tensor<2x3xf32>
  return
}

// -----

func.func @return_wrong_inferred_type(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = kiln.transpose %x [0, 1] : tensor<2x3xf32>
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: use of value '%0' expects different type than prior uses: 'tensor<3x2xf32>' vs
  return %0 : tensor<3x2xf32>
}

// -----

func.func @conv2d_wrong_strides(%x: tensor<1x1x4x4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.conv2d' op 'strides' must have 2 entries, got [1]
  %0 = kiln.conv2d %x, %x strides [1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
  return
}

// -----

func.func @pool_kernel_too_large(%x: tensor<1x1x4x4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.max_pool2d' op window [5, 5] does not fit the padded input 'tensor<1x1x4x4xf32>'
  %0 = kiln.max_pool2d %x kernel [5, 5] padding [0, 0, 0, 0] dilations [1, 1] : tensor<1x1x4x4xf32>
  return
}

// -----

func.func @generic_axis_not_integer(%x: tensor<2x3xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: invalid properties {axis = "one"} for op kiln.argmax: Invalid attribute `axis` in
  %0 = "kiln.argmax"(%x) <{axis = "one"}> : (tensor<2x3xf32>) -> tensor<2xi64>
  return
}

// -----

func.func @generic_shape_not_dense_array(%x: tensor<2x3xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: invalid properties {shape = [3, 2]} for op kiln.reshape: Invalid attribute `shape` in
  %0 = "kiln.reshape"(%x) <{shape = [3, 2]}> : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @generic_missing_required_attribute(%x: tensor<1x1x4x4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.max_pool2d' op requires attribute 'kernel_size'
  %0 = "kiln.max_pool2d"(%x) : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return
}

// -----

func.func @generic_wrong_operand_count(%x: tensor<2xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.add' op expected 2 operands, but found 1
  %0 = "kiln.add"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @unranked_operand(%x: tensor<*xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: custom op 'kiln.exp' invalid kind of type specified: expected builtin.tensor, but found
  %0 = kiln.exp %x : tensor<*xf32>
  return
}

// -----

// Wrong region terminators.

func.func @if_region_without_terminator(%p: tensor<i1>) {
  "kiln.if"(%p) ({
    // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: block with no terminator, has %0 = "kiln.constant"() <{value = dense<1.000000e+00> :
    %c = kiln.constant dense<1.0> : tensor<f32>
  }, {
    kiln.yield
  }) : (tensor<i1>) -> ()
  return
}

// -----

func.func @if_region_ends_in_return(%p: tensor<i1>) {
  "kiln.if"(%p) ({
    // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'func.return' op expects parent op 'func.func'
    func.return
  }, {
    kiln.yield
  }) : (tensor<i1>) -> ()
  return
}

// -----

func.func @if_two_blocks(%p: tensor<i1>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.if' op expects region #1 to have 0 or 1 blocks
  kiln.if %p {
  } else {
    cf.br ^bb1
  ^bb1:
    kiln.yield
  }
  return
}

// -----

func.func @if_empty_regions(%p: tensor<i1>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.if' op region #0 ('thenRegion') failed to verify constraint: region with 1 blocks
  "kiln.if"(%p) ({}, {}) : (tensor<i1>) -> ()
  return
}

// -----

func.func @for_body_ends_in_condition(%a: index, %p: tensor<i1>) {
  kiln.for %i = %a to %a step %a : index {
    // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.condition' op expects parent op 'kiln.while'
    kiln.condition %p
  }
  return
}

// -----

func.func @for_empty_region(%a: index) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.for' op region #0 ('region') failed to verify constraint: region with 1 blocks
  "kiln.for"(%a, %a, %a) ({}) : (index, index, index) -> ()
  return
}

// -----

func.func @while_before_ends_in_yield(%p: tensor<i1>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.while' op 'before' region must end in 'kiln.condition'
  kiln.while () {
    kiln.yield
  } do {
    kiln.yield
  }
  return
}

// -----

func.func @while_after_ends_in_condition(%p: tensor<i1>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.while' op 'after' region must end in 'kiln.yield'
  kiln.while () {
    kiln.condition %p
  } do {
    kiln.condition %p
  }
  return
}

// -----

func.func @while_empty_regions(%p: tensor<i1>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.while' op region #0 ('before') failed to verify constraint: region with 1 blocks
  kiln.while () {
  } do {
  }
  return
}

// -----

func.func @while_empty_blocks(%p: tensor<i1>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: empty block: expect at least a terminator
  "kiln.while"() ({
  ^bb0:
  }, {
  ^bb0:
  }) : () -> ()
  return
}

// -----

func.func @yield_in_function(%x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.yield' op expects parent op to be one of 'kiln.if, kiln.for, kiln.while'
  kiln.yield %x : tensor<4xf32>
}

// -----

// Wrong yield types and counts. These are reported by the upstream
// RegionBranchOpInterface and LoopLikeOpInterface verifiers, so only the op
// is checked.

func.func @if_then_yields_wrong_type(%p: tensor<i1>, %x: tensor<4xf32>, %y: tensor<4xf64>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.if' op
  %0 = kiln.if %p -> (tensor<4xf32>) {
    kiln.yield %y : tensor<4xf64>
  } else {
    kiln.yield %x : tensor<4xf32>
  }
  return
}

// -----

func.func @if_else_yields_wrong_type(%p: tensor<i1>, %x: tensor<4xf32>, %y: tensor<2xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.if' op
  %0 = kiln.if %p -> (tensor<4xf32>) {
    kiln.yield %x : tensor<4xf32>
  } else {
    kiln.yield %y : tensor<2xf32>
  }
  return
}

// -----

func.func @if_yields_nothing_for_result(%p: tensor<i1>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.if' op
  %0 = kiln.if %p -> (tensor<f32>) {
  } else {
  }
  return
}

// -----

func.func @for_body_yields_wrong_type(%a: index, %x: tensor<4xf32>, %y: tensor<4xf64>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.for' op
  %0 = kiln.for %i = %a to %a step %a iter_args(%v = %x) -> (tensor<4xf32>) : index {
    kiln.yield %y : tensor<4xf64>
  }
  return
}

// -----

func.func @for_body_yields_too_many(%a: index, %x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.for' op
  %0 = kiln.for %i = %a to %a step %a iter_args(%v = %x) -> (tensor<4xf32>) : index {
    kiln.yield %v, %v : tensor<4xf32>, tensor<4xf32>
  }
  return
}

// -----

func.func @for_body_yields_nothing(%a: index, %x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.for' op
  %0 = kiln.for %i = %a to %a step %a iter_args(%v = %x) -> (tensor<4xf32>) : index {
  }
  return
}

// -----

func.func @for_generic_result_type(%a: index, %x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.for' op
  %0 = "kiln.for"(%a, %a, %a, %x) ({
  ^bb0(%i: index, %v: tensor<4xf32>):
    kiln.yield %v : tensor<4xf32>
  }) : (index, index, index, tensor<4xf32>) -> tensor<4xf64>
  return
}

// -----

func.func @for_generic_body_argument_type(%a: index, %x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.for' op
  %0 = "kiln.for"(%a, %a, %a, %x) ({
  ^bb0(%i: index, %v: tensor<4xf64>):
    kiln.yield %x : tensor<4xf32>
  }) : (index, index, index, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @while_condition_forwards_wrong_type(%p: tensor<i1>, %x: tensor<4xf32>, %y: tensor<4xf64>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.while' op
  %0 = kiln.while (%a = %x) : tensor<4xf32> {
    kiln.condition %p, %y : tensor<4xf64>
  } do {
  ^bb0(%b: tensor<4xf32>):
    kiln.yield %b : tensor<4xf32>
  }
  return
}

// -----

func.func @while_condition_forwards_too_few(%p: tensor<i1>, %x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.while' op
  %0 = kiln.while (%a = %x) : tensor<4xf32> {
    kiln.condition %p
  } do {
  ^bb0(%b: tensor<4xf32>):
    kiln.yield %b : tensor<4xf32>
  }
  return
}

// -----

func.func @while_after_yields_wrong_type(%p: tensor<i1>, %x: tensor<4xf32>, %y: tensor<2xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.while' op
  %0 = kiln.while (%a = %x) : tensor<4xf32> {
    kiln.condition %p, %a : tensor<4xf32>
  } do {
  ^bb0(%b: tensor<4xf32>):
    kiln.yield %y : tensor<2xf32>
  }
  return
}

// -----

func.func @while_after_missing_arguments(%p: tensor<i1>, %x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.while' op
  %0 = kiln.while (%a = %x) : tensor<4xf32> {
    kiln.condition %p, %a : tensor<4xf32>
  } do {
    kiln.yield %x : tensor<4xf32>
  }
  return
}

// -----

func.func @while_generic_result_type(%p: tensor<i1>, %x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.while' op
  %0 = "kiln.while"(%x) ({
  ^bb0(%a: tensor<4xf32>):
    kiln.condition %p, %a : tensor<4xf32>
  }, {
  ^bb0(%b: tensor<4xf32>):
    kiln.yield %b : tensor<4xf32>
  }) : (tensor<4xf32>) -> tensor<4xf64>
  return
}

// -----

func.func @while_generic_before_argument_type(%p: tensor<i1>, %x: tensor<4xf32>) {
  // CHECK: robustness.mlir:[[@LINE+1]]:{{[0-9]+}}: error: 'kiln.while' op
  %0 = "kiln.while"(%x) ({
  ^bb0(%a: tensor<2xf32>):
    kiln.condition %p, %x : tensor<4xf32>
  }, {
  ^bb0(%b: tensor<4xf32>):
    kiln.yield %b : tensor<4xf32>
  }) : (tensor<4xf32>) -> tensor<4xf32>
  return
}
