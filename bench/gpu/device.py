"""Runs on the GPU machine: the executables bench/gpu/build.py made, each
against its PyTorch peer on the same GPU in the same run, results checked
against PyTorch's. Prints one markdown table (date, device) for
docs/benchmarks.md. Needs PyTorch with CUDA and numpy; no LLVM.

    python3 bench/gpu/device.py [sgemm chain softmax mlp]
"""

import datetime
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")
RUNS = 20
MLP = (784, 1024, 1024, 10)


def cuda_ms(fn, runs=RUNS):
    """Median time of `fn` on the GPU (CUDA events), after a warm-up."""
    fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(runs):
        start = torch.cuda.Event(enable_timing=True)
        stop = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        stop.record()
        stop.synchronize()
        times.append(start.elapsed_time(stop))
    return sorted(times)[len(times) // 2]


def run_kiln(name, inputs, result_shapes, runs=RUNS):
    """Kiln's median time (ms) and results of benchmark `name`."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for k, array in enumerate(inputs):
            path = os.path.join(tmp, f"in{k}.raw")
            np.ascontiguousarray(array).tofile(path)
            paths.append(path)
        outs = [os.path.join(tmp, f"out{k}.raw") for k in range(len(result_shapes))]
        proc = subprocess.run([os.path.join(OUT, name, name), str(runs), *paths, *outs],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{name} failed: {proc.stderr.strip()}")
        ms = float(proc.stdout.split("median_ms")[1].split()[0])
        results = [np.fromfile(p, dtype=d).reshape(s)
                   for p, (s, d) in zip(outs, result_shapes)]
        return ms, results


def max_error(got, want):
    want = want.detach().cpu().numpy().astype(np.float64)
    scale = max(1e-30, np.abs(want).max())
    return float(np.abs(got.astype(np.float64) - want).max() / scale)


def sgemm(rows):
    n = 4096
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    ms, (c,) = run_kiln("sgemm", [a, b], [((n, n), np.float32)], runs=10)
    torch.backends.cuda.matmul.allow_tf32 = False
    ta, tb = torch.from_numpy(a).cuda(), torch.from_numpy(b).cuda()
    ref = cuda_ms(lambda: ta @ tb, runs=10)
    error = max_error(c, ta @ tb)
    flops = 2 * n ** 3
    rows.append(("sgemm 4096³ f32 (TF32 off)", ms, "cuBLAS (torch.matmul)", ref,
                 f"{flops / ms / 1e9:.0f} vs {flops / ref / 1e9:.0f} TFLOP/s",
                 ref / ms, 0.5, error))


def chain(rows):
    n = 64 * 1024 * 1024
    rng = np.random.default_rng(0)
    x = rng.standard_normal(n, dtype=np.float32)
    a, b, h = (np.array(v, dtype=np.float32) for v in (2.0, 0.5, 0.5))
    ms, (y,) = run_kiln("chain", [x, a, b, h], [((n,), np.float32)])
    tx = torch.from_numpy(x).cuda()
    dst = torch.empty_like(tx)
    copy = cuda_ms(lambda: dst.copy_(tx))
    want = torch.minimum(torch.maximum((tx * 2 + 0.5) * tx - 2, torch.tensor(0.5, device="cuda")) * 0.5 + tx,
                         torch.tensor(2.0, device="cuda"))
    moved = 2 * 4 * n
    rows.append(("8-op elementwise chain, 64M f32", ms, "device-to-device copy", copy,
                 f"{moved / ms / 1e6:.0f} vs {moved / copy / 1e6:.0f} GB/s",
                 copy / ms, 0.85, max_error(y, want)))


def softmax(rows):
    n = 8192
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, n), dtype=np.float32)
    ms, (y,) = run_kiln("softmax", [x], [((n, n), np.float32)])
    tx = torch.from_numpy(x).cuda()
    ref = cuda_ms(lambda: torch.softmax(tx, 1))
    rows.append(("softmax 8192×8192 f32, rows", ms, "torch.softmax", ref, "",
                 ref / ms, 1.0, max_error(y, torch.softmax(tx, 1))))


def mlp(rows):
    batch = 256
    i, h1, h2, o = MLP
    rng = np.random.default_rng(0)
    shapes = [(i, h1), (h1,), (h1, h2), (h2,), (h2, o), (o,)]
    params = [(rng.standard_normal(s) * (0.05 if len(s) == 2 else 0.0)).astype(np.float32)
              for s in shapes]
    x = rng.random((batch, i), dtype=np.float32)
    y = rng.integers(0, o, batch).astype(np.int64)
    lr = np.array(0.01, dtype=np.float32)
    ms, results = run_kiln("mlp", params + [x, y, lr],
                           [((), np.float32)] + [(s, np.float32) for s in shapes])
    tparams = [torch.from_numpy(p.copy()).cuda().requires_grad_() for p in params]
    tx, ty = torch.from_numpy(x).cuda(), torch.from_numpy(y).cuda()

    def loss_of(ps):
        w1, b1, w2, b2, w3, b3 = ps
        a1 = torch.relu(tx @ w1 + b1)
        a2 = torch.relu(a1 @ w2 + b2)
        return torch.nn.functional.cross_entropy(a2 @ w3 + b3, ty)

    first = loss_of(tparams)
    error = max_error(results[0], first)

    def step(loss_fn):
        loss = loss_fn(tparams)
        grads = torch.autograd.grad(loss, tparams)
        with torch.no_grad():
            for p, g in zip(tparams, grads):
                p -= 0.01 * g
        return loss

    eager = cuda_ms(lambda: step(loss_of))
    rows.append((f"MLP {'-'.join(map(str, MLP))} training step, batch {batch}", ms,
                 "PyTorch eager", eager, "", eager / ms, None, error))
    try:
        compiled = torch.compile(loss_of)
        for _ in range(3):
            step(compiled)
        fast = cuda_ms(lambda: step(compiled))
        rows.append(("", ms, "torch.compile", fast, "", fast / ms, None, error))
    except Exception as failure:  # torch.compile needs triton and a compiler
        print(f"note: torch.compile unavailable: {failure}", file=sys.stderr)


SECTIONS = {"sgemm": sgemm, "chain": chain, "softmax": softmax, "mlp": mlp}


def main(names):
    if not torch.cuda.is_available():
        sys.exit("device.py: no CUDA device for PyTorch")
    rows = []
    for name in names:
        try:
            SECTIONS[name](rows)
        except RuntimeError as failure:
            rows.append((name, None, str(failure), None, "", None, None, None))
    print(f"GPU benchmarks, {datetime.date.today()}, {torch.cuda.get_device_name()}, "
          f"PyTorch {torch.__version__}\n")
    print("| benchmark | Kiln, ms | peer | peer, ms | throughput | peer / Kiln | goal | max rel. error |")
    print("|---|---|---|---|---|---|---|---|")
    for name, ms, peer, ref, rate, ratio, goal, error in rows:
        fmt = lambda v, f: "" if v is None else format(v, f)
        print(f"| {name} | {fmt(ms, '.3f')} | {peer} | {fmt(ref, '.3f')} | {rate} | "
              f"{fmt(ratio, '.2f')} | {'' if goal is None else '>= ' + str(goal)} | "
              f"{fmt(error, '.1e')} |")


if __name__ == "__main__":
    chosen = sys.argv[1:] or list(SECTIONS)
    unknown = [n for n in chosen if n not in SECTIONS]
    if unknown:
        sys.exit(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}")
    main(chosen)
