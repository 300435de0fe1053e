#!/usr/bin/env bash
# The main job on an example: run a pass pipeline on textual IR, printing the IR after each
# pass and a timing table. (Python input arrives with issues #3 and #4.)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
cargo run --release --locked --quiet -- opt examples/square.ir \
    --passes 'canonicalize{max-iterations=8},cse,dce' --print-ir-after-all --timing
