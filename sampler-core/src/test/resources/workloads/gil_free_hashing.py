"""A thread hashing 64 MiB in a loop (hashlib releases the GIL for large inputs: C code running detached), a
thread parked on a lock, and the main thread sleeping. Prints READY and the threads' own ids as JSON."""
import hashlib
import json
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
hasher.start()
parker.start()
time.sleep(0.3)
print("READY " + json.dumps({"hasher": hasher.native_id, "parker": parker.native_id,
                             "main": threading.get_native_id()}), flush=True)
time.sleep(3600)
