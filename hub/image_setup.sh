#!/usr/bin/env bash
# Builds the course into a single-user image at image-build time, so a student's kernel starts
# warm: the one install step that binder/postBuild (repo2docker, mybinder.org) and hub/Dockerfile
# (an image for Zero to JupyterHub) both run, as the image's user, in the repository's folder.
#   1. Rust: the toolchain rust-toolchain.toml pins, with rust-src (evcxr's type inference reads
#      it), through rustup; rustup itself is installed from rustup.rs only if cargo is missing;
#   2. scripts/setup.sh: evcxr_jupyter, the course venv, the kernel registered for this user, and
#      the library compiled in notebooks/.evcxr with and without candle (the kernel warm-up);
#   3. the kernel's environment (hub/kernel_env.py): the toolchain on PATH, and LD_LIBRARY_PATH to
#      its libstd, which the cells' libraries need (hub/setup.sh says why).
# hub/image_test.sh runs this in a fresh HOME on a machine without Docker.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"

if ! command -v cargo >/dev/null; then
  echo "== installing rustup" >&2
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --default-toolchain none >&2
  # shellcheck disable=SC1091
  . "${CARGO_HOME:-$HOME/.cargo}/env"
fi
(cd "$REPO" && rustup component add rust-src >&2)
python="$("$REPO/scripts/setup.sh" | tail -n 1)"

sysroot="$(cd "$REPO" && rustc --print sysroot)"
spec="$("$(dirname "$python")/jupyter" --data-dir)/kernels/rust/kernel.json"
"$python" "$REPO/hub/kernel_env.py" "$spec" \
  PATH="$(dirname "$(cd "$REPO" && rustup which cargo)"):$(dirname "$(command -v cargo)"):/usr/local/bin:/usr/bin:/bin" \
  LD_LIBRARY_PATH="$sysroot/lib/rustlib/$(uname -m)-unknown-linux-gnu/lib"
echo "course built into the image: kernel $spec" >&2
echo "$python"
