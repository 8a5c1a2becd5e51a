#!/usr/bin/env bash
# Fuzzes Kiln's readers with libFuzzer, SECONDS each (default 60):
#
#   kiln-fuzz-mlir    .mlir text: parser, verifier, the whole CPU pipeline
#   kiln-fuzz-onnx    ONNX protobufs: the importer and the verifier
#   kiln-fuzz-inputs  kiln-run's .npy reader and tensor literals
#
# They are built in the sanitizer build (build-sanitize/, the one
# `scripts/test.sh --sanitize` uses: clang-22, ASan + UBSan, coverage) and
# seeded from test/, examples/ and ONNX's node tests. Inputs that crash,
# trip a sanitizer, leak or hang are kept in build-sanitize/fuzz/crashes/;
# each found so far is a regression test (docs/reliability.md). Exits 1 if
# any target found one.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
KILN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(kiln-fuzz-mlir kiln-fuzz-onnx kiln-fuzz-inputs)
fi
BUILD_DIR="${KILN_BUILD_DIR:-$KILN_ROOT/build-sanitize}"
export KILN_BUILD_DIR="$BUILD_DIR"
source "$KILN_ROOT/scripts/sanitize-env.sh"
"$KILN_ROOT/scripts/setup.sh" --target "${TARGETS[@]}"

WORK="$BUILD_DIR/fuzz"
mkdir -p "$WORK/crashes"
/usr/bin/python3 "$KILN_ROOT/scripts/fuzz-seeds.py" "$KILN_ROOT" "$WORK/seeds"

status=0
summary=()
for target in "${TARGETS[@]}"; do
  corpus="$WORK/corpus/$target"
  mkdir -p "$corpus"
  log="$WORK/$target.log"
  before=$(find "$WORK/crashes" -name "$target-*" | wc -l)
  set +e
  "$BUILD_DIR/bin/$target" "$corpus" "$WORK/seeds/${target#kiln-fuzz-}" \
    -max_total_time="$SECONDS_EACH" -timeout=30 -rss_limit_mb=6144 \
    -max_len=16384 -print_final_stats=1 \
    -artifact_prefix="$WORK/crashes/$target-" > "$log" 2>&1
  set -e
  after=$(find "$WORK/crashes" -name "$target-*" | wc -l)
  runs=$(grep -oE "stat::number_of_executed_units: *[0-9]+" "$log" | grep -oE "[0-9]+$" || echo "?")
  found=$((after - before))
  summary+=("$target: $runs inputs run, corpus $(ls "$corpus" | wc -l), $found new crashes")
  if [ "$found" -gt 0 ]; then
    status=1
    grep -E "^==[0-9]+==ERROR|runtime error|Assertion|LLVM ERROR|deadly signal|timeout" "$log" | head -5
  fi
done
printf '%s\n' "${summary[@]}"
exit "$status"
