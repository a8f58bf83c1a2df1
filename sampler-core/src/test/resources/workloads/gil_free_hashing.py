"""A thread hashing 64 MiB in a loop (hashlib releases the GIL for large inputs: C code running detached), a
thread parked on a lock, and the main thread sleeping. Prints READY and the threads' own ids as JSON once the parked
thread is asleep."""
import hashlib
import json
import sys
import threading
import time

DATA = b"x" * (64 << 20)


def hash_loop():
    while True:
        hashlib.sha256(DATA).digest()


def parked(lock):
    lock.acquire()


lock = threading.Lock()
lock.acquire()
hasher = threading.Thread(target=hash_loop, name="hasher", daemon=True)
parker = threading.Thread(target=parked, args=(lock,), name="parker", daemon=True)


def kernel_state(tid):
    with open(f"/proc/self/task/{tid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def parker_asleep():
    frame = sys._current_frames().get(parker.ident)
    return frame is not None and frame.f_code.co_name == "parked" and kernel_state(parker.native_id) == "S"


hasher.start()
parker.start()
# The tests take parker for asleep (S) from their first sample on: READY once it sleeps in parked() and still does
# 0.2 s later (S alone could be a wait for the GIL on its way there), not after a fixed time.
while True:
    while not parker_asleep():
        time.sleep(0.01)
    time.sleep(0.2)
    if parker_asleep():
        break
print("READY " + json.dumps({"hasher": hasher.native_id, "parker": parker.native_id,
                             "main": threading.get_native_id()}), flush=True)
time.sleep(3600)
