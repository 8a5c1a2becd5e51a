// RUN: kiln-opt %s --split-input-file --pass-pipeline='builtin.module(gpu.module(kiln-gpu-native-math))' | FileCheck %s

// libdevice calls that are one PTX instruction become LLVM intrinsics; the
// declarations go. Others stay (kiln-gpu-check-kernel-calls reports them).

// CHECK-LABEL: gpu.module @kernels
// CHECK-NOT:     llvm.func @__nv_floorf
// CHECK-NOT:     llvm.func @__nv_fmaf
// CHECK-NOT:     llvm.func @__nv_sqrt(
// CHECK:         llvm.func @__nv_powf
// CHECK-LABEL:   llvm.func @k
// CHECK:           llvm.intr.floor(%{{.+}}) : (f32) -> f32
// CHECK:           llvm.intr.fma(%{{.+}}, %{{.+}}, %{{.+}}) : (f32, f32, f32) -> f32
// CHECK:           llvm.intr.sqrt(%{{.+}}) : (f64) -> f64
// CHECK:           llvm.call @__nv_powf
gpu.module @kernels {
  llvm.func @__nv_floorf(f32) -> f32
  llvm.func @__nv_fmaf(f32, f32, f32) -> f32
  llvm.func @__nv_sqrt(f64) -> f64
  llvm.func @__nv_powf(f32, f32) -> f32
  llvm.func @k(%x: f32, %d: f64) -> f32 {
    %0 = llvm.call @__nv_floorf(%x) : (f32) -> f32
    %1 = llvm.call @__nv_fmaf(%0, %x, %x) : (f32, f32, f32) -> f32
    %2 = llvm.call @__nv_sqrt(%d) : (f64) -> f64
    %3 = llvm.call @__nv_powf(%1, %x) : (f32, f32) -> f32
    llvm.return %3 : f32
  }
}
