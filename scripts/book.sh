#!/usr/bin/env bash
# Builds the course's book into target/book (open target/book/index.html), from the notebooks'
# saved outputs:
#   scripts/book.sh          regenerate book/src/chapters from notebooks/*.ipynb, then build;
#   scripts/book.sh --check  fail if the committed chapters are not those of the notebooks, build,
#                            then check every page in headless Chromium (book/check.py).
# Installs mdbook $MDBOOK_VERSION under ~/.cache/foundations if it is missing, and for --check
# Debian's chromium and the venv's Playwright (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

MDBOOK_VERSION=0.5.4
CACHE="${FOUNDATIONS_CACHE:-$HOME/.cache/foundations}"
MDBOOK="$CACHE/mdbook-$MDBOOK_VERSION/bin/mdbook"

check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  *) echo "usage: scripts/book.sh [--check]" >&2; exit 2 ;;
esac

if [ ! -x "$MDBOOK" ]; then
  echo "== installing mdbook $MDBOOK_VERSION (a one-off build: about 200 CPU-seconds)" >&2
  # Without the default `serve` and `watch` features (a web server and a file watcher): only
  # `mdbook build` is used, and that halves what is compiled. `search` keeps the search box.
  cargo install --locked --no-default-features --features search \
    --root "$CACHE/mdbook-$MDBOOK_VERSION" "mdbook@$MDBOOK_VERSION" >&2
fi

if $check; then
  cargo run --quiet -p nb2book -- --check
else
  cargo run --quiet -p nb2book
fi
"$MDBOOK" build  # into target/book (book.toml)

if $check; then
  if [ ! -x /usr/bin/chromium ]; then
    echo "== installing Debian's chromium (for the browser check)" >&2
    sudo_if_needed=""
    [ "$(id -u)" -eq 0 ] || sudo_if_needed=sudo
    $sudo_if_needed apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y -qq chromium >&2
  fi
  python=$(scripts/setup.sh --no-warm-up | tail -n 1)  # only its venv is needed here
  "$python" book/check.py --book target/book
fi
