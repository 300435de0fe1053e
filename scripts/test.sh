#!/usr/bin/env bash
# The whole test suite: unit, integration, snapshot, fixture, CLI and doc tests, then the
# Python package's tests (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
if [ -x .venv/bin/python ]; then
    export BLACKBIRD_PYTHON="$PWD/.venv/bin/python"
    # The test environment's nvidia-cuda-nvcc wheel: libdevice for math in CUDA kernels.
    export VIRTUAL_ENV="${VIRTUAL_ENV:-$PWD/.venv}"
fi
export INSTA_UPDATE="${INSTA_UPDATE:-no}"
cargo test --workspace --locked "$@"
# The Python package's tests (python/tests), against CPython + NumPy; the extension is rebuilt
# first if the Rust code changed (as setup.sh installs it).
if [ -x .venv/bin/python ]; then
    PATH="$PWD/.venv/bin:$PATH" CARGO_TARGET_DIR="$PWD/target" \
        .venv/bin/python -m pip install -q --no-build-isolation -e ./python
    .venv/bin/python -m pytest -q python/tests
else
    echo "warning: no .venv (run scripts/setup.sh): the Python package's tests did not run" >&2
fi
