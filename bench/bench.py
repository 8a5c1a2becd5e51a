"""Kiln against numpy/OpenBLAS, measured in the same run with the same
thread count. Prints one table; see bench/run.sh."""

import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

KILN_RUN = os.environ.get("KILN_RUN", "build/bin/kiln-run")
KILNC = os.environ.get("KILNC", "build/bin/kilnc")
THREADS = os.environ.get("OPENBLAS_NUM_THREADS", "1")


def kiln_time(mlir, inputs, runs, entry="main"):
    """Median wall time per call (s) from kiln-run --benchmark."""
    with tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False) as f:
        f.write(mlir)
        path = f.name
    try:
        args = [KILN_RUN, path, f"--benchmark={runs}", "--output=@/dev/null",
                f"--entry={entry}"]
        args += ["--input=" + spec for spec in inputs]
        out = subprocess.run(args, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"kiln-run failed:\n{out.stderr}")
        match = re.search(r"median ([0-9.]+) ms", out.stdout)
        return float(match.group(1)) / 1e3
    finally:
        os.unlink(path)


def numpy_time(fn, runs):
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def copy_times(x, runs):
    """Bandwidth references: a copy into an existing array, and a copy into
    a new one (which, like a compiled function's result, is fresh memory the
    kernel zeroes on first touch)."""
    dst = np.empty_like(x)
    return (numpy_time(lambda: np.copyto(dst, x), runs),
            numpy_time(lambda: x.copy(), runs))


def sgemm(n):
    t = f"tensor<{n}x{n}xf32>"
    mlir = (f"func.func @main(%a: {t}, %b: {t}) -> {t} {{\n"
            f"  %c = kiln.matmul %a, %b : {t}, {t}\n  return %c : {t}\n}}\n")
    runs = max(3, min(50, int(2e9 / (2 * n ** 3))))
    kiln = kiln_time(mlir, [f"{n}x{n}xf32=0.5", f"{n}x{n}xf32=0.25"], runs)
    a = np.full((n, n), 0.5, np.float32)
    b = np.full((n, n), 0.25, np.float32)
    ref = numpy_time(lambda: a @ b, runs)
    flops = 2 * n ** 3
    return kiln, ref, flops


CHAIN_OPS = 8


def elementwise_chain_mlir(n):
    """@main(x, a, b, h): ((((x*a + b) * x - a) max b) * h + x) min a, over
    n floats (a, b, h scalars). bench/gpu/build.py times it on GPUs too."""
    t = f"tensor<{n}xf32>"
    s = "tensor<f32>"
    body = "\n".join([
        f"  %0 = kiln.mul %x, %a : {t}, {s}",
        f"  %1 = kiln.add %0, %b : {t}, {s}",
        f"  %2 = kiln.mul %1, %x : {t}",
        f"  %3 = kiln.sub %2, %a : {t}, {s}",
        f"  %4 = kiln.max %3, %b : {t}, {s}",
        f"  %5 = kiln.mul %4, %h : {t}, {s}",
        f"  %6 = kiln.add %5, %x : {t}",
        f"  %7 = kiln.min %6, %a : {t}, {s}",
    ])
    return (f"func.func @main(%x: {t}, %a: {s}, %b: {s}, %h: {s}) -> {t} {{\n"
            f"{body}\n  return %7 : {t}\n}}\n")


def elementwise_chain(n):
    mlir = elementwise_chain_mlir(n)
    runs = 20
    kiln = kiln_time(mlir, [f"{n}xf32=1.5", "f32=2", "f32=0.5", "f32=0.5"], runs)
    x = np.full(n, 1.5, np.float32)
    a, b, h = np.float32(2), np.float32(0.5), np.float32(0.5)

    def chain():
        return np.minimum((np.maximum((x * a + b) * x - a, b)) * h + x, a)

    ref = numpy_time(chain, runs)
    return kiln, ref, copy_times(x, runs)


def import_torch():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(int(THREADS))
    return torch


