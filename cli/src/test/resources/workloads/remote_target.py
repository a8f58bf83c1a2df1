# Target for the remote-exec and snapshot tests: known locals, object counts, asyncio tasks and named threads.
#   remote_target.py [busy|blocked|quiet]
# busy:    the main thread keeps executing Python code (sleeps of 20 ms); a "spinner" thread runs Python code
#          (1 ms on CPU, 2 ms asleep)
# blocked: the main thread is blocked in time.sleep(600); the "spinner" thread runs Python code
# quiet:   like blocked, but without the spinner: every thread is blocked (for byte-exact "nothing written" checks)
# Prints "TIDS {json name -> native id}" and then "READY", once "parker" waits in Condition.wait and, in blocked
# mode, the main thread sleeps in its time.sleep(600) (then the spinner prints READY).
# With PYSAMPLE_TEST_HOSTILE_RESULT=FILE, an audit hook plays a hostile target: while FILE exists, each injected
# script is blocked and FILE's bytes are published as its result.json instead.
import asyncio
import json
import os
import sys
import threading
import time

mode = sys.argv[1] if len(sys.argv) > 1 else "busy"
hostile = os.environ.get("PYSAMPLE_TEST_HOSTILE_RESULT")


def replace_result(event, args):
    if event != "cpython.remote_debugger_script" or not os.path.exists(hostile):
        return
    with open(hostile, "rb") as f:
        data = f.read()
    directory = os.path.dirname(os.fsdecode(args[0]))
    with open(os.path.join(directory, "hostile.tmp"), "wb") as f:
        f.write(data)
    os.replace(os.path.join(directory, "hostile.tmp"), os.path.join(directory, "result.json"))
    raise RuntimeError("the test's audit hook blocks this script")  # CPython then skips the script


if hostile:
    sys.addaudithook(replace_result)


class Marker:
    pass


markers = [Marker() for _ in range(12345)]
parked = threading.Event()
loop_ready = threading.Event()


def park(alpha, beta):
    parked.wait()


def kernel_state(native_id):
    with open(f"/proc/self/task/{native_id}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def settled(check):
    # check() holds now and still 0.2 s later (a thread seen on its way into a blocking call gets there meanwhile)
    while True:
        while not check():
            time.sleep(0.01)
        time.sleep(0.2)
        if check():
            return


def parker_waits():
    frame = sys._current_frames().get(threads[0].ident)
    return frame is not None and frame.f_code.co_qualname == "Condition.wait"


BLOCK_LINE = next(i for i, line in enumerate(open(__file__, encoding="utf-8"), 1) if line.endswith("# BLOCK_LINE\n"))


def main_blocks():
    main = threading.main_thread()
    frame = sys._current_frames().get(main.ident)
    return frame is not None and frame.f_lineno == BLOCK_LINE and kernel_state(main.native_id) == "S"


def spin():
    # On CPU about a third of the time, so that a 1 s recording at 100 Hz sees it (~30 samples) while the
    # main thread still gets the GIL for injected scripts.
    if mode == "blocked":
        # READY from here: printed by the main thread, it came before the sleep, and a request written right
        # after it could find the main thread still executing Python code (and run at once, not stay pending).
        settled(main_blocks)
        print("READY", flush=True)
    n = 0
    while True:
        deadline = time.perf_counter() + 0.001
        while time.perf_counter() < deadline:
            for i in range(200):
                n += i
        time.sleep(0.002)


async def worker_a(event):
    await event.wait()


async def worker_b():
    await asyncio.sleep(3600)


def run_loop():
    async def main():
        event = asyncio.Event()
        a = asyncio.create_task(worker_a(event), name="worker-A")
        b = asyncio.create_task(worker_b(), name="worker-B")
        await asyncio.sleep(0)
        loop_ready.set()
        await asyncio.gather(a, b)
    asyncio.run(main())


threads = [threading.Thread(target=park, args=(42, "x" * 5000), name="parker", daemon=True),
           threading.Thread(target=run_loop, name="event-loop", daemon=True)]
if mode != "quiet":
    threads.append(threading.Thread(target=spin, name="spinner", daemon=True))
for t in threads:
    t.start()
loop_ready.wait()
settled(parker_waits)  # Thread.start() returns before parker waits; snapshots show it in Condition.wait
tids = {t.name: t.native_id for t in threads}
tids["MainThread"] = threading.main_thread().native_id
print("TIDS " + json.dumps(tids), flush=True)
if mode == "busy":
    print("READY", flush=True)
    while True:
        time.sleep(0.02)
elif mode == "quiet":
    print("READY", flush=True)
    time.sleep(600)
else:
    time.sleep(600)  # BLOCK_LINE
