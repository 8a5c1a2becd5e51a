"""pytest set-up: the package comes from the build (scripts/test.sh sets
PYTHONPATH to <build>/python_packages; this falls back to build/)."""

import os
import sys

_default = os.path.join(os.path.dirname(__file__), "..", "..", "build", "python_packages")
if not any(p.endswith("python_packages") for p in sys.path):
    sys.path.insert(0, os.path.abspath(os.environ.get("KILN_PYTHON_PACKAGES", _default)))
