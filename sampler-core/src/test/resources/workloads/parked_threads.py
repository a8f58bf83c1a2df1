# Parks threads at known points and reports, through sys._current_frames(), where each one is.
# Usage: parked_threads.py OUT.json
# Threads: the main thread sleeping in main_park(), three workers blocked in Event.wait() inside known call
# chains (one through a C callback: sorted(key=...)), one spinning thread, and the reporter. Once every parked
# thread has been seen at its parking line, the reporter writes OUT.json, prints READY and parks for good.
import json
import sys
import threading
import time

release = threading.Event()


def leaf_wait(ev):
    ev.wait()                                   # workers park here (inside threading.py below this frame)


def middle(ev, depth):
    if depth:
        return middle(ev, depth - 1)
    return leaf_wait(ev)


class Worker:
    def run(self, ev):
        return middle(ev, 3)

    class Inner:
        @staticmethod
        def nested(ev):
            def closure():
                return leaf_wait(ev)
            return closure()


def via_callback(ev):
    def key(x):
        if x == 2:
            leaf_wait(ev)
        return x
    return sorted([3, 2, 1], key=key)


def spin():
    n = 0
    while not release.is_set():
        n += 1
    return n


def main_park():
    time.sleep(600)                             # MAIN_PARK_LINE


def frames_of(frame):
    out = []
    while frame is not None:
        code = frame.f_code
        out.append({"function": code.co_qualname, "file": code.co_filename, "line": frame.f_lineno})
        frame = frame.f_back
    return out


def report(path, main_ident, parked):
    while True:
        frames = sys._current_frames()
        ok = main_ident in frames and frames[main_ident].f_code.co_name == "main_park"
        for t in parked:
            f = frames.get(t.ident)
            ok = ok and f is not None and f.f_code.co_name == "wait" and f.f_back is not None
        if ok:
            break
        time.sleep(0.01)
    time.sleep(0.2)   # let them settle into the blocking call
    frames = sys._current_frames()
    by_ident = {t.ident: t for t in threading.enumerate()}
    threads = []
    for ident in [main_ident] + [t.ident for t in parked]:
        t = by_ident[ident]
        threads.append({"ident": ident, "native_id": t.native_id, "name": t.name,
                        "frames": frames_of(frames[ident])})
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"pid": __import__("os").getpid(), "threads": threads,
                   "spinner_native_id": spinner.native_id}, f, ensure_ascii=False)
    print("READY", flush=True)
    # Parks for good instead of ending: a thread that ended after READY would change the thread set while the
    # test reads it (its first walk and its ThreadDiscovery pass could count different threads).
    lock = threading.Lock()
    lock.acquire()
    lock.acquire()


events = [threading.Event() for _ in range(3)]
parked = [
    threading.Thread(target=Worker().run, args=(events[0],), name="worker-chain"),
    threading.Thread(target=Worker.Inner.nested, args=(events[1],), name="worker-nested"),
    threading.Thread(target=via_callback, args=(events[2],), name="worker-callback"),
]
spinner = threading.Thread(target=spin, name="spinner", daemon=True)
for t in parked:
    t.daemon = True
    t.start()
spinner.start()
reporter = threading.Thread(target=report, args=(sys.argv[1], threading.get_ident(), parked), daemon=True,
                            name="reporter")
reporter.start()
main_park()
