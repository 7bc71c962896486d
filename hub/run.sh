#!/usr/bin/env bash
# Starts the course's JupyterHub in the foreground, as root, with hub/jupyterhub_config.py, from the
# prefix hub/setup.sh installed (FOUNDATIONS_HUB, default /opt/foundations-hub). Settings (admin
# name, address, per-student limits, idle timeout) are environment variables listed at the top of
# jupyterhub_config.py. Stop it with Ctrl-C: it stops the students' servers too.
set -euo pipefail
HUB="${FOUNDATIONS_HUB:-/opt/foundations-hub}"
[ -x "$HUB/cache/venv/bin/jupyterhub" ] || { echo "no hub in $HUB: run hub/setup.sh first" >&2; exit 1; }
cd "$HUB/state"
exec "$HUB/cache/venv/bin/jupyterhub" -f "$(cd "$(dirname "$0")" && pwd)/jupyterhub_config.py"
