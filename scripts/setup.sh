#!/usr/bin/env bash
# Install everything Blackbird needs on Debian 12 and build it:
# LLVM/MLIR 22 (Debian packages), AMD's device libraries (ROCm kernels' math, rocm-device-libs),
# a Rust toolchain (rustup, if cargo is missing), a Python virtual environment with NumPy, SciPy
# and Numba (the test oracle and peers), then the Python package (python/, into .venv) and NVIDIA's libdevice + ptxas (nvidia-cuda-nvcc-cu12:
# CUDA kernels' math, PTX validation). No GPU or CUDA installation is needed.
# Idempotent: safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "==> apt packages (LLVM/MLIR 22, lld for AMD code objects, the OpenMP runtime, ROCm device libs, OpenBLAS (LAPACK), build tools, Python)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    llvm-22-dev libmlir-22-dev mlir-22-tools libclang-22-dev clang-22 libpolly-22-dev libomp-22-dev \
    lld-22 rocm-device-libs libopenblas-dev \
    libzstd-dev libz3-dev libxml2-dev zlib1g-dev \
    build-essential pkg-config curl ca-certificates git python3 python3-venv python3-pip >/dev/null

if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
if ! command -v cargo >/dev/null 2>&1; then
    echo "==> Rust toolchain (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    . "$HOME/.cargo/env"
fi

echo "==> Python environment (.venv: numpy, scipy, numba)"
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -r requirements-test.txt
# libdevice (math in CUDA kernels) and ptxas (the GPU tests validate the PTX with it). Optional:
# without it, kernels calling math functions do not compile for CUDA and PTX is not validated.
.venv/bin/python -m pip install -q "nvidia-cuda-nvcc-cu12>=12.4" \
    || echo "warning: nvidia-cuda-nvcc-cu12 did not install: no libdevice, PTX not validated"

echo "==> build"
cargo build --release --locked

echo "==> Python package (blackbird: the extension blackbird._core and python/blackbird/*.py, into .venv)"
# Editable: the .py files are used from python/blackbird/, the extension is built there
# (rebuild it after changing Rust code: run this again, or scripts/test.sh does). Not --locked:
# python/Cargo.lock is its own workspace's and follows the root's dependencies as they change.
PATH="$PWD/.venv/bin:$PATH" CARGO_TARGET_DIR="$PWD/target" \
    .venv/bin/python -m pip install -q --no-build-isolation -e ./python
.venv/bin/python -c "import blackbird"
echo "==> setup done"
