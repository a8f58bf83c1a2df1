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
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        for _ in range(1000):
            n += a_top(n) + b_top(n)
    return n


print("READY", flush=True)
run(float(sys.argv[1]) if len(sys.argv) > 1 else 3600)
