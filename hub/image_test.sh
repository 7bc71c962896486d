#!/usr/bin/env bash
# Checks the image recipes (binder/postBuild, hub/Dockerfile) without Docker: copies the
# repository's tracked files into a fresh, empty HOME, as repo2docker does, runs their install
# step there (hub/image_setup.sh: it builds evcxr_jupyter, the venv and the course from nothing,
# with the machine's existing rustup toolchain standing in for the image's), then executes a
# notebook with the result (notebooks/run.py: no error, outputs equal to the committed ones).
# Slow: about 15 minutes on two idle cores, nearly all of it compiling. Not part of CI.
#   hub/image_test.sh [NOTEBOOK]    (default 01_matmul_loops)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
notebook="${1:-01_matmul_loops}"
fresh="$(mktemp -d /tmp/image-test-home.XXXXXX)"
trap 'rm -rf "$fresh"' EXIT
mkdir "$fresh/foundations"
(cd "$REPO" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$fresh/foundations"
start=$SECONDS
# An image's environment: rustup's toolchain and the system's tools only (no pyenv, no caches).
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
image_env=(HOME="$fresh" PATH="$CARGO_HOME/bin:/usr/local/bin:/usr/bin:/bin")
python="$(env -u FOUNDATIONS_CACHE -u CARGO_TARGET_DIR "${image_env[@]}" "$fresh/foundations/hub/image_setup.sh" | tail -n 1)"
echo "== install steps took $((SECONDS - start)) s; running $notebook" >&2
env -u FOUNDATIONS_CACHE "${image_env[@]}" "$python" "$fresh/foundations/notebooks/run.py" "$fresh/foundations/notebooks/$notebook.ipynb"
echo "image test passed in $((SECONDS - start)) s"
