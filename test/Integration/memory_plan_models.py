# RUN: %python %s
"""kiln-plan-memory on the benchmark's training steps (bench/bench.py: the
MLP 784-1024-1024-10 at batch 256 and the small CNN at batch 32, forward +
backward + SGD update): each function's arena must stay within 10% of the
lower bound, the most bytes live at once (the target of the memory-planning
issue). The sizes come from the pass's own report through the whole CPU
pipeline."""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "bench"))
import bench  # noqa: E402

KILN_OPT = os.environ.get("KILN_OPT", os.path.join("build", "bin", "kiln-opt"))
REPORT = re.compile(r"remark: @(\S+): (\d+) buffers in an arena of (\d+) bytes; "
                    r"naive sum (\d+) bytes, lower bound (\d+) bytes")

failures = []
for name, mlir in (("MLP step", bench.mlp_step_mlir(256)[0]),
                   ("CNN step", bench.cnn_step_mlir()[0])):
    out = subprocess.run([KILN_OPT, "-", "--kiln-cpu-pipeline=memory-report=true",
                          "-o", os.devnull], input=mlir, capture_output=True,
                         text=True)
    if out.returncode != 0:
        failures.append(f"{name}: kiln-opt failed:\n{out.stderr}")
        continue
    reports = REPORT.findall(out.stderr)
    if not reports:
        failures.append(f"{name}: no memory report")
    for function, buffers, arena, naive, bound in reports:
        arena, naive, bound = int(arena), int(naive), int(bound)
        line = (f"{name} @{function}: {buffers} buffers, arena {arena} bytes, "
                f"lower bound {bound}, naive sum {naive}")
        print(line)
        if arena > 1.10 * bound:
            failures.append(f"{line}: arena more than 10% over the bound")

for failure in failures:
    print("FAIL:", failure, file=sys.stderr)
if not failures:
    print("both models within 10% of the bound")
sys.exit(1 if failures else 0)
