# Spends known fractions of its time in fa(), fb() and fc() (about 20/30/50 %), in slices of random length so that
# no sampling rate can alias with it, and measures the truth itself with perf_counter. After SECONDS (argv[1]) it
# writes {"fa": share, "fb": share, "fc": share} of the loop's wall time to OUT (argv[2]) and exits.
import json
import random
import sys
import time

spent = {"fa": 0.0, "fb": 0.0, "fc": 0.0}


def burn(budget):
    end = time.perf_counter() + budget
    x = 0
    while time.perf_counter() < end:
        x += 1
    return x


def fa(budget):
    t = time.perf_counter()
    burn(budget)
    spent["fa"] += time.perf_counter() - t


def fb(budget):
    t = time.perf_counter()
    burn(budget)
    spent["fb"] += time.perf_counter() - t


def fc(budget):
    t = time.perf_counter()
    burn(budget)
    spent["fc"] += time.perf_counter() - t


def main(seconds, out):
    rng = random.Random()
    plan = [(fa, 0.002), (fb, 0.003), (fc, 0.005)]
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        rng.shuffle(plan)
        for f, budget in plan:
            f(budget * rng.uniform(0.5, 1.5))
    total = time.perf_counter() - start
    with open(out, "w") as fh:
        json.dump({k: v / total for k, v in spent.items()}, fh)


main(float(sys.argv[1]), sys.argv[2])
