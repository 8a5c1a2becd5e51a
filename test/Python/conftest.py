"""pytest set-up: the package comes from the build (scripts/test.sh sets
PYTHONPATH to <build>/python_packages; this falls back to build/)."""

import os
import sys

_default = os.path.join(os.path.dirname(__file__), "..", "..", "build", "python_packages")
if not any(p.endswith("python_packages") for p in sys.path):
    sys.path.insert(0, os.path.abspath(os.environ.get("KILN_PYTHON_PACKAGES", _default)))

# Under `scripts/test.sh --sanitize` this (uninstrumented) interpreter runs
# with ASan's shared runtime preloaded, for the instrumented extension. The
# Kiln tools and C programs the tests start link ASan's static runtime, which
# refuses to start beside a preloaded one: they must not inherit it.
os.environ.pop("LD_PRELOAD", None)
