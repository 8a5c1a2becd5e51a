#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build, run the demo.
# The demo canonicalises examples/simplify.mlir: constant subexpressions,
# a double transpose, identities and a branch on a constant fold away.
set -euo pipefail
KILN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$KILN_ROOT/scripts/setup.sh" --target kiln-opt

KILN_OPT="${KILN_BUILD_DIR:-$KILN_ROOT/build}/bin/kiln-opt"
EXAMPLE="$KILN_ROOT/examples/simplify.mlir"

echo "==> before: $EXAMPLE"
grep -v '^//' "$EXAMPLE"
echo
echo "==> after: kiln-opt examples/simplify.mlir --canonicalize"
"$KILN_OPT" "$EXAMPLE" --canonicalize
