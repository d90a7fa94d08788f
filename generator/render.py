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
from functools import cache, lru_cache, partial
from urllib.parse import quote_plus

import jinja2
from markupsafe import Markup, escape

from .explore import explore_json
from .model import Catalog, CatalogError, Paper, Problem, Tag, Topic
from .parallel import parallel_map

# Inside a line of text, only these characters can start Markdown markup: code spans,
# emphasis, links and images, attribute lists. Escaping every punctuation mark instead
# (".", "-", "(" ...) would be as safe but makes MkDocs' inline processing several times
# slower on abstracts, for nothing.
MARKDOWN_INLINE = frozenset("\\`*_{}[]")
HTML_SPECIAL = frozenset("<>&\"'")
# At the start of a line, these begin a heading, list, rule or code fence; the marker's
# last character becomes an HTML entity, which Markdown shows but never reads as syntax.
MARKDOWN_LINE_START = re.compile(r"^(?:[#+=~-]|\d+[.)])")


MARKDOWN_LITERAL = {
    **{char: "\\" + char for char in MARKDOWN_INLINE},
    **{char: html.escape(char) for char in HTML_SPECIAL},
}
# One scan for the few characters to replace: str.translate looks up every character.
MARKDOWN_SPECIAL = re.compile("[" + re.escape("".join(sorted(MARKDOWN_LITERAL))) + "]")


def md(text: str) -> Markup:
    """Text that Markdown and HTML will both show literally, never interpret.

    The generator's text is one line (seeds are read line by line, whitespace collapsed);
    a line break would let block markup through, so any that remain become spaces.
    """
    text = " ".join(str(text).split())
    text = MARKDOWN_SPECIAL.sub(lambda match: MARKDOWN_LITERAL[match.group()], text)
    return Markup(MARKDOWN_LINE_START.sub(_entity_for_last_char, text))


def _entity_for_last_char(match: re.Match) -> str:
    marker = match.group()
    return f"{marker[:-1]}&#{ord(marker[-1])};"


# Characters a YAML double-quoted scalar may not hold raw (control characters, NEL and the
# Unicode line and paragraph separators, which YAML reads as line breaks, non-characters);
# they are written as \u escapes, which YAML and JSON both read.
YAML_RAW_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def front_matter(value) -> Markup:
    """A value for a page's YAML front matter, written as JSON (valid YAML).

    Not Jinja's tojson: that writes characters beyond the BMP (an emoji in a title) as JSON
    surrogate pairs, which YAML rejects, and HTML-escapes what needs no escaping here.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if text.isascii() and "\x7f" not in text:  # most pages: two quick scans, no regex
        return Markup(text)
    return Markup(YAML_RAW_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # no template changes during a build: no stat() per template use
    )
    env.filters["md"] = md
    env.globals["heading"] = heading
    env.filters["front_matter"] = front_matter
    env.filters["gist"] = gist
    return env


def heading(anchor: str, text: str) -> Markup:
    """An h2 with its permalink (the `heading` macro of _html.j2). The same few headings
    recur on every page, and a macro call cost more than a fifth of a paper page, so each
    is made once. The arguments are escaped before the cache sees them: a string and the
    Markup of the same characters must not share an entry."""
    return _heading(escape(anchor), escape(text))


@lru_cache(maxsize=4096)
def _heading(anchor: Markup, text: Markup) -> Markup:
    return Markup(environment().get_template("_html.j2").module.heading(anchor, text))


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


GIST_WORDS = 30
RELATED_TAGS = 6
TOP_TAGS_ON_HOME = 24


FEED_ENTRIES = 100
NEWEST_ON_HOME = 10
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


@dataclass(frozen=True)
class SiteSettings:
    site_name: str = "Paper Catalog"
    curation_edit_url: str = ""  # opens seeds/curation.yml for editing on GitHub
    contributing_url: str = ""
    site_url: str = ""  # absolute, ends with "/"; feeds and metadata need absolute URLs


BIBTEX_LITERAL = str.maketrans(BIBTEX_SPECIAL)


def bibtex_text(text: str) -> str:
    return text.translate(BIBTEX_LITERAL)


def bibtex_entry(paper: Paper, settings: SiteSettings) -> str:
    """A BibTeX entry; the key is the paper id, which is unique and stable."""
    fields = [("title", "{" + bibtex_text(paper.title) + "}")]
    if paper.arxiv_id:
        fields += [
            ("eprint", paper.arxiv_id),
            ("archivePrefix", "arXiv"),
            ("url", f"https://arxiv.org/abs/{paper.arxiv_id}"),
        ]
    elif settings.site_url:
        fields.append(("url", settings.site_url + paper.url))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{paper.id},\n{body}\n}}"


def script_json(value) -> str:
    """JSON that cannot end a <script> element or open a comment inside it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def external_links(paper: Paper) -> list[tuple[str, str]]:
    """Where to look the paper up: by title, and by arXiv id when known."""
    title = quote_plus(paper.title)
    links = []
    if paper.arxiv_id:
        links += [
            ("arXiv abstract", f"https://arxiv.org/abs/{paper.arxiv_id}"),
            ("arXiv PDF", f"https://arxiv.org/pdf/{paper.arxiv_id}"),
        ]
    links += [
        ("arXiv search", f"https://arxiv.org/search/?query={title}&searchtype=title"),
        ("Semantic Scholar", f"https://www.semanticscholar.org/search?q={title}"),
        ("Google Scholar", f"https://scholar.google.com/scholar?q={title}"),
    ]
    return links


