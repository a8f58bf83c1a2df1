# One thread recursing 100,000 Python frames deep (argument: depth), then spinning at the bottom. Prints
# "READY <depth>" and runs until killed.
import sys

depth = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
sys.setrecursionlimit(depth + 1000)


def spin():
    x = 0
    while True:
        x += 1


def descend(n):
    if n == 0:
        print("READY", depth, flush=True)
        spin()
    return descend(n - 1)


descend(depth)
