"""The Explore page's data: a compact JSON of every paper, built for filtering in the browser.

Not the search index: only what the filters and the result list need. The shape is

    {
      "version": 1,
      "paper_fields": ["id", "title", "tags"],
      "topics": [{"id": ..., "name": ...}, ...],            sorted by id
      "tags": [{"id": ..., "name": ..., "topics": [topic id, ...]}, ...],   sorted by id
      "papers": [[id, title, [tag index, ...]], ...]        sorted by title, then id
    }

A paper is a bare array (its fields named once in `paper_fields`) and refers to its tags by
their index in `tags`, which keeps the file small: a paper costs little more than its id and
title. A paper's topics are not stored; they are the topics of its tags, as in the catalog.
Pure and deterministic: the same catalog always gives the same bytes.
"""

from __future__ import annotations

import json

from .model import Catalog, Paper

VERSION = 1
PAPER_FIELDS = ("id", "title", "tags")


def _title_order(paper: Paper) -> tuple[str, str]:
    return (paper.title.casefold(), paper.id)


def explore_data(catalog: Catalog) -> dict:
    """The Explore data as plain Python values (what `explore_json` serialises)."""
    topics = sorted(catalog.topics, key=lambda topic: topic.id)
    tags = sorted(catalog.tags, key=lambda tag: tag.id)
    tag_index = {tag.id: index for index, tag in enumerate(tags)}
    return {
        "version": VERSION,
        "paper_fields": list(PAPER_FIELDS),
        "topics": [{"id": topic.id, "name": topic.name} for topic in topics],
        "tags": [{"id": tag.id, "name": tag.name, "topics": sorted(tag.topics)} for tag in tags],
        "papers": [
            [
                paper.id,
                paper.title,
                sorted({tag_index[tag_id] for tag_id in paper.tags if tag_id in tag_index}),
            ]
            for paper in sorted(catalog.papers, key=_title_order)
        ],
    }


def explore_json(catalog: Catalog) -> str:
    """Compact, deterministic JSON for the Explore page (served as /explore.json)."""
    return json.dumps(
        explore_data(catalog), ensure_ascii=False, separators=(",", ":"), sort_keys=True
    )