def softmax(rows, cols):
    t = f"tensor<{rows}x{cols}xf32>"
    mlir = (f"func.func @main(%x: {t}) -> {t} {{\n"
            f"  %y = kiln.softmax %x axis 1 : {t}\n  return %y : {t}\n}}\n")
    runs = 20
    kiln = kiln_time(mlir, [f"{rows}x{cols}xf32=0.5"], runs)
    x = np.full((rows, cols), 0.5, np.float32)
    copy = copy_times(x, runs)
    torch = import_torch()
    ref = None
    if torch is not None:
        tx = torch.from_numpy(x)
        ref = numpy_time(lambda: torch.softmax(tx, 1), runs)
    return kiln, ref, copy


def sgd_step_mlir(names, ptypes, x, y):
    """@main: value_and_grad of @loss(params..., x, y) with respect to every
    parameter, then one SGD update with learning rate %lr."""
    pargs = ", ".join(f"%{n}: {t}" for n, t in zip(names, ptypes))
    pnames = ", ".join(f"%{n}" for n in names)
    grads = ", ".join(f"%g{n}" for n in names)
    types = ", ".join(ptypes)
    updates = []
    for n, t in zip(names, ptypes):
        updates.append(f"  %s{n} = kiln.mul %g{n}, %lr : {t}, tensor<f32>")
        updates.append(f"  %n{n} = kiln.sub %{n}, %s{n} : {t}")
    news = ", ".join(f"%n{n}" for n in names)
    wrt = ", ".join(str(i) for i in range(len(names)))
    return f"""func.func @main({pargs}, %x: {x}, %y: {y}, %lr: tensor<f32>) -> (tensor<f32>, {types}) {{
  %l, {grads} = kiln.value_and_grad @loss({pnames}, %x, %y) wrt [{wrt}]
      : ({types}, {x}, {y}) -> (tensor<f32>, {types})
{chr(10).join(updates)}
  return %l, {news} : tensor<f32>, {types}
}}
"""


def training_step_times(mlir, arrays, x, y, torch_loss):
    """Median step times of Kiln (@main of `mlir` on the parameters
    `arrays`, inputs x, labels y, learning rate 0.01) and of PyTorch eager
    (autograd of `torch_loss(torch, params, tx, ty)` + the same SGD update;
    None without torch)."""
    with tempfile.TemporaryDirectory() as tmp:
        specs = []
        for k, a in enumerate(arrays + [x, y]):
            path = os.path.join(tmp, f"a{k}.npy")
            np.save(path, a)
            specs.append("@" + path)
        specs.append("f32=0.01")
        kiln = kiln_time(mlir, specs, 20)
    torch = import_torch()
    if torch is None:
        return kiln, None
    params = [torch.from_numpy(a.copy()).requires_grad_() for a in arrays]
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)

    def step():
        loss = torch_loss(torch, params, tx, ty)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= 0.01 * g
        return loss

    for _ in range(3):
        step()
    return kiln, numpy_time(step, 20)


MLP = (784, 1024, 1024, 10)


def mlp_step_mlir(batch):
    """forward + cross-entropy + backward + SGD update of a 3-layer MLP."""
    i, h1, h2, o = MLP
    params = [("w1", f"{i}x{h1}"), ("b1", f"{h1}"), ("w2", f"{h1}x{h2}"),
              ("b2", f"{h2}"), ("w3", f"{h2}x{o}"), ("b3", f"{o}")]
    ptypes = [f"tensor<{s}xf32>" for _, s in params]
    pargs = ", ".join(f"%{n}: {t}" for (n, _), t in zip(params, ptypes))
    x, y = f"tensor<{batch}x{i}xf32>", f"tensor<{batch}xi64>"
    loss = f"""func.func private @loss({pargs}, %x: {x}, %y: {y}) -> tensor<f32> {{
  %m1 = kiln.matmul %x, %w1 : {x}, tensor<{i}x{h1}xf32>
  %z1 = kiln.add %m1, %b1 : tensor<{batch}x{h1}xf32>, tensor<{h1}xf32>
  %a1 = kiln.relu %z1 : tensor<{batch}x{h1}xf32>
  %m2 = kiln.matmul %a1, %w2 : tensor<{batch}x{h1}xf32>, tensor<{h1}x{h2}xf32>
  %z2 = kiln.add %m2, %b2 : tensor<{batch}x{h2}xf32>, tensor<{h2}xf32>
  %a2 = kiln.relu %z2 : tensor<{batch}x{h2}xf32>
  %m3 = kiln.matmul %a2, %w3 : tensor<{batch}x{h2}xf32>, tensor<{h2}x{o}xf32>
  %z3 = kiln.add %m3, %b3 : tensor<{batch}x{o}xf32>, tensor<{o}xf32>
  %l = kiln.cross_entropy %z3, %y : tensor<{batch}x{o}xf32>, {y}
  return %l : tensor<f32>
}}
"""
    names = [n for n, _ in params]
    return loss + sgd_step_mlir(names, ptypes, x, y), [s for _, s in params]


