"""Shared fixtures: small seed folders written on the fly, and the real project paths."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
REAL_SEEDS = PROJECT / "seeds"
# A copy of the seeds that does not change: exact counts are asserted on it (tests/frozen/).
FROZEN_SEEDS = Path(__file__).parent / "frozen" / "seeds"

HEADER = "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n"

ABSTRACT_A = (
    "We introduce a simple architecture built entirely from multi-layer perceptrons. "
    "It mixes information across spatial locations and across channels in alternating "
    "layers. Trained on large datasets it reaches competitive accuracy on image "
    "classification benchmarks while using far fewer operations than attention models."
)
ABSTRACT_B = (
    "Large language models show in-context learning: they adapt to a task from examples "
    "given in the prompt without any weight update. We study this ability in controlled "
    "settings with linear regression tasks and show that trained transformers implement "
    "an algorithm close to one step of gradient descent on the prompt examples."
)


@pytest.fixture
def seed_dir(tmp_path: Path):
    """A function that writes seed files (name -> text or bytes) into a fresh folder."""

    def write(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "seeds"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            path = folder / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return write


def copy_project(target: Path) -> Path:
    """The site configuration and hand-written pages, copied so a build cannot touch ours."""
    from generator.site import copy_site_sources

    return copy_site_sources(PROJECT / "mkdocs.yml", target)


def three_tagged_papers(seeds: Path) -> Path:
    """A seed folder of three papers, "A study of apples", "... birds" and "... clouds",
    all under A and all tagged gans (curation.yml), with the real taxonomy: listings that a
    small LISTING_PER_PAGE splits into pages."""
    seeds.mkdir(parents=True)
    shutil.copy(REAL_SEEDS / "taxonomy.yml", seeds)
    words = ("apples", "birds", "clouds")
    (seeds / "001_x.txt").write_text(
        HEADER
        + "".join(f"A study of {word}\nWe study {word} in depth, {word} again.\n" for word in words)
    )
    (seeds / "curation.yml").write_text(
        "".join(f"a-study-of-{word}: {{add: [gans]}}\n" for word in words)
    )
    return seeds


SITE_BUILDS = {"real_build", "hostile_build", "site_url", "map_url", "named_map_url"}


def pytest_collection_modifyitems(items):
    """Mark the tests that build a whole site, so quick runs (mutation testing) can skip them."""
    for item in items:
        if SITE_BUILDS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site_build)


@pytest.fixture(scope="session")
def real_build(tmp_path_factory):
    """One build of the real seeds, shared by the tests that only read the result."""
    from generator.build import build

    project = tmp_path_factory.mktemp("project")
    config = copy_project(project)
    return build(REAL_SEEDS, config, project / "site")


CHROMIUM = os.environ.get("PAPER_CATALOG_CHROMIUM", "/usr/bin/chromium")
# A browser that cannot start is a skip on a developer's machine and a failure in CI.
REQUIRE_BROWSER = os.environ.get("PAPER_CATALOG_REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (install Debian's chromium or set PAPER_CATALOG_CHROMIUM)"
        if REQUIRE_BROWSER:
            pytest.fail(message)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        if REQUIRE_BROWSER:
            raise
        pytest.skip(f"Playwright is not installed: {error}")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """Serve a folder on 127.0.0.1 in a thread; returns (base URL, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_url(real_build):
    url, server = serve(real_build.site_dir)
    yield url
    server.shutdown()


HOSTILE = Path(__file__).parent / "hostile"


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory):
    """A build of the hostile corpus: titles, abstracts, tags and topics carrying markup."""
    from generator.build import build

    project = tmp_path_factory.mktemp("hostile")
    config = copy_project(project)
    return build(HOSTILE / "seeds_ok", config, project / "site")


@pytest.fixture
def page(browser):
    """A fresh browser page that records console errors and requests to other hosts."""
    from urllib.parse import urlparse

    context = browser.new_context()
    page = context.new_page()
    page.console_errors = []
    page.foreign_requests = []
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    page.on(
        "request",
        lambda r: (
            urlparse(r.url).hostname not in ("127.0.0.1", None)
            and page.foreign_requests.append(r.url)
        ),
    )
    yield page
    context.close()
