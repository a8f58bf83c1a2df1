# Shared by the walker acceptance workloads (imported from the workload's directory).
# A reporter thread waits until every watched thread is parked at a known point (its innermost frames have the
# expected co_names), waits a little longer, checks again, then writes what the target reports about itself
# (sys._current_frames(): co_qualname, co_filename, f_lineno, co_firstlineno of every frame, innermost first) to a
# JSON file, prints READY and parks itself for good, so that the thread set stays fixed while the test reads it.
import json
import os
import sys
import threading
import time

# ident -> (native_id, name) of threads started with _thread.start_new_thread, which threading does not know.
# Such a thread registers itself here (with C calls only, if it must not push Python frames).
RAW_THREADS = {}


def frames_of(frame):
    out = []
    while frame is not None:
        code = frame.f_code
        out.append({"function": code.co_qualname, "file": code.co_filename, "line": frame.f_lineno,
                    "first_line": code.co_firstlineno})
        frame = frame.f_back
    return out


def park_forever():
    lock = threading.Lock()
    lock.acquire()
    lock.acquire()                              # never returns


def _parked(frames, ident, leaf_names):
    frame = frames.get(ident)
    for name in leaf_names:
        if frame is None or frame.f_code.co_name != name:
            return False
        frame = frame.f_back
    return True


def _all_parked(expected):
    frames = sys._current_frames()
    return all(_parked(frames, ident, names) for ident, names in expected().items())


def report(path, expected, extra=None, timeout=60.0):
    """expected: a callable returning {ident: [co_name of the innermost frame, of its caller, ...]}."""
    deadline = time.monotonic() + timeout
    while True:
        while not _all_parked(expected):
            if time.monotonic() > deadline:
                frames = sys._current_frames()
                for ident, names in expected().items():
                    f = frames.get(ident)
                    print("not parked:", ident, names, f and frames_of(f)[:3], file=sys.stderr, flush=True)
                os._exit(97)
            time.sleep(0.01)
        time.sleep(0.2)                         # let them settle into the blocking call
        if _all_parked(expected):
            break
    frames = sys._current_frames()
    by_ident = {t.ident: (t.native_id, t.name) for t in threading.enumerate()}
    by_ident.update(RAW_THREADS)
    threads = []
    for ident in expected():
        native_id, name = by_ident[ident]
        threads.append({"ident": ident, "native_id": native_id, "name": name,
                        "threading": ident not in RAW_THREADS, "frames": frames_of(frames[ident])})
    doc = {"pid": os.getpid(), "threads": threads,
           "thread_count": len(threading.enumerate()) + len(RAW_THREADS)}
    if extra is not None:
        doc.update(extra())
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    print("READY", flush=True)


def start_reporter(path, expected, extra=None):
    def run():
        report(path, expected, extra)
        park_forever()
    t = threading.Thread(target=run, name="reporter", daemon=True)
    t.start()
    return t


def start_parked(target, name, *args):
    """Starts a daemon thread running target(lock, *args) with a lock that is already held: it parks in acquire()."""
    lock = threading.Lock()
    lock.acquire()
    t = threading.Thread(target=target, args=(lock,) + args, name=name, daemon=True)
    t.start()
    return t
