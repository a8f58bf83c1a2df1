# 500 threads started, 140 of them finished: ~360 live (a tenth busy in Python, the rest waiting on an event),
# each 5-24 frames deep. The "big target" for rate checks at 100 Hz. Prints READY, runs until killed.
import threading

go = threading.Event()
never = threading.Event()


def bottom(i):
    if i % 10 == 0:
        x = 0
        while True:
            x += 1
    never.wait()


def descend(i, n):
    if n == 0:
        return bottom(i)
    return descend(i, n - 1)


started = []
for i in range(500):
    if i % 25 < 7:
        t = threading.Thread(target=lambda: None, daemon=True)  # 140 short-lived threads
    else:
        t = threading.Thread(target=descend, args=(i, 5 + i % 20), name="w%d" % i, daemon=True)
    t.start()
    started.append(t)
for t in started:
    if t.name.startswith("Thread"):
        t.join()
print("READY", threading.active_count(), flush=True)
never.wait()
