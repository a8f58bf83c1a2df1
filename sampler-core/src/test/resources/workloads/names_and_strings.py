# -*- coding: utf-8 -*-
# Parks threads in code objects whose names and files exercise every str kind and unusual code shapes, then reports
# their stacks through groundtruth.py.
# Usage: names_and_strings.py OUT.json
# Before parking it generates, beside itself:
#   verzeichnis_größe/big_module.py: lange_funktion(sperre), a body of > 5,000 lines (line table > 4 KiB) that
#     parks on a line past 5,000
#   каталог_😀_目录/…/long_path_module.py: im_langen_pfad_ü(sperre), under a non-ASCII directory path of more than
#     1,024 characters (UCS-4 file name)
# Every parked thread blocks in lock.acquire() (C) so its innermost Python frame is the function under test.
import _thread
import asyncio
import os
import sys
import threading
import time

import groundtruth

HERE = os.path.dirname(os.path.abspath(__file__))
BIG_LINES = 5100
BIG_DIR = os.path.join(HERE, "verzeichnis_größe")
LONG_DIR = os.path.join(HERE, *["каталог_😀_目录"] * 85)


def write_generated_modules():
    os.makedirs(BIG_DIR, exist_ok=True)
    body = ["def lange_funktion(sperre):", "    x = 0"] + ["    x += 1"] * BIG_LINES
    body += ["    sperre.acquire()", "    return x", ""]
    with open(os.path.join(BIG_DIR, "big_module.py"), "w", encoding="utf-8") as f:
        f.write("\n".join(body))
    os.makedirs(LONG_DIR, exist_ok=True)
    with open(os.path.join(LONG_DIR, "long_path_module.py"), "w", encoding="utf-8") as f:
        f.write("def im_langen_pfad_ü(sperre):\n    sperre.acquire()\n")


write_generated_modules()
sys.path.insert(0, BIG_DIR)
sys.path.insert(0, LONG_DIR)
import big_module  # noqa: E402
import long_path_module  # noqa: E402


def größe_berechnen(sperre):                    # latin-1 (str kind 1, not ASCII)
    sperre.acquire()


def функция_Ω_计算(sperre):                     # UCS-2 (kind 2)
    sperre.acquire()


def 𠀀𠀁(sperre):                                # UCS-4 (kind 4)
    sperre.acquire()


def mit_lambda(sperre):
    f = lambda: sperre.acquire()                # noqa: E731
    return f()


class Äußere:
    class Innere:
        class Tiefste:
            def methode(self, sperre):
                sperre.acquire()


def äußere_funktion(sperre):
    def mittlere():
        def innere_closure():
            return sperre.acquire()
        return innere_closure()
    return mittlere()


def erzeuger(sperre):
    yield 1
    sperre.acquire()
    yield 2


def treibe_generator(sperre):
    g = erzeuger(sperre)
    next(g)
    return next(g)                              # next() is C: an entry frame sits between the two


def roh_erzeuger(sperre):
    # Runs in a _thread thread whose only Python code is this generator, resumed from C by next(): it calls no
    # Python function, so the thread never gets a data-stack chunk (datastack_chunk stays NULL).
    groundtruth.RAW_THREADS[_thread.get_ident()] = (_thread.get_native_id(), "generator-no-chunk")
    sperre.acquire()
    yield 1


def treibe_generator_for(sperre):
    total = 0
    for x in erzeuger(sperre):                  # FOR_ITER: the generator frame is pushed without an entry frame
        total += x
    return total


def mit_genexpr(sperre):
    return sum(sperre.acquire() or 1 for _ in range(1))


async def innere_koroutine(sperre):
    sperre.acquire()
    return 1


async def äußere_koroutine(sperre):
    return await innere_koroutine(sperre)


def treibe_koroutine(sperre):
    c = äußere_koroutine(sperre)
    try:
        c.send(None)
    except StopIteration as e:
        return e.value


async def im_loop_blockiert(sperre):
    sperre.acquire()


async def async_haupt(sperre):
    await asyncio.sleep(0)
    return await im_loop_blockiert(sperre)


def mit_ereignisschleife(sperre):
    return asyncio.run(async_haupt(sperre))


def klasse_bauen(sperre):
    class Klassenkörper:
        sperre.acquire()
        y = 1
    return Klassenkörper


def hauptthread_parken(sperre):
    sperre.acquire()


# thread name -> (target, co_names of the innermost frames, innermost first)
PARKED = {
    "latin1": (größe_berechnen, ["größe_berechnen"]),
    "ucs2": (функция_Ω_计算, ["функция_Ω_计算"]),
    "ucs4": (𠀀𠀁, ["𠀀𠀁"]),
    "lambda": (mit_lambda, ["<lambda>", "mit_lambda"]),
    "nested-classes": (lambda s: Äußere.Innere.Tiefste().methode(s), ["methode"]),
    "closure": (äußere_funktion, ["innere_closure", "mittlere", "äußere_funktion"]),
    "generator-next": (treibe_generator, ["erzeuger", "treibe_generator"]),
    "generator-for": (treibe_generator_for, ["erzeuger", "treibe_generator_for"]),
    "genexpr": (mit_genexpr, ["<genexpr>", "mit_genexpr"]),
    "coroutine-send": (treibe_koroutine, ["innere_koroutine", "äußere_koroutine", "treibe_koroutine"]),
    "coroutine-loop": (mit_ereignisschleife, ["im_loop_blockiert", "async_haupt"]),
    "class-body": (klasse_bauen, ["Klassenkörper", "klasse_bauen"]),
    "big-module": (big_module.lange_funktion, ["lange_funktion"]),
    "long-path": (long_path_module.im_langen_pfad_ü, ["im_langen_pfad_ü"]),
}

threads = {name: groundtruth.start_parked(target, name) for name, (target, _) in PARKED.items()}
main_ident = threading.get_ident()
roh_sperre = threading.Lock()
roh_sperre.acquire()
_thread.start_new_thread(next, (roh_erzeuger(roh_sperre),))
while not groundtruth.RAW_THREADS:
    time.sleep(0.01)


def expected():
    e = {main_ident: ["hauptthread_parken", "<module>"]}
    for name, (_, leaf) in PARKED.items():
        e[threads[name].ident] = leaf
    for ident in groundtruth.RAW_THREADS:
        e[ident] = ["roh_erzeuger"]
    return e


def extra():
    return {"big_linetable_bytes": len(big_module.lange_funktion.__code__.co_linetable),
            "long_path_chars": len(long_path_module.__file__)}


groundtruth.start_reporter(sys.argv[1], expected, extra)
haupt_sperre = threading.Lock()
haupt_sperre.acquire()
hauptthread_parken(haupt_sperre)
