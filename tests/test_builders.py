"""The generated Markdown, configuration and overrides build with every builder we keep.

MkDocs with Material is the primary builder (`paper-catalog build` runs it). Material reaches
end of life on 5 May 2027, so the same pages are also built with ProperDocs, a maintained
continuation of MkDocs 1.x that runs Material unchanged, and with Zensical, Material's
successor, which reads our mkdocs.yml. The real catalog's pages are written once by the
generator alone, then each builder builds them with its own command line, and the tests
check that every paper, redirect, tag and topic page is there. ProperDocs must give the
same files as MkDocs, byte for byte, but for the generator tag.

Every builder honours `strict: true` from mkdocs.yml, so a broken link or a template error
fails the build, and the test with it. A missing `properdocs` or `zensical` executable is a
skip on a developer's machine and a failure in CI (PAPER_CATALOG_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import REAL_SEEDS, copy_project

from generator.build import build
from generator.model import Catalog

REQUIRED = os.environ.get("PAPER_CATALOG_REQUIRE_BROWSER") == "1"
# A cold build of the real catalog takes 30-50 s on a 2-CPU runner.
BUILD_TIMEOUT = 600
# Fixed, so that the sitemaps' dates and gzip headers cannot differ between two builders.
SOURCE_DATE_EPOCH = "1704067200"

# The arguments after `<builder> build --config-file <config>`, and the folder, in the
# project, that the site lands in.
BUILDERS = {
    "mkdocs": (["--site-dir", "site-mkdocs"], "site-mkdocs"),
    "properdocs": (["--site-dir", "site-properdocs"], "site-properdocs"),
    # Zensical has no flag for another folder and refuses a site_dir outside the folder that
    # holds the config; mkdocs.yml sets none, so it writes <project>/site.
    "zensical": ([], "site"),
}

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def executable(name: str) -> str:
    """The builder's console script next to this interpreter, else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        message = f"{name} is not installed (pip install -c constraints.txt -e '.[test]')"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    return found


@dataclass
class Project:
    """The real catalog's pages, generated once, and the sites built from them by name."""

    catalog: Catalog
    folder: Path
    config: Path
    sites: dict[str, Path] = field(default_factory=dict)

    def site(self, builder: str) -> Path:
        if builder not in self.sites:
            arguments, folder = BUILDERS[builder]
            command = [executable(builder), "build", "--config-file", str(self.config)]
            result = subprocess.run(
                [*command, *arguments],
                cwd=self.folder,
                capture_output=True,
                text=True,
                timeout=BUILD_TIMEOUT,
                env={**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
            )
            output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
            assert result.returncode == 0, f"{builder} build failed:\n{output[-6000:]}"
            self.sites[builder] = self.folder / folder
        return self.sites[builder]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    folder = tmp_path_factory.mktemp("builders-project")
    config = copy_project(folder)
    catalog = build(REAL_SEEDS, config, None).load.catalog
    return Project(catalog, folder, config)


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def built(request, project):
    return project.catalog, project.site(request.param)


def page_text(path: Path) -> str:
    """The page's HTML with entities decoded and runs of whitespace made one space."""
    return " ".join(html.unescape(path.read_text(encoding="utf-8")).split())


def test_every_paper_page_is_built_with_its_title(built):
    catalog, site = built
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


def test_paper_and_tag_pages_show_the_html_from_their_front_matter(built):
    """overrides/main.html places html.head and html.foot under every builder."""
    catalog, site = built
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


def test_paper_pages_keep_the_citation_tags(built):
    """overrides/main.html must render under Zensical's template engine too."""
    catalog, site = built
    lacking = []
    for paper in catalog.papers:
        page = (site / "papers" / paper.id / "index.html").read_text(encoding="utf-8")
        found = re.search(r'<meta name="citation_title" content="([^"]*)">', page)
        # Zensical's escape filter also writes "/" as "&#x2f;": decode before comparing.
        if not found or html.unescape(found.group(1)).split() != paper.title.split():
            lacking.append(paper.id)
    assert not lacking, f"{len(lacking)} paper pages lack citation_title, e.g. {lacking[:5]}"


def test_former_ids_redirect_to_the_paper(built):
    catalog, site = built
    redirects = [(former, paper.id) for paper in catalog.papers for former in paper.former_ids]
    assert redirects
    for former, current in redirects:
        # Zensical writes "/" in attributes as &#x2f;: the same URL to a browser.
        page = html.unescape((site / "papers" / former / "index.html").read_text("utf-8"))
        assert f'url=../{current}/"' in page, former


def test_every_tag_and_topic_page_is_built(built):
    catalog, site = built
    assert catalog.tags and catalog.topics
    pages = [f"tags/{tag.id}/index.html" for tag in catalog.tags]
    pages += [f"tags/{tag.id}/feed.xml" for tag in catalog.tags]
    pages += [f"topics/{topic.id}/index.html" for topic in catalog.topics]
    pages += ["index.html", "tags/index.html", "topics/index.html", "papers/index.html"]
    pages += ["papers.json", "papers.bib", "feed.xml", "explore.json", "explore/papers-0.json"]
    missing = [page for page in pages if not (site / page).exists()]
    assert not missing, f"{len(missing)} pages missing, e.g. {missing[:5]}"
    for tag in catalog.tags:
        assert tag.name in page_text(site / "tags" / tag.id / "index.html"), tag.id
    for topic in catalog.topics:
        assert topic.name in page_text(site / "topics" / topic.id / "index.html"), topic.id


def test_properdocs_builds_the_files_mkdocs_builds(project):
    """ProperDocs is the way to keep Material if MkDocs goes: nothing may change but the
    generator tag (search index, sitemap and assets included)."""
    mkdocs, properdocs = project.site("mkdocs"), project.site("properdocs")
    names = files_in(mkdocs)
    assert names == files_in(properdocs)
    differing = [
        name
        for name in names
        if without_generator_tag(mkdocs / name) != without_generator_tag(properdocs / name)
    ]
    assert not differing, f"{len(differing)} files differ, e.g. {differing[:5]}"


def files_in(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())


def without_generator_tag(path: Path) -> bytes:
    return GENERATOR_TAG.sub(b"", path.read_bytes())
