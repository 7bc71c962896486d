"""Reads the JSON lines of one bench/compare.sh run (ours and the peers') and prints the
comparison table: medians, cpu/wall, and the ratio ours / peer with its target.

Usage: python3 bench/ratios.py RUN.jsonl     (standard library only)
"""
import json
import sys

# The engine levels our fast paths run on, fastest first; a level this CPU lacks is reported, not missing.
LEVELS = ["avx512", "avx2", "portable"]
EPOCH = "epoch 784-50-10, bs 64, 50k"
REAL = "epoch on real Fashion-MNIST (see README)"
FORWARD = "forward 50000x784 @ 784x50"
FWD_BWD = "fwd+bwd 784-50-1 MSE, 50k"

# Per level: (workload, our bench/case, peer bench/case, {level: target ratio ours/peer}, what the target means)
FAST = [
    (EPOCH, "train/fast_mlp/", "train_numpy/mlp", {"avx512": 0.5}, "<= 0.5x numpy"),
    (EPOCH, "train/fast_mlp/", "train_jax/scan_jit", {"avx512": 0.6}, "<= 0.6x JAX scan"),
    (EPOCH, "train/fast_mlp/", "train_jax/step_jit", {}, ""),
    (REAL, "train/fast_mlp_on_fashion_mnist/", "train_numpy/mlp", {"avx512": 0.35, "avx2": 0.5}, "<= 0.35x (avx512), 0.5x (avx2) numpy"),
    (REAL, "train/fast_mlp_on_fashion_mnist/", "train_jax/scan_jit", {"avx512": 0.5, "avx2": 0.7}, "<= 0.5x (avx512), 0.7x (avx2) JAX scan"),
    (FORWARD, "matmul/large_50000x784x50/fast/", "matmul/large_50000x784x50/matmul", {"avx512": 0.77}, "<= 0.77x numpy (avx512)"),
    (FWD_BWD, "fwd_bwd/fused/", "fwd_bwd/matmul_wgrad", {"avx512": 0.6}, "<= 0.6x numpy (avx512)"),
]

# (workload, our bench/case, peer bench/case, target ratio ours/peer or None, what the target means)
PAIRS = [
    (f"{workload} [{level}]", ours + level, peer, targets.get(level), meaning if level in targets else "")
    for workload, ours, peer, targets, meaning in FAST
    for level in LEVELS
] + [
    ("epoch (readable fit_basic)", "train/readable_fit_basic", "train_numpy/mlp", None, ""),
    ("forward (ndarray dot)", "matmul/large_50000x784x50/dot", "matmul/large_50000x784x50/matmul", None, ""),
    ("fwd+bwd (readable)", "fwd_bwd/readable", "fwd_bwd/matmul_wgrad", None, ""),
    ("load fashion_mnist.pkl.gz", "load/fashion_mnist", "load/fashion_mnist", 0.5, "<= 0.5x Python"),
    ("5x784 @ 784x10: loops", "matmul/small_5x784x10/loops", "matmul/small_5x784x10/loop", None, ""),
    ("5x784 @ 784x10: row . column", "matmul/small_5x784x10/rowcol", "matmul/small_5x784x10/elementwise", None, ""),
    ("5x784 @ 784x10: broadcast", "matmul/small_5x784x10/broadcast", "matmul/small_5x784x10/broadcast", None, ""),
    ("5x784 @ 784x10: einsum", "matmul/small_5x784x10/einsum", "matmul/small_5x784x10/einsum", None, ""),
    ("5x784 @ 784x10: dot / @", "matmul/small_5x784x10/dot", "matmul/small_5x784x10/matmul", None, ""),
    ("5x784 @ 784x10: fast kernel / @", "matmul/small_5x784x10/fast", "matmul/small_5x784x10/matmul", None, ""),
]


def fmt_ms(v):
    if v >= 1000:
        return f"{v / 1e3:.3f} s"
    if v >= 1:
        return f"{v:.2f} ms"
    return f"{v * 1e3:.1f} µs"


def read(path):
    """{(side, bench): {case: stats}} with side 'ours' or 'peer'."""
    runs = {}
    for line in open(path):
        line = line.strip()
        if not line.startswith("{"):
            continue
        rec = json.loads(line)
        side = "ours" if rec.get("lib") == "foundations" else "peer"
        runs.setdefault((side, rec["bench"]), {}).update(rec["results"])
    return runs


def find(runs, side, key):
    """The stats of the first case of bench `key`'s bench part whose name contains the rest."""
    bench, _, case = key.partition("/")
    for name, st in runs.get((side, bench), {}).items():
        if case in name and isinstance(st, dict) and "median_ms" in st:
            return st
    return None


def level_absent(runs, key):
    """Whether `key` names an engine level of which our run has no case at all (not on this CPU)."""
    level = key.rsplit("/", 1)[-1]
    if level not in LEVELS:
        return False
    return not any(name.endswith("/" + level) for cases in runs.values() for name in cases)


def cpu_wall(st):
    return f"{st['cpu_median_ms'] / st['median_ms']:.2f}" if st.get("cpu_median_ms") else "-"


def main(path):
    runs = read(path)
    print("| workload | ours | median (cpu/wall) | peer | median (cpu/wall) | ours/peer | target | met |")
    print("|---|---|---|---|---|---|---|---|")
    missing = 0
    for workload, ours_key, peer_key, target, meaning in PAIRS:
        ours, peer = find(runs, "ours", ours_key), find(runs, "peer", peer_key)
        if ours is None and level_absent(runs, ours_key):
            print(f"| {workload} | {ours_key} | not on this CPU | {peer_key} | - | - | {meaning} | - |")
            continue
        if ours is None or peer is None:
            missing += 1
            print(f"| {workload} | {ours_key} | {'missing' if ours is None else fmt_ms(ours['median_ms'])} | "
                  f"{peer_key} | {'missing' if peer is None else fmt_ms(peer['median_ms'])} | - | {meaning} | - |")
            continue
        ratio = ours["median_ms"] / peer["median_ms"]
        met = "-" if target is None else ("yes" if ratio <= target else "NO")
        peer_lib = peer_key.split("/")[0].replace("train_", "")
        print(f"| {workload} | {ours_key.split('/')[-1]} | {fmt_ms(ours['median_ms'])} ({cpu_wall(ours)}) | "
              f"{peer_lib} {peer_key.split('/')[-1]} | {fmt_ms(peer['median_ms'])} ({cpu_wall(peer)}) | "
              f"{ratio:.2f} | {meaning} | {met} |")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