def mlp_step(batch):
    mlir, shapes = mlp_step_mlir(batch)
    i, h1, h2, o = MLP
    rng = np.random.default_rng(0)
    arrays = []
    for shape in shapes:
        dims = tuple(int(d) for d in shape.split("x"))
        arrays.append((rng.standard_normal(dims) * (0.05 if len(dims) == 2 else 0.0)).astype(np.float32))
    x = rng.random((batch, i), dtype=np.float32)
    y = rng.integers(0, o, batch).astype(np.int64)

    def loss(torch, params, tx, ty):
        w1, b1, w2, b2, w3, b3 = params
        a1 = torch.relu(tx @ w1 + b1)
        a2 = torch.relu(a1 @ w2 + b2)
        return torch.nn.functional.cross_entropy(a2 @ w3 + b3, ty)

    return training_step_times(mlir, arrays, x, y, loss)


CNN = dict(batch=32, channels=(3, 32, 64), size=32, classes=10)


def cnn_step_mlir():
    """forward + cross-entropy + backward + SGD update of a small CNN:
    conv 3x3 -> relu -> max_pool 2 -> conv 3x3 -> relu -> avg_pool 2 ->
    dense -> cross_entropy."""
    n, (c0, c1, c2), s, k = CNN["batch"], CNN["channels"], CNN["size"], CNN["classes"]
    h, q = s // 2, s // 4
    t = lambda *dims: "tensor<" + "x".join(map(str, dims)) + "xf32>"
    shapes = [(c1, c0, 3, 3), (c1,), (c2, c1, 3, 3), (c2,), (c2 * q * q, k), (k,)]
    names = ["w1", "b1", "w2", "b2", "w3", "b3"]
    ptypes = [t(*shape) for shape in shapes]
    pargs = ", ".join(f"%{m}: {ty}" for m, ty in zip(names, ptypes))
    x, y = t(n, c0, s, s), f"tensor<{n}xi64>"
    loss = f"""func.func private @loss({pargs}, %x: {x}, %y: {y}) -> tensor<f32> {{
  %a1 = kiln.conv2d %x, %w1, %b1 strides [1, 1] padding [1, 1, 1, 1] : {x}, {ptypes[0]}, {ptypes[1]}
  %h1 = kiln.relu %a1 : {t(n, c1, s, s)}
  %p1 = kiln.max_pool2d %h1 kernel [2, 2] : {t(n, c1, s, s)}
  %a2 = kiln.conv2d %p1, %w2, %b2 strides [1, 1] padding [1, 1, 1, 1] : {t(n, c1, h, h)}, {ptypes[2]}, {ptypes[3]}
  %h2 = kiln.relu %a2 : {t(n, c2, h, h)}
  %p2 = kiln.avg_pool2d %h2 kernel [2, 2] : {t(n, c2, h, h)}
  %z = kiln.reshape %p2 [{n}, {c2 * q * q}] : {t(n, c2, q, q)}
  %m = kiln.matmul %z, %w3 : {t(n, c2 * q * q)}, {ptypes[4]}
  %logits = kiln.add %m, %b3 : {t(n, k)}, {ptypes[5]}
  %l = kiln.cross_entropy %logits, %y : {t(n, k)}, {y}
  return %l : tensor<f32>
}}
"""
    return loss + sgd_step_mlir(names, ptypes, x, y), shapes


