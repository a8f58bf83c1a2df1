# Sampling-mode ground truth. The main thread loops over three phases: in_handler (a pure-Python spin inside an
# except block), outside_handler (the same spin outside of one) and make_garbage (cyclic garbage and gc.collect()).
# A second thread, sleeper, waits on a lock until the end. Runs SECONDS (argv[1]), then prints what it did.
import gc
import sys
import threading
import time

SECONDS = float(sys.argv[1])
stop = threading.Event()


def spin(seconds):
    end = time.perf_counter() + seconds
    x = 0
    while time.perf_counter() < end:
        x += 1
    return x


def in_handler():
    try:
        raise ValueError("handled")
    except ValueError:
        spin(0.002)


def outside_handler():
    spin(0.002)


class Node:
    def __init__(self):
        self.me = self


def make_garbage():
    for _ in range(20000):
        Node()
    gc.collect()


def sleeper():
    stop.wait()  # blocked on a lock until the end: never on a CPU


threading.Thread(target=sleeper, name="sleeper", daemon=True).start()
end = time.monotonic() + SECONDS
rounds = 0
while time.monotonic() < end:
    in_handler()
    outside_handler()
    make_garbage()
    rounds += 1
stop.set()
print("modes: rounds", rounds, flush=True)
