# A parent that, once OUT_DIR/go exists (i.e. after recording began), starts a multiprocessing pool of two workers
# (the start method's default: fork on 3.13, forkserver on 3.14+), a Python subprocess and a non-Python one
# (sleep). Each Python process burns CPU in its own known function for about 4 s; the pids are written to
# OUT_DIR/pids.json as {"parent", "pool": [..], "child", "sleep"}.
# Usage: process_tree.py OUT_DIR
import json
import multiprocessing
import os
import subprocess
import sys
import time

CHILD = """
import time
def child_hot_function():
    end = time.perf_counter() + 0.01
    while time.perf_counter() < end:
        pass
stop = time.monotonic() + 4
while time.monotonic() < stop:
    child_hot_function()
time.sleep(60)
"""


def pool_hot_function(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass
    return os.getpid()


def parent_hot_function():
    end = time.perf_counter() + 0.01
    while time.perf_counter() < end:
        pass


if __name__ == "__main__":
    out = sys.argv[1]
    print("READY", flush=True)
    while not os.path.exists(os.path.join(out, "go")):
        time.sleep(0.01)
    child = subprocess.Popen([sys.executable, "-c", CHILD])
    sleeper = subprocess.Popen(["sleep", "60"])
    with multiprocessing.Pool(2) as pool:
        pids = pool.map_async(pool_hot_function, [4, 4], chunksize=1)
        while not pids.ready():
            parent_hot_function()
        with open(os.path.join(out, "pids.json"), "w") as f:
            json.dump({"parent": os.getpid(), "pool": pids.get(), "child": child.pid, "sleep": sleeper.pid}, f)
        print("PIDS", flush=True)
        time.sleep(60)
