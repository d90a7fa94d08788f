"""Render: the catalog to generated pages (Markdown) and exports (JSON), as path -> text.

Pure: nothing here touches the file system. Templates own the page text; everything that
comes from the data is escaped where it lands (HTML-escaped by the template engine, and
backslash-escaped for Markdown by the `md` filter).
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import jinja2
from markupsafe import Markup

from .model import Catalog, Paper

# The characters Python-Markdown lets a backslash escape (markdown.Markdown.ESCAPED_CHARS).
MARKDOWN_ESCAPABLE = frozenset("\\`*_{}[]()#+-.!")
HTML_SPECIAL = frozenset("<>&\"'")


def md(text: str) -> Markup:
    """Text that Markdown and HTML will both show literally, never interpret."""
    out = []
    for char in str(text):
        if char in HTML_SPECIAL:
            out.append(html.escape(char))
        elif char in MARKDOWN_ESCAPABLE:
            out.append("\\" + char)
        else:
            out.append(char)
    return Markup("".join(out))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


@dataclass(frozen=True)
class SiteSettings:
    site_name: str = "Paper Catalog"
    curation_edit_url: str = ""  # opens seeds/curation.yml for editing on GitHub


def paper_export(paper: Paper) -> dict:
    return {
        "id": paper.id,
        "title": paper.title,
        "title_derived": paper.title_derived,
        "abstract": paper.abstract,
        "url": paper.url,
        "tags": list(paper.tags),
        "topics": list(paper.topics),
        "arxiv_id": paper.arxiv_id,
        "sources": [{"file": record.file, "line": record.line} for record in paper.records],
    }


def papers_json(catalog: Catalog) -> str:
    """The export contract: one object per paper, sorted by id."""
    papers = sorted(catalog.papers, key=lambda paper: paper.id)
    return json.dumps([paper_export(paper) for paper in papers], indent=2, ensure_ascii=False)


def sort_key(paper: Paper) -> tuple[str, str]:
    return (paper.title.casefold(), paper.id)


def first_letter(paper: Paper) -> str:
    letter = paper.title[:1].upper()
    return letter if letter.isascii() and letter.isalpha() else "#"


def catalog_counts(catalog: Catalog) -> dict[str, int]:
    records = catalog.record_count
    return {
        "papers": len(catalog.papers),
        "records": records,
        "merged": records - len(catalog.papers),
        "files": len({record.file for paper in catalog.papers for record in paper.records}),
        "titled": sum(1 for paper in catalog.papers if not paper.title_derived),
        "derived": sum(1 for paper in catalog.papers if paper.title_derived),
        "tags": len(catalog.tags),
        "topics": len(catalog.topics),
    }


def render_paper(paper: Paper, catalog: Catalog, settings: SiteSettings) -> str:
    return render(
        "paper.md.j2",
        paper=paper,
        tags=[catalog.tag_by_id[tag_id] for tag_id in paper.tags if tag_id in catalog.tag_by_id],
        topics=[catalog.topic_by_id[t] for t in paper.topics if t in catalog.topic_by_id],
        edit_url=settings.curation_edit_url,
    )


def render_site(catalog: Catalog, settings: SiteSettings) -> dict[str, str]:
    """Every generated file, by its path relative to docs/."""
    pages: dict[str, str] = {}
    for paper in catalog.papers:
        pages[f"papers/{paper.id}.md"] = render_paper(paper, catalog, settings)
    by_letter: dict[str, list[Paper]] = defaultdict(list)
    for paper in sorted(catalog.papers, key=sort_key):
        by_letter[first_letter(paper)].append(paper)
    pages["papers/index.md"] = render(
        "papers_index.md.j2", papers=catalog.papers, papers_by_letter=sorted(by_letter.items())
    )
    pages["index.md"] = render(
        "home.md.j2", site_name=settings.site_name, counts=catalog_counts(catalog)
    )
    pages["papers.json"] = papers_json(catalog) + "\n"
    return pages
