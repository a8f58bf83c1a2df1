# Starts threads whose threading names exercise every way CPython 3.13 stores a Thread's attributes and every str
# kind, parks them, and prints "READY " + one JSON line (ASCII-escaped):
#   {"threads": [{"ident": …, "native_id": …, "name": …, "known": true|false}, …]}
# known=false marks a thread threading does not know (started with _thread, never asked for current_thread()).
# Storage variants: inline values (a plain Thread), a materialized __dict__ (vars(t)), a replaced __dict__ (a
# combined-table dict), a subclass with __slots__ (no inline values), a subclass with many attributes, a dummy
# thread (_thread + threading.current_thread()), a renamed thread and the main thread.
import _thread
import json
import threading
import time

release = threading.Event()
threads = []


def park():
    release.wait()


def start(name, cls=threading.Thread):
    t = cls(target=park, name=name, daemon=True)
    t.start()
    threads.append(t)
    return t


class Slotted(threading.Thread):
    __slots__ = ("extra",)


class ManyAttributes(threading.Thread):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(40):                     # more than the 30 shared keys a split dict can hold
            setattr(self, "attribute_%d" % i, i)


start("plain-ascii")
start("größe-latin1")
start("имя-ucs2-名前")
start("emoji-\U0001F600-ucs4")
start("long-" + "x" * 95)                       # 100 characters: kept whole
start("very-long-" + "y" * 390)                 # 400 characters: cut to 256 and an ellipsis
vars(start("materialized-dict"))                # __dict__ materialized, values still inline
replaced = start("replaced-dict")
replaced.__dict__ = dict(replaced.__dict__)     # a combined-table dict
start("slotted", Slotted)
start("many-attributes", ManyAttributes)
renamed = start("before-rename")
renamed.name = "after-rename"

raw = {}


def dummy():
    raw["dummy"] = (threading.get_ident(), threading.get_native_id(), threading.current_thread().name)
    release.wait()


def unknown():
    raw["unknown"] = (_thread.get_ident(), _thread.get_native_id())
    lock = _thread.allocate_lock()
    lock.acquire()
    lock.acquire()                              # parks for good, unknown to threading


_thread.start_new_thread(dummy, ())
_thread.start_new_thread(unknown, ())
# Thread.start() returns once the thread set its ids, before it enters itself in threading._active (where 3.13
# names are read from): wait for that too.
while len(raw) < 2 or any(t.native_id is None or threading._active.get(t.ident) is not t for t in threads):
    time.sleep(0.01)

report = [{"ident": t.ident, "native_id": t.native_id, "name": t.name, "known": True} for t in threads]
main = threading.main_thread()
report.append({"ident": main.ident, "native_id": main.native_id, "name": main.name, "known": True})
ident, native_id, name = raw["dummy"]
report.append({"ident": ident, "native_id": native_id, "name": name, "known": True})
ident, native_id = raw["unknown"]
report.append({"ident": ident, "native_id": native_id, "name": "", "known": False})
print("READY " + json.dumps({"threads": report}), flush=True)
while True:
    time.sleep(60)
