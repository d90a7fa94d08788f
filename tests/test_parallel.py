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
    results = parallel.parallel_map(square_and_pid, range(100))
    assert [value for value, _ in results] == [n * n for n in range(100)]
    assert len({pid for _, pid in results}) == 2


def test_small_inputs_stay_in_this_process(monkeypatch):
    import os

    results = parallel.parallel_map(square_and_pid, range(100))
    assert {pid for _, pid in results} == {os.getpid()}


def test_tagging_and_rendering_in_parallel_equal_one_process(monkeypatch):
    from conftest import REAL_SEEDS

    from generator.pipeline import load_catalog
    from generator.render import SiteSettings, render_site

    one = load_catalog(REAL_SEEDS).catalog
    one_pages = render_site(one, SiteSettings())
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    many = load_catalog(REAL_SEEDS).catalog
    assert [(p.id, p.tags, p.topics) for p in many.papers] == [
        (p.id, p.tags, p.topics) for p in one.papers
    ]
    assert render_site(many, SiteSettings()) == one_pages
