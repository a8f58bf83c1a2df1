# One thread, about 53 frames deep (argument: recursion depth, default 50; 100000 for the "big stack" rate check),
# spinning at the bottom: the "deep single thread" benchmark target. Prints "READY <depth>" and runs until killed.
import sys

depth = int(sys.argv[1]) if len(sys.argv) > 1 else 50
sys.setrecursionlimit(max(1000, depth + 1000))


def spin():
    x = 0
    while True:
        x += 1


def descend(n):
    if n == 0:
        print("READY", len(__import__("traceback").extract_stack()) + 1, flush=True)
        spin()
    return descend(n - 1)


descend(depth)
