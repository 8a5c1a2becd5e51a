// Without a toolkit the oldest architecture's PTX is kept, whatever the
// order of the targets.
// RUN: kiln-opt %s --kiln-gpu-assemble-kernels | FileCheck %s --check-prefix=PTX
// With one, a fatbin of a cubin per architecture (ELF images) and the PTX.
// RUN: %if cuda-toolkit %{ kiln-opt %s --kiln-gpu-assemble-kernels=toolkit=%cuda_root | FileCheck %s --check-prefix=FATBIN %}
// A toolkit that is not there: ptxas cannot run.
// RUN: not kiln-opt %s --kiln-gpu-assemble-kernels=toolkit=%t.missing 2>&1 | FileCheck %s --check-prefix=MISSING

// PTX: gpu.binary @kernels [#gpu.object<#nvvm.target<chip = "sm_80">, assembly = ".version 7.8\0A.target sm_80
// PTX-NOT: sm_90
// FATBIN: gpu.binary @kernels [#gpu.object<#nvvm.target<chip = "sm_80">, "P\EDU\BA
// FATBIN-SAME: \7FELF
// FATBIN-SAME: \7FELF
// MISSING: error: kiln-gpu-assemble-kernels: ptxas failed
module attributes {gpu.container_module} {
  gpu.binary @kernels [
    #gpu.object<#nvvm.target<chip = "sm_90">, assembly = ".version 7.8\0A.target sm_90\0A.address_size 64\0A.visible .entry k()\0A{\0A\09ret;\0A}\0A">,
    #gpu.object<#nvvm.target<chip = "sm_80">, assembly = ".version 7.8\0A.target sm_80\0A.address_size 64\0A.visible .entry k()\0A{\0A\09ret;\0A}\0A">
  ]
}
