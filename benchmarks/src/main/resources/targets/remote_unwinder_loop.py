# CPython's own sampler, as a reference: calls _remote_debugging.RemoteUnwinder(pid, all_threads=True)
# .get_stack_trace() in a tight loop for SECONDS and prints "RATE <samples per second> <threads in last sample>".
# Usage: remote_unwinder_loop.py PID SECONDS [cache_frames]   (cache_frames: 3.15 only)
import sys
import time
import _remote_debugging

pid = int(sys.argv[1])
seconds = float(sys.argv[2])
kwargs = {"all_threads": True}
if len(sys.argv) > 3 and sys.argv[3] == "cache_frames":
    kwargs["cache_frames"] = True
unwinder = _remote_debugging.RemoteUnwinder(pid, **kwargs)
n = 0
errors = 0
threads = 0
end = time.perf_counter() + seconds
start = time.perf_counter()
while time.perf_counter() < end:
    try:
        trace = unwinder.get_stack_trace()
        n += 1
    except Exception:
        errors += 1
        continue
elapsed = time.perf_counter() - start
try:
    interp = trace[0] if trace else None
    threads = len(interp.threads) if hasattr(interp, "threads") else len(trace)
except Exception:
    threads = -1
print("RATE %.1f %d %d" % (n / elapsed, threads, errors), flush=True)
