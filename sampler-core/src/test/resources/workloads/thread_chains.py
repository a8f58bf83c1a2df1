# Parks N threads, thread i in its own chain of distinct functions kette_<i>_1 -> ... -> kette_<i>_<depth>
# (depth 1 + i % 4), the last one blocked in lock.acquire(); reports their stacks through groundtruth.py.
# Usage: thread_chains.py OUT.json N
# The chains are generated into ketten_<N>.py beside this script, so every function is a real, distinct code object.
import os
import sys
import threading

import groundtruth

HERE = os.path.dirname(os.path.abspath(__file__))
N = int(sys.argv[2])


def depth(i):
    return 1 + i % 4


def write_chains(path):
    src = []
    for i in range(N):
        for k in range(1, depth(i)):
            src += [f"def kette_{i}_{k}(sperre):", f"    return kette_{i}_{k + 1}(sperre)", ""]
        src += [f"def kette_{i}_{depth(i)}(sperre):", "    sperre.acquire()", ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(src))


write_chains(os.path.join(HERE, f"ketten_{N}.py"))
sys.path.insert(0, HERE)
ketten = __import__(f"ketten_{N}")

threads = [groundtruth.start_parked(getattr(ketten, f"kette_{i}_1"), f"kette-{i}") for i in range(N)]
main_ident = threading.get_ident()


def main_park(sperre):
    sperre.acquire()


def expected():
    e = {main_ident: ["main_park", "<module>"]}
    for i, t in enumerate(threads):
        e[t.ident] = [f"kette_{i}_{k}" for k in range(depth(i), 0, -1)]
    return e


groundtruth.start_reporter(sys.argv[1], expected, lambda: {"dev_mode": sys.flags.dev_mode,
                                                          "debug_build": hasattr(sys, "gettotalrefcount"),
                                                          "executable": sys.executable})
sperre = threading.Lock()
sperre.acquire()
main_park(sperre)
