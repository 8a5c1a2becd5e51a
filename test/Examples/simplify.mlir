// The README's example: canonicalize folds the constant subexpression, the
// double transpose, the identity multiply and the branch on a constant.
// RUN: kiln-opt %kiln_src_root/examples/simplify.mlir --canonicalize | FileCheck %s

// CHECK-LABEL: func.func @simplify
// CHECK-SAME:    (%[[X:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK-NEXT:    %[[R:.*]] = kiln.add %[[X]], %[[B]] : tensor<4x3xf32>, tensor<3xf32>
// CHECK-NEXT:    return %[[R]] : tensor<4x3xf32>
// CHECK-NEXT:  }
