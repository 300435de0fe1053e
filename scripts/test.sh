#!/usr/bin/env bash
# The whole test suite: unit, integration, snapshot, fixture, CLI and doc tests.
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
