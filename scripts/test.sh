#!/usr/bin/env bash
# Quick start, step 2: install what is missing, build, run every test suite
# (lit + FileCheck, GoogleTest through lit, the docs check) and end with one
# line `N passed, N failed, N skipped`. Exits non-zero if anything failed.
#
# scripts/test.sh --sanitize runs the same suites on a build instrumented
# with AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer
# (build-sanitize/, clang-22, KILN_SANITIZE="address;undefined"): the
# compiler, the tools, the runtime, the Python module and the models Kiln
# compiles; every report fails the test that caused it.
set -euo pipefail
KILN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SANITIZE=0
if [ "${1:-}" = "--sanitize" ]; then
  SANITIZE=1
  shift
fi
if [ "$SANITIZE" = 1 ]; then
  BUILD_DIR="${KILN_BUILD_DIR:-$KILN_ROOT/build-sanitize}"
  export KILN_BUILD_DIR="$BUILD_DIR"
  source "$KILN_ROOT/scripts/sanitize-env.sh"
else
  BUILD_DIR="${KILN_BUILD_DIR:-$KILN_ROOT/build}"
fi
"$KILN_ROOT/scripts/setup.sh"
# Python is not instrumented: its processes load the sanitizer runtime first.
PY_ENV=(env)
if [ "$SANITIZE" = 1 ]; then
  PY_ENV=(env "LD_PRELOAD=$KILN_ASAN_RUNTIME" "ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0")
fi

passed=0 failed=0 skipped=0

# lit: the regression tests and the unit tests.
log="$BUILD_DIR/lit-results.txt"
set +e
/usr/lib/llvm-22/bin/lit -sv "$BUILD_DIR/test" "$BUILD_DIR/test/Unit" | tee "$log"
set -e
count() { # count "<label>": the number lit's summary prints for <label>
  { grep -E "^ +$1 *:" "$log" || echo ": 0"; } | tail -1 | sed -E 's/.*: *([0-9]+).*/\1/'
}
passed=$((passed + $(count Passed) + $(count "Expectedly Failed")))
failed=$((failed + $(count Failed) + $(count "Unexpectedly Passed") + $(count "Timed Out") + $(count Unresolved)))
skipped=$((skipped + $(count Unsupported) + $(count Skipped) + $(count Excluded)))

# pytest: the Python frontend, against the package the build assembled.
pylog="$BUILD_DIR/pytest-results.txt"
set +e
"${PY_ENV[@]}" PYTHONPATH="$BUILD_DIR/python_packages" KILN_BUILD_DIR="$BUILD_DIR" \
  /usr/bin/python3 -m pytest -q -p no:cacheprovider "$KILN_ROOT/test/Python" | tee "$pylog"
set -e
pycount() { # pycount <word>: the number before <word> in pytest's summary
  { tail -1 "$pylog" | grep -oE "[0-9]+ $1" || echo 0; } | head -1 | grep -oE "^[0-9]+"
}
passed=$((passed + $(pycount passed)))
failed=$((failed + $(pycount failed) + $(pycount error)))
skipped=$((skipped + $(pycount skipped)))
if ! tail -1 "$pylog" | grep -qE "passed|failed|error"; then
  echo "FAIL: pytest did not run"
  failed=$((failed + 1))
fi

# The generated dialect and pass references in docs/ must match the ODS.
# ONNX's backend node tests: each test of node_tests_passing.txt counts.
onnxlog="$BUILD_DIR/onnx-node-results.txt"
set +e
"${PY_ENV[@]}" PYTHONPATH="$BUILD_DIR/python_packages" \
  /usr/bin/python3 "$KILN_ROOT/test/ONNX/node_tests.py" | tee "$onnxlog"
set -e
if summary=$(grep -E "^summary: [0-9]+ passed, [0-9]+ failed" "$onnxlog"); then
  passed=$((passed + $(echo "$summary" | sed -E 's/summary: ([0-9]+) passed.*/\1/')))
  failed=$((failed + $(echo "$summary" | sed -E 's/.* ([0-9]+) failed/\1/')))
elif grep -q "^skipped" "$onnxlog"; then
  skipped=$((skipped + 1))
else
  echo "FAIL: the ONNX node tests did not run"
  failed=$((failed + 1))
fi

if "$KILN_ROOT/scripts/update-docs.sh" --check; then
  passed=$((passed + 1))
else
  echo "FAIL: docs/reference is stale: run scripts/update-docs.sh"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
