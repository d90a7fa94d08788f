"""Trustworthy rebuilds: no broken internal links, atomic swaps, byte-identical output."""

import filecmp
import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import REAL_SEEDS, copy_project

from generator.build import build


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if tag in ("a", "link", "img", "script") and attrs.get(name):
                self.hrefs.append(attrs[name])


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def target_of(page: Path, href: str, site: Path) -> tuple[Path, str] | None:
    url = urlparse(href)
    if url.scheme or url.netloc or href.startswith(("mailto:", "data:")):
        return None  # another host: not ours to check
    path = unquote(url.path)
    if not path:
        return page, url.fragment
    resolved = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    resolved = Path(os.path.normpath(resolved))
    if resolved.is_dir() or path.endswith("/"):
        resolved = resolved / "index.html"
    return resolved, url.fragment


def test_no_broken_internal_links_or_anchors(real_build):
    site = real_build.site_dir
    parsed: dict[Path, Links] = {}
    broken = []
    # 404.html links with absolute paths under site_url: it is served at any depth.
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")
    assert len(pages) > 700
    for page in pages:
        links = parsed.setdefault(page, parse(page))
        for href in links.hrefs:
            target = target_of(page, href, site)
            if target is None:
                continue
            path, fragment = target
            if not path.exists():
                broken.append(f"{page.relative_to(site)}: {href} (missing)")
            elif fragment and path.suffix == ".html":
                ids = parsed.setdefault(path, parse(path)).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site)}: {href} (no anchor)")
    assert broken == []


def test_two_builds_are_byte_identical(tmp_path):
    trees = []
    for name in ("one", "two"):
        config = copy_project(tmp_path / name)
        build(REAL_SEEDS, config, tmp_path / name / "site")
        trees.append(tmp_path / name / "site")
    mismatch = []

    def compare(left: Path, right: Path) -> None:
        result = filecmp.dircmp(left, right)
        mismatch.extend(str(left / n) for n in result.left_only + result.right_only)
        _, differ, errors = filecmp.cmpfiles(left, right, result.common_files, shallow=False)
        mismatch.extend(str(left / n) for n in differ + errors)
        for sub in result.common_dirs:
            compare(left / sub, right / sub)

    compare(*trees)
    assert mismatch == []
    assert (trees[0] / "sitemap.xml.gz").exists()


def test_a_killed_build_leaves_the_previous_site(tmp_path):
    config = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "build",
            "--seeds",
            str(REAL_SEEDS),
            "--config",
            str(config),
            "--site-dir",
            str(site),
        ],
        cwd=tmp_path / "project",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # Wait until MkDocs is writing into its temporary folder, then kill the build.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        building = list(tmp_path.glob(".site.building-*/papers"))
        if building and any(building[0].iterdir()):
            break
        if process.poll() is not None:
            pytest.fail("the build ended before it could be killed")
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert (site / "index.html").read_text() == "the previous site"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    # The next build cleans up what the killed one left and swaps in a complete site.
    build(REAL_SEEDS, config, site)
    assert not list(tmp_path.glob(".site.building-*"))
    assert (site / "papers.json").exists()
