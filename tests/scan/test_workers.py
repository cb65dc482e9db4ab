"""The fork pool: results in the order put, and a worker's death reported for its own batch,
at once, never a hang."""
from __future__ import annotations

import os
import signal

import pytest

from hooks.scan.workers import Pool
from hooks.scan.workers import WorkerDied


def _square(n: int) -> int:
    return n * n


def _dies_on_3(n: int) -> int:
    if n == 3:
        os._exit(1)  # killed while it holds the item (out of memory, a signal)
    return n * n


def _raises_on_3(n: int) -> int:
    if n == 3:
        raise ValueError('a value the traceback would show')
    return n * n


def _kills_itself_on_3(n: int) -> int:
    if n == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return n * n


def _always_dies(n: int) -> int:
    os._exit(1)


def _results(pool: Pool[int, int], count: int) -> list[int | str]:
    out: list[int | str] = []
    for _ in range(count):
        try:
            out.append(pool.get())
        except WorkerDied:
            out.append('died')
    return out


@pytest.mark.parametrize('count', [1, 2, 3])
def test_results_come_in_the_order_put(count):
    pool = Pool(count, _square)
    try:
        for n in range(10):
            pool.put(n)
        assert len(pool) == 10
        assert _results(pool, 10) == [n * n for n in range(10)]
        assert len(pool) == 0
    finally:
        pool.close()


@pytest.mark.parametrize('function', [_dies_on_3, _raises_on_3, _kills_itself_on_3])
@pytest.mark.parametrize('count', [1, 2])
def test_a_dead_worker_fails_only_its_own_item(function, count, capfd):
    pool = Pool(count, function)
    try:
        for n in range(6):
            pool.put(n)
        expected: list[int | str] = [0, 1, 4, 'died', 16, 25]
        if count == 1:  # no worker left for what was waiting
            expected = [0, 1, 4, 'died', 'died', 'died']
        assert _results(pool, 6) == expected
    finally:
        pool.close()
    assert capfd.readouterr() == ('', '')  # no traceback: the item is the caller's to redo


def test_items_put_when_every_worker_is_gone_fail_at_once():
    pool = Pool(2, _always_dies)
    try:
        for n in range(5):
            pool.put(n)
        assert _results(pool, 5) == ['died'] * 5
        pool.put(9)
        assert _results(pool, 1) == ['died']
    finally:
        pool.close()
    assert pool.workers == []


def _blocks(fd: int) -> int:
    return len(os.read(fd, 1))  # nobody writes: busy for good


def test_close_stops_busy_workers_and_idle_ones():
    read, write = os.pipe()
    try:
        pool = Pool(2, _blocks)
        pool.put(read)
        pool.close()
        assert pool.workers == []
        with pytest.raises(WorkerDied):
            pool.get()  # (what was in flight when it closed)
    finally:
        os.close(read)
        os.close(write)


def test_a_worker_closes_the_descriptors_it_is_given():
    read, write = os.pipe()
    pool = Pool(1, _square, inherited=[write])
    try:
        pool.put(2)
        assert pool.get() == 4  # (it has started: it closed them first)
        os.close(write)
        os.set_blocking(read, False)
        assert os.read(read, 1) == b''  # end of file: the worker holds no copy of `write`
    finally:
        pool.close()
        os.close(read)


def test_the_module_starts_no_thread():
    import threading

    before = threading.active_count()
    pool = Pool(2, _square)
    pool.put(1)
    assert threading.active_count() == before
    assert pool.get() == 1
    pool.close()


def test_an_item_for_a_worker_that_died_while_idle_fails_alone():
    pool = Pool(2, _square)
    try:
        pool.put(2)
        assert pool.get() == 4
        dead = pool.workers[0].process
        os.kill(dead.pid, signal.SIGKILL)
        dead.join()
        for n in (3, 4, 5):
            pool.put(n)
        assert _results(pool, 3) == ['died', 16, 25]  # (3 went to the dead one, the rest to the other)
        assert len(pool.workers) == 1
    finally:
        pool.close()


def _frozen(n: int) -> int:
    import gc

    return gc.get_freeze_count()


def test_workers_hold_what_they_inherit_frozen_and_this_process_does_not():
    # (a worker's collections then skip the objects it inherited, and leave their pages shared)
    import gc

    kept = [[n] for n in range(1000)]  # objects this process holds when the workers start
    pool = Pool(2, _frozen)
    try:
        assert gc.get_freeze_count() == 0
        for n in range(2):
            pool.put(n)
        assert all(frozen >= len(kept) for frozen in _results(pool, 2))  # type: ignore[operator]
    finally:
        pool.close()
