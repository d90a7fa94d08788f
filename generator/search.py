"""Command-line search: the site's search settings, run with lunr.py over the catalog.

The site's search runs lunr.js in the browser with the settings of the search plugin in
mkdocs.yml (separator, pipeline, field boosts). This module reads those same settings, so
`paper-catalog search` ranks papers like the site does and search quality can be tested
without a browser.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from lunr.builder import Builder
from lunr.index import Index
from lunr.query import Query
from lunr.stemmer import stemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

from .model import Catalog, Paper
from .shards import query_words, typo_fixes

PIPELINE_FUNCTIONS = {"stemmer": stemmer, "stopWordFilter": stop_word_filter, "trimmer": trimmer}
DEFAULT_SEPARATOR = r"[\s\-]+"
DEFAULT_FIELDS = {"title": 2.0, "tags": 1.5, "text": 1.0}


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


PAPER_LOCATION = "papers/"
HTML_TAG = re.compile(r"<[^>]+>")  # text in the index is HTML; a "<" in the data is "&lt;"
FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# A paper page's Markdown is its abstract, then its authors as a list and its arXiv id and
# DOI as another (paper.md.j2), which Material's index keeps as <ul><li>...</li></ul>; the
# abstract never makes a list.
HIDDEN_LIST = re.compile(r"<ul>(.*?)</ul>", re.DOTALL)
LIST_ITEM = re.compile(r"<li>(.*?)</li>", re.DOTALL)


# Letters Unicode does not decompose into a letter and an accent.
ASCII_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "\u0131": "i"}
    | {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"}
)


def ascii_spelling(name: str) -> str:
    """A name as typed without accents: Soljačić as Soljacic, Łukasz as Lukasz."""
    decomposed = unicodedata.normalize("NFKD", name.translate(ASCII_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def name_words(names: Sequence[str]) -> list[str]:
    """The authors' names as indexed: as written, then as typed without accents."""
    spellings = [ascii_spelling(name) for name in names]
    return [*names, *(plain for plain, name in zip(spellings, names, strict=True) if plain != name)]


def compact_text(text: str, title: str, separator: re.Pattern) -> str:
    """A paper's indexed text, smaller but finding the same papers.

    The first sentence stays as written, in the paragraph the search result shows; after
    it, each word that is not a stop word and not already in the title or the first
    sentence is kept once, in a hidden paragraph, and so is each word of the authors' names
    (also as typed without accents) and of the paper's identifiers. lunr indexes words, not
    phrases, so every query that matched the abstract, a name or an identifier still
    matches; only repeated words stop adding weight.
    """
    names = [item for found in HIDDEN_LIST.findall(text) for item in LIST_ITEM.findall(found)]
    text = " ".join(HTML_TAG.sub(" ", HIDDEN_LIST.sub(" ", text)).split())
    parts = FIRST_SENTENCE.split(text, maxsplit=1)
    first, rest = parts[0], parts[1] if len(parts) > 1 else ""
    seen = {word.lower() for word in separator.split(f"{title} {first}") if word}
    kept = []
    for word in separator.split(" ".join([rest, *name_words(names)])):
        lowered = word.lower()
        if word and lowered not in seen and lowered not in STOP_WORDS:
            seen.add(lowered)
            kept.append(word)
    hidden = f"<p hidden>{' '.join(kept)}</p>" if kept else ""
    return f"<p>{first}</p>{hidden}"


def compact_search_index(index: dict) -> dict:
    """Material's search_index.json with compact paper texts (other pages untouched)."""
    separator = re.compile(index.get("config", {}).get("separator") or DEFAULT_SEPARATOR)
    docs = [
        {**doc, "text": compact_text(doc.get("text", ""), doc.get("title", ""), separator)}
        if doc.get("location", "").startswith(PAPER_LOCATION) and "#" not in doc["location"]
        else doc
        for doc in index.get("docs", [])
    ]
    return {**index, "docs": docs}


def tokens(text: str, separator: re.Pattern) -> str:
    """Split like the site's tokenizer (which allows lookaheads that lunr.py's cannot)."""
    return " ".join(part for part in separator.split(text) if part)


def build_index(catalog: Catalog, settings: SearchSettings) -> Index:
    separator = re.compile(settings.separator)
    builder = Builder()
    builder.b(0)  # as Material does: no field-length normalisation
    functions = [PIPELINE_FUNCTIONS[name] for name in settings.pipeline]
    builder.pipeline.add(*functions)
    if "stemmer" in settings.pipeline:
        builder.search_pipeline.add(stemmer)
    builder.ref("id")
    for field, boost in settings.boosts:
        builder.field(field, boost=boost)
    for paper in catalog.papers:
        tag_names = [catalog.tag_by_id[t].name for t in paper.tags if t in catalog.tag_by_id]
        # The site indexes the authors' names and the identifiers with the abstract
        # (compact_text).
        text = " ".join([paper.abstract, *name_words(paper.metadata.authors), *paper.identifiers])
        builder.add(
            {
                "id": paper.id,
                "title": tokens(paper.title, separator),
                "tags": tokens(" ".join(tag_names), separator),
                "text": tokens(text, separator),
            }
        )
    return builder.build()


def search(
    catalog: Catalog, index: Index, query: str, settings: SearchSettings, limit: int = 10
) -> list[Hit]:
    """Rank like Material's search box.

    Material turns every query word into a trailing-wildcard term (which skips the
    pipeline), ORs them, and then multiplies each score by 1 + (1 + f)^2, where f is the
    share of query words the document matched, so documents with every word come first.
    A word that starts no term may be a typo (shards.corrections): it stands for the words
    of the index fewest edits away, as on the site.
    """
    terms = query_words(query, re.compile(settings.separator))
    if not terms:
        return []
    lunr_query: Query = index.create_query()
    fixes = typo_fixes(terms, index.inverted_index)
    for term in terms:
        for fix in fixes.get(term, ()):
            lunr_query.term(fix, wildcard=Query.WILDCARD_NONE, use_pipeline=False)
        if not fixes.get(term):
            lunr_query.term(term, wildcard=Query.WILDCARD_TRAILING, use_pipeline=False)
    hits = []
    for result in index.query(lunr_query):
        matched = result["match_data"].metadata.keys()
        # a page with a typo's correction, not the word, does not count as having it
        found = sum(1 for term in terms if any(key.startswith(term) for key in matched))
        boost = 1 + found / len(terms)
        hits.append(Hit(catalog.paper(result["ref"]), result["score"] * (1 + boost**2)))
    hits.sort(key=lambda hit: (-hit.score, hit.paper.id))
    return hits[:limit]


def rank_of(hits: Sequence[Hit], paper_id: str) -> int | None:
    return next((rank for rank, hit in enumerate(hits, 1) if hit.paper.id == paper_id), None)
