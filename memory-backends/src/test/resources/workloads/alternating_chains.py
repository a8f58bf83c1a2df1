# Switches between two disjoint call chains as fast as it can, so that a sampler which mixes reads from two moments
# would report stacks with frames of both chains (a_* with b_*). Prints READY, runs until killed (or SECONDS).
import sys
import time


def a_leaf(n):
    return n + 1


def a_mid(n):
    return a_leaf(n) + a_leaf(n)


def a_top(n):
    return a_mid(n) + a_mid(n)


def b_leaf(n):
    return n - 1


def b_mid(n):
    return b_leaf(n) - b_leaf(n)


def b_top(n):
    return b_mid(n) - b_mid(n)


def run(seconds):
    # READY from inside run: a sampler that starts on READY never sees <module> alone, a stack the tests would
    # take for a torn read (the same at the end, after SECONDS).
    print("READY", flush=True)
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        for _ in range(1000):
            n += a_top(n) + b_top(n)
    return n


run(float(sys.argv[1]) if len(sys.argv) > 1 else 3600)
