#!/usr/bin/env bash
# Runs the course: builds the library, shows the data it uses, installs the Rust kernel and
# Jupyter if they are missing (scripts/setup.sh), and executes every notebook top to bottom,
# checking each against its saved outputs, then builds the book from them into target/book
# (scripts/book.sh). Afterwards, open the notebooks with:
#   ~/.cache/foundations/venv/bin/jupyter lab notebooks/
set -euo pipefail
cd "$(dirname "$0")/.."

# The dev profile without the HTTPS download stack: the book's converter (scripts/book.sh) builds
# the library the same way, so the two share one build of it and its dependencies (the notebook
# kernel builds its own, with its own profile, in notebooks/.evcxr).
cargo run --quiet --no-default-features -- data-info data/mnist_sample.pkl.gz

python=$(scripts/setup.sh | tail -n 1)
"$python" notebooks/run.py
scripts/book.sh

echo
echo "Open the notebooks in JupyterLab (kernel: Rust):"
echo "  $(dirname "$python")/jupyter lab notebooks/"
echo "Read the book: target/book/index.html"
