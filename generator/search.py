"""Command-line search: the site's search settings, run with lunr.py over the catalog.

The site's search runs lunr.js in the browser with the settings of the search plugin in
mkdocs.yml (separator, pipeline, field boosts). This module reads those same settings, so
`paper-catalog search` ranks papers like the site does and search quality can be tested
without a browser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lunr.builder import Builder
from lunr.index import Index
from lunr.query import Query
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

from .model import Catalog, Paper

PIPELINE_FUNCTIONS = {"stemmer": stemmer, "stopWordFilter": stop_word_filter, "trimmer": trimmer}
DEFAULT_SEPARATOR = r"[\s\-]+"
DEFAULT_FIELDS = {"title": 1000.0, "tags": 100.0, "text": 1.0}


@dataclass(frozen=True)
class SearchSettings:
    separator: str = DEFAULT_SEPARATOR
    pipeline: tuple[str, ...] = ("stopWordFilter",)
    boosts: tuple[tuple[str, float], ...] = tuple(DEFAULT_FIELDS.items())


@dataclass(frozen=True)
class Hit:
    paper: Paper
    score: float


def settings_from_mkdocs(config) -> SearchSettings:
    """The search plugin's settings, as MkDocs loaded them from mkdocs.yml."""
    plugin = config["plugins"].get("material/search") or config["plugins"].get("search")
    if plugin is None:
        return SearchSettings()
    fields = {name: float(spec.get("boost", 1.0)) for name, spec in plugin.config.fields.items()}
    return SearchSettings(
        separator=plugin.config.separator or DEFAULT_SEPARATOR,
        pipeline=tuple(plugin.config.pipeline or ()),
        boosts=tuple({**DEFAULT_FIELDS, **fields}.items()),
    )


def tokens(text: str, separator: re.Pattern) -> str:
    """Split like the site's tokenizer (which allows lookaheads that lunr.py's cannot)."""
    return " ".join(part for part in separator.split(text) if part)


def build_index(catalog: Catalog, settings: SearchSettings) -> Index:
    separator = re.compile(settings.separator)
    builder = Builder()
    functions = [PIPELINE_FUNCTIONS[name] for name in settings.pipeline]
    builder.pipeline.add(*functions)
    if "stemmer" in settings.pipeline:
        builder.search_pipeline.add(stemmer)
    builder.ref("id")
    for field, boost in settings.boosts:
        builder.field(field, boost=boost)
    for paper in catalog.papers:
        tag_names = [catalog.tag_by_id[t].name for t in paper.tags if t in catalog.tag_by_id]
        builder.add(
            {
                "id": paper.id,
                "title": tokens(paper.title, separator),
                "tags": tokens(" ".join(tag_names), separator),
                "text": tokens(paper.abstract, separator),
            }
        )
    return builder.build()


def search(
    catalog: Catalog, index: Index, query: str, settings: SearchSettings, limit: int = 10
) -> list[Hit]:
    """Every query word, with a trailing wildcard as the site's search box adds while typing."""
    separator = re.compile(settings.separator)
    terms = [term.lower() for term in separator.split(query) if term.strip()]
    if not terms:
        return []
    lunr_query: Query = index.create_query()
    for term in terms:
        lunr_query.term(term, boost=10)
        lunr_query.term(term, wildcard=Query.WILDCARD_TRAILING, use_pipeline=False)
    results = index.query(lunr_query)
    return [Hit(catalog.paper(result["ref"]), result["score"]) for result in results[:limit]]


def rank_of(hits: Sequence[Hit], paper_id: str) -> int | None:
    return next((rank for rank, hit in enumerate(hits, 1) if hit.paper.id == paper_id), None)
