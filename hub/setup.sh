#!/usr/bin/env bash
# Installs the course's JupyterHub for one server into a root-owned prefix, $FOUNDATIONS_HUB
# (default /opt/foundations-hub), building the course once for every student. Safe to run again:
# it redoes only what changed. Run as root. Afterwards `hub/run.sh` starts the hub.
#
#   $HUB/rust       the pinned Rust toolchain (hard links to this machine's rustup copy), readable
#                   by every user: students' kernels compile their cells with it
#   $HUB/course     a read-only copy of this repository (git's tracked files): the library, the
#                   notebooks, the hub's own configuration
#   $HUB/data       the course data sets (from $FOUNDATIONS_DATA, else scripts/data.sh's cache)
#   $HUB/cargo      CARGO_HOME of every kernel: the crates the library needs, fetched once
#   $HUB/cache      what scripts/setup.sh installs (FOUNDATIONS_CACHE pointed here): evcxr_jupyter,
#                   the venv, and a warm kernel; its build folder, $HUB/course/notebooks/.evcxr, is
#                   the template every student's build folder is made from (hub/provision.py)
#   $HUB/node       configurable-http-proxy, from npm
#   $HUB/state      the hub's database and cookie secret (root only)
# Students' notebook folders, made on their first login, are $HUB/course/notebooks-<name>.
set -euo pipefail

[ "$(id -u)" = 0 ] || { echo "hub/setup.sh must run as root (it creates Unix users and a root-owned prefix)" >&2; exit 1; }
REPO="$(cd "$(dirname "$0")/.." && pwd)"
HUB="${FOUNDATIONS_HUB:-/opt/foundations-hub}"
umask 022
mkdir -p "$HUB"/{course,data,cargo,cache,node}
mkdir -p -m 0700 "$HUB/state" "$HUB/setup-home"
chmod 0755 "$HUB"
start=$SECONDS

# 1. The toolchain, outside /root (0700), so the students' users can run it. Hard links cost no
# disk; a copy is the fallback across file systems.
sysroot="$(cd "$REPO" && rustc --print sysroot)"
version="$(cd "$REPO" && rustc -V)"
if [ "$("$HUB/rust/bin/rustc" -V 2>/dev/null)" != "$version" ]; then
  echo "== toolchain: $version into $HUB/rust" >&2
  [ -d "$sysroot/lib/rustlib/src/rust/library" ] || { echo "the toolchain at $sysroot has no rust-src (evcxr's type inference needs it): rustup component add rust-src" >&2; exit 1; }
  rm -rf "$HUB/rust.new"
  cp -al "$sysroot/." "$HUB/rust.new" 2>/dev/null || { rm -rf "$HUB/rust.new"; cp -a "$sysroot/." "$HUB/rust.new"; }
  rm -rf "$HUB/rust" && mv "$HUB/rust.new" "$HUB/rust"
fi

