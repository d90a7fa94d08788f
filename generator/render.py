"""Render: the catalog to generated pages (Markdown with HTML in the front matter) and
exports, as path -> text.

Pure: nothing here touches the file system. Templates own the page text; everything that
comes from the data is escaped where it lands (escape.py). The pages are made in two
parts: those that need the related papers (paper pages, the map) and all the others,
which a build renders while the relate stage runs in another process.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from urllib.parse import quote_plus

from slugify import slugify

from .explore import explore_files, explore_form
from .exports import (
    ARXIV_ABS,
    DOI_URL,
    atom_feed,
    bibtex_entry,
    bibtex_keys,
    csl_item,
    csl_json,
    head_metadata,
    newest,
    papers_bib,
    papers_csl,
    papers_json,
    pdf_url,
)
from .identity import OTHER_LETTER
from .layouts import MAP_COLOURS, MAP_HEIGHT, MAP_WIDTH, map_points, topic_chart
from .model import Author, Catalog, CatalogError, Paper, Problem, Tag, Topic
from .parallel import parallel_map
from .settings import (
    HELP_WANTED_PER_PAGE,
    LISTING_PER_PAGE,
    MAP_LIST_MAX,
    MAP_NAMES_PER_FILE,
    NEWEST_ON_HOME,
    RELATED_TAGS,
    TOP_TAGS_ON_HOME,
    SiteSettings,
)
from .suggest import Suggestion, help_wanted
from .templates import render
from .text import normalize


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


def external_links(paper: Paper) -> list[tuple[str, str]]:
    """Where to read the paper: arXiv, its PDF and DOI when known; title searches always."""
    title = quote_plus(paper.title)
    links = []
    if paper.arxiv_id:
        links.append(("arXiv", ARXIV_ABS + paper.arxiv_id))
    if pdf_url(paper):
        links.append(("PDF", pdf_url(paper)))
    if paper.metadata.doi:
        links.append(("DOI", DOI_URL + paper.metadata.doi))
    if paper.metadata.code_url:
        links.append(("Code", paper.metadata.code_url))
    links += [
        ("arXiv search", f"https://arxiv.org/search/?query={title}&searchtype=title"),
        ("Semantic Scholar", f"https://www.semanticscholar.org/search?q={title}"),
        ("Google Scholar", f"https://scholar.google.com/scholar?q={title}"),
    ]
    return links


def render_paper(paper: Paper, catalog: Catalog, settings: SiteSettings, key: str) -> str:
    context = {
        "paper": paper,
        "meta": paper.metadata,
        "authors": catalog.authors_of(paper),
        "tags": catalog.tags_of(paper),
        "topics": catalog.topics_of(paper),
        "related": [
            (catalog.paper(item.paper_id), [catalog.tag_by_id[t] for t in item.shared_tags])
            for item in catalog.related.get(paper.id, ())
        ],
        "links": external_links(paper),
        "bibtex": bibtex_entry(paper, key, settings),
        "edit_url": settings.curation_edit_url,
        "site_name": settings.site_name,
    }
    return render("paper.md.j2", head_meta=head_metadata(paper, catalog, settings), **context)


def render_author(author: Author, catalog: Catalog) -> str:
    papers = sorted(
        (catalog.paper(paper_id) for paper_id in author.paper_ids),
        key=lambda paper: (_negated_year(paper), paper.title.casefold(), paper.id),
    )
    coauthors = Counter(
        other.id
        for paper in papers
        for _, other in catalog.authors_of(paper)
        if other and other.id != author.id
    )
    return render(
        "author.md.j2",
        author=author,
        papers=[(paper, catalog.authors_of(paper)) for paper in papers],
        coauthors=[
            (catalog.author(author_id), count)
            for author_id, count in sorted(coauthors.items(), key=lambda i: (-i[1], i[0]))[:10]
        ],
    )


def _negated_year(paper: Paper) -> int:
    published = paper.metadata.published
    return -published.year if published else 0


def render_author_pages(catalog: Catalog) -> Pages:
    pages = Pages()
    for author in catalog.authors:
        pages[f"authors/{author.id}.md"] = render_author(author, catalog)
    groups = letter_groups(sorted(catalog.authors, key=author_sort_key), author_letter)
    pages["authors/index.md"] = render(
        "authors_index.md.j2", authors=catalog.authors, groups=groups
    )
    pages.update(letter_pages("authors", "authors_letter.md.j2", groups, len(catalog.authors)))
    return pages


@dataclass(frozen=True)
class LetterGroup:
    """The papers or authors listed under one letter, on the page papers/<slug>/ (or
    authors/<slug>/)."""

    letter: str  # "A" to "Z", or "#" for the rest
    items: tuple  # in listing order

    @property
    def slug(self) -> str:
        return self.letter.lower() if self.letter != "#" else OTHER_LETTER


def letter_groups(items, letter_of) -> list[LetterGroup]:
    """Items already in listing order, grouped by their letter: #, then A to Z."""
    by_letter: dict[str, list] = defaultdict(list)
    for item in items:
        by_letter[letter_of(item)].append(item)
    return [
        LetterGroup(letter, tuple(by_letter[letter]))
        for letter in sorted(by_letter)  # "#" sorts first
    ]


