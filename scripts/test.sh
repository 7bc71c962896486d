#!/usr/bin/env bash
# Runs every test of the course, in this order:
#   1. the library's unit, integration and doc tests (cargo test), then the `candle` feature's tests
#      (our gradients against candle's autograd; the candle-nn model trained to the chapter's bar);
#   2. the exercises: every worked solution passes and every untouched stub fails, the runner's
#      own tests, and the nbgrader notebooks generated from them are up to date;
#   3. the book: its chapters must be those of the committed notebooks (nb2book --check), it must
#      build, and every page must pass the checks of book/check.py in headless Chromium;
#   4. the notebooks: the kernel keeps answering while clients connect and disconnect around it
#      (notebooks/kernel_relay_test.py), then each notebook executed top to bottom on the evcxr
#      Rust kernel through the real Jupyter client, failing on any error and on any output that
#      differs from the committed one;
#   5. the exercises as nbgrader assignments: the teacher's whole pipeline (generate, submit,
#      autograde, feedback, gradebook) on four kinds of submission, in a temporary course folder;
#   6. the course's JupyterHub (hub/): installed by hub/setup.sh (as root), two students run
#      notebook 01 at once through the hub (hub/load_test.py --short), and one student's kernel
#      fails to read or write the other's files (hub/isolation_test.py).
# Tests that need the course data sets read them from $FOUNDATIONS_DATA when it is set, else from
# the cache scripts/data.sh builds from the packages they are published in (on first use).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${FOUNDATIONS_DATA:-}" ]; then
  echo "== course data: FOUNDATIONS_DATA is not set, using scripts/data.sh's cache"
  FOUNDATIONS_DATA=$(scripts/data.sh | tail -n 1)
  export FOUNDATIONS_DATA
fi
echo "FOUNDATIONS_DATA=$FOUNDATIONS_DATA"

echo "== library tests"
cargo test -p foundations

echo "== candle feature: our gradients against candle's autograd, the model in candle-nn"
cargo test -p foundations --features candle --test candle

echo "== exercises: solutions pass, stubs fail"
cargo run --quiet -p exercises -- verify
cargo test -p exercises --bin exercises --bin classroom --test runner
cargo run --quiet -p exercises --bin classroom -- --check

echo "== book: converter tests, chapters up to date, build, headless Chromium"
cargo test -p nb2book
scripts/book.sh --check

echo "== notebooks"
python=$(scripts/setup.sh | tail -n 1)
"$python" notebooks/kernel_relay_test.py
"$python" notebooks/run.py

echo "== exercises as nbgrader assignments: generate, autograde, feedback, gradebook"
"$python" exercises/classroom/pipeline.py

echo "== a whole class: the course's JupyterHub (hub/setup.sh), two students at once, isolation"
if [ "$(id -u)" = 0 ]; then
  hub_prefix=$(hub/setup.sh | tail -n 1)
  "$hub_prefix/cache/venv/bin/python" hub/load_test.py --short
  "$hub_prefix/cache/venv/bin/python" hub/isolation_test.py
elif [ -n "${FOUNDATIONS_REQUIRE_HUB:-}" ]; then
  echo "FOUNDATIONS_REQUIRE_HUB is set, but the hub's tests need root (they create Unix users)" >&2
  exit 1
else
  # Not as a normal user: the hub installs into /opt and creates (then removes) Unix users.
  echo "!! SKIPPED: the hub's tests need root (they create Unix users); CI runs them as root"
fi
