# Tasks awaiting tasks: asyncio.run's main task (a numbered Task-N) runs a TaskGroup with "parent-A" (gather of
# "leaf-1" and "leaf-2"), "parent-B" (awaits "leaf-3" through nested coroutines) and "spinner" (runs
# hot_async_function, then awaits sleep(0), forever). Waiting leaves sit in leaf_wait -> middle -> Event.wait.
# Once all are parked it writes its own ground truth (asyncio.all_tasks(), get_coro()/cr_await chains with each
# coroutine's file and current line, capture_call_graph() awaiters, 3.14+) as JSON to OUT.json and prints READY.
# With BULK > 0, the TaskGroup also holds BULK more tasks ("bulk-<n>", a gather-of-gathers tree of fan-out 10 whose
# leaves wait in leaf_wait -> middle -> Event.wait), in the ground truth too.
# Usage: asyncio_tree.py OUT.json [BULK]
import asyncio
import json
import sys
import time


def hot_async_function():
    end = time.perf_counter() + 0.004
    n = 0
    while time.perf_counter() < end:
        n += 1
    return n


async def spinner():
    while True:
        hot_async_function()
        await asyncio.sleep(0)


async def middle(ev):
    await ev.wait()


async def leaf_wait(ev):
    await middle(ev)


async def parent_a(ev):
    leaves = [asyncio.create_task(leaf_wait(ev), name=f"leaf-{i}") for i in (1, 2)]
    await asyncio.gather(*leaves)


async def bulk(ev, n, path):
    # this task plus n - 1 tasks below it
    if n <= 1:
        return await leaf_wait(ev)
    rest = n - 1
    k = min(10, rest)
    sizes = [rest // k + (1 if i < rest % k else 0) for i in range(k)]
    await asyncio.gather(*(asyncio.create_task(bulk(ev, s, f"{path}.{i}"), name=f"bulk-{path}.{i}")
                           for i, s in enumerate(sizes)))


async def nested_b(ev):
    await asyncio.create_task(leaf_wait(ev), name="leaf-3")


async def parent_b(ev):
    await nested_b(ev)


def chain(coro):
    names = []
    files = []
    lines = []
    while coro is not None and len(names) < 100:
        code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
        if code is None:
            break
        names.append(code.co_qualname)
        files.append(code.co_filename)
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        lines.append(frame.f_lineno if frame is not None else 0)
        coro = getattr(coro, "cr_await", None) if hasattr(coro, "cr_await") else getattr(coro, "gi_yieldfrom", None)
    return names[::-1], files[::-1], lines[::-1]  # innermost first


def awaiting(task):
    return task is asyncio.current_task() or task.get_coro().cr_await is not None


def truth():
    out = []
    for t in asyncio.all_tasks():
        awaiters = []
        graph = asyncio.capture_call_graph(t) if hasattr(asyncio, "capture_call_graph") else None  # 3.14+
        for a in graph.awaited_by if graph else []:
            if isinstance(a.future, asyncio.Task):
                awaiters.append(a.future.get_name())
            else:  # a gather future: the tasks awaiting it
                awaiters.extend(b.future.get_name() for b in a.awaited_by if isinstance(b.future, asyncio.Task))
        names, files, lines = chain(t.get_coro())
        out.append({"name": t.get_name(), "chain": names, "files": files, "lines": lines,
                    "awaited_by": sorted(awaiters)})
    return out


async def main():
    ev = asyncio.Event()
    async with asyncio.TaskGroup() as tg:
        tg.create_task(parent_a(ev), name="parent-A")
        tg.create_task(parent_b(ev), name="parent-B")
        extra = int(sys.argv[2]) if len(sys.argv) > 2 else 0
        if extra > 0:
            tg.create_task(bulk(ev, extra, "0"), name="bulk-0")
        await asyncio.sleep(0.2)
        # Task-1, parent-A/B, leaf-1..3 and the bulk tree, each at its first await: a task is counted from its
        # creation, but runs only in a later loop iteration (a truth taken then has its coroutine unstarted).
        while len(asyncio.all_tasks()) < 6 + extra or not all(awaiting(t) for t in asyncio.all_tasks()):
            await asyncio.sleep(0.05)
        tasks = truth()  # before the spinner starts: every task is parked
        with open(sys.argv[1], "w") as f:
            json.dump({"tasks": tasks}, f)
        tg.create_task(spinner(), name="spinner")
        await asyncio.sleep(0.1)
        # READY from a loop callback, which runs once this task has left the block and waits in TaskGroup._aexit
        # (its first await): printed here, a dump taken on READY could still find the task in main.
        asyncio.get_running_loop().call_soon(lambda: print("READY", flush=True))


asyncio.run(main())
