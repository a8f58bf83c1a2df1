# threading and asyncio together: the main thread runs an event loop (loop.run_until_complete) whose tasks all
# await (sleeps, a future that never completes), so the loop parks in its selector's select(); worker threads and a
# run_in_executor() thread park in known chains. Reports every stack through groundtruth.py.
# Usage: asyncio_threads.py OUT.json
import asyncio
import sys
import threading

import groundtruth

workers = []                                    # (ident) of every worker once it runs, executor thread included


def arbeiter_kette(sperre):
    return arbeiter_blatt(sperre)


def arbeiter_blatt(sperre):
    workers.append(threading.get_ident())
    sperre.acquire()


async def wartende_aufgabe(n):
    await asyncio.sleep(3600 + n)


async def wartet_auf_future(fut):
    await fut


async def haupt(main_ident):
    loop = asyncio.get_running_loop()
    never = loop.create_future()
    tasks = [asyncio.create_task(wartende_aufgabe(i)) for i in range(5)]
    tasks.append(asyncio.create_task(wartet_auf_future(never)))
    executor_lock = threading.Lock()
    executor_lock.acquire()
    tasks.append(loop.run_in_executor(None, arbeiter_kette, executor_lock))
    for i in range(3):
        groundtruth.start_parked(arbeiter_kette, f"arbeiter-{i}")

    def expected():
        e = {main_ident: ["select", "_run_once", "run_forever", "run_until_complete", "<module>"]}
        for ident in workers:
            e[ident] = ["arbeiter_blatt", "arbeiter_kette"]
        return e

    def extra():
        return {"workers": len(workers)}

    while len(workers) < 4:
        await asyncio.sleep(0.01)
    groundtruth.start_reporter(sys.argv[1], expected, extra)
    await asyncio.gather(*tasks)


loop = asyncio.new_event_loop()
loop.run_until_complete(haupt(threading.get_ident()))
