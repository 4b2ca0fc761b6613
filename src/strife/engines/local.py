"""The local engine: the pipeline over a stream of articles, in this process or in a pool of worker processes.

Each worker builds the ``Pipeline`` (spaCy model, lexicons, gazetteer) once, in the pool's initializer, then
takes chunks of articles; a chunk is the pipeline's own batch, so spaCy still sees many sentences at a time.
Results come back in input order, so any number of workers gives exactly what one worker gives. Workers start
with 'forkserver' (or 'spawn' where it is missing), never as a fork of a parent holding threads or a model.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice

from strife.config import Settings
from strife.pipeline import Pipeline, Result
from strife.processes import alive, settle_collector
from strife.records import Article, Skip

CHUNKS_IN_FLIGHT = 2  # chunks queued a worker: enough to keep it busy, few enough to bound memory
DRIVER_CHECK_S = 1.0  # how often a worker checks that the process running the pool is still there

_worker_pipeline: Pipeline | None = None


def run(items: Iterable[Article | Skip], settings: Settings, workers: int | None = None) -> Iterator[Result]:
    """Results of ``items`` in input order, with ``workers`` processes (None: all cores; 1: this process).
    Input that fits in one batch runs in this process: a pool would only add its workers' start-up."""
    workers = workers or default_workers()
    stream = iter(items)
    if workers > 1:
        head = list(islice(stream, settings.get("pipeline.articles_per_batch") + 1))
        if len(head) > settings.get("pipeline.articles_per_batch"):
            yield from _run_pool(chain(head, stream), settings, workers)
            return
        stream = iter(head)
    yield from Pipeline(settings).run(stream)


def default_workers() -> int:
    """The cores this process may use (the scheduler's affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _run_pool(items: Iterable[Article | Skip], settings: Settings, workers: int) -> Iterator[Result]:
    chunk_size = settings.get("pipeline.articles_per_batch")
    pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker,
                               initargs=(settings, os.getpid()))
    pending: deque[Future[list[Result]]] = deque()
    try:
        for chunk in _chunks(items, chunk_size):
            pending.append(pool.submit(_run_chunk, chunk))
            if len(pending) >= workers * CHUNKS_IN_FLIGHT:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chunks(items: Iterable[Article | Skip], size: int) -> Iterator[list[Article | Skip]]:
    stream = iter(items)
    while chunk := list(islice(stream, size)):
        yield chunk


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _start_worker(settings: Settings, driver: int) -> None:
    """Pool initializer: build this worker's pipeline and load its model now, not on the first chunk."""
    global _worker_pipeline
    watch_driver(driver)
    _worker_pipeline = Pipeline(settings)
    _worker_pipeline.backbone  # noqa: B018 - loads the spaCy model once per worker
    settle_collector(settings.get("pipeline.young_objects"))


def watch_driver(driver: int) -> None:
    """End this worker when the process that runs the pool is gone: a driver killed outright (``kill -9``)
    cannot shut its pool down, and its workers would otherwise wait for chunks forever, each holding a model."""
    def watch() -> None:
        while alive(driver):
            time.sleep(DRIVER_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="strife-driver-watch", daemon=True).start()


def _run_chunk(chunk: list[Article | Skip]) -> list[Result]:
    assert _worker_pipeline is not None, "worker used before its initializer ran"
    return list(_worker_pipeline.run(chunk))
