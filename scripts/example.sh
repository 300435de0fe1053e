#!/usr/bin/env bash
# The main job on the founding example: compile and run the LU decomposition (examples/lu.py)
# on a 64x64 matrix, check it against the pure-Python result, then time it against Numba,
# SciPy and NumPy on n = 10…256 in one run (benches/peers/lu_peers.py).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
PY=.venv/bin/python
cargo build --release --locked --quiet
mkdir -p target/example
$PY -c "import numpy as np; rng = np.random.default_rng(0); np.save('target/example/A.npy', rng.random((64, 64)) + 64 * np.eye(64))"
./target/release/blackbird run examples/lu.py -f lu target/example/A.npy --out target/example/out
$PY - <<'PYEOF'
import numpy as np
A = np.load("target/example/A.npy")
LU = np.load("target/example/out/arg0.npy")
L, U = np.tril(LU, -1) + np.eye(len(A)), np.triu(LU)
print(f"blackbird LU of a 64x64 matrix: max |L @ U - A| = {np.abs(L @ U - A).max():.2e}")
PYEOF
./target/release/blackbird bench examples/lu.py -f lu target/example/A.npy
$PY benches/peers/lu_peers.py --sizes 10,32,64,128,256 --repeat 50
