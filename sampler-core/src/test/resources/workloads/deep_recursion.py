# One thread recurses DEPTH levels deep through three alternating functions and parks at the bottom in
# lock.acquire(); reports its stack (and the main thread's) through groundtruth.py.
# Usage: deep_recursion.py OUT.json DEPTH [via-c]
# With via-c every level calls the next through C (sorted(key=...)), so an entry frame, which lives on the C
# stack, sits between every two Python frames.
import sys
import threading

import groundtruth

DEPTH = int(sys.argv[2])
VIA_C = len(sys.argv) > 3 and sys.argv[3] == "via-c"
sys.setrecursionlimit(3 * DEPTH + 1000)


def abstieg_a(n, sperre):
    if n == 0:
        return boden(sperre)
    return abstieg_b(n - 1, sperre)


def abstieg_b(n, sperre):
    if n == 0:
        return boden(sperre)
    return abstieg_c(n - 1, sperre)


def abstieg_c(n, sperre):
    if n == 0:
        return boden(sperre)
    if n % 7 == 0:
        return abstieg_a(n - 1, sperre)         # a second call line, so frames differ by line too
    return abstieg_a(n - 1, sperre)


def über_c(n, sperre):
    if n == 0:
        return boden(sperre)
    return sorted([0], key=lambda _: über_c(n - 1, sperre))


def boden(sperre):
    sperre.acquire()


def tief(sperre):
    if VIA_C:
        return über_c(DEPTH - 1, sperre)
    return abstieg_a(DEPTH - 1, sperre)


def main_park(sperre):
    sperre.acquire()


deep = groundtruth.start_parked(tief, "tief")
main_ident = threading.get_ident()
groundtruth.start_reporter(
    sys.argv[1], lambda: {deep.ident: ["boden", "über_c" if VIA_C else "abstieg_" + "abc"[(DEPTH - 1) % 3]],
                          main_ident: ["main_park", "<module>"]})
sperre = threading.Lock()
sperre.acquire()
main_park(sperre)
