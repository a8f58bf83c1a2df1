# Creates and ends thousands of short-lived threads per second (each runs Python code for ~0.1 ms, long enough to
# be sampled now and then), for SECONDS.
# Prints READY first and "STARTED <n>" at the end.
import sys
import threading
import time


def work(n):
    return sum(i * i for i in range(n))


def main(seconds):
    started = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        batch = [threading.Thread(target=work, args=(2000,)) for _ in range(20)]
        for t in batch:
            t.start()
        for t in batch:
            t.join()
        started += len(batch)
    print("STARTED", started, flush=True)


print("READY", flush=True)
main(float(sys.argv[1]))
