# Handles SIGINT and SIGTERM like a program that cleans up: prints HANDLED <name> and exits with EXIT (argv[1]).
# With "ignore-term" (argv[2]) it ignores SIGTERM instead. Installs its handlers, spins in busy() until a signal
# ends it, and prints READY after 0.3 s of it.
import signal
import sys
import time

EXIT = int(sys.argv[1])


def handler(signum, frame):
    print("HANDLED", signal.Signals(signum).name, flush=True)
    time.sleep(0.2)  # a little clean-up: a second signal now would interrupt it
    sys.exit(EXIT)


signal.signal(signal.SIGINT, handler)
if len(sys.argv) > 2 and sys.argv[2] == "ignore-term":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
else:
    signal.signal(signal.SIGTERM, handler)


def busy():
    # READY only after 0.3 s in busy(): a recording that is signalled on READY has sampled busy() by then
    # (~30 samples at 100 Hz), not just <module> or nothing.
    total = 0
    ready_at = time.monotonic() + 0.3
    while True:
        total += sum(range(1000))
        if ready_at and time.monotonic() >= ready_at:
            ready_at = None
            print("READY", flush=True)


busy()
