"""Worker processes forked from this one: each takes one batch at a time through a pipe of its
own, and the results come back in the order the batches were put.

No threads, and nothing from concurrent.futures: a process forked beside threads can inherit a
lock one of them held, and on Python 3.11 a ProcessPoolExecutor whose worker dies while its
threads write or shut down can hang for good (CPython issues such as gh-94777 and gh-125451;
this project's CI once hung so).  Here a worker's death shows on its pipe (end of file) or its
sentinel as soon as it happens, and `get` raises WorkerDied for the batch it held: the caller
scans that batch itself.
"""
from __future__ import annotations

import collections
import gc
import multiprocessing
import os
import signal
from multiprocessing.connection import Connection
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from typing import Any
from typing import Callable
from typing import Generic
from typing import Sequence
from typing import TypeVar

T = TypeVar('T')
R = TypeVar('R')


class WorkerDied(Exception):
    """The worker that held a batch died (killed, out of memory, or its function raised)."""


class _Job(Generic[T, R]):
    __slots__ = ('item', 'result', 'done', 'died')

    def __init__(self, item: T) -> None:
        self.item: T | None = item
        self.result: R | None = None
        self.done = self.died = False


class _Worker:
    __slots__ = ('process', 'conn', 'job')

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process, self.conn = process, conn
        self.job: _Job[Any, Any] | None = None

    def end(self) -> None:
        """Closes its pipe and stops it (if it is not gone already), busy or not."""
        self.conn.close()
        self.process.terminate()
        self.process.join()
        self.process.close()


def _serve(conn: Connection, function: Callable[[Any], Any], fds: Sequence[int]) -> None:
    """A worker's loop: a batch in, its result out, until the pipe closes.  It leaves Ctrl-C to
    the main process, and closes the descriptors it inherited but must not hold (the other
    workers' pipes, the main process's end of its own, the scan's git pipes: each must see end
    of file when the main process closes it).  A batch that raises ends it, with no traceback
    printed: the main process scans that batch again and reports what it must."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass
    try:
        while True:
            try:
                item = conn.recv()
            except (EOFError, OSError):
                break
            conn.send(function(item))
    except BaseException:
        os._exit(1)


class Pool(Generic[T, R]):
    """`count` workers applying `function` to the items put, one item at a time each."""

    def __init__(self, count: int, function: Callable[[T], R], inherited: Sequence[int] = ()) -> None:
        context = multiprocessing.get_context('fork')
        self.workers: list[_Worker] = []
        self.jobs: collections.deque[_Job[T, R]] = collections.deque()    # in the order put
        self.waiting: collections.deque[_Job[T, R]] = collections.deque()  # not yet sent
        # The workers inherit this process's objects: frozen, their collections do not walk
        # them (a walk would also copy every page that holds one).  Unfrozen here at once.
        gc.freeze()
        try:
            for _ in range(count):
                mine, theirs = context.Pipe()
                fds = [*inherited, mine.fileno(), *(w.conn.fileno() for w in self.workers)]
                process = context.Process(target=_serve, args=(theirs, function, fds), daemon=True)
                process.start()
                theirs.close()
                self.workers.append(_Worker(process, mine))
        except BaseException:
            self.close()
            raise
        finally:
            gc.unfreeze()

    def __len__(self) -> int:
        """Items put whose result was not yet taken."""
        return len(self.jobs)

    def put(self, item: T) -> None:
        job: _Job[T, R] = _Job(item)
        self.jobs.append(job)
        self.waiting.append(job)
        self._serve(block=False)

    def get(self) -> R:
        """The result of the oldest item put; WorkerDied if its worker died."""
        job = self.jobs[0]
        while not job.done:
            self._serve(block=True)
        self.jobs.popleft()
        if job.died:
            raise WorkerDied
        return job.result  # type: ignore[return-value]

    def close(self) -> None:
        """Stops the workers, busy or not, and waits for them to be gone."""
        for worker in self.workers:
            worker.end()
        self.workers = []
        for job in self.jobs:
            job.done = job.died = True
        self.waiting.clear()

    def _serve(self, block: bool) -> None:
        """Sends waiting items to idle workers, then takes the results that are ready (when
        `block`, waits for one at least, or for a worker's death)."""
        for worker in [w for w in self.workers if w.job is None]:
            if not self.waiting:
                break
            job = worker.job = self.waiting.popleft()
            try:
                worker.conn.send(job.item)
            except OSError:  # the worker died
                self._lost(worker)
                continue
            job.item = None  # (the worker has it)
        busy = [w for w in self.workers if w.job is not None]
        if not busy:  # no worker left for what waits
            for job in self.waiting:
                job.done = job.died = True
            self.waiting.clear()
            return
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                         timeout=None if block else 0))
        for worker in busy:
            if worker.conn not in ready and worker.process.sentinel not in ready:
                continue
            try:
                if not worker.conn.poll():  # it ended with nothing to send
                    raise EOFError
                result = worker.conn.recv()
            except Exception:  # end of file, or a result cut short: it died
                self._lost(worker)
                continue
            held = worker.job
            assert held is not None
            held.result, held.done, worker.job = result, True, None
        if self.waiting and any(w.job is None for w in self.workers):
            self._serve(block=False)

    def _lost(self, worker: _Worker) -> None:
        job = worker.job
        assert job is not None
        job.done = job.died = True
        worker.end()
        self.workers.remove(worker)
