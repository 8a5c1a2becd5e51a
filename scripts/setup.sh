#!/usr/bin/env bash
# Shared set-up of demo.sh and test.sh: installs the Debian packages Kiln
# needs (only those missing), then configures and builds into build/.
# Idempotent: a second run installs nothing and rebuilds only what changed.
set -euo pipefail

KILN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${KILN_BUILD_DIR:-$KILN_ROOT/build}"
LLVM_DIR_ROOT=/usr/lib/llvm-22

PACKAGES=(
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  cmake ninja-build ccache g++ libgtest-dev libclang-rt-22-dev libomp-22-dev
  python3-numpy python3-torch python3-sklearn libopenblas0-pthread
  python3-dev pybind11-dev python3-pytest
  libonnx-dev libprotobuf-dev libonnx-testdata python3-onnx
)

install_missing_packages() {
  local missing=()
  for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return
  fi
  echo "kiln: installing missing packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# KILN_CMAKE_ARGS: more configure options (test.sh --sanitize sets them).
configure_and_build() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    # shellcheck disable=SC2086
    cmake -S "$KILN_ROOT" -B "$BUILD_DIR" -G Ninja \
      -DCMAKE_BUILD_TYPE=Release \
      -DMLIR_DIR="$LLVM_DIR_ROOT/lib/cmake/mlir" \
      -DLLVM_EXTERNAL_LIT="$LLVM_DIR_ROOT/bin/lit" ${KILN_CMAKE_ARGS:-}
  fi
  cmake --build "$BUILD_DIR" "$@"
}

# The NVIDIA back end needs no CUDA toolkit to make PTX; with one (ptxas and
# fatbinary), kilnc also embeds cubins and the tests validate PTX with ptxas.
report_cuda_toolkit() {
  local root
  for root in "${CUDA_HOME:-}" "${CUDA_ROOT:-}" /usr/local/cuda; do
    if [ -n "$root" ] && [ -x "$root/bin/ptxas" ] && [ -x "$root/bin/fatbinary" ]; then
      echo "kiln: CUDA toolkit in $root: cubins are embedded, ptxas checks run"
      return
    fi
  done
  if command -v ptxas >/dev/null 2>&1; then
    echo "kiln: CUDA toolkit on PATH ($(command -v ptxas)): ptxas checks run"
    return
  fi
  echo "kiln: no CUDA toolkit found: GPU code is embedded as PTX and the ptxas" \
       "checks skip (for one on Debian, enable non-free and install" \
       "nvidia-cuda-toolkit, or set CUDA_HOME)"
}

install_missing_packages
report_cuda_toolkit
configure_and_build "$@"
