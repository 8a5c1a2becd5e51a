// Text output may go to stdout; an object file (which comes with FILE.h)
// needs a file name.
// RUN: kilnc %s --emit=llvm -o - | FileCheck %s --check-prefix=LLVM
// LLVM: define void @_mlir_ciface_f(
// RUN: not kilnc %s -o - 2>&1 | FileCheck %s --check-prefix=OBJ
// OBJ: kilnc: error: --emit=obj writes FILE.o and FILE.h; give -o a file name (stdout takes --emit=asm, llvm, mlir or header)
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
