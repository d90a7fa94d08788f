"""Help wanted: tags suggested for papers the rules tag poorly, from their nearest papers.

A paper with no tag, or with one, gets the tags its most similar papers (the relate stage's
TF-IDF neighbours) share: each neighbour's tags count by its similarity, and a tag is
suggested when at least MIN_NEIGHBOURS neighbours carry it. Suggestions are shown to a
person with the curation line to add, never applied by themselves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .model import Catalog, Paper, Tag

MIN_NEIGHBOURS = 2  # one similar paper is a hint, two are a pattern
MAX_SUGGESTIONS = 3
FEW_TAGS = 1  # papers with this many tags or fewer are listed


@dataclass(frozen=True)
class Suggestion:
    paper: Paper
    tags: tuple[Tag, ...]  # best first

    @property
    def curation_line(self) -> str:
        return f"{self.paper.id}: {{add: [{', '.join(tag.id for tag in self.tags)}]}}"


def suggest(paper: Paper, catalog: Catalog) -> tuple[Tag, ...]:
    weight: dict[str, float] = defaultdict(float)
    carriers: dict[str, int] = defaultdict(int)
    for near in catalog.related.get(paper.id, ()):
        for tag_id in catalog.paper(near.paper_id).tags:
            if tag_id not in paper.tags:
                weight[tag_id] += near.score
                carriers[tag_id] += 1
    ranked = sorted(
        (tag_id for tag_id in weight if carriers[tag_id] >= MIN_NEIGHBOURS),
        key=lambda tag_id: (-weight[tag_id], tag_id),
    )
    return tuple(catalog.tag_by_id[t] for t in ranked[:MAX_SUGGESTIONS] if t in catalog.tag_by_id)


def help_wanted(catalog: Catalog) -> list[Suggestion]:
    """Papers with FEW_TAGS tags or fewer, fewest first, then by title; each with the tags
    its neighbours suggest (possibly none)."""
    papers = [paper for paper in catalog.papers if len(paper.tags) <= FEW_TAGS]
    papers.sort(key=lambda paper: (len(paper.tags), paper.title.casefold(), paper.id))
    return [Suggestion(paper, suggest(paper, catalog)) for paper in papers]