def cnn_step():
    mlir, shapes = cnn_step_mlir()
    n, c0, s, k = CNN["batch"], CNN["channels"][0], CNN["size"], CNN["classes"]
    rng = np.random.default_rng(0)
    arrays = [(rng.standard_normal(shape) * (0.1 if len(shape) > 1 else 0.0)).astype(np.float32)
              for shape in shapes]
    x = rng.random((n, c0, s, s), dtype=np.float32)
    y = rng.integers(0, k, n).astype(np.int64)

    def loss(torch, params, tx, ty):
        F = torch.nn.functional
        w1, b1, w2, b2, w3, b3 = params
        h1 = F.max_pool2d(torch.relu(F.conv2d(tx, w1, b1, padding=1)), 2)
        h2 = F.avg_pool2d(torch.relu(F.conv2d(h1, w2, b2, padding=1)), 2)
        return F.cross_entropy(h2.reshape(n, -1) @ w3 + b3, ty)

    return training_step_times(mlir, arrays, x, y, loss)


def generated_graph(ops):
    """A chain of `ops` kiln ops over 16x16 tensors: elementwise ops with a
    matmul and a reduction every few ops, so every pass has work."""
    t = "tensor<16x16xf32>"
    lines = []
    prev, other = "%x", "%y"
    kinds = ["add", "mul", "tanh", "sub", "matmul", "max", "exp_guard", "reduce"]
    for k in range(ops):
        kind = kinds[k % len(kinds)]
        name = f"%v{k}"
        if kind in ("add", "mul", "sub", "max"):
            lines.append(f"  {name} = kiln.{kind} {prev}, {other} : {t}")
        elif kind == "tanh":
            lines.append(f"  {name} = kiln.tanh {prev} : {t}")
        elif kind == "matmul":
            lines.append(f"  {name} = kiln.matmul {prev}, {other} : {t}, {t}")
        elif kind == "exp_guard":
            lines.append(f"  {name} = kiln.sigmoid {prev} : {t}")
        else:
            lines.append(f"  {name}r = kiln.reduce_sum {prev} axes [1] keepdims : {t}")
            lines.append(f"  {name} = kiln.sub {prev}, {name}r : {t}, tensor<16x1xf32>")
        other, prev = prev, name
    body = "\n".join(lines)
    return (f"func.func @main(%x: {t}, %y: {t}) -> {t} {{\n{body}\n"
            f"  return {prev} : {t}\n}}\n")


COMPILE_LIMIT = 600  # seconds


