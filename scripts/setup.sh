#!/usr/bin/env bash
# Installs what the notebooks need, skipping whatever is already there (safe to run again):
#   1. evcxr_jupyter 0.22.0, the Rust kernel for Jupyter (cargo install --locked);
#   2. the kernel's registration with Jupyter (evcxr_jupyter --install), started behind
#      notebooks/kernel_relay.py;
#   3. a Python venv with JupyterLab (for people), nbclient/nbconvert (for headless runs) and
#      Playwright (to check the book in Debian's chromium; it downloads no browser of its own), and
#      nbgrader (the exercises as classroom assignments: "Assignments in Jupyter" in
#      exercises/README.md);
#   4. the kernel's Cargo.lock (notebooks/Cargo.lock) seeded from the repository's, so the cells build
#      against exactly the locked versions (notebooks/run.py checks that they did);
#   5. a warm kernel: one kernel compiles the library as the notebooks use it, with and without
#      the `candle` feature (notebooks/run.py --warm-up), so no notebook waits for that; minutes
#      the first time and after the library changes, ~20 s otherwise. `--no-warm-up` skips it, for
#      callers that need only the venv (scripts/book.sh).
# Prints the venv's python path on its last line, for the scripts that source it.
set -euo pipefail

EVCXR_VERSION=0.22.0
CACHE="${FOUNDATIONS_CACHE:-$HOME/.cache/foundations}"
# "-opt3": built at opt-level 3 (below); an older opt-level-1 build is not reused.
EVCXR_ROOT="$CACHE/evcxr-$EVCXR_VERSION-opt3"
VENV="$CACHE/venv"
mkdir -p "$CACHE"

# The kernel is installed under a folder named after its version, so "is it there?" is a file test.
# An evcxr_jupyter $EVCXR_VERSION that the user installed with `cargo install` is used as it is.
if cargo install --list 2>/dev/null | grep -q "^evcxr_jupyter v$EVCXR_VERSION:"; then
  EVCXR="$(command -v evcxr_jupyter)"
else
  EVCXR="$EVCXR_ROOT/bin/evcxr_jupyter"
fi

if [ ! -x "$EVCXR" ]; then
  echo "== installing evcxr_jupyter $EVCXR_VERSION (a one-off build: about 7 minutes on 2 idle cores)" >&2
  # Optimised (opt-level 3), without LTO: the kernel runs rust-analyzer on every cell to infer the
  # types of new variables, and at opt-level 1 that made kernel start and first cells ~20% slower
  # (notebooks/latency.py), for a build only ~30 s shorter (README, "Notebook latency").
  CARGO_PROFILE_RELEASE_OPT_LEVEL=3 \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  CARGO_PROFILE_RELEASE_DEBUG=0 \
  CARGO_PROFILE_RELEASE_LTO=false \
  CARGO_PROFILE_RELEASE_INCREMENTAL=false \
    cargo install --locked --root "$EVCXR_ROOT" "evcxr_jupyter@$EVCXR_VERSION" >&2
fi

if [ ! -x "$VENV/bin/jupyter" ] || ! "$VENV/bin/python" -c "import nbclient, nbconvert, jupyterlab, playwright, nbgrader" 2>/dev/null; then
  echo "== creating the Jupyter venv in $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip >&2
  "$VENV/bin/pip" install --quiet -r "$(dirname "$0")/requirements.txt" >&2
fi

# Register the Rust kernel with Jupyter (in the user's kernel folder), pointing at this binary,
# started behind notebooks/kernel_relay.py: evcxr's ZeroMQ sockets can stall for good when
# Jupyter's clients come and go, and the relay keeps one lasting client on each (it says why).
SPEC="$("$VENV/bin/jupyter" --data-dir)/kernels/rust"
if ! grep -qF "$EVCXR" "$SPEC/kernel.json" 2>/dev/null; then
  echo "== registering the Rust kernel" >&2
  PATH="$VENV/bin:$PATH" "$EVCXR" --install >&2
fi
"$VENV/bin/python" "$(dirname "$0")/../notebooks/kernel_relay.py" --install "$SPEC"

# evcxr builds cells in its own crate under notebooks/.evcxr, in the workspace notebooks/Cargo.toml,
# whose lock cargo would otherwise resolve afresh. Cargo keeps every locked version the workspace
# still needs and drops the rest.
REPO="$(cd "$(dirname "$0")/.." && pwd)"
cp "$REPO/Cargo.lock" "$REPO/notebooks/Cargo.lock"

if [ "${1:-}" != "--no-warm-up" ]; then
  echo "== warming up the kernel (the library and candle, compiled once)" >&2
  "$VENV/bin/python" "$REPO/notebooks/run.py" --warm-up >&2
fi

echo "$VENV/bin/python"
