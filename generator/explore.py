"""The Explore page's data: the catalog in compact JSON, built for filtering in the browser,
split so that the page shows its first results without waiting for the whole catalog, and
what the page's form shows before any of it has loaded.

Not the search index: only what the filters and the result list need. `explore_data` is the
whole catalog in one value:

    {
      "version": 3,
      "paper_fields": ["id", "title", "tags", "authors", "year"],
      "topics": [{"id": ..., "name": ...}, ...],            sorted by id
      "tags": [{"id": ..., "name": ..., "topics": [topic id, ...]}, ...],   sorted by id
      "authors": [name, ...],                                sorted by name, case-insensitively
      "papers": [[id, title, [tag index, ...], [author index, ...], year], ...]
                                                             sorted by title, then id
      "date_order": [paper index, ...]                       oldest first
    }

A paper is a bare array (its fields named once in `paper_fields`) and refers to its tags and
authors by their index in `tags` and `authors`, which keeps the file small: a name is stored
once however many papers it signs. A paper's authors keep their order on the paper; its
year is the year of its publication date, or null when the date is not known (never
guessed). `date_order` lists the papers with a known date by that date as precisely as it
is known (a date known to the month comes before the days of that month), papers of the
same date in title order; newest first is the same list reversed. A paper's topics are not
stored; they are the topics of its tags, as in the catalog.

`explore_files` splits it into what the site serves (at 100,000 papers the whole is 16 MB,
and the page with no filter shows only the first 200 titles):

- `explore.json`, the head: the same shape holding only the first page of papers in title
  order (with the authors those papers name), plus `total` (the number of papers),
  `tag_counts` and `topic_counts` (papers per tag and topic index: the chips' counts with no
  filter), `chunk_size`, `chunks`, and the paths of the other files relative to the site's
  root (`chunk_file`, with `{}` for the chunk's number, and `dates_file`). It is all the
  page needs with no filter.
- `explore/papers-N.json`: the papers in title order, `chunk_size` at a time, each file
  `{"authors": [...], "papers": [...]}` with its own author table (its rows' author indexes
  point into it), so that a chunk is read without any other.
- `explore/dates.json`: `date_order`, for sorting by date.

The page fetches the chunks a longer list needs, and every file once any filter or order
is chosen. Pure and deterministic: the same catalog always gives the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .model import Catalog, Paper, Topic

VERSION = 3
# Papers in the head: explore.js's PAGE_SIZE, the results it shows before "Show more".
FIRST_PAGE = 200
# Papers per chunk: about 160 KB at the synthetic catalogs' 157 bytes a paper; the real
# catalog fits in one.
CHUNK_SIZE = 1000
HEAD_FILE = "explore.json"
CHUNK_FILE = "explore/papers-{}.json"
DATES_FILE = "explore/dates.json"
PAPER_FIELDS = ("id", "title", "tags", "authors", "year")


def _title_order(paper: Paper) -> tuple[str, str]:
    return (paper.title.casefold(), paper.id)


def _name_order(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


def explore_data(catalog: Catalog) -> dict:
    """The Explore data as plain Python values (what `explore_json` serialises)."""
    topics = sorted(catalog.topics, key=lambda topic: topic.id)
    tags = sorted(catalog.tags, key=lambda tag: tag.id)
    tag_index = {tag.id: index for index, tag in enumerate(tags)}
    papers = sorted(catalog.papers, key=_title_order)
    authors = sorted({name for paper in papers for name in paper.metadata.authors}, key=_name_order)
    author_index = {name: index for index, name in enumerate(authors)}
    dated = [
        (paper.metadata.published, position)
        for position, paper in enumerate(papers)
        if paper.metadata.published
    ]
    return {
        "version": VERSION,
        "paper_fields": list(PAPER_FIELDS),
        "topics": [{"id": topic.id, "name": topic.name} for topic in topics],
        "tags": [{"id": tag.id, "name": tag.name, "topics": sorted(tag.topics)} for tag in tags],
        "authors": authors,
        "papers": [
            [
                paper.id,
                paper.title,
                sorted({tag_index[tag_id] for tag_id in paper.tags if tag_id in tag_index}),
                [author_index[name] for name in paper.metadata.authors],
                paper.metadata.published.year if paper.metadata.published else None,
            ]
            for paper in papers
        ],
        "date_order": [position for _, position in sorted(dated, key=_date_order)],
    }


def _date_order(item) -> tuple[int, int, int, int]:
    date, position = item
    return (date.year, date.month or 0, date.day or 0, position)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def explore_json(catalog: Catalog) -> str:
    """The whole Explore data as compact, deterministic JSON (what the files split)."""
    return _json(explore_data(catalog))


def _with_own_authors(rows: list[list], authors: list[str]) -> dict:
    """Rows whose author indexes point into a table of only the names they use."""
    used = sorted({index for row in rows for index in row[3]})
    local = {index: position for position, index in enumerate(used)}
    return {
        "authors": [authors[index] for index in used],
        "papers": [[*row[:3], [local[index] for index in row[3]], *row[4:]] for row in rows],
    }


def explore_files(catalog: Catalog) -> dict[str, str]:
    """The files the Explore page reads, by path in the site: the head, the chunks and the
    date order (shapes in this module's docstring)."""
    return split_explore_data(explore_data(catalog))


def split_explore_data(
    data: dict, chunk_size: int = CHUNK_SIZE, first_page: int = FIRST_PAGE
) -> dict[str, str]:
    """`explore_data`'s value as the files the page reads."""
    papers = data["papers"]
    chunks = [papers[start : start + chunk_size] for start in range(0, len(papers), chunk_size)]
    tag_counts = [0] * len(data["tags"])
    topic_counts = [0] * len(data["topics"])
    topic_index = {topic["id"]: index for index, topic in enumerate(data["topics"])}
    for row in papers:
        topics = set()
        for tag in row[2]:
            tag_counts[tag] += 1
            topics.update(topic_index[topic] for topic in data["tags"][tag]["topics"])
        for topic in topics:
            topic_counts[topic] += 1
    head = {
        "version": data["version"],
        "paper_fields": data["paper_fields"],
        "topics": data["topics"],
        "tags": data["tags"],
        **_with_own_authors(papers[:first_page], data["authors"]),
        "total": len(papers),
        "tag_counts": tag_counts,
        "topic_counts": topic_counts,
        "chunk_size": chunk_size,
        "chunks": len(chunks),
        "chunk_file": CHUNK_FILE,
        "dates_file": DATES_FILE,
    }
    files = {HEAD_FILE: _json(head), DATES_FILE: _json(data["date_order"])}
    for number, rows in enumerate(chunks):
        files[CHUNK_FILE.format(number)] = _json(_with_own_authors(rows, data["authors"]))
    return files


@dataclass(frozen=True)
class Choice:
    """A topic as the form offers it: its index in the Explore data and its paper count."""

    index: int
    item: Topic
    count: int


@dataclass(frozen=True)
class ExploreForm:
    """The Explore form as it stands with no filter, written into the page so that it is in
    place before the script has loaded the papers: nothing moves when they arrive."""

    topics: tuple[Choice, ...]  # by name
    years: tuple[int, ...]  # every year from the first to the last publication, ascending


def explore_form(catalog: Catalog) -> ExploreForm:
    by_id = sorted(catalog.topics, key=lambda topic: topic.id)
    topics = [
        Choice(index, topic, len(catalog.papers_in(topic.id))) for index, topic in enumerate(by_id)
    ]
    years = {paper.metadata.published.year for paper in catalog.papers if paper.metadata.published}
    return ExploreForm(
        topics=tuple(sorted(topics, key=lambda choice: _name_order(choice.item.name))),
        years=tuple(range(min(years), max(years) + 1)) if years else (),
    )
