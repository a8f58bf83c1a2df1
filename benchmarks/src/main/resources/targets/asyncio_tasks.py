# N asyncio tasks waiting in a tree (gather of gathers, fan-out 10: each inner task gathers its child tasks, each
# leaf waits in leaf -> middle -> Event.wait), plus one running task ("spinner": busy 4 ms, then sleep(0), forever).
# Prints "READY <tasks>" once all are parked (the count is len(asyncio.all_tasks())), runs until killed.
# Usage: asyncio_tasks.py [N=1000]
import asyncio
import sys
import time


async def middle(ev):
    await ev.wait()


async def leaf(ev):
    await middle(ev)


async def node(ev, n):
    # this task plus n - 1 tasks below it
    if n <= 1:
        return await leaf(ev)
    rest = n - 1
    k = min(10, rest)
    sizes = [rest // k + (1 if i < rest % k else 0) for i in range(k)]
    await asyncio.gather(*(asyncio.create_task(node(ev, s), name="node-%d" % s) for s in sizes))


def hot():
    end = time.perf_counter() + 0.004
    while time.perf_counter() < end:
        pass


async def spinner():
    while True:
        hot()
        await asyncio.sleep(0)


async def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    ev = asyncio.Event()
    tree = asyncio.create_task(node(ev, max(1, n - 2)), name="tree")  # main + tree + spinner = n tasks
    while len(asyncio.all_tasks()) < n - 1:
        await asyncio.sleep(0.01)
    spin = asyncio.create_task(spinner(), name="spinner")
    await asyncio.sleep(0.05)
    print("READY %d" % len(asyncio.all_tasks()), flush=True)
    await asyncio.gather(tree, spin)


asyncio.run(main())