def paper_metadata(paper: Paper, catalog: Catalog, settings: SiteSettings) -> dict:
    """What overrides/main.html turns into citation_*, Open Graph and JSON-LD tags.

    Values are raw text here; the template escapes them where they land.
    """
    keywords = [catalog.tag_by_id[t].name for t in paper.tags if t in catalog.tag_by_id]
    url = settings.site_url + paper.url if settings.site_url else paper.url
    citation = {
        "title": paper.title,
        "abstract": paper.abstract,
        "keywords": "; ".join(keywords),
        "date": paper.first_seen.replace("-", "/"),
    }
    if paper.arxiv_id:
        citation["arxiv_id"] = paper.arxiv_id
        citation["pdf_url"] = f"https://arxiv.org/pdf/{paper.arxiv_id}"
    article = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": paper.title,
        "name": paper.title,
        "abstract": paper.abstract,
        "keywords": keywords,
        "url": url,
        "datePublished": paper.first_seen,
    }
    if paper.arxiv_id:
        article["sameAs"] = f"https://arxiv.org/abs/{paper.arxiv_id}"
        article["identifier"] = f"arXiv:{paper.arxiv_id}"
    return {"citation": citation, "og_url": url, "jsonld": script_json(article)}


def gist(paper: Paper) -> str:
    """One line that says what the paper is about: its abstract's first sentence, shortened."""
    return abstract_gist(paper.abstract)


@lru_cache(maxsize=65536)  # a paper is listed on each of its tag pages
def abstract_gist(abstract: str) -> str:
    if not abstract:
        return ""
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", abstract, maxsplit=1)[0]
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
        "first_seen": paper.first_seen,
    }


def papers_json(catalog: Catalog) -> str:
    """The export contract: one object per paper, sorted by id, one paper per line.

    One line per paper keeps diffs readable and lets json use its C encoder (an indented
    dump runs the pure-Python one, several times slower on a large catalog).
    """
    papers = sorted(catalog.papers, key=lambda paper: paper.id)
    lines = (json.dumps(paper_export(paper), ensure_ascii=False) for paper in papers)
    return "[\n" + ",\n".join(lines) + "\n]" if papers else "[]"


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
    context = {
        "paper": paper,
        "tags": [catalog.tag_by_id[tag_id] for tag_id in paper.tags if tag_id in catalog.tag_by_id],
        "topics": [catalog.topic_by_id[t] for t in paper.topics if t in catalog.topic_by_id],
        "related": [
            (catalog.paper(item.paper_id), [catalog.tag_by_id[t] for t in item.shared_tags])
            for item in catalog.related.get(paper.id, ())
        ],
        "links": external_links(paper),
        "bibtex": bibtex_entry(paper, settings),
        "edit_url": settings.curation_edit_url,
    }
    return render("paper.md.j2", meta=paper_metadata(paper, catalog, settings), **context)


def newest(papers, limit: int) -> list[Paper]:
    """Most recently added first; papers added together in id order (stable across builds)."""
    return sorted(papers, key=lambda paper: (_negated_date(paper.first_seen), paper.id))[:limit]


def _negated_date(iso_date: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in iso_date.split("-")) if iso_date else (0,)


def atom_feed(
    catalog: Catalog, papers, settings: SiteSettings, title: str, path: str, page: str
) -> str:
    """An Atom feed of the newest papers; ids are the papers' URLs, dates their first-seen."""
    entries = newest(papers, FEED_ENTRIES)
    base = settings.site_url or "/"
    return render(
        "feed.xml.j2",
        title=title,
        subtitle=f"New papers in {settings.site_name}",
        feed_url=base + path,
        page_url=base + page,
        updated=max((paper.first_seen for paper in entries), default="2024-01-01"),
        papers=entries,
        site_url=base,
        site_name=settings.site_name,
        tags_of=lambda paper: [catalog.tag_by_id[t] for t in paper.tags if t in catalog.tag_by_id],
    )


CHART_WIDTH, CHART_LABEL_WIDTH, CHART_BAR_HEIGHT, CHART_GAP = 640, 250, 16, 5
MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 1000, 700, 12
MAP_COLOURS = 20  # overrides/assets/catalog.css defines .topic-0 ... .topic-19


