# Spends its time in two known functions, alpha() and beta(), whose hot lines carry marker comments that the tests
# look up. Prints READY; runs for SECONDS (argv[1], default: until killed), then exits with code EXIT (argv[2]).
import sys
import time


def alpha(n):
    total = 0
    for i in range(n):
        total += i * i  # ALPHA_LINE
    return total


def beta(n):
    s = ""
    for i in range(n):
        s = str(i)  # BETA_LINE
    return s


def main(seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alpha(20000)
        beta(20000)


print("READY", flush=True)
main(float(sys.argv[1]) if len(sys.argv) > 1 else 3600)
sys.exit(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
