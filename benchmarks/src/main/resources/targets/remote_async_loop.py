# CPython's own asyncio reader, as a reference: calls _remote_debugging.RemoteUnwinder(pid)
# .get_all_awaited_by() ("all") or .get_async_stack_trace() ("running") in a tight loop for SECONDS and prints
# "RATE <calls per second> <errors>". Usage: remote_async_loop.py PID SECONDS all|running
import sys
import time
import _remote_debugging

pid = int(sys.argv[1])
seconds = float(sys.argv[2])
unwinder = _remote_debugging.RemoteUnwinder(pid)
call = unwinder.get_all_awaited_by if sys.argv[3] == "all" else unwinder.get_async_stack_trace
n = 0
errors = 0
start = time.perf_counter()
end = start + seconds
while time.perf_counter() < end:
    try:
        call()
        n += 1
    except Exception:
        errors += 1
elapsed = time.perf_counter() - start
print("RATE %.1f %d" % (n / elapsed, errors), flush=True)
