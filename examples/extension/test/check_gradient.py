"""Checks the gradient kiln-autodiff built from ext.softplus's VJP rule
against central finite differences of the forward function, both run by
kiln-run on the lowered module (argv[1]; KILN_RUN names kiln-run)."""

import os
import subprocess
import sys

import numpy as np

KILN_RUN = os.environ.get("KILN_RUN", "kiln-run")


def run(module, entry, x):
    literal = "5xf64=" + ",".join(repr(float(v)) for v in x)
    out = subprocess.run([KILN_RUN, module, f"--entry={entry}", f"--input={literal}"],
                         check=True, capture_output=True, text=True).stdout
    values = out.strip().split("=", 1)[1]
    return np.array([float(v) for v in values.split(",")])


def main():
    module = sys.argv[1]
    x = np.array([-3.0, -0.5, 0.0, 0.7, 4.0])
    grad = run(module, "grad", x)
    eps = 1e-6
    numeric = np.empty_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = eps
        numeric[i] = (run(module, "loss", x + step)[0] - run(module, "loss", x - step)[0]) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(grad, 1 / (1 + np.exp(-x)), rtol=1e-12)
    print("gradient matches finite differences:", grad)


if __name__ == "__main__":
    main()
