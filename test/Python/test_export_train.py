"""kiln.export (object + header, linked into a C program), and training from
Python: an MLP reaching the C demo's held-out accuracy, layers and
optimizers against PyTorch."""

import os
import subprocess
import sys

import numpy as np
import pytest
import torch

import kiln
from kiln import nn

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("KILN_BUILD_DIR", os.path.join(ROOT, "build"))

C_DRIVER = r"""
#include <stdio.h>
#include "scale.h"
int main(void) {
  float x[2 * 3] = {1, 2, 3, 4, 5, 6}, w[3 * 4];
  for (int i = 0; i < 12; ++i) w[i] = 0.1f * i;
  kiln_result y;
  if (kiln_scale(x, 2, w, &y) != KILN_OK) { printf("%s\n", kiln_last_error()); return 1; }
  for (int i = 0; i < 8; ++i) printf("%.6f\n", ((float *)y.data)[i]);
  kiln_result_free(&y);
  return 0;
}
"""


def scale(x, w):
    return kiln.tanh(x @ w) * 2


def test_export_links_into_a_c_program(tmp_path):
    x = np.arange(1, 7, dtype=np.float32).reshape(2, 3)
    w = (0.1 * np.arange(12, dtype=np.float32)).reshape(3, 4)
    kiln.export(scale, (np.ones((5, 3), np.float32), w), tmp_path / "scale.o",
                dynamic={0: 0})
    header = (tmp_path / "scale.h").read_text()
    assert "kiln_scale(const float *arg0, int64_t arg0_dim0" in header
    (tmp_path / "main.c").write_text(C_DRIVER)
    subprocess.run(["cc", "-std=c11", str(tmp_path / "main.c"), str(tmp_path / "scale.o"),
                    "-I" + str(tmp_path), "-I" + os.path.join(ROOT, "include"),
                    os.path.join(BUILD, "lib", "libkiln_runtime.a"), "-l:libomp.so.5",
                    "-lm", "-o", str(tmp_path / "main")], check=True)
    out = subprocess.run([str(tmp_path / "main")], capture_output=True, text=True, check=True)
    got = np.array([float(v) for v in out.stdout.split()], np.float32)
    np.testing.assert_allclose(got, (np.tanh(x @ w) * 2).ravel(), rtol=1e-5)


def test_mlp_trained_from_python_reaches_the_c_demo_accuracy():
    sys.path.insert(0, os.path.join(ROOT, "examples", "python"))
    import train_digits

    accuracy, _ = train_digits.train(verbose=False)
    # The run retraces the C demo's (scripts/demo.sh: same data, initial
    # weights, minibatch order and schedule), which reaches 0.981.
    assert accuracy >= 0.98


def test_layers_match_pytorch():
    conv = nn.Conv2d(3, 4, 3, stride=2, padding=1, seed=0)
    linear = nn.Linear(4 * 4 * 4, 5, seed=1)
    model = nn.Sequential(conv, nn.ReLU(), nn.Flatten(), linear)
    x = np.random.default_rng(2).standard_normal((2, 3, 8, 8)).astype(np.float32)
    F = torch.nn.functional
    expected = F.linear(F.relu(F.conv2d(torch.tensor(x), torch.tensor(conv.weight.numpy()),
                                        torch.tensor(conv.bias.numpy()), stride=2, padding=1)
                               ).reshape(2, -1),
                        torch.tensor(linear.weight.numpy().T), torch.tensor(linear.bias.numpy()))
    np.testing.assert_allclose(model(kiln.asarray(x)).numpy(), expected.numpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(kiln.jit(model.apply)(model.parameters(), x).numpy(),
                               expected.numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("kind", ["sgd", "adam"])
def test_optimizers_match_pytorch(kind):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((16, 4)).astype(np.float32)
    y = rng.integers(0, 3, 16)
    model = nn.Linear(4, 3, seed=4)
    reference = torch.nn.Linear(4, 3)
    with torch.no_grad():
        reference.weight.copy_(torch.tensor(model.weight.numpy().T))
        reference.bias.copy_(torch.tensor(model.bias.numpy()))
    if kind == "sgd":
        optimizer = nn.SGD(model.parameters(), lr=0.1, momentum=0.9)
        torch_optimizer = torch.optim.SGD(reference.parameters(), lr=0.1, momentum=0.9)
    else:
        optimizer = nn.Adam(model.parameters(), lr=0.01)
        torch_optimizer = torch.optim.Adam(reference.parameters(), lr=0.01)
    loss_and_grads = kiln.jit(kiln.value_and_grad(
        lambda params: kiln.cross_entropy(model.apply(params, x), y)))
    for _ in range(5):
        _, grads = loss_and_grads(model.parameters())
        optimizer.step(grads)
        torch_optimizer.zero_grad()
        F = torch.nn.functional
        F.cross_entropy(reference(torch.tensor(x)), torch.tensor(y)).backward()
        torch_optimizer.step()
    np.testing.assert_allclose(model.weight.numpy(), reference.weight.detach().numpy().T,
                               rtol=1e-4, atol=1e-5)


def test_eager_training_loop():
    """The same step op by op: eager ops and an eager gradient."""
    model = nn.Sequential(nn.Linear(4, 8, seed=5), nn.Tanh(), nn.Linear(8, 2, seed=6))
    x = np.random.default_rng(7).standard_normal((32, 4)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    optimizer = nn.SGD(model.parameters(), lr=0.5)
    first = None
    loss_and_grads = kiln.value_and_grad(
        lambda params: kiln.cross_entropy(model.apply(params, x), y))
    for _ in range(30):
        loss, grads = loss_and_grads(model.parameters())
        optimizer.step(grads)
        first = first if first is not None else float(loss)
    assert float(loss) < 0.5 * first