# 2. The course: git's tracked files as they are in this checkout, mtimes kept so cargo rebuilds
# only what changed. Students' folders inside $HUB/course are left alone.
echo "== course copy into $HUB/course" >&2
(cd "$REPO" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$HUB/course" --no-same-owner --no-same-permissions
chmod 0755 "$HUB/course"

# 3. The data sets the notebooks read.
if [ -z "${FOUNDATIONS_DATA:-}" ]; then
  FOUNDATIONS_DATA="$("$REPO/scripts/data.sh" | tail -n 1)"
fi
for f in "$FOUNDATIONS_DATA"/*.pkl.gz; do
  [ -e "$f" ] || { echo "no *.pkl.gz in FOUNDATIONS_DATA=$FOUNDATIONS_DATA" >&2; exit 1; }
  cmp -s "$f" "$HUB/data/$(basename "$f")" || cp "$f" "$HUB/data/"
done

# 4. Reuse scripts/setup.sh's evcxr_jupyter if this machine has built it (same version, same
# build: it is only a cache). The checkout's kernel build folder cannot be reused the same way:
# tried, cargo rebuilt every crate, its sources being under another CARGO_HOME.
evcxr_dir="evcxr-$(sed -n 's/^EVCXR_VERSION=//p' "$REPO/scripts/setup.sh")-opt3"
user_cache="${FOUNDATIONS_CACHE:-$HOME/.cache/foundations}"
if [ ! -x "$HUB/cache/$evcxr_dir/bin/evcxr_jupyter" ] && [ -x "$user_cache/$evcxr_dir/bin/evcxr_jupyter" ]; then
  echo "== reusing $user_cache/$evcxr_dir" >&2
  cp -a "$user_cache/$evcxr_dir" "$HUB/cache/"
fi

# 5. scripts/setup.sh, run on the copy, with its cache, cargo home and toolchain in the prefix: it
# installs evcxr_jupyter and the venv and compiles the library, candle included, in the kernel's
# build folder. HOME is a private folder so root's own Jupyter set-up is not touched.
echo "== scripts/setup.sh for the hub (evcxr, venv, the course compiled once)" >&2
# LD_LIBRARY_PATH: a cell's library finds Rust's libstd through a relative rpath that rustc writes
# for target/*/debug/deps, but evcxr loads its copy one folder up, where the path ends one level
# too high (in a checkout under / it happens to land right: `..` of / is /). rustup's proxies set
# this variable; the hub runs the toolchain without them.
rust_lib="$HUB/rust/lib/rustlib/$(uname -m)-unknown-linux-gnu/lib"
hub_env=(HOME="$HUB/setup-home" FOUNDATIONS_CACHE="$HUB/cache" CARGO_HOME="$HUB/cargo"
         FOUNDATIONS_DATA="$HUB/data" PATH="$HUB/rust/bin:/usr/bin:/bin" LD_LIBRARY_PATH="$rust_lib")
python="$(env -u CARGO_TARGET_DIR "${hub_env[@]}" "$HUB/course/scripts/setup.sh" | tail -n 1)"
venv="$(dirname "$(dirname "$python")")"

# 6. The hub's Python packages, and the proxy from npm (npm comes with Debian's nodejs).
if ! "$python" -c "import jupyterhub, nativeauthenticator, jupyterhub_idle_culler" 2>/dev/null; then
  echo "== jupyterhub into $venv" >&2
  "$venv/bin/pip" install --quiet -r "$REPO/hub/requirements.txt" >&2
fi
chp_version=5.3.0
if [ "$("$HUB/node/node_modules/.bin/configurable-http-proxy" --version 2>/dev/null)" != "$chp_version" ]; then
  command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends npm >&2; }
  echo "== configurable-http-proxy $chp_version into $HUB/node" >&2
  npm install --silent --no-fund --no-audit --prefix "$HUB/node" "configurable-http-proxy@$chp_version" >&2
fi

# 7. The Rust kernel for every user: the kernelspec scripts/setup.sh registered for its HOME,
# installed into the venv, with the environment a student's kernel needs (the prefix's toolchain
# and crates; offline, so cargo never tries to write the shared crate cache).
spec="$HUB/setup-home/.local/share/jupyter/kernels/rust"
"$venv/bin/jupyter" kernelspec install --sys-prefix --replace --name rust "$spec" >/dev/null 2>&1
"$python" "$REPO/hub/kernel_env.py" "$venv/share/jupyter/kernels/rust/kernel.json" \
  PATH="$HUB/rust/bin:/usr/bin:/bin" CARGO_HOME="$HUB/cargo" CARGO_NET_OFFLINE=true \
  FOUNDATIONS_DATA="$HUB/data" LD_LIBRARY_PATH="$rust_lib"

# 8. Readable by students, writable by root only; the group every student's Unix user is in.
chmod -R go-w,a+rX "$HUB/rust" "$HUB/data" "$HUB/cargo" "$HUB/cache" "$HUB/node"
chmod -R a+rX "$HUB/course/notebooks"
getent group foundations-students >/dev/null || groupadd --system foundations-students
echo "hub set up in $HUB in $((SECONDS - start)) s; start it with hub/run.sh" >&2
echo "$HUB"
