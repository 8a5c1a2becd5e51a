// RUN: kiln-opt %s --kiln-gpu-check-kernel-calls --split-input-file --verify-diagnostics | FileCheck %s

// PTX without external functions passes.
// CHECK: gpu.binary @ok
module attributes {gpu.container_module} {
  gpu.binary @ok [#gpu.object<#nvvm.target<chip = "sm_80">, assembly = ".version 7.8\0A.target sm_80\0A.visible .entry k()\0A{\0A\09ret;\0A}\0A">]
}

// -----

// A kernel that would call libdevice is a compile-time error.
module attributes {gpu.container_module} {
  // expected-error @below {{kiln-gpu-check-kernel-calls: the kernels call __nv_powf, expf, which no library provides on the GPU}}
  gpu.binary @calls [#gpu.object<#nvvm.target<chip = "sm_80">, assembly = ".version 7.8\0A.extern .func (.param .b32 func_retval0) __nv_powf\0A(\0A.param .b32 a, .param .b32 b\0A);\0A.extern .func (.param .b32 func_retval0) expf\0A(\0A.param .b32 a\0A);\0A">]
}
