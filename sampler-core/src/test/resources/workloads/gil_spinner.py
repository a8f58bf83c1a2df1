"""One thread, spinner, runs a pure-Python loop (it holds the GIL almost all the time); the main thread sleeps.
Prints READY and the spinner's native id as JSON."""
import json
import threading
import time


def spin():
    x = 0
    while True:
        x = (x * 31 + 7) % 1000003


spinner = threading.Thread(target=spin, name="spinner", daemon=True)
spinner.start()
time.sleep(0.2)
print("READY " + json.dumps({"spinner": spinner.native_id}), flush=True)
time.sleep(3600)
