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
  filter), `chunk_size`, `chunks`, the paths of the other files relative to the site's root
  (`chunk_file`, with `{}` for the chunk's number, and `dates_file`), `digits` (those of the
  compact columns below) and `index` (null, or the index's paths and chunk sizes). It is all
  the page needs with no filter.
- `explore/papers-N.json`: the papers in title order, `chunk_size` at a time, each file
  `{"authors": [...], "papers": [...]}` with its own author table (its rows' author indexes
  point into it), so that a chunk is read without any other.
- `explore/dates.json`, the date column: `{"width": w, "papers": "...", "years": [[year,
  first place], ...]}`, each paper's place in `date_order` from 1 (0: no known date) as `w`
  digits, and the first place of each year: the year filter and both orders without titles.

When the chunks and dates together are at most `LOAD_ALL_BYTES` (the real catalog's), the
page reads them all on the first filter or order and filters in memory. Above, the head's
`index` names the index, which answers each filter with a few hundred KB at 100,000 papers:

- `explore/tags.json`, the tag column: `{"codes": [tag index, ...], "escapes": e, "papers":
  "..."}`, each paper's tags, papers apart by a space; a tag is written as its code (its
  place in `codes`, the tags by number of papers): one digit for the first len(digits) - e
  codes, an escape digit and one more for the others. Every filter's results and counts.
- `explore/words.json`, `{"words": [...], "shards": [first word of each shard, ...]}`: every
  word of the titles as written (split at JavaScript's whitespace, as the words box is),
  sorted by its case-folded spelling; `explore/words-N.json`: for each word of shard N, its
  papers' indexes as gaps from the one before. The page folds the words as it folds the
  titles, finds those that hold each word typed (it matches parts of words), reads their
  shards and adds the papers of the tags whose names hold it: the words box's results.
- The rows of the results shown, besides the chunks by title: `explore/tag-ID-N.json`, each
  tag's papers in title order (`explore/untagged-N.json`, those without a tag),
  `tag_chunk_size` a file, and `explore/date-N.json`, the papers by date, oldest first, the
  undated last, `date_chunk_size` a file, all with the chunks' shape. The page reads the
  fewest rows that hold a list's first page: a sparse result (a tag, a rare word) spread
  over a hundred chunks by title fills from a few chunks of its tags, an order by date
  from one or two by date.

Pure and deterministic: the same catalog always gives the same bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import pairwise

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
# The index, for catalogs whose chunks and dates together are larger than LOAD_ALL_BYTES
# (the real catalog's are about 160 KB: read whole on the first filter, as they always were;
# 20,000 papers' are about 3 MB).
LOAD_ALL_BYTES = 500_000
TAGS_FILE = "explore/tags.json"
WORDS_FILE = "explore/words.json"
WORD_SHARD_FILE = "explore/words-{}.json"
WORD_SHARD_BYTES = 32_000  # a shard holds consecutive words' papers up to about this size
TAG_CHUNK_FILE = "explore/tag-{tag}-{n}.json"
UNTAGGED_CHUNK_FILE = "explore/untagged-{}.json"
# Rows a file by tag: a sparse result's first page takes about one file a paper (4 KB each at
# 100,000 papers, 1 MB for a page of 200 at worst); a tag's own first page takes eight.
TAG_CHUNK_SIZE = 25
DATE_CHUNK_FILE = "explore/date-{}.json"
DATE_CHUNK_SIZE = 200  # a page of the list by date: one or two files
# The digits of the compact columns: printable ASCII but for the quote and the backslash,
# so that a column is a JSON string with nothing escaped.
DIGITS = "".join(chr(code) for code in range(0x23, 0x7F) if chr(code) != "\\")
# JavaScript's \s, which explore.js splits the words box with.
WHITESPACE = re.compile(
    "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"
)
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
    data: dict,
    chunk_size: int = CHUNK_SIZE,
    first_page: int = FIRST_PAGE,
    load_all_bytes: int = LOAD_ALL_BYTES,
    word_shard_bytes: int = WORD_SHARD_BYTES,
) -> dict[str, str]:
    """`explore_data`'s value as the files the page reads: with the index when the chunks
    and dates together are larger than `load_all_bytes`."""
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
    files = {DATES_FILE: _json(_date_column(data))}
    for number, rows in enumerate(chunks):
        files[CHUNK_FILE.format(number)] = _json(_with_own_authors(rows, data["authors"]))
    whole = sum(len(text.encode("utf-8")) for text in files.values())
    index = None
    if whole > load_all_bytes:
        index = _index_files(data, files, word_shard_bytes)
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
        "digits": DIGITS,
        "index": index,
    }
    return {HEAD_FILE: _json(head), **files}


