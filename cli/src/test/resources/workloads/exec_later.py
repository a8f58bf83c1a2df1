# Computes for SECONDS (argv[1]) and then replaces itself with another program (os.execv of /bin/sleep).
import os
import sys
import time


def busy(seconds):
    end = time.monotonic() + seconds
    x = 0
    while time.monotonic() < end:
        x += 1
    return x


print("READY", flush=True)
busy(float(sys.argv[1]))
print("EXEC", flush=True)
os.execv("/bin/sleep", ["sleep", "30"])
