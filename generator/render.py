"""Render: the catalog to generated pages (Markdown) and exports (JSON), as path -> text.

Pure: nothing here touches the file system. Templates own the page text; everything that
comes from the data is escaped where it lands (HTML-escaped by the template engine, and
backslash-escaped for Markdown by the `md` filter).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

import jinja2
from markupsafe import Markup

from .model import Catalog, CatalogError, Paper, Problem, Tag, Topic

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
    env.filters["gist"] = gist
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


GIST_WORDS = 30
RELATED_TAGS = 6
TOP_TAGS_ON_HOME = 24


@dataclass(frozen=True)
class SiteSettings:
    site_name: str = "Paper Catalog"
    curation_edit_url: str = ""  # opens seeds/curation.yml for editing on GitHub
    contributing_url: str = ""


def gist(paper: Paper) -> str:
    """One line that says what the paper is about: its abstract's first sentence, shortened."""
    if not paper.abstract:
        return ""
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", paper.abstract, maxsplit=1)[0]
    words = first.split()
    return first if len(words) <= GIST_WORDS else " ".join(words[:GIST_WORDS]) + "\u2026"


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
        "former_ids": list(paper.former_ids),
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
        "titled": sum(1 for paper in catalog.papers if not paper.abstract_only),
        "abstract_only": sum(1 for paper in catalog.papers if paper.abstract_only),
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


def tag_counts(catalog: Catalog) -> dict[str, int]:
    return {tag.id: len(catalog.papers_with(tag.id)) for tag in catalog.tags}


def related_tags(catalog: Catalog, tag: Tag) -> list[tuple[Tag, int]]:
    """The tags most often on the same papers, most shared first."""
    together = Counter(
        other for paper in catalog.papers_with(tag.id) for other in paper.tags if other != tag.id
    )
    ranked = sorted(together.items(), key=lambda item: (-item[1], item[0]))[:RELATED_TAGS]
    return [(catalog.tag_by_id[tag_id], count) for tag_id, count in ranked]


def by_title(papers) -> list[Paper]:
    return sorted(papers, key=sort_key)


def render_taxonomy_pages(catalog: Catalog, settings: SiteSettings) -> dict[str, str]:
    pages: dict[str, str] = {}
    counts = tag_counts(catalog)
    for tag in catalog.tags:
        pages[f"tags/{tag.id}.md"] = render(
            "tag.md.j2",
            tag=tag,
            papers=by_title(catalog.papers_with(tag.id)),
            topics=[catalog.topic_by_id[t] for t in tag.topics],
            related=related_tags(catalog, tag),
            edit_url=settings.curation_edit_url,
        )
    tags_of_topic: dict[str, list[Tag]] = defaultdict(list)
    for tag in catalog.tags:
        for topic_id in tag.topics:
            tags_of_topic[topic_id].append(tag)
    topic_counts = {topic.id: len(catalog.papers_in(topic.id)) for topic in catalog.topics}
    for topic in catalog.topics:
        pages[f"topics/{topic.id}.md"] = render(
            "topic.md.j2",
            topic=topic,
            tags=sorted(tags_of_topic[topic.id], key=lambda t: (-counts[t.id], t.id)),
            counts=counts,
            papers=by_title(catalog.papers_in(topic.id)),
        )
    pages["tags/index.md"] = render(
        "tags_index.md.j2",
        tags=catalog.tags,
        topics=catalog.topics,
        counts=counts,
        tags_by_topic=[
            (topic, sorted(tags_of_topic[topic.id], key=lambda t: t.name.casefold()))
            for topic in sorted(catalog.topics, key=lambda t: t.name.casefold())
        ],
    )
    pages["topics/index.md"] = render(
        "topics_index.md.j2", topics=topics_by_size(catalog), counts=topic_counts
    )
    pages["untagged.md"] = render(
        "untagged.md.j2",
        papers=by_title(paper for paper in catalog.papers if not paper.tags),
        edit_url=settings.curation_edit_url,
        contributing_url=settings.contributing_url,
    )
    return pages


def topics_by_size(catalog: Catalog) -> list[Topic]:
    return sorted(catalog.topics, key=lambda t: (-len(catalog.papers_in(t.id)), t.id))


class Pages(dict):
    """Generated files by path; two pages can never claim one path."""

    def __setitem__(self, path: str, text: str) -> None:
        if path in self:
            raise CatalogError(
                [Problem(path, 0, 0, "two pages would be written to this path", "rename one")]
            )
        super().__setitem__(path, text)

    def update(self, other: dict[str, str]) -> None:
        for path, text in other.items():
            self[path] = text


def render_site(catalog: Catalog, settings: SiteSettings) -> dict[str, str]:
    """Every generated file, by its path relative to docs/."""
    pages = Pages()
    for paper in catalog.papers:
        pages[f"papers/{paper.id}.md"] = render_paper(paper, catalog, settings)
        for former_id in paper.former_ids:
            pages[f"papers/{former_id}.md"] = render("redirect.md.j2", target=paper.id)
    pages.update(render_taxonomy_pages(catalog, settings))
    by_letter: dict[str, list[Paper]] = defaultdict(list)
    for paper in sorted(catalog.papers, key=sort_key):
        by_letter[first_letter(paper)].append(paper)
    pages["papers/index.md"] = render(
        "papers_index.md.j2", papers=catalog.papers, papers_by_letter=sorted(by_letter.items())
    )
    counts = tag_counts(catalog)
    pages["index.md"] = render(
        "home.md.j2",
        site_name=settings.site_name,
        counts=catalog_counts(catalog),
        topics=topics_by_size(catalog),
        topic_counts={topic.id: len(catalog.papers_in(topic.id)) for topic in catalog.topics},
        top_tags=sorted(catalog.tags, key=lambda t: (-counts[t.id], t.id))[:TOP_TAGS_ON_HOME],
        tag_counts=counts,
        untagged=sum(1 for paper in catalog.papers if not paper.tags),
    )
    pages["papers.json"] = papers_json(catalog) + "\n"
    return pages
