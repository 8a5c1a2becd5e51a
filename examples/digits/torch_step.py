"""The training step of train_step.mlir in PyTorch eager (forward,
cross-entropy, backward, SGD update), timed per step on the same batch size
and thread count as the Kiln run, for comparison."""

import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
batch, pixels, hidden, classes = 32, 64, 128, 10
w1 = torch.empty(pixels, hidden).uniform_(-(6 / pixels) ** 0.5, (6 / pixels) ** 0.5)
w2 = torch.empty(hidden, classes).uniform_(-(6 / hidden) ** 0.5, (6 / hidden) ** 0.5)
b1, b2 = torch.zeros(hidden), torch.zeros(classes)
params = [p.requires_grad_() for p in (w1, b1, w2, b2)]
x = torch.rand(batch, pixels)
y = torch.randint(0, classes, (batch,))


def step():
    logits = torch.relu(x @ w1 + b1) @ w2 + b2
    loss = torch.nn.functional.cross_entropy(logits, y)
    grads = torch.autograd.grad(loss, params)
    with torch.no_grad():
        for p, g in zip(params, grads):
            p -= 0.1 * g
    return loss


for _ in range(50):  # warm-up
    step()
steps = 1000
start = time.perf_counter()
for _ in range(steps):
    step()
elapsed = time.perf_counter() - start
print(f"PyTorch {torch.__version__} eager: {1e6 * elapsed / steps:.1f} us per "
      f"training step (batch {batch}, 1 thread)")
