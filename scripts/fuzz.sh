#!/usr/bin/env bash
# Fuzzes the parsers that read user input with the cargo-fuzz targets in fuzz/ (README.md,
# "Fuzzing"): the MNIST loader on arbitrary bytes, the einsum spec parser with operand shapes,
# Expr::parse and broadcast_shape. Each target runs for SECONDS (default 30) on one core, starting
# from fuzz/seeds/<target> and, for the loader, the pickles in tests/fixtures (gzip and inflated).
# A crash, panic, hang (10 s on one input) or an allocation over the limit stops the script with
# an error; libFuzzer leaves the input in fuzz/artifacts/<target>/ to turn into a regression test.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(mnist_loader einsum_spec expr_parse broadcast_shape)
fi

# cargo-fuzz passes rustc nightly-only flags (-Zsanitizer=address, coverage options); the stable
# toolchain accepts them when RUSTC_BOOTSTRAP is set.
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked --version 0.13.2
fi

for target in "${targets[@]}"; do
  corpus=fuzz/corpus/$target
  mkdir -p "$corpus"
  cp fuzz/seeds/"$target"/* "$corpus"/ 2>/dev/null || true
  if [ "$target" = mnist_loader ]; then
    for fixture in tests/fixtures/*.pkl.gz; do
      name=$(basename "$fixture" .gz)
      cp "$fixture" "$corpus/$name.gz"
      gunzip -c "$fixture" >"$corpus/$name"
    done
  fi
  echo "== fuzzing $target for ${seconds}s"
  log=fuzz/artifacts/$target.log
  mkdir -p fuzz/artifacts
  if ! cargo fuzz run --fuzz-dir fuzz "$target" "$corpus" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
    -print_final_stats=1 >"$log" 2>&1; then
    tail -n 80 "$log"
    echo "fuzz target $target failed: see $log and fuzz/artifacts/$target/" >&2
    exit 1
  fi
  # Executions, coverage (cov: edges, ft: features) and the corpus at the end.
  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::(number_of_executed_units|peak_rss_mb)' "$log"
done
