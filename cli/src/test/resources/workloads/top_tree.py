# For `top --subprocesses`: a thread named spinner burns CPU in pure Python in parent_hot_function (it holds the
# GIL almost all the time) while the main thread sleeps. Once OUT_DIR/go exists (i.e. after top began), the parent
# starts a child Python that burns CPU in child_hot_function, and prints "CHILD <pid>". The child exits when its
# parent is gone. Usage: top_tree.py OUT_DIR
import os
import subprocess
import sys
import threading
import time

CHILD = """
import os
import time
def child_hot_function():
    end = time.perf_counter() + 0.01
    while time.perf_counter() < end:
        pass
parent = os.getppid()
while os.getppid() == parent:
    child_hot_function()
"""


def parent_hot_function():
    end = time.perf_counter() + 0.01
    while time.perf_counter() < end:
        pass


def spin():
    while True:
        parent_hot_function()


if __name__ == "__main__":
    out = sys.argv[1]
    threading.Thread(target=spin, name="spinner", daemon=True).start()
    print("READY", flush=True)
    while not os.path.exists(os.path.join(out, "go")):
        time.sleep(0.01)
    child = subprocess.Popen([sys.executable, "-c", CHILD])
    print("CHILD", child.pid, flush=True)
    time.sleep(3600)
