# N threads (argv[1]) and the main thread all run pure Python loops, so the GIL changes hands all the time.
# Prints "READY <threads>" (every thread, main included) once all run; runs until killed.
import sys
import threading

N = int(sys.argv[1])
started = threading.Barrier(N + 1)


def spin():
    started.wait()
    x = 0
    while True:
        x = (x * 31 + 7) % 1000003


for i in range(N):
    threading.Thread(target=spin, name=f"spin-{i}", daemon=True).start()
started.wait()
print("READY", threading.active_count(), flush=True)
spin_main = 0
while True:
    spin_main = (spin_main * 17 + 3) % 1000003
