"""The generated Markdown, configuration and overrides also build with Zensical.

Material for MkDocs reaches end of life in May 2027; Zensical, its successor, reads our
mkdocs.yml. This test keeps the site within what both builders understand: it writes the
real catalog's pages with the generator alone (no MkDocs), builds them with Zensical, and
checks that every paper, redirect, tag and topic page is there.

Zensical honours `strict: true` from mkdocs.yml, so a broken link or a template error fails
the build, and the test with it. A missing `zensical` executable is a skip on a developer's
machine and a failure in CI (PAPER_CATALOG_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REAL_SEEDS, copy_project

from generator.site import generate

REQUIRED = os.environ.get("PAPER_CATALOG_REQUIRE_BROWSER") == "1"
# A cold build of the real catalog takes 30-50 s on a 2-CPU runner.
BUILD_TIMEOUT = 600


def zensical_executable() -> str:
    found = shutil.which("zensical")
    if found is None:
        message = "zensical is not installed (pip install zensical, or the project's test extra)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    return found


def page_text(path: Path) -> str:
    """The page's HTML with entities decoded and runs of whitespace made one space."""
    return " ".join(html.unescape(path.read_text(encoding="utf-8")).split())


@pytest.fixture(scope="module")
def zensical_build(tmp_path_factory):
    executable = zensical_executable()
    project = tmp_path_factory.mktemp("zensical-project")
    config = copy_project(project)
    load, _ = generate(REAL_SEEDS, config)
    # mkdocs.yml sets no site_dir, so Zensical writes <project>/site; it has no flag for
    # another folder and refuses a site_dir outside the folder that holds the config.
    result = subprocess.run(
        [executable, "build", "--config-file", str(config)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        env={**os.environ, "NO_COLOR": "1"},
    )
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    assert result.returncode == 0, f"zensical build failed:\n{output[-6000:]}"
    return load.catalog, project / "site"


def test_every_paper_page_is_built_with_its_title(zensical_build):
    catalog, site = zensical_build
    missing, untitled = [], []
    for paper in catalog.papers:
        page = site / "papers" / paper.id / "index.html"
        if not page.exists():
            missing.append(paper.id)
        elif " ".join(paper.title.split()) not in page_text(page):
            untitled.append(paper.id)
    assert len(catalog.papers) > 0
    assert not missing, f"{len(missing)} paper pages missing, e.g. {missing[:5]}"
    assert not untitled, f"{len(untitled)} paper pages lack their title, e.g. {untitled[:5]}"


def test_paper_and_tag_pages_show_the_html_from_their_front_matter(zensical_build):
    """overrides/main.html places html.head and html.foot under Zensical too."""
    catalog, site = zensical_build
    lacking = []
    for paper in catalog.papers:
        page = (site / "papers" / paper.id / "index.html").read_text(encoding="utf-8")
        if 'id="where-it-came-from"' not in page or 'class="language-bibtex"' not in page:
            lacking.append(paper.id)
    assert not lacking, f"{len(lacking)} paper pages lack their sections, e.g. {lacking[:5]}"
    for tag in catalog.tags:
        page = (site / "tags" / tag.id / "index.html").read_text(encoding="utf-8")
        for paper in catalog.papers_with(tag.id):
            assert f'href="../../papers/{paper.id}/"' in page, (tag.id, paper.id)


def test_paper_pages_keep_the_citation_tags(zensical_build):
    """overrides/main.html must render under Zensical's template engine too."""
    catalog, site = zensical_build
    lacking = []
    for paper in catalog.papers:
        page = (site / "papers" / paper.id / "index.html").read_text(encoding="utf-8")
        found = re.search(r'<meta name="citation_title" content="([^"]*)">', page)
        # Zensical's escape filter also writes "/" as "&#x2f;": decode before comparing.
        if not found or html.unescape(found.group(1)).split() != paper.title.split():
            lacking.append(paper.id)
    assert not lacking, f"{len(lacking)} paper pages lack citation_title, e.g. {lacking[:5]}"


def test_former_ids_redirect_to_the_paper(zensical_build):
    catalog, site = zensical_build
    redirects = [(former, paper.id) for paper in catalog.papers for former in paper.former_ids]
    assert redirects
    for former, current in redirects:
        page = (site / "papers" / former / "index.html").read_text(encoding="utf-8")
        assert f'url=../{current}/"' in page, former


def test_every_tag_and_topic_page_is_built(zensical_build):
    catalog, site = zensical_build
    assert catalog.tags and catalog.topics
    pages = [f"tags/{tag.id}/index.html" for tag in catalog.tags]
    pages += [f"tags/{tag.id}/feed.xml" for tag in catalog.tags]
    pages += [f"topics/{topic.id}/index.html" for topic in catalog.topics]
    pages += ["index.html", "tags/index.html", "topics/index.html", "papers/index.html"]
    pages += ["papers.json", "papers.bib", "feed.xml", "explore.json"]
    missing = [page for page in pages if not (site / page).exists()]
    assert not missing, f"{len(missing)} pages missing, e.g. {missing[:5]}"
    for tag in catalog.tags:
        assert tag.name in page_text(site / "tags" / tag.id / "index.html"), tag.id
    for topic in catalog.topics:
        assert topic.name in page_text(site / "topics" / topic.id / "index.html"), topic.id
