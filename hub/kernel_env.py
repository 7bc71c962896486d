#!/usr/bin/env python3
"""Sets environment variables in a Jupyter kernelspec: kernel_env.py KERNEL_JSON NAME=VALUE ...

The Rust kernel's spec (written by `evcxr_jupyter --install`, see scripts/setup.sh) says only how
to start it; a kernel started by a hub or an image's Jupyter also needs to find the toolchain
(PATH), Rust's libstd for the cells' libraries (LD_LIBRARY_PATH: see hub/setup.sh), and for the
hub the shared crates (CARGO_HOME) and data. Used by hub/setup.sh and hub/image_setup.sh.
"""
import json
import sys

path, pairs = sys.argv[1], sys.argv[2:]
with open(path) as f:
    spec = json.load(f)
for pair in pairs:
    name, sep, value = pair.partition("=")
    if not sep:
        sys.exit(f"kernel_env.py: {pair!r} is not NAME=VALUE")
    spec.setdefault("env", {})[name] = value
with open(path, "w") as f:
    json.dump(spec, f, indent=1)
