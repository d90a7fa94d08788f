"""Per-paper work on several cores gives what one process gives, in the same order."""

import pytest

from generator import parallel


def square_and_pid(number: int) -> tuple[int, int]:
    import os

    return number * number, os.getpid()


def test_parallel_map_keeps_order_and_uses_other_processes(monkeypatch):
    if "fork" not in parallel.multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this system")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    import os

    results = parallel.parallel_map(square_and_pid, range(100))
    assert [value for value, _ in results] == [n * n for n in range(100)]
    # Two runs of 50, in workers (one worker may take both, if it is free first).
    assert os.getpid() not in {pid for _, pid in results}


def test_small_inputs_stay_in_this_process(monkeypatch):
    import os

    results = parallel.parallel_map(square_and_pid, range(100))
    assert {pid for _, pid in results} == {os.getpid()}


def test_tagging_and_rendering_in_parallel_equal_one_process(monkeypatch):
    from conftest import REAL_SEEDS

    from generator.build import load_catalog
    from generator.render import render_site
    from generator.settings import SiteSettings

    one = load_catalog(REAL_SEEDS).catalog
    one_pages = render_site(one, SiteSettings())
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    many = load_catalog(REAL_SEEDS).catalog
    assert [(p.id, p.tags, p.topics) for p in many.papers] == [
        (p.id, p.tags, p.topics) for p in one.papers
    ]
    assert render_site(many, SiteSettings()) == one_pages


def fail(message: str) -> None:
    raise ValueError(message)


def test_worker_computes_in_another_process_and_reports_errors():
    import os

    if parallel.workers() < 2:
        pytest.skip("one core: the worker runs in this process")
    with parallel.Worker(int) as worker:
        worker.submit(square_and_pid, 7)
        value, pid = worker.get()
    assert value == 49 and pid != os.getpid()
    with parallel.Worker(int) as worker:
        worker.submit(fail, "no luck")
        with pytest.raises(ValueError, match="no luck"):
            worker.get()


def test_relate_worker_whose_preparation_fails_still_answers(monkeypatch):
    """A pool whose start-up raises would restart workers forever; the build must not hang."""
    from generator import related, relater

    def broken() -> None:
        raise ImportError("scikit-learn is missing")

    monkeypatch.setattr(related, "import_libraries", broken)
    with parallel.Worker(relater.import_relate) as worker:
        worker.submit(square_and_pid, 3)
        assert worker.get()[0] == 9


def die(_=None) -> None:
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_that_dies_stops_the_build_with_a_message(monkeypatch):
    """Killed for memory, say: the build must say so, not wait forever."""
    from generator.model import CatalogError

    if parallel.workers() < 2:
        pytest.skip("one core: no worker processes")
    with parallel.Worker(int) as worker:
        worker.submit(die)
        with pytest.raises(CatalogError, match="worker process stopped"):
            worker.get()
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10)
    with pytest.raises(CatalogError, match="worker process stopped"):
        parallel.parallel_map(die, range(100))


def test_a_failed_build_does_not_wait_for_the_worker():
    import time

    if parallel.workers() < 2:
        pytest.skip("one core: no worker processes")
    start = time.perf_counter()
    with parallel.Worker(int) as worker:
        worker.submit(time.sleep, 60)
    assert time.perf_counter() - start < 10
