"""A small, realistic CPU workload to profile with pysample.

A main loop parses JSON records, aggregates them, renders a text report and hashes it, while two worker
threads compress data and search for primes. Runs for SECONDS (default 10) and exits.

    python3.14 examples/workload.py [SECONDS]
"""
import hashlib
import json
import random
import sys
import threading
import time
import zlib


def make_records(n, rng):
    return [json.dumps({"id": i, "user": "user%d" % rng.randrange(100), "amount": rng.random() * 100,
                        "tags": [rng.choice("abcdef") for _ in range(3)]}) for i in range(n)]


def parse_records(lines):
    return [json.loads(line) for line in lines]


def aggregate(records):
    totals = {}
    for r in records:
        user = r["user"]
        totals[user] = totals.get(user, 0.0) + r["amount"]
        for tag in r["tags"]:
            totals[tag] = totals.get(tag, 0.0) + 1
    return totals


def render_report(totals):
    rows = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    return "\n".join("%-10s %12.2f" % (k, v) for k, v in rows)


def checksum(text):
    h = hashlib.sha256()
    for _ in range(20):
        h.update(text.encode())
    return h.hexdigest()


def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def prime_worker(stop):
    n = 10_000
    while not stop.is_set():
        n += 1
        is_prime(n)


def compress_worker(stop):
    rng = random.Random(7)
    data = bytes(rng.randrange(32) for _ in range(200_000))
    while not stop.is_set():
        zlib.compress(data, 6)
        time.sleep(0.01)


def main(seconds):
    rng = random.Random(42)
    stop = threading.Event()
    workers = [threading.Thread(target=prime_worker, args=(stop,), name="primes"),
               threading.Thread(target=compress_worker, args=(stop,), name="compressor")]
    for w in workers:
        w.start()
    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline:
        lines = make_records(2000, rng)
        report = render_report(aggregate(parse_records(lines)))
        checksum(report)
        rounds += 1
    stop.set()
    for w in workers:
        w.join()
    print("workload: %d rounds in %.1f s" % (rounds, seconds))


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 10.0)
