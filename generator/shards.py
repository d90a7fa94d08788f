"""The site's search index, split into shards that the browser fetches by query word.

Material's search worker downloads the whole search_index.json on every page view and builds
a lunr index from it in the browser: 20 MB and 4 s at 20,000 papers, 100 MB and more than a
minute at 100,000. This module turns that index (after `search.compact_search_index`) into
what our own worker (overrides/assets/search-worker.js) needs, so a reader downloads only the
words they type:

    search/search_index.json    Material's file, its docs removed: the config (separator,
                                fields) that the page's highlighter reads, a few hundred bytes
    search/shards.json          the first term of each shard, the number of documents, the
                                chunk size and the lengths of the spelling files
    search/shards/<n>.bin       the postings of consecutive terms (in JavaScript's order)
    search/docs/<n>.json        the documents n*CHUNK .. n*CHUNK+CHUNK-1 as the result list
                                shows them: [location, title, text, tags]
    search/spell/<n>.json       the terms of n letters that a typo may stand for, in
                                JavaScript's order (see corrections), read only for a typo

Scores are lunr.js's, computed here with the whole index's statistics, so a shard gives the
same scores as Material's search over the whole index: for each term and document, the sum
over fields of round(idf * (k1 + 1) * tf / (k1 + tf) * field boost, 3 decimals) (lunr's
BM25 with b = 0, as Material sets it), stored in thousandths. A query adds these up over the
terms each query word expands to (trailing wildcard), divides by the query vector's length
and applies Material's boost for the share of query words a page matches: the ranking of
Material's search box, without its download.

A shard is a sequence of unsigned LEB128 integers: the number of terms, then per term its
UTF-8 length and bytes, its distinct weights (count, then each), its number of postings and
the postings, each `gap * weights + weight index`, where gap is the document number minus the
previous one's. Pure and deterministic: the same index gives the same bytes.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass

from lunr.stop_word_filter import WORDS as STOP_WORDS
from rapidfuzz.distance import OSA

VERSION = 1
K1 = 1.2  # lunr's default; Material sets b to 0 (no field-length normalisation)
SHARD_BYTES = 16_000  # a shard holds consecutive terms up to this size
CHUNK = 4  # documents per docs/<n>.json: a result list of 20 fetches at most 20 small files
HIDDEN = re.compile(r"<p hidden>.*?</p>", re.S)


@dataclass(frozen=True)
class Document:
    location: str
    title: str
    text: str
    tags: tuple[str, ...]
    boost: float = 1.0


TAG = re.compile(r"<[^>]*>")


def tokenize(value: str | list[str] | tuple[str, ...], separator: re.Pattern) -> list[str]:
    """Material's tokenizer: the text between tags (a "<" that is data is "&lt;" in the
    index) split by the configured separator, lower case, then lunr's stop word filter (the
    pipeline our mkdocs.yml sets). A tag becomes a space: words never span one."""
    values = [value] if isinstance(value, str) else list(value)
    tokens = []
    for item in values:
        for token in separator.split(TAG.sub(" ", item).lower()):
            if token and token not in STOP_WORDS:
                tokens.append(token)
    return tokens


def field_weight(idf: float, tf: int, boost: float, doc_boost: float) -> int:
    """lunr.js's stored field score in thousandths: Math.round(score * 1000)."""
    score = idf * ((K1 + 1) * tf) / (K1 * (1 - 0 + 0) + tf)
    score *= boost
    score *= doc_boost
    return math.floor(score * 1000 + 0.5)


def lunr_idf(documents_with_term: int, document_count: int) -> float:
    ratio = (document_count - documents_with_term + 0.5) / (documents_with_term + 0.5)
    return math.log(1 + abs(ratio))


def weights(documents: list[Document], fields: dict[str, float], separator: re.Pattern):
    """(term, {document number: weight in thousandths}) for every term, as lunr.js would
    score them.

    Occurrences are packed in one integer each (document, field, count), in arrays: at
    100,000 papers a list of tuples would hold a gigabyte."""
    occurrences: dict[str, array] = {}
    for number, document in enumerate(documents):
        for position, field in enumerate(fields):
            counts = Counter(tokenize(getattr(document, field), separator))
            for term, count in counts.items():
                packed = occurrences.get(term)
                if packed is None:
                    packed = occurrences[term] = array("Q")
                packed.append(number << 20 | position << 16 | min(count, 0xFFFF))
    boosts = list(fields.values())
    total = len(documents)
    for term in sorted(occurrences):
        found = occurrences.pop(term)
        # lunr counts a document once per field that has the term
        idf = lunr_idf(len(found), total)
        scores: dict[int, int] = {}
        known: dict[tuple[int, float], int] = {}  # few distinct (field and count, boost)
        for packed in found:
            number = packed >> 20
            boost = documents[number].boost
            key = (packed & 0xFFFFF, boost)
            weight = known.get(key)
            if weight is None:
                weight = known[key] = field_weight(
                    idf, packed & 0xFFFF, boosts[packed >> 16 & 0xF], boost
                )
            scores[number] = scores.get(number, 0) + weight
        yield term, scores  # documents in order: they were added in order


