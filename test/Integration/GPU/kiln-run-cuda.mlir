// kiln-run --device=cuda: the function's kernels run on an NVIDIA GPU.
// Without one it fails with one line before any work; with the CUDA stub
// library in place of a driver, the driver's error is named.

// RUN: %if cuda-device %{ true %} %else %{ not kiln-run %s --entry=scale --device=cuda --input=4xf32=1 --input=4xf32=2 2>&1 | FileCheck %s --check-prefix=NODEVICE %}
// NODEVICE: kiln-run: error: --device=cuda: no CUDA {{driver|device}}
// NODEVICE-NOT: error

// RUN: %if cuda-stub %{ rm -rf %t && mkdir -p %t && ln -s %cuda_stub %t/libcuda.so.1 %}
// RUN: %if cuda-stub %{ env LD_LIBRARY_PATH=%t not kiln-run %s --entry=scale --device=cuda --input=4xf32=1 --input=4xf32=2 2>&1 | FileCheck %s --check-prefix=STUB %}
// STUB: kiln-run: error: --device=cuda: cuInit failed: CUDA error 34

// The module it would run needs no GPU to print: kernels and their PTX.
// RUN: kiln-run %s --entry=scale --device=cuda --print-mlir | FileCheck %s --check-prefix=MLIR
// MLIR: gpu.launch_func
// MLIR: gpu.binary @kiln_kernels

// On a GPU: the results the CPU gives.
// RUN: %if cuda-device %{ kiln-run %s --entry=scale --device=cuda --input=4xf32=1,2,3,4 --input=4xf32=0.5 | FileCheck %s --check-prefix=RESULT %}
// RUN: %if cuda-device %{ kiln-run %s --entry=rows --device=cuda --input=3x5xf32=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 | FileCheck %s --check-prefix=ROWS %}
// RUN: kiln-run %s --entry=scale --input=4xf32=1,2,3,4 --input=4xf32=0.5 | FileCheck %s --check-prefix=RESULT
// RUN: kiln-run %s --entry=rows --input=3x5xf32=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 | FileCheck %s --check-prefix=ROWS
// RESULT: {{^}}4xf32=1.5,3,4.5,6{{$}}
// ROWS: {{^}}3xf32=15,40,65{{$}}

func.func @scale(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.mul %x, %y : tensor<4xf32>
  %1 = kiln.add %0, %x : tensor<4xf32>
  return %1 : tensor<4xf32>
}

func.func @rows(%x: tensor<3x5xf32>) -> tensor<3xf32> {
  %0 = kiln.reduce_sum %x axes [1] : tensor<3x5xf32>
  return %0 : tensor<3xf32>
}
