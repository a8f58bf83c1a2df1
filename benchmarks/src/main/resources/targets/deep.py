# One thread, about 53 frames deep, spinning at the bottom: the "deep single thread" benchmark target.
# Prints "READY <depth>" and runs until killed.
import sys


def spin():
    x = 0
    while True:
        x += 1


def descend(n):
    if n == 0:
        print("READY", len(__import__("traceback").extract_stack()) + 1, flush=True)
        spin()
    return descend(n - 1)


descend(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