def varint(value: int, out: bytearray) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def encode_term(term: str, postings: dict[int, int], out: bytearray) -> None:
    name = term.encode("utf-8")
    varint(len(name), out)
    out += name
    classes = sorted(set(postings.values()))
    index = {weight: position for position, weight in enumerate(classes)}
    varint(len(classes), out)
    for weight in classes:
        varint(weight, out)
    varint(len(postings), out)
    previous = 0
    width = len(classes)
    for number, weight in postings.items():  # sorted by document number
        value = (number - previous) * width + index[weight]
        if value < 0x80:  # most postings: one byte
            out.append(value)
        else:
            varint(value, out)
        previous = number


def utf16_order(term: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units; sorting by them keeps the worker's
    binary search right for characters beyond the Basic Multilingual Plane."""
    return term.encode("utf-16-be")


def shard_ranges(terms: dict[str, bytes]) -> list[list[str]]:
    """The terms in JavaScript's order, cut into consecutive runs of at most SHARD_BYTES
    (a term larger than that has a shard of its own). A shard is named by its number and
    known by its first term; the terms a query word expands to are one contiguous run, so
    it needs the shard where the word would be, and the next ones while they start with it."""
    runs: list[list[str]] = [[]]
    size = 0
    for term in sorted(terms, key=utf16_order):
        if runs[-1] and size + len(terms[term]) > SHARD_BYTES:
            runs.append([])
            size = 0
        runs[-1].append(term)
        size += len(terms[term])
    return runs if runs[-1] else []


def display_text(text: str) -> str:
    """What a result shows: the text without the hidden word list (search.compact_text)."""
    return HIDDEN.sub("", text)


def documents_of(index: dict) -> list[Document]:
    return [
        Document(
            location=doc.get("location", ""),
            title=doc.get("title", ""),
            text=doc.get("text", ""),
            tags=tuple(doc.get("tags") or ()),
            boost=float(doc.get("boost", 1.0)),
        )
        for doc in index.get("docs", [])
    ]


def field_boosts(config: dict) -> dict[str, float]:
    fields = config.get("fields") or {"title": {"boost": 1000}, "text": {"boost": 1}}
    return {name: float((spec or {}).get("boost", 1.0)) for name, spec in fields.items()}


def shard_index(index: dict) -> dict[str, bytes]:
    """Material's search index as the files above, by path relative to search/."""
    config = index.get("config", {})
    separator = re.compile(config.get("separator") or r"[\s\-]+")
    documents = documents_of(index)
    encoded = {}
    for term, postings in weights(documents, field_boosts(config), separator):
        out = bytearray()
        encode_term(term, postings, out)
        encoded[term] = bytes(out)
    files: dict[str, bytes] = {}
    runs = shard_ranges(encoded)
    for number, members in enumerate(runs):
        out = bytearray()
        varint(len(members), out)
        for term in members:
            out += encoded[term]
        files[f"shards/{number}.bin"] = bytes(out)
    for start in range(0, len(documents), CHUNK):
        chunk = [
            [doc.location, doc.title, display_text(doc.text), list(doc.tags) or None]
            for doc in documents[start : start + CHUNK]
        ]
        files[f"docs/{start // CHUNK}.json"] = compact_json(chunk)
    spelling: dict[int, list[str]] = defaultdict(list)
    for term in sorted(encoded, key=utf16_order):
        if spelling_word(term):
            spelling[len(term)].append(term)
    for length, terms in spelling.items():
        files[f"spell/{length}.json"] = compact_json(terms)
    files["shards.json"] = compact_json(
        {
            "version": VERSION,
            "documents": len(documents),
            "chunk": CHUNK,
            "starts": [members[0] for members in runs],
            "spell": sorted(spelling),
        }
    )
    files["search_index.json"] = compact_json({"config": config, "docs": []})
    return files


def compact_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# ----------------------------------------------------------------- reading (tests, CLI)


def decode_shard(data: bytes) -> dict[str, dict[int, int]]:
    """{term: {document number: weight in thousandths}}: what the worker reads."""
    terms = {}
    # term bytes are not varints: walk the buffer by hand
    position = 0

    def read() -> int:
        nonlocal position
        value = shift = 0
        while True:
            byte = data[position]
            position += 1
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7

    for _ in range(read()):
        length = read()
        term = data[position : position + length].decode("utf-8")
        position += length
        classes = [read() for _ in range(read())]
        postings = {}
        number = 0
        for _ in range(read()):
            value = read()
            number += value // len(classes)
            postings[number] = classes[value % len(classes)]
        terms[term] = postings
    return terms


MIN_PREFIX = 3  # shorter query words match whole words only (see search-worker.js)


def shards_needed(word: str, starts: list[str], whole_word: bool = False) -> list[int]:
    """The shards holding every term the query word expands to: the terms that start with
    it, or only the word itself when it is under MIN_PREFIX characters (or whole_word)."""
    keys = [utf16_order(start) for start in starts]
    first = max(0, bisect.bisect_right(keys, utf16_order(word)) - 1)
    needed = [first] if starts else []
    if whole_word or len(word) < MIN_PREFIX:
        return needed
    for number in range(first + 1, len(starts)):
        if not starts[number].startswith(word):
            break
        needed.append(number)
    return needed


# An arXiv id with its version ("2203.09893v2", "hep-th/9901001v2"): pages index the id
# without it. A pasted arXiv or DOI address stands for its identifier (its query string and
# fragment dropped), and arXiv's own DOI (10.48550/arXiv.<id>) for the arXiv id. As the
# site's worker does (overrides/assets/search-worker.js) and the command line (search.py).
ARXIV_VERSION = re.compile(r"^(\d{4}\.\d{4,5}|\d{7})v\d+$")
IDENTIFIER_URL = re.compile(
    r"^(?:https?://)?(?:(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/([^?#]+?)(?:v\d+)?"
    r"(?:\.pdf)?|(?:dx\.)?doi\.org/([^?#]+?))/?(?:[?#].*)?$",
    re.IGNORECASE,
)
ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


def identifier_in(word: str) -> str:
    """A query word as searched: an arXiv or DOI address becomes its identifier, and
    arXiv's DOI the arXiv id."""
    found = IDENTIFIER_URL.match(word)
    word = (found[1] or found[2]) if found else word
    arxiv = ARXIV_DOI.match(word)
    return arxiv[1] if arxiv else word


# A query word that matches no index term may be a typo ("transfomer"): it then stands for
# the index's words (terms of letters only, SPELL_MIN letters or more) that are fewest edits
# away (optimal string alignment: an insertion, deletion, substitution or swap of two
# neighbouring letters is one edit), at most `typo_edits(word)`, and at most LENGTH_SLACK
# letters longer or shorter (two edits are most often a letter missing or added and one
# wrong, and a typo then reads three files of words, not five). Short words, stop words
# and words with a digit (an arXiv id, a year) are never corrected: one edit makes them
# another word. The words are published by length (spell/<length>.json), so the worker
# fetches only those a typo could be, and only when a word needs them. A page that has a
# correction, not the word, shows it highlighted but does not count as having the word in
# the boost for the share of query words matched.
TYPO_MIN = 6
TYPO_EDITS = 1
LONG_TYPO = 9
LONG_TYPO_EDITS = 2
LENGTH_SLACK = 1
SPELL_MIN = TYPO_MIN - LENGTH_SLACK
DIGIT = re.compile(r"[0-9]")


def typo_edits(word: str) -> int:
    """How many edits a correction of `word` may be: 0 when it is never corrected."""
    if len(word) < TYPO_MIN or word in STOP_WORDS or DIGIT.search(word):
        return 0
    return LONG_TYPO_EDITS if len(word) >= LONG_TYPO else TYPO_EDITS


def spelling_word(term: str) -> bool:
    """Whether a correction may be `term`: letters only, SPELL_MIN of them or more."""
    return len(term) >= SPELL_MIN and term.isalpha()


def corrections(word: str, vocabulary) -> list[str]:
    """The terms of `vocabulary` fewest edits from `word`, in its order, when `word` may be
    a typo and some term is within its edits; else none."""
    limit = typo_edits(word)
    if not limit:
        return []
    best, found = limit + 1, []
    for term in vocabulary:
        if abs(len(term) - len(word)) > LENGTH_SLACK:
            continue
        edits = OSA.distance(word, term, score_cutoff=limit)
        if edits > limit:
            continue
        if edits < best:
            best, found = edits, [term]
        elif edits == best:
            found.append(term)
    return found


def typo_fixes(words, vocabulary) -> dict[str, list[str]]:
    """Each word of a query that starts no term of `vocabulary` (a whole index's terms, as
    the command line has them) -> the words it stands for, as a typo (maybe none)."""
    spellable = [term for term in vocabulary if spelling_word(term)]
    return {
        word: corrections(word, spellable)
        for word in dict.fromkeys(words)
        if not any(term.startswith(word) for term in vocabulary)
    }


def query_words(query: str, separator: re.Pattern) -> list[str]:
    """The words of a query as Material's search box sends them to lunr, lower case (the
    plain case: no +, -, ~, ^ or quotes), identifiers as the pages index them."""
    return [
        ARXIV_VERSION.sub(r"\1", word.lower())
        for raw in query.split()
        for word in separator.split(identifier_in(raw))
        if word and word.strip()
    ]


def search(files: dict[str, bytes], query: str, limit: int = 20) -> list[tuple[str, float]]:
    """(location, score) of the best documents, as search-worker.js ranks them: the same
    arithmetic, in Python, for tests and for comparing with lunr."""
    meta = json.loads(files["shards.json"])
    config = json.loads(files["search_index.json"])["config"]
    separator = re.compile(config.get("separator") or r"[\s\-]+")
    words = query_words(query, separator)
    if not words:
        return []
    loaded: dict[str, dict[int, int]] = {}

    def load(word: str, whole_word: bool = False) -> None:
        for number in shards_needed(word, meta["starts"], whole_word):
            loaded.update(decode_shard(files[f"shards/{number}.bin"]))

    for word in dict.fromkeys(words):
        load(word)

    def expand(word: str) -> list[str]:
        if len(word) < MIN_PREFIX:
            return [word] if word in loaded else []
        return [term for term in loaded if term.startswith(word)]

    expansions = {word: expand(word) for word in dict.fromkeys(words)}
    fixes: dict[str, list[str]] = {}  # a word that matched no term -> its corrections
    for word, expanded in expansions.items():
        if not expanded:
            fixes[word] = corrections(word, spelling(files, meta, word))
            for term in fixes[word]:
                load(term, whole_word=True)
    scores: dict[int, int] = defaultdict(int)
    matched: dict[int, set[str]] = defaultdict(set)  # words matched as typed, not corrected
    clauses_per_term: dict[str, int] = defaultdict(int)
    for word in words:
        for term in expansions[word] or fixes[word]:
            clauses_per_term[term] += 1
            for number, weight in loaded[term].items():
                scores[number] += weight
                if expansions[word]:
                    matched[number].add(word)
    # lunr's query vector has, per expanded term, the number of clauses that gave it
    magnitude = math.sqrt(sum(count * count for count in clauses_per_term.values()))
    documents = chunked_documents(files, scores)
    distinct = list(dict.fromkeys(words))
    ranked = []
    for number, total in scores.items():
        location = documents[number][0]
        found = len(matched[number])
        # Material counts the words a page lacks only when they are not stop words
        considered = found + sum(
            1 for word in distinct if word not in matched[number] and word not in STOP_WORDS
        )
        boost = ("#" not in location) + found / considered
        ranked.append((location, total / 1000 / magnitude * (1 + boost**2), number))
    ranked.sort(key=lambda item: (-item[1], item[2]))
    return [(location, score) for location, score, _ in ranked[:limit]]


def spelling(files: dict[str, bytes], meta: dict, word: str) -> list[str]:
    """The published words a typo of `word` could be, shortest first (spell/<n>.json)."""
    lengths = set(meta.get("spell", ()))
    return [
        term
        for length in range(len(word) - LENGTH_SLACK, len(word) + LENGTH_SLACK + 1)
        if typo_edits(word) and length in lengths
        for term in json.loads(files[f"spell/{length}.json"])
    ]


def chunked_documents(files: dict[str, bytes], numbers) -> dict[int, list]:
    meta = json.loads(files["shards.json"])
    chunk = meta["chunk"]
    documents = {}
    for number in numbers:
        documents[number] = json.loads(files[f"docs/{number // chunk}.json"])[number % chunk]
    return documents
