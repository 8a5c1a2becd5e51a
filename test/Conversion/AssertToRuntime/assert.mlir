// RUN: kiln-opt %s -split-input-file -convert-assert-to-kiln-runtime | FileCheck %s

// convert-assert-to-kiln-runtime: every cf.assert becomes a cf.cond_br whose
// failure block passes the message (an internal NUL-terminated global) to
// the runtime's kiln_shape_error and ends in llvm.unreachable. The runtime
// function is declared once per module, one global per assert.

// The globals and the declaration go to the start of the module.
// CHECK-LABEL: module {
// CHECK-DAG:     llvm.mlir.global internal constant @[[G0:kiln_check_0]]("first check\00") {addr_space = 0 : i32}
// CHECK-DAG:     llvm.mlir.global internal constant @[[G1:kiln_check_1]]("second check\00") {addr_space = 0 : i32}
// CHECK-DAG:     llvm.mlir.global internal constant @[[G2:kiln_check_2]]("x.mlir:3:8: \22quoted\22\00") {addr_space = 0 : i32}
// CHECK-DAG:     llvm.func @kiln_shape_error(!llvm.ptr)
// CHECK-NOT:     llvm.func @kiln_shape_error

// CHECK-LABEL: func.func @two_asserts(
// CHECK-SAME:      %[[A:[^:]+]]: i1, %[[B:[^:]+]]: i1, %[[X:[^:]+]]: i32) -> i32 {
// CHECK-NEXT:    cf.cond_br %[[A]], ^[[OK1:bb[0-9]+]], ^[[FAIL1:bb[0-9]+]]
// CHECK-NEXT:  ^[[FAIL1]]:
// CHECK-NEXT:    %[[P0:.+]] = llvm.mlir.addressof @[[G0]] : !llvm.ptr
// CHECK-NEXT:    %[[M0:.+]] = llvm.getelementptr %[[P0]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<12 x i8>
// CHECK-NEXT:    llvm.call @kiln_shape_error(%[[M0]]) : (!llvm.ptr) -> ()
// CHECK-NEXT:    llvm.unreachable
// CHECK-NEXT:  ^[[OK1]]:
// CHECK-NEXT:    %[[Y:.+]] = arith.addi %[[X]], %[[X]] : i32
// CHECK-NEXT:    cf.cond_br %[[B]], ^[[OK2:bb[0-9]+]], ^[[FAIL2:bb[0-9]+]]
// CHECK-NEXT:  ^[[FAIL2]]:
// CHECK-NEXT:    %[[P1:.+]] = llvm.mlir.addressof @[[G1]] : !llvm.ptr
// CHECK-NEXT:    %[[M1:.+]] = llvm.getelementptr %[[P1]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<13 x i8>
// CHECK-NEXT:    llvm.call @kiln_shape_error(%[[M1]]) : (!llvm.ptr) -> ()
// CHECK-NEXT:    llvm.unreachable
// CHECK-NEXT:  ^[[OK2]]:
// CHECK-NEXT:    return %[[Y]] : i32
// CHECK-NOT:     cf.assert
func.func @two_asserts(%a: i1, %b: i1, %x: i32) -> i32 {
  cf.assert %a, "first check"
  %y = arith.addi %x, %x : i32
  cf.assert %b, "second check"
  return %y : i32
}

// A second function in the same module shares the declaration; quotes in the
// message are escaped.
// CHECK-LABEL: func.func @other(
// CHECK-SAME:      %[[C:[^:]+]]: i1) {
// CHECK-NEXT:    cf.cond_br %[[C]], ^[[OK:bb[0-9]+]], ^[[FAIL:bb[0-9]+]]
// CHECK-NEXT:  ^[[FAIL]]:
// CHECK-NEXT:    %[[P:.+]] = llvm.mlir.addressof @[[G2]] : !llvm.ptr
// CHECK-NEXT:    %[[M:.+]] = llvm.getelementptr %[[P]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<21 x i8>
// CHECK-NEXT:    llvm.call @kiln_shape_error(%[[M]]) : (!llvm.ptr) -> ()
// CHECK-NEXT:    llvm.unreachable
// CHECK-NEXT:  ^[[OK]]:
// CHECK-NEXT:    return
func.func @other(%c: i1) {
  cf.assert %c, "x.mlir:3:8: \"quoted\""
  return
}

// -----

// An existing declaration of kiln_shape_error is reused.
// CHECK-LABEL: module {
// CHECK:         llvm.func @kiln_shape_error(!llvm.ptr)
// CHECK-NOT:     llvm.func @kiln_shape_error
// CHECK-LABEL: func.func @declared(
// CHECK:         llvm.call @kiln_shape_error
// CHECK-NOT:     cf.assert
llvm.func @kiln_shape_error(!llvm.ptr)
func.func @declared(%a: i1) {
  cf.assert %a, "message"
  return
}

// -----

// A module without asserts is left unchanged: no declaration, no global.
// CHECK-LABEL: module {
// CHECK-NOT:     llvm.
// CHECK-NEXT:    func.func @no_assert(%[[X:.+]]: i32) -> i32 {
// CHECK-NEXT:      %[[Y:.+]] = arith.muli %[[X]], %[[X]] : i32
// CHECK-NEXT:      return %[[Y]] : i32
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @no_assert(%x: i32) -> i32 {
  %y = arith.muli %x, %x : i32
  return %y : i32
}
