// The out-of-tree extension (examples/extension) against an installed Kiln:
// install this build into a prefix, configure and build the extension with
// find_package(Kiln) from it, load its dialect and pass plugin into the
// installed kiln-opt, check the IR, and check the gradient that its VJP
// rule gives against finite differences. (About 15 s: the extension's three
// files compile here.)

// RUN: rm -rf %t && mkdir -p %t
// RUN: cmake --install %kiln_obj_root --prefix %t/install > %t/install.log
// RUN: cmake -G Ninja -S %kiln_src_root/examples/extension -B %t/build \
// RUN:   -DKiln_DIR=%t/install/lib/cmake/kiln %sanitizer_cmake_flags > %t/configure.log
// RUN: ninja -C %t/build > %t/build.log
// RUN: %t/install/bin/kiln-opt --load-dialect-plugin=%t/build/libKilnExtension.so \
// RUN:   --load-pass-plugin=%t/build/libKilnExtension.so \
// RUN:   %kiln_src_root/examples/extension/test/softplus.mlir \
// RUN:   --pass-pipeline="builtin.module(kiln-autodiff,ext-lower-to-kiln,canonicalize)" \
// RUN:   -o %t/lowered.mlir
// RUN: FileCheck %kiln_src_root/examples/extension/test/softplus.mlir < %t/lowered.mlir
// RUN: %python %kiln_src_root/examples/extension/test/check_gradient.py %t/lowered.mlir \
// RUN:   | FileCheck %s --check-prefix=GRAD
// GRAD: gradient matches finite differences

// The extension's own driver, linked with the installed Kiln libraries
// (Kiln::KilnPipelines), does the same with the pass on its command line.
// RUN: %t/build/ext-opt %kiln_src_root/examples/extension/test/softplus.mlir \
// RUN:   --kiln-autodiff --ext-lower-to-kiln --canonicalize \
// RUN:   | FileCheck %kiln_src_root/examples/extension/test/softplus.mlir

// Without the plugin, kiln-opt refuses the dialect with a diagnostic.
// RUN: not kiln-opt %kiln_src_root/examples/extension/test/softplus.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NO-PLUGIN
// NO-PLUGIN: error: Dialect `ext' not found for custom op 'ext.softplus'

// A plugin that does not load ends the run (MLIR alone would go on without
// it): a missing file, and a library that is no plugin.
// RUN: not kiln-opt --load-dialect-plugin=%t/missing.so %kiln_src_root/examples/simplify.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISSING
// MISSING: kiln-opt: error: cannot load plugin '{{.*}}missing.so': Could not load library
// RUN: not kiln-opt --load-pass-plugin %t/install/lib/libkiln_runtime.so %kiln_src_root/examples/simplify.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOT-A-PLUGIN
// NOT-A-PLUGIN: kiln-opt: error: cannot load plugin '{{.*}}libkiln_runtime.so': Plugin entry point not found
