# REQUIRES: cuda-device
# RUN: env KILN_RUN_DEVICE=cuda %python %S/../elementwise.py
# RUN: env KILN_RUN_DEVICE=cuda %python %S/../reductions.py
# RUN: env KILN_RUN_DEVICE=cuda %python %S/../linalg.py
# RUN: env KILN_RUN_DEVICE=cuda %python %S/../fused_kernels.py
# RUN: env KILN_RUN_DEVICE=cuda %python %S/../gradients.py
# RUN: env KILN_RUN_DEVICE=cuda %python %S/../gradient_conv.py
# RUN: env KILN_RUN_DEVICE=cuda %python %S/../control_flow.py
# RUN: env KILN_RUN_DEVICE=cuda %python %S/../gradient_loops.py
# RUN: env KILN_RUN_DEVICE=cuda %python %S/../shape.py
# RUN: env KILN_RUN_DEVICE=cuda %python %S/../training_steps.py
"""The integration suites of every op family on an NVIDIA GPU: the same
cases as on the CPU (elementwise ops and broadcasts, reductions, matmuls
and convolutions, fused kernels such as softmax and layer norms, the
gradients of dense and convolutional models, kiln.if/for/while on data and
their gradients, shapes computed at run time, the MLP and CNN training
steps), run by `kiln-run
--device=cuda` and checked against the same numpy and PyTorch references.
Skipped (reported as unsupported) without a GPU."""
