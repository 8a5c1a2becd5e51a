#!/usr/bin/env bash
# Regenerates docs/reference/ (dialect and pass references) from ODS.
# With --check, only reports whether the committed copies are up to date.
set -euo pipefail
KILN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${KILN_BUILD_DIR:-$KILN_ROOT/build}"
cmake --build "$BUILD_DIR" --target kiln-doc > /dev/null

status=0
for doc in Dialects/KilnDialect.md Dialects/KilnCodegenDialect.md KilnPasses.md \
  KilnConversionPasses.md KilnCodegenCommonPasses.md KilnCodegenCPUPasses.md \
  KilnCodegenGPUPasses.md; do
  generated="$BUILD_DIR/docs/$doc"
  committed="$KILN_ROOT/docs/reference/$(basename "$doc")"
  if [ "${1:-}" = "--check" ]; then
    if ! cmp -s "$generated" "$committed"; then
      echo "stale: docs/reference/$(basename "$doc")"
      status=1
    fi
  else
    mkdir -p "$(dirname "$committed")"
    cp "$generated" "$committed"
  fi
done
exit $status
