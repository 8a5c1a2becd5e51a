# -*- Python -*- lit configuration of the Kiln test suite.

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "KILN"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs", "Unit",
                   "Python"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kiln_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%kiln_src_root", config.kiln_src_root))
config.substitutions.append(("%kiln_obj_root", config.kiln_obj_root))
# Projects built against a sanitizer build of Kiln (scripts/test.sh
# --sanitize) link its instrumented libraries: same compiler, and the
# sanitizer runtime at link time.
sanitize = os.environ.get("KILN_SANITIZE", "")
config.substitutions.append(("%sanitizer_cmake_flags", (
    "-DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 "
    "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=" + sanitize.replace(";", ",")) if sanitize else ""))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP",
                                     # scripts/test.sh --sanitize
                                     "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS",
                                     "ASAN_SYMBOLIZER_PATH", "KILN_SANITIZE"])
llvm_config.use_default_substitutions()

tool_dirs = [config.kiln_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["kiln-opt", "kiln-run", "kilnc", "kiln-import-onnx"],
                                  tool_dirs)

# Integration tests use Debian's python3, which has numpy and PyTorch.
config.substitutions.append(("%python", "/usr/bin/python3"))
config.environment["KILN_RUN"] = os.path.join(config.kiln_tools_dir, "kiln-run")
config.environment["KILN_OPT"] = os.path.join(config.kiln_tools_dir, "kiln-opt")
config.environment["KILNC"] = os.path.join(config.kiln_tools_dir, "kilnc")
config.environment["KILN_INCLUDE"] = os.path.join(config.kiln_src_root, "include")
config.environment["KILN_LIB"] = os.path.join(config.kiln_obj_root, "lib")
config.environment["PYTHONPATH"] = os.path.join(
    config.test_source_root, "Integration", "Inputs")
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.kiln_tools_dir, append_path=True)

# NVIDIA GPUs. PTX is made everywhere; `ptxas` (CUDA_HOME, /usr/local/cuda
# or PATH) validates it where a toolkit is installed, and tests that run
# kernels need a GPU the CUDA driver can use.
import shutil
import subprocess

def find_ptxas():
    for root in [os.environ.get("CUDA_HOME"), "/usr/local/cuda"]:
        if root and os.path.exists(os.path.join(root, "bin", "ptxas")):
            return os.path.join(root, "bin", "ptxas")
    return shutil.which("ptxas")

ptxas = find_ptxas()
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
    cuda_root = os.path.dirname(os.path.dirname(ptxas))
    if os.path.exists(os.path.join(cuda_root, "bin", "fatbinary")):
        config.available_features.add("cuda-toolkit")
        config.substitutions.append(("%cuda_root", cuda_root))
    stub = os.path.join(cuda_root, "lib64", "stubs", "libcuda.so")
    if os.path.exists(stub):
        config.available_features.add("cuda-stub")
        config.substitutions.append(("%cuda_stub", stub))

def has_cuda_device():
    smi = shutil.which("nvidia-smi")
    if not smi:
        return False
    try:
        return subprocess.run([smi, "-L"], capture_output=True,
                              timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False

if has_cuda_device():
    config.available_features.add("cuda-device")
    config.environment["KILN_TEST_CUDA_DEVICE"] = "1"
