#!/usr/bin/env bash
# Runs the course: builds the library, shows the data it uses, installs the Rust kernel and
# Jupyter if they are missing (scripts/setup.sh), and executes every notebook top to bottom,
# checking each against its saved outputs, then builds the book from them into target/book
# (scripts/book.sh). Afterwards, open the notebooks with:
#   ~/.cache/foundations/venv/bin/jupyter lab notebooks/
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release
cargo run --release --quiet -- data-info data/mnist_sample.pkl.gz

python=$(scripts/setup.sh | tail -n 1)
"$python" notebooks/run.py
scripts/book.sh

echo
echo "Open the notebooks in JupyterLab (kernel: Rust):"
echo "  $(dirname "$python")/jupyter lab notebooks/"
echo "Read the book: target/book/index.html"