def letter_pages(folder: str, template: str, groups: list[LetterGroup], total: int) -> Pages:
    """A page per letter (and more when a letter has more than LISTING_PER_PAGE items), so
    that no listing page holds the whole catalog: one page for 100,000 titles is megabytes
    of HTML that a phone lays out before it can scroll."""
    pages = Pages()
    for index, group in enumerate(groups):
        next_group = groups[index + 1] if index + 1 < len(groups) else None
        for path, listing in listing_pages(f"{folder}/{group.slug}", group.items, LISTING_PER_PAGE):
            pages[path] = render(
                template,
                group=group,
                listing=listing,
                groups=groups,
                next_group=next_group,
                total=total,
            )
    return pages


@dataclass(frozen=True)
class Listing:
    """One page of a listing: page 1 at <base>/, page n at <base>/<n>/."""

    base: str  # the first page's path without ".md": tags/<id>, papers/<letter>, untagged
    number: int  # this page's, from 1
    count: int  # pages in the listing
    items: Sequence  # this page's
    start: int  # the position of this page's first item in the listing, from 0
    total: int  # items in the listing

    @property
    def root(self) -> str:
        """The site's root, seen from this page."""
        return "../" * (self.base.count("/") + 1 + (self.number > 1))

    @property
    def folder(self) -> str:
        """The folder that holds the listing's first page (tags/, papers/), seen from this
        page."""
        return "../" * (1 + (self.number > 1))

    def link(self, number: int) -> str:
        """Page `number` of the listing, seen from this page."""
        return f"{self.root}{self.base}/" + (f"{number}/" if number > 1 else "")

    @property
    def pager(self) -> list[int | None]:
        return pager(self.number, self.count)

    @property
    def suffix(self) -> str:
        """What follows the listing's title on this page: ", page n" after the first."""
        return f", page {self.number}" if self.number > 1 else ""


def listing_pages(base: str, items: Sequence, per_page: int) -> Iterator[tuple[str, Listing]]:
    """(path, Listing) for each page of a listing of `items`, per_page items a page; a
    listing of no items has one page."""
    starts = range(0, len(items), per_page) or [0]
    for number, start in enumerate(starts, 1):
        path = f"{base}.md" if number == 1 else f"{base}/{number}.md"
        chunk = items[start : start + per_page]
        yield path, Listing(base, number, len(starts), chunk, start, len(items))


def author_letter(author: Author) -> str:
    return _letter(family_of(author.name))


def family_of(name: str) -> str:
    return name.split()[-1] if name.split() else name


def author_sort_key(author: Author) -> tuple[str, str, str]:
    return (normalize(family_of(author.name)), normalize(author.name), author.id)


def _letter(text: str) -> str:
    """The letter a name is listed under: accents dropped ("Öztireli" under O), "#" for
    anything that is not a Latin letter."""
    letter = slugify(text[:1])[:1].upper()
    return letter if letter.isascii() and letter.isalpha() else "#"


def sort_key(paper: Paper) -> tuple[str, str]:
    return (paper.title.casefold(), paper.id)


def first_letter(paper: Paper) -> str:
    return _letter(paper.title)


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


