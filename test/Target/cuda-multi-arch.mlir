// kilnc --gpu-arch with several architectures: one object. With a CUDA
// toolkit its kernels are one fatbin holding a cubin (ELF) per
// architecture; without one, the oldest architecture's PTX.

// RUN: rm -rf %t && mkdir -p %t
// RUN: kilnc %S/Inputs/dense-grad.mlir --target=cuda --gpu-arch=sm_90,sm_80 -o %t/two.o
// RUN: llvm-nm %t/two.o | FileCheck %s --check-prefix=NM
// NM: T _mlir_ciface_dense_grad

// The embedded image: on this machine's toolkit a fatbin with two ELFs.
// RUN: %if cuda-toolkit %{ kilnc %S/Inputs/dense-grad.mlir --target=cuda --gpu-arch=sm_90,sm_80 --emit=mlir -o %t/fat.mlir %}
// RUN: %if cuda-toolkit %{ FileCheck %s --check-prefix=FATBIN < %t/fat.mlir %}
// FATBIN:      gpu.binary @kiln_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx78">, {{.*}}"P\EDU\BA
// FATBIN-SAME: \7FELF
// FATBIN-SAME: \7FELF

// Without a toolkit the pass keeps the oldest architecture's PTX
// (test/Codegen/GPU/assemble-kernels.mlir).
