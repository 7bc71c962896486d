#!/usr/bin/env bash
# Side-by-side comparison with the numpy / JAX peers: runs this crate's workloads and the peer
# scripts in the same run, one workload at a time (ours, then the peers), single-threaded and
# pinned to CPU 0, then prints a table of medians and ratios ours/peer (bench/ratios.py). Our fast
# paths run once per engine level this CPU has (AVX-512, AVX2, portable: one row each).
#
#   bench/compare.sh            full: the peers' default repeats (train 5, fwd_bwd 7, matmul 7)
#   bench/compare.sh --quick    CI: 3 repeats and 1 warm-up everywhere; still prints every ratio
#
# Environment:
#   PEERS_DIR         peer scripts (default: ../shared/peers beside the repository)
#   FOUNDATIONS_DATA  folder with fashion_mnist.pkl.gz (default: ../shared/data)
#   PEERS_VENV        Python venv for the peers; default ~/.cache/foundations/peers-venv when
#                     ~/.cache/foundations exists, else $TMPDIR/foundations-peers-venv. Created
#                     and filled from $PEERS_DIR/requirements.txt when missing (jax: ~620 MB).
#   NICE=-15          (root only) run in a scheduler autogroup of its own at raised priority, as
#                     ../shared/peers/run_all.sh does, when other work shares the machine.
# The raw JSON lines go to target/compare/run-<UTC stamp>.jsonl (under $CARGO_TARGET_DIR if set).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

quick=0
[ "${1:-}" = "--quick" ] && quick=1
NICE=${NICE:-0}
if [ "$NICE" != 0 ] && [ -z "${_COMPARE_SETSID:-}" ]; then
  export _COMPARE_SETSID=1
  exec setsid --wait "$0" "$@"
fi
if [ "$NICE" != 0 ] && [ -w /proc/$$/autogroup ]; then
  echo "$NICE" > /proc/$$/autogroup
fi

PEERS_DIR=$(cd "${PEERS_DIR:-$root/../shared/peers}" && pwd)
export PEERS_DIR
FOUNDATIONS_DATA=$(cd "${FOUNDATIONS_DATA:-$root/../shared/data}" && pwd)
export FOUNDATIONS_DATA
if [ -z "${PEERS_VENV:-}" ]; then
  if [ -d "$HOME/.cache/foundations" ]; then
    PEERS_VENV=$HOME/.cache/foundations/peers-venv
  else
    PEERS_VENV=${TMPDIR:-/tmp}/foundations-peers-venv
  fi
fi

# 1. The peers' Python environment, reinstalled only when requirements.txt changes.
stamp="$PEERS_VENV/requirements.sha256"
want=$(sha256sum "$PEERS_DIR/requirements.txt" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "== creating the peers' venv in $PEERS_VENV" >&2
  python3 -m venv "$PEERS_VENV"
  "$PEERS_VENV/bin/pip" install --quiet --upgrade pip
  "$PEERS_VENV/bin/pip" install --quiet -r "$PEERS_DIR/requirements.txt"
  echo "$want" > "$stamp"
fi
PY="$PEERS_VENV/bin/python"

# 2. Our side.
echo "== building bench/peer_workloads.rs (example peer_workloads, release)" >&2
cargo build --release --quiet --example peer_workloads
target_dir=${CARGO_TARGET_DIR:-$root/target}
ours="$target_dir/release/examples/peer_workloads"

mkdir -p "$target_dir/compare"
out="$target_dir/compare/run-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
if [ "$quick" = 1 ]; then
  reps=(--repeats 3 --warmup 1)
  our_reps=(--repeats 3 --warmup 1)
else
  reps=()
  our_reps=(--repeats 7 --warmup 1)
fi
pin=()
command -v taskset > /dev/null && pin=(taskset -c 0)
# numpy is measured without the OpenBLAS overrides this environment may set (see PEERS_DIR/README.md)
peer() { (cd "$PEERS_DIR" && env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE -u OPENBLAS_NUM_THREADS \
  -u OMP_NUM_THREADS -u XLA_FLAGS "$PY" "$@" --threads 1 "${reps[@]}") | tee -a "$out"; }
mine() { "${pin[@]}" "$ours" "$1" "${our_reps[@]}" | tee -a "$out"; }

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)" >&2
start=$(date +%s)
mine train;   peer train_numpy.py; peer train_jax.py
mine fwd_bwd; peer fwd_bwd.py
mine matmul;  peer matmul.py
mine load;    peer "$root/bench/load_pickle.py" --path "$FOUNDATIONS_DATA/fashion_mnist.pkl.gz"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime); $(( $(date +%s) - start )) s of measuring" >&2
echo "== raw results: $out" >&2
echo
python3 bench/ratios.py "$out"