def render_taxonomy_pages(catalog: Catalog, settings: SiteSettings) -> Pages:
    pages = Pages()
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
        context = {
            "tag": tag,
            "topics": [catalog.topic_by_id[t] for t in tag.topics],
            "broader": catalog.tag_by_id.get(tag.broader),
            "narrower": [
                (other, len(catalog.papers_with(other.id)))
                for other in catalog.tags
                if other.broader == tag.id
            ],
            "related": related_tags(catalog, tag),
            "edit_url": settings.curation_edit_url,
        }
        for path, listing in listing_pages(f"tags/{tag.id}", by_title(tagged), LISTING_PER_PAGE):
            pages[path] = render("tag.md.j2", listing=listing, **context)
        for former_id in tag.former_ids:  # a renamed or merged tag keeps its old URL
            pages[f"tags/{former_id}.md"] = redirect(tag.url, f"Tag: {tag.name}")
    tags_of_topic: dict[str, list[Tag]] = defaultdict(list)
    for tag in catalog.tags:
        for topic_id in tag.topics:
            tags_of_topic[topic_id].append(tag)
    sizes = topic_counts(catalog)
    for topic in catalog.topics:
        tags = sorted(tags_of_topic[topic.id], key=lambda t: (-counts[t.id], t.id))
        papers = by_title(catalog.papers_in(topic.id))
        for path, listing in listing_pages(f"topics/{topic.id}", papers, LISTING_PER_PAGE):
            pages[path] = render(
                "topic.md.j2", topic=topic, tags=tags, counts=counts, listing=listing
            )
        for former_id in topic.former_ids:
            pages[f"topics/{former_id}.md"] = redirect(topic.url, f"Topic: {topic.name}")
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
    return pages


def redirect(url: str, title: str) -> str:
    """The page at a former URL, sending the reader to `url` (a sibling folder: the former
    and the new id are in the same section)."""
    return render("redirect.md.j2", url=url, target=url.rstrip("/").rsplit("/", 1)[-1], title=title)


def topics_by_size(catalog: Catalog) -> list[Topic]:
    return sorted(catalog.topics, key=lambda t: (-len(catalog.papers_in(t.id)), t.id))


MAP_NAMES = "map/names/"  # the names of a large map's points: map/names/<n>.json


def map_pages(catalog: Catalog) -> Pages:
    """The map page; for a catalog of more than MAP_LIST_MAX papers, also the names of its
    points, MAP_NAMES_PER_FILE a file (map/names/<n>.json: [id, title, main topic's name or
    ""] for points n * MAP_NAMES_PER_FILE on, in the order they are drawn; the page holds
    the first point's, so that it needs none of the files until a reader points)."""
    topics = topics_by_size(catalog)
    points = map_points(catalog, topics, topic_counts(catalog))
    by_topic: dict[str | None, list[dict]] = defaultdict(list)
    for point in sorted(points, key=lambda p: (p["title"].casefold(), p["id"])):
        by_topic[point["topic"]].append(point)
    # The papers by main topic (the colour), A to Z: the order the points are drawn in.
    groups = [(topic.name, by_topic[topic.id]) for topic in topics if by_topic[topic.id]]
    groups += [("No topic", by_topic[None])] if by_topic[None] else []
    listed = len(points) <= MAP_LIST_MAX
    drawn = [point for _, group in groups for point in group]
    rows = [[point["id"], point["title"], point["topic_name"] or ""] for point in drawn]
    pages = Pages()
    pages["map.md"] = render(
        "map.md.j2",
        count=len(points),
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        radius=4 if len(points) < 5000 else 2,
        legend=[(topic, index % MAP_COLOURS) for index, topic in enumerate(topics)],
        groups=groups,
        listed=listed,
        names_url=MAP_NAMES.removeprefix("map/"),  # from the map page, map/
        names_per_file=MAP_NAMES_PER_FILE,
        first=rows[0] if rows else None,
    )
    if not listed:
        for start in range(0, len(rows), MAP_NAMES_PER_FILE):
            pages[f"{MAP_NAMES}{start // MAP_NAMES_PER_FILE}.json"] = json.dumps(
                rows[start : start + MAP_NAMES_PER_FILE], ensure_ascii=False, separators=(",", ":")
            )
    return pages


def render_site(catalog: Catalog, settings: SiteSettings) -> Pages:
    """Every generated file, by its path relative to docs/."""
    pages = render_catalog_pages(catalog, settings)
    pages.update(render_related_pages(catalog, settings))
    return pages


