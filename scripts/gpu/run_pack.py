"""Runs the GPU end-to-end pack (built by scripts/gpu/pack.sh with LLVM)
on a machine with a GPU: each case's executable on its inputs, its results
compared with the CPU path's (same tolerances as the integration scripts).
Needs numpy and the CUDA driver; no LLVM. Exits non-zero on any mismatch.

    python3 scripts/gpu/run_pack.py [pack folder, default build/gpu-pack]
"""

import json
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def run_case(folder, meta):
    inputs = [os.path.join(folder, f"in{k}.raw") for k in range(meta["inputs"])]
    outputs = [os.path.join(folder, f"gpu{k}.raw") for k in range(len(meta["results"]))]
    proc = subprocess.run([os.path.join(folder, "case"), "0", *inputs, *outputs],
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        return f"failed ({proc.returncode}): {proc.stderr.strip()}"
    problems = []
    for k, (dtype, shape) in enumerate(meta["results"]):
        want = np.fromfile(os.path.join(folder, f"cpu{k}.raw"), dtype=dtype).reshape(shape)
        got = np.fromfile(outputs[k], dtype=dtype)
        if got.size != want.size:
            problems.append(f"result {k}: {got.size} elements, expected {want.size}")
            continue
        got = got.reshape(shape)
        if want.dtype.kind in "biu":
            ok = np.array_equal(got, want)
        else:
            ok = np.allclose(got, want, rtol=meta["rtol"], atol=meta["atol"], equal_nan=True)
        if not ok:
            diff = np.max(np.abs(got.astype(np.float64) - want.astype(np.float64)))
            problems.append(f"result {k} differs (max abs diff {diff})")
    return "; ".join(problems) or None


def main(pack):
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    failures = []
    for script in sorted(os.listdir(pack)):
        root = os.path.join(pack, script)
        if not os.path.isdir(root):
            continue
        counts = {"passed": 0, "failed": 0, "skipped": 0}
        for case in sorted(os.listdir(root)):
            folder = os.path.join(root, case)
            with open(os.path.join(folder, "case.json")) as f:
                meta = json.load(f)
            if "skipped" in meta:
                counts["skipped"] += 1
                continue
            problem = run_case(folder, meta)
            if problem:
                counts["failed"] += 1
                failures.append(f"{script}/{case} {meta['name']}: {problem}")
            else:
                counts["passed"] += 1
        print(f"{script}: {counts['passed']} passed, {counts['failed']} failed, "
              f"{counts['skipped']} skipped (not compiled for CUDA)")
        for key in totals:
            totals[key] += counts[key]
    for failure in failures:
        print("FAIL:", failure)
    print(f"{totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
    return 1 if totals["failed"] else 0


if __name__ == "__main__":
    default = os.path.join(os.path.dirname(os.path.dirname(HERE)), "build", "gpu-pack")
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else default))
