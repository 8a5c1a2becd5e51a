// REQUIRES: ptxas
// The PTX of every kernel is accepted by ptxas for sm_80 and sm_90.

// RUN: rm -rf %t && mkdir -p %t
// RUN: kilnc %S/Inputs/dense-grad.mlir --target=cuda --gpu-arch=sm_80 --emit=ptx -o %t/sm80.ptx
// RUN: %ptxas -arch=sm_80 %t/sm80.ptx -o %t/sm80.cubin
// RUN: kilnc %S/Inputs/dense-grad.mlir --target=cuda --gpu-arch=sm_90 --emit=ptx -o %t/sm90.ptx
// RUN: %ptxas -arch=sm_90 %t/sm90.ptx -o %t/sm90.cubin
// RUN: kilnc %kiln_src_root/examples/mlp.mlir --target=cuda --emit=ptx -o %t/mlp.ptx
// RUN: %ptxas -arch=sm_80 %t/mlp.ptx -o %t/mlp.cubin
// RUN: test -s %t/sm80.cubin && test -s %t/sm90.cubin && test -s %t/mlp.cubin
