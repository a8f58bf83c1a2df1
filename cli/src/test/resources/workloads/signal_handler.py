# Handles SIGINT and SIGTERM like a program that cleans up: prints HANDLED <name> and exits with EXIT (argv[1]).
# With "ignore-term" (argv[2]) it ignores SIGTERM instead. Installs its handlers, spins in busy() until a signal
# ends it, and prints READY after 0.3 s of it counted from when the file "go" beside this script exists.
import os
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


GO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "go")


def busy():
    # READY only after 0.3 s in busy() since "go" exists, which the test creates once pysample says it samples: a
    # recording that is signalled on READY has sampled busy() by then (~30 samples at 100 Hz), not just <module>,
    # nothing, or only the handler's sleep (pysample may attach after busy() began, even after 0.3 s of it).
    total = 0
    ready_at = None
    printed = False
    while True:
        total += sum(range(1000))
        if printed:
            continue
        if ready_at is None:
            if os.path.exists(GO):
                ready_at = time.monotonic() + 0.3
        elif time.monotonic() >= ready_at:
            printed = True
            print("READY", flush=True)


busy()