def topic_chart(catalog: Catalog, topics: list[Topic]) -> Markup:
    """A bar chart of papers per topic, as inline SVG (coloured by CSS, so dark mode works)."""
    counts = topic_counts(catalog)
    most = max(counts.values(), default=0) or 1
    room = CHART_WIDTH - CHART_LABEL_WIDTH - 40
    bars = [
        {
            "name": topic.name,
            "href": topic.url,
            "count": counts[topic.id],
            "y": index * (CHART_BAR_HEIGHT + CHART_GAP),
            "length": round(room * counts[topic.id] / most, 1),
        }
        for index, topic in enumerate(topics)
    ]
    return Markup(
        render(
            "topic_chart.svg.j2",
            bars=bars,
            width=CHART_WIDTH,
            height=len(bars) * (CHART_BAR_HEIGHT + CHART_GAP),
            label_width=CHART_LABEL_WIDTH,
            bar_height=CHART_BAR_HEIGHT,
        ).strip()
    )


def main_topic(paper: Paper, topic_sizes: dict[str, int]) -> str | None:
    """The topic a paper is drawn in: the largest of its topics, ties by id."""
    return min(paper.topics, key=lambda t: (-topic_sizes.get(t, 0), t), default=None)


def render_map(catalog: Catalog) -> str:
    from .related import map_coordinates  # set by the relate stage; computed here without it

    coordinates = map_coordinates(catalog)
    topics = topics_by_size(catalog)
    colour_of = {topic.id: index % MAP_COLOURS for index, topic in enumerate(topics)}
    sizes = topic_counts(catalog)
    points = []
    for paper in catalog.papers:
        x, y = coordinates[paper.id]
        topic = main_topic(paper, sizes)
        points.append(
            {
                "id": paper.id,
                "title": paper.title,
                "colour": colour_of.get(topic, "none"),
                "x": round(MAP_MARGIN + x * (MAP_WIDTH - 2 * MAP_MARGIN), 1),
                "y": round(MAP_MARGIN + (1 - y) * (MAP_HEIGHT - 2 * MAP_MARGIN), 1),
            }
        )
    return render(
        "map.md.j2",
        points=points,
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        radius=4 if len(points) < 5000 else 2,
        legend=[(topic, colour_of[topic.id]) for topic in topics],
    )


def topic_counts(catalog: Catalog) -> dict[str, int]:
    return {topic.id: len(catalog.papers_in(topic.id)) for topic in catalog.topics}


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
        tagged = catalog.papers_with(tag.id)
        pages[f"tags/{tag.id}/feed.xml"] = atom_feed(
            catalog,
            tagged,
            settings,
            f"{settings.site_name}: {tag.name}",
            f"tags/{tag.id}/feed.xml",
            tag.url,
        )
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
    sizes = topic_counts(catalog)
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
        "topics_index.md.j2", topics=topics_by_size(catalog), counts=sizes
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
    pages = render_catalog_pages(catalog, settings)
    pages.update(render_related_pages(catalog, settings))
    return pages


def render_related_pages(catalog: Catalog, settings: SiteSettings) -> Pages:
    """The pages that show what the relate stage found: paper pages and the map."""
    pages = Pages()
    paper_pages = parallel_map(
        partial(render_paper, catalog=catalog, settings=settings), catalog.papers
    )
    for paper, page in zip(catalog.papers, paper_pages, strict=True):
        pages[f"papers/{paper.id}.md"] = page
        for former_id in paper.former_ids:
            pages[f"papers/{former_id}.md"] = render("redirect.md.j2", target=paper.id)
    pages["map.md"] = render_map(catalog)
    return pages


def render_catalog_pages(catalog: Catalog, settings: SiteSettings) -> Pages:
    """Every other page and export: they need the tagged catalog, not related papers, so a
    build renders them while the relate stage runs in another process."""
    pages = Pages()
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
        topic_counts=topic_counts(catalog),
        top_tags=sorted(catalog.tags, key=lambda t: (-counts[t.id], t.id))[:TOP_TAGS_ON_HOME],
        tag_counts=counts,
        untagged=sum(1 for paper in catalog.papers if not paper.tags),
        chart=topic_chart(catalog, topics_by_size(catalog)),
        newest=newest(catalog.papers, NEWEST_ON_HOME),
    )
    pages["papers.json"] = papers_json(catalog) + "\n"
    pages["papers.bib"] = "\n\n".join(bibtex_entry(p, settings) for p in catalog.papers) + "\n"
    pages["feed.xml"] = atom_feed(
        catalog, catalog.papers, settings, settings.site_name, "feed.xml", ""
    )
    pages["explore.md"] = render("explore.md.j2", counts=catalog_counts(catalog))
    pages["explore.json"] = explore_json(catalog)
    return pages