def compile_time(ops):
    """Seconds for kilnc to compile a generated graph to an object file, or
    None past COMPILE_LIMIT."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "g.mlir")
        with open(src, "w") as f:
            f.write(generated_graph(ops))
        start = time.perf_counter()
        try:
            out = subprocess.run([KILNC, src, "-o", os.path.join(tmp, "g.o")],
                                 capture_output=True, text=True,
                                 timeout=COMPILE_LIMIT)
        except subprocess.TimeoutExpired:
            return None
        elapsed = time.perf_counter() - start
        if out.returncode != 0:
            sys.exit(f"kilnc failed:\n{out.stderr}")
    return elapsed


SECTIONS = ("sgemm", "chain", "softmax", "mlp", "cnn", "compile")


def bandwidth_rows(copy, moved):
    into, fresh = copy
    print(f"| copy into an existing array | {into * 1e3:.2f} | "
          f"{moved / into / 1e9:.1f} | bandwidth reference |")
    print(f"| copy into a new array | {fresh * 1e3:.2f} | "
          f"{moved / fresh / 1e9:.1f} | bandwidth reference, page faults included |")


def training_step_rows(title, kiln, ref):
    print(f"| {title} | ms per step | ratio |")
    print("|---|---|---|")
    print(f"| Kiln (value_and_grad + SGD, one function) | {kiln * 1e3:.2f} | "
          + (f"{ref / kiln:.2f}x PyTorch |" if ref else "|"))
    if ref:
        print(f"| PyTorch eager (autograd) | {ref * 1e3:.2f} | 1.00 |")
    print()


def openblas_core():
    """The kernels the OpenBLAS that numpy loaded runs (OPENBLAS_CORETYPE
    can force slower ones; run.sh unsets it)."""
    import ctypes
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "libopenblas" in line})
    for path in paths:
        try:
            corename = ctypes.CDLL(path).openblas_get_corename
        except (OSError, AttributeError):
            continue
        corename.restype = ctypes.c_char_p
        return corename().decode()
    return "unknown"


def main(sections):
    print(f"# Kiln vs numpy {np.__version__} (OpenBLAS, {openblas_core()} kernels), "
          f"{THREADS} thread(s)")
    print()
    if "sgemm" in sections:
        print("| sgemm n | Kiln GFLOP/s | numpy GFLOP/s | Kiln / numpy |")
        print("|---|---|---|---|")
        for n in (256, 512, 1024, 2048):
            kiln, ref, flops = sgemm(n)
            print(f"| {n} | {flops / kiln / 1e9:.1f} | {flops / ref / 1e9:.1f} | "
                  f"{ref / kiln:.2f} |")
        print()
    if "chain" in sections:
        n = 16 * 1024 * 1024
        kiln, ref, copy = elementwise_chain(n)
        moved = 2 * 4 * n  # one read and one write of the tensor when fused
        print(f"| {CHAIN_OPS}-op elementwise chain, 16M f32 | ms | GB/s | ratio |")
        print("|---|---|---|---|")
        print(f"| Kiln | {kiln * 1e3:.2f} | {moved / kiln / 1e9:.1f} | "
              f"{ref / kiln:.2f}x numpy; {copy[0] / kiln:.2f} / {copy[1] / kiln:.2f} "
              f"of copy bandwidth (existing / new array) |")
        print(f"| numpy | {ref * 1e3:.2f} | {moved / ref / 1e9:.1f} | 1.00 |")
        bandwidth_rows(copy, moved)
        print()
    if "softmax" in sections:
        rows = cols = 4096
        kiln, ref, copy = softmax(rows, cols)
        moved = 2 * 4 * rows * cols
        print(f"| softmax {rows}x{cols} f32 (axis 1) | ms | GB/s | ratio |")
        print("|---|---|---|---|")
        print(f"| Kiln | {kiln * 1e3:.2f} | {moved / kiln / 1e9:.1f} | "
              f"{copy[0] / kiln:.2f} / {copy[1] / kiln:.2f} of copy bandwidth "
              f"(existing / new array)"
              + (f"; {ref / kiln:.2f}x PyTorch |" if ref else " |"))
        if ref:
            print(f"| PyTorch eager | {ref * 1e3:.2f} | {moved / ref / 1e9:.1f} | 1.00 |")
        bandwidth_rows(copy, moved)
        print()
    if "mlp" in sections:
        batch = 256
        kiln, ref = mlp_step(batch)
        training_step_rows(f"MLP {'-'.join(map(str, MLP))} training step, batch {batch}",
                           kiln, ref)
    if "cnn" in sections:
        kiln, ref = cnn_step()
        n, (c0, c1, c2), s = CNN["batch"], CNN["channels"], CNN["size"]
        training_step_rows(f"CNN training step ({c0}x{s}x{s} input, conv {c1}, "
                           f"conv {c2}, batch {n})", kiln, ref)
    if "compile" in sections:
        print("| generated graph, ops | kilnc to .o, s | s per 1k ops |")
        print("|---|---|---|")
        for ops in (1000, 10000):
            seconds = compile_time(ops)
            if seconds is None:
                print(f"| {ops} | > {COMPILE_LIMIT} (stopped) | > {COMPILE_LIMIT / ops * 1000:.0f} |")
            else:
                print(f"| {ops} | {seconds:.2f} | {seconds / ops * 1000:.2f} |")


if __name__ == "__main__":
    chosen = sys.argv[1:] or list(SECTIONS)
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        sys.exit(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}")
    main(chosen)
