# Computes in busy() until a line arrives on stdin, then replaces itself with another program (os.execv of
# /bin/sleep). Prints READY first and EXEC just before the exec.
import os
import sys
import threading
import time

go = threading.Event()
threading.Thread(target=lambda: (sys.stdin.readline(), go.set()), daemon=True).start()


def busy():
    x = 0
    while not go.is_set():
        x += 1
    return x


print("READY", flush=True)
busy()
print("EXEC", flush=True)
os.execv("/bin/sleep", ["sleep", "30"])
