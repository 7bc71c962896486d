"""Peer for the loader workload: Python reads an mnist.pkl.gz-style file the usual way,
pickle.load(gzip.open(path), encoding='latin1'), which rebuilds the numpy arrays.

Same protocol and JSON line as the scripts in ../shared/peers (their common.py is imported from
PEERS_DIR): median / min / max wall time over --repeats runs after --warmup untimed runs.
Usage: python bench/load_pickle.py --path fashion_mnist.pkl.gz [--threads 1]
"""
import gzip
import os
import pickle
import sys

sys.path.insert(0, os.environ.get("PEERS_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "peers")))
from common import base_parser, emit, measure, pin_to_cpus  # noqa: E402

p = base_parser(__doc__, repeats=5)
p.add_argument("--path", required=True)
args = p.parse_args()
pin_to_cpus(args.threads)


def load():
    with gzip.open(args.path, "rb") as f:
        return pickle.load(f, encoding="latin1")


def main():
    st, data = measure(load, args.repeats, args.warmup)
    (x_train, _), _, _ = data
    st["train_shape"] = list(x_train.shape)
    emit("load", args.threads, {"fashion_mnist_pkl_gz": st})


if __name__ == "__main__":
    sys.exit(main())
