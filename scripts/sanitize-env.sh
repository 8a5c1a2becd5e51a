# Sourced by scripts/test.sh --sanitize and scripts/fuzz.sh: the sanitizer
# build's configuration and the environment its programs run in.
LLVM_ROOT=/usr/lib/llvm-22
export KILN_CMAKE_ARGS="-DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
-DKILN_SANITIZE=address;undefined -DKILN_FUZZ=ON"
export KILN_SANITIZE="address;undefined"
export KILN_ASAN_RUNTIME="$LLVM_ROOT/lib/clang/22/lib/linux/libclang_rt.asan-x86_64.so"
export ASAN_SYMBOLIZER_PATH="$LLVM_ROOT/bin/llvm-symbolizer"
# Leaks are reported (LeakSanitizer runs at exit); every report aborts.
# allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons the unused part of
# its slabs in code compiled with ASan (its inline functions, instantiated
# in Kiln), but Debian's uninstrumented libMLIR allocates from the same
# slabs without unpoisoning, so MLIR's own valid writes would be reported.
export ASAN_OPTIONS="allow_user_poisoning=0:allocator_may_return_null=1:detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$KILN_ROOT/scripts/lsan.supp:print_suppressions=0"
# Test programs built with `cc` (the C drivers of compiled models) get the
# same instrumentation, so that they link the instrumented runtime.
mkdir -p "$BUILD_DIR/sanitize-bin"
# Links also take compiler-rt's builtins: Debian 12's libgcc lacks the bf16
# conversions (__truncsfbf2) that gcc's own cc gets elsewhere.
cat > "$BUILD_DIR/sanitize-bin/cc" <<SCRIPT
#!/bin/sh
flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
case " \$* " in
  *" -c "*|*" -E "*|*" -S "*|*" -fsyntax-only "*) exec clang-22 \$flags "\$@" ;;
  *) exec clang-22 \$flags "\$@" "\$(clang-22 -rtlib=compiler-rt -print-libgcc-file-name)" ;;
esac
SCRIPT
chmod +x "$BUILD_DIR/sanitize-bin/cc"
export PATH="$BUILD_DIR/sanitize-bin:$PATH"
