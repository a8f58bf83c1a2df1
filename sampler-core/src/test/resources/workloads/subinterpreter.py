"""A thread that runs code in a subinterpreter and parks there, and a parked main thread.

    python subinterpreter.py MARKER_FILE

The subinterpreter's code creates MARKER_FILE once it is parked; the main thread then prints READY.
"""
import os
import sys
import threading
import time

import _interpreters  # the low-level module behind concurrent.interpreters, in 3.13 too

marker = sys.argv[1]
code = f"""
import threading
import time

threading.current_thread()  # the subinterpreter's threading now knows this thread too, as a Dummy-N

def sub_park():
    open({marker!r}, "w").close()
    while True:
        time.sleep(60)

def sub_outer():
    sub_park()

sub_outer()
"""


def run_in_subinterpreter():
    interp = _interpreters.create()
    _interpreters.exec(interp, code)


def main_wait():
    threading.Thread(target=run_in_subinterpreter, name="sub", daemon=True).start()
    while not os.path.exists(marker):
        time.sleep(0.01)
    print("READY", flush=True)
    while True:
        time.sleep(60)


main_wait()