def render_related_pages(catalog: Catalog, settings: SiteSettings) -> Pages:
    """The pages that show what the relate stage found: paper pages, the map, and help
    wanted (tags suggested from the nearest papers)."""
    pages = Pages()
    keys = bibtex_keys(catalog.papers)
    paper_pages = parallel_map(
        partial(_render_paper_with_key, catalog=catalog, settings=settings, keys=keys),
        catalog.papers,
    )
    for paper, page in zip(catalog.papers, paper_pages, strict=True):
        pages[f"papers/{paper.id}.md"] = page
        item = csl_item(paper, keys[paper.id], settings)
        pages[f"papers/{paper.id}/cite.json"] = csl_json([item])
        for former_id in paper.former_ids:
            pages[f"papers/{former_id}.md"] = redirect(paper.url, paper.title)
    pages.update(map_pages(catalog))
    pages.update(help_wanted_pages(help_wanted(catalog), catalog, settings))
    return pages


def help_wanted_pages(suggestions: list[Suggestion], catalog: Catalog, settings) -> Pages:
    """Help wanted, HELP_WANTED_PER_PAGE papers a page: untagged.md, then untagged/2.md and
    on. At 100,000 papers some 40,000 need a tag; one page of them all would not load."""
    totals = {
        "untagged": sum(1 for s in suggestions if not s.paper.tags),
        "one_tag": sum(1 for s in suggestions if s.paper.tags),
    }
    pages = Pages()
    for path, listing in listing_pages("untagged", suggestions, HELP_WANTED_PER_PAGE):
        pages[path] = render(
            "untagged.md.j2",
            listing=listing,
            untagged=[s for s in listing.items if not s.paper.tags],
            one_tag=[s for s in listing.items if s.paper.tags],
            totals=totals,
            catalog=catalog,
            edit_url=settings.curation_edit_url,
            contributing_url=settings.contributing_url,
        )
    return pages


PAGER_REACH = 2  # a pager links the pages this near the current one, the first and the last


def pager(current: int, count: int) -> list[int | None]:
    """The page numbers a pager shows, None where it skips some: 1 None 4 5 6 7 8 None 20."""
    shown = [n for n in range(1, count + 1) if n in (1, count) or abs(n - current) <= PAGER_REACH]
    numbers: list[int | None] = []
    for previous, n in zip([0, *shown], shown, strict=False):
        numbers += [None, n] if n - previous > 1 else [n]
    return numbers


def _render_paper_with_key(paper: Paper, catalog: Catalog, settings, keys) -> str:
    return render_paper(paper, catalog, settings, keys[paper.id])


def render_catalog_pages(catalog: Catalog, settings: SiteSettings) -> Pages:
    """Every other page and export: they need the tagged catalog, not related papers."""
    pages = Pages()
    pages.update(render_taxonomy_pages(catalog, settings))
    pages.update(render_author_pages(catalog))
    groups = letter_groups(sorted(catalog.papers, key=sort_key), first_letter)
    pages["papers/index.md"] = render("papers_index.md.j2", papers=catalog.papers, groups=groups)
    pages.update(letter_pages("papers", "papers_letter.md.j2", groups, len(catalog.papers)))
    counts = tag_counts(catalog)
    topics = topics_by_size(catalog)
    sizes = topic_counts(catalog)
    pages["index.md"] = render(
        "home.md.j2",
        site_name=settings.site_name,
        counts=catalog_counts(catalog),
        topics=topics,
        topic_counts=sizes,
        top_tags=sorted(catalog.tags, key=lambda t: (-counts[t.id], t.id))[:TOP_TAGS_ON_HOME],
        tag_counts=counts,
        untagged=sum(1 for paper in catalog.papers if not paper.tags),
        chart=topic_chart(topics, sizes),
        newest=newest(catalog.papers, NEWEST_ON_HOME),
    )
    pages["papers.json"] = papers_json(catalog) + "\n"
    pages["papers.bib"] = papers_bib(catalog, settings)
    pages["papers.csl.json"] = papers_csl(catalog, settings)
    pages["feed.xml"] = atom_feed(
        catalog, catalog.papers, settings, settings.site_name, "feed.xml", ""
    )
    pages["explore.md"] = render(
        "explore.md.j2", counts=catalog_counts(catalog), form=explore_form(catalog)
    )
    pages.update(explore_files(catalog))
    return pages
