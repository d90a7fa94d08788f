"""The Explore page's data: a compact JSON of every paper, built for filtering in the browser,
and what the page's form shows before that JSON has loaded.

Not the search index: only what the filters and the result list need. The shape is

    {
      "version": 2,
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
Pure and deterministic: the same catalog always gives the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .model import Catalog, Paper, Topic

VERSION = 2
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


def explore_json(catalog: Catalog) -> str:
    """Compact, deterministic JSON for the Explore page (served as /explore.json)."""
    return json.dumps(
        explore_data(catalog), ensure_ascii=False, separators=(",", ":"), sort_keys=True
    )


@dataclass(frozen=True)
class Choice:
    """A topic as the form offers it: its index in explore.json and its paper count."""

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
