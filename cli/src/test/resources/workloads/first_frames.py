# Spends its first 0.3 s in first() and the next 0.3 s in second(): a profiler that starts this script must see
# first(), i.e. sample from the interpreter's first Python frames on.
import time


def spin(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def first():
    spin(0.3)


def second():
    spin(0.3)


first()
second()