def _index_files(data: dict, files: dict[str, str], word_shard_bytes: int) -> dict:
    """Adds the index's files (the tag column, the words and their papers, the rows by tag and
    by date) to `files`; returns what the head says of them."""
    papers = data["papers"]
    files[TAGS_FILE] = _json(_tag_column(data))
    postings: dict[str, list[int]] = {}
    for position, row in enumerate(papers):
        for word in sorted(set(filter(None, WHITESPACE.split(row[1])))):
            postings.setdefault(word, []).append(position)
    words = sorted(postings, key=lambda word: (word.casefold(), word))
    shards: list[list[list[int]]] = [[]]
    starts = [0]
    size = 0
    for number, word in enumerate(words):
        positions = postings[word]
        gaps = [positions[0], *(b - a for a, b in pairwise(positions))]
        if size >= word_shard_bytes:
            shards.append([])
            starts.append(number)
            size = 0
        shards[-1].append(gaps)
        size += len(_json(gaps)) + 1
    files[WORDS_FILE] = _json({"words": words, "shards": starts if words else []})
    for number, shard in enumerate(shards if words else []):
        files[WORD_SHARD_FILE.format(number)] = _json(shard)
    rows_by_tag: list[list[list]] = [[] for _ in data["tags"]]
    untagged = []
    for row in papers:
        for tag in row[2]:
            rows_by_tag[tag].append(row)
        if not row[2]:
            untagged.append(row)
    chunk_files = [TAG_CHUNK_FILE.format(tag=tag["id"], n="{}") for tag in data["tags"]]
    for path, rows in zip(
        [*chunk_files, UNTAGGED_CHUNK_FILE], [*rows_by_tag, untagged], strict=True
    ):
        for number, start in enumerate(range(0, len(rows), TAG_CHUNK_SIZE)):
            files[path.format(number)] = _json(
                _with_own_authors(rows[start : start + TAG_CHUNK_SIZE], data["authors"])
            )
    dated = set(data["date_order"])
    by_date = data["date_order"] + [i for i in range(len(papers)) if i not in dated]
    for number, start in enumerate(range(0, len(by_date), DATE_CHUNK_SIZE)):
        rows = [papers[i] for i in by_date[start : start + DATE_CHUNK_SIZE]]
        files[DATE_CHUNK_FILE.format(number)] = _json(_with_own_authors(rows, data["authors"]))
    return {
        "tags_file": TAGS_FILE,
        "words_file": WORDS_FILE,
        "word_shard_file": WORD_SHARD_FILE,
        "tag_chunk_file": TAG_CHUNK_FILE,
        "tag_chunk_size": TAG_CHUNK_SIZE,
        "untagged_chunk_file": UNTAGGED_CHUNK_FILE,
        "date_chunk_file": DATE_CHUNK_FILE,
        "date_chunk_size": DATE_CHUNK_SIZE,
    }


def _tag_column(data: dict) -> dict:
    """Each paper's tags, papers apart by a space. A tag is a code: the tags by number of
    papers (then by index) are `codes`; the first len(DIGITS) - escapes codes are one digit,
    the next ones an escape digit and one more (about 3 bytes a paper instead of 5)."""
    papers = data["papers"]
    count = [0] * len(data["tags"])
    for row in papers:
        for tag in row[2]:
            count[tag] += 1
    codes = sorted(range(len(data["tags"])), key=lambda tag: (-count[tag], tag))
    base = len(DIGITS)
    escapes = 0
    while (base - escapes) + escapes * base < len(codes):
        escapes += 1
    single = base - escapes
    text = []
    for code in range(len(codes)):
        if code < single:
            text.append(DIGITS[code])
        else:
            escape, digit = divmod(code - single, base)
            text.append(DIGITS[single + escape] + DIGITS[digit])
    code_of = {tag: text[code] for code, tag in enumerate(codes)}
    return {
        "codes": codes,
        "escapes": escapes,
        "papers": " ".join("".join(code_of[tag] for tag in row[2]) for row in papers),
    }


def _digits(number: int, width: int) -> str:
    """`number` in base len(DIGITS), `width` digits, most significant first."""
    base = len(DIGITS)
    text = []
    for _ in range(width):
        number, digit = divmod(number, base)
        text.append(DIGITS[digit])
    return "".join(reversed(text))


def _width(largest: int) -> int:
    """The digits a number up to `largest` needs (at least one)."""
    width = 1
    while len(DIGITS) ** width <= largest:
        width += 1
    return width


def _date_column(data: dict) -> dict:
    """Each paper's place in `date_order`, from 1 (0: no known date), and the first place of
    each year: the year filter and both date orders, with no titles."""
    places = [0] * len(data["papers"])
    year_starts = []
    for place, position in enumerate(data["date_order"]):
        places[position] = place + 1
        year = data["papers"][position][4]
        if not year_starts or year_starts[-1][0] != year:
            year_starts.append([year, place + 1])
    width = _width(len(data["date_order"]))
    return {
        "width": width,
        "papers": "".join(_digits(place, width) for place in places),
        "years": year_starts,
    }


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
