# 17 threads (main + 16 workers), each 10-20 frames deep: workers wait at the bottom of their recursion (some
# wake every millisecond), the main thread spins. The "16 threads" benchmark target. Prints READY, runs until killed.
import threading
import time

ready = threading.Barrier(17)


def bottom(i):
    ready.wait()
    ev = threading.Event()
    while True:
        ev.wait(0.001 if i % 4 == 0 else 60)


def descend(i, n):
    if n == 0:
        return bottom(i)
    return descend(i, n - 1)


for i in range(16):
    threading.Thread(target=descend, args=(i, 8 + (i % 11)), name="worker-%d" % i, daemon=True).start()
ready.wait()
print("READY", flush=True)


def spin():
    x = 0
    while True:
        x += 1


def main_descend(n):
    if n == 0:
        spin()
    return main_descend(n - 1)


main_descend(12)
