"""Deduplication: raw records to papers.

Three steps, each linear in the number of records apart from small candidate blocks:
1. normalise titles and abstracts (case, punctuation, dashes, quotes, ligatures, entities);
2. block: records that share a key (exact title, sorted title words, the title minus one
   word, the abstract's opening words, a min-hash of its word shingles) become candidate
   pairs, so we never score all pairs;
3. score each candidate pair with rapidfuzz, titles and abstracts together (an abstract can
   confirm or refute a title match), and join accepted pairs, strongest first, in a
   union-find that refuses to join records known to be different papers.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import combinations

import yaml
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .identity import assign_ids
from .model import Paper, Record
from .text import normalize

# Scores are rapidfuzz percentages (0-100).
ABSTRACT_SAME = 97  # abstracts this alike are one paper whatever the titles say
ABSTRACT_CONFIRMS = 90  # enough to merge a reordered title, or an abstract-only record
ABSTRACT_EDITED = 70  # enough for an identical or one-typo title ("lightly edited")
ABSTRACT_REFUTES = 60  # below this, two abstracts are two papers, whatever the titles say
TRUNCATED_MIN_CHARS = 150  # a shorter abstract is too little to call it a truncation
MAX_TITLE_EDITS = 2  # a one-letter typo, or two swapped letters
MIN_TYPO_TITLE_CHARS = 12  # short titles must match exactly: "GPT-3" is not "GPT-J"
MAX_BLOCK = 200  # a fuzzy block larger than this carries no information
SHINGLE_WORDS = 4
SHINGLE_SPAN = 40  # words of the abstract's start used for shingles: keeps 100k records fast
MINHASH_KEYS = 4
MINHASH_BAND = 2
PREFIX_WORDS = 12
DERIVED_TITLE_WORDS = 12
SPELLING = "spelling.yml"  # British -> American folds, as data
MIN_STEM = 3  # letters before a folded ending: shorter words are left alone

NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Normalized:
    title: str | None
    abstract: str | None


def normalize_record(record: Record) -> Normalized:
    """A record as it is compared: normalised, its title in American spelling (its abstract
    too, where blocking_keys reads it; rapidfuzz tolerates the rest)."""
    return Normalized(
        american(normalize(record.title)) if record.title else None,
        normalize(record.abstract) if record.abstract else None,
    )


@cache
def spelling() -> tuple[dict[str, str], dict[str, str], re.Pattern]:
    """generator/spelling.yml: whole words, and word endings (longest first, as a pattern)."""
    data = yaml.safe_load(resources.files(__package__).joinpath(SPELLING).read_text("utf-8"))
    endings = sorted(data["endings"], key=len, reverse=True)
    ending = re.compile("(?:" + "|".join(map(re.escape, endings)) + ")$")
    return data["words"], data["endings"], ending


@lru_cache(maxsize=1 << 16)
def american_word(word: str) -> str:
    words, endings, ending = spelling()
    if word in words:
        return words[word]
    found = ending.search(word)
    if found and found.start() >= MIN_STEM:
        return word[: found.start()] + endings[found.group()]
    return word


def american(text: str) -> str:
    """Normalised text with British spellings folded to American ones (spelling.yml)."""
    return " ".join(map(american_word, text.split()))


def title_relation(a: str, b: str) -> str:
    """How two normalised titles relate: same, near (a typo), reordered, or different."""
    if a == b:
        return "same"
    numbers_a, numbers_b = NUMBER.findall(a), NUMBER.findall(b)
    if sorted(numbers_a) != sorted(numbers_b):
        return "different"  # "KAN 2.0" is not "KAN", "GPT-3" is not "GPT-4"
    if sorted(a.split()) == sorted(b.split()):
        return "reordered"
    if (
        min(len(a), len(b)) >= MIN_TYPO_TITLE_CHARS
        and numbers_a == numbers_b
        and Levenshtein.distance(a, b, score_cutoff=MAX_TITLE_EDITS) <= MAX_TITLE_EDITS
    ):
        return "near"
    return "different"


def abstract_similarity(a: str, b: str, cutoff: float = 0) -> float:
    """Similarity of two normalised abstracts, treating a truncated copy as a match.

    Scores below `cutoff` come back as 0: rapidfuzz then gives up early, which is much
    faster when only a high score would change the decision.
    """
    short, long = sorted((a, b), key=len)
    score = fuzz.ratio(short, long, score_cutoff=cutoff)
    if TRUNCATED_MIN_CHARS <= len(short) < len(long):
        score = max(score, fuzz.ratio(short, long[: len(short)], score_cutoff=cutoff))
    return score


def judge(a: Normalized, b: Normalized) -> tuple[bool, float, bool]:
    """Are two records one paper? Returns (same, strength, refuted).

    Strength orders the joins. Refuted: both abstracts are known and clearly different, so
    the records must never end up in one paper, whatever links them (computed here so the
    costly abstract comparison runs once per pair).
    """
    relation = title_relation(a.title, b.title) if a.title and b.title else None
    similarity = None
    if a.abstract and b.abstract:
        # Titles that differ: only near-identical abstracts could still make one paper, and
        # nothing links the two records closely enough to need a refutation.
        cutoff = ABSTRACT_SAME if relation == "different" else 0
        similarity = abstract_similarity(a.abstract, b.abstract, cutoff)
    same, strength = _decide(relation, similarity)
    refuted = relation != "different" and similarity is not None and similarity < ABSTRACT_REFUTES
    return same, strength, refuted


def _decide(relation: str | None, similarity: float | None) -> tuple[bool, float]:
    if similarity is not None and similarity >= ABSTRACT_SAME:
        return True, 200 + similarity
    if relation is None:  # at least one record has no title: only the abstract can tell
        return (similarity is not None and similarity >= ABSTRACT_CONFIRMS), similarity or 0
    if similarity is None:  # at least one has no abstract: only the title can tell
        return relation in ("same", "near"), 100 if relation == "same" else 90
    if relation in ("same", "near"):
        return similarity >= ABSTRACT_EDITED, 100 + similarity
    if relation == "reordered":
        return similarity >= ABSTRACT_CONFIRMS, 100 + similarity
    return False, similarity


def blocking_keys(norm: Normalized) -> Iterable[str]:
    """Keys that put likely duplicates in one block (all but EXACT_KEY are fuzzy, and capped)."""
    if norm.title:
        words = norm.title.split()
        yield "t:" + norm.title
        yield "s:" + " ".join(sorted(words))
        if len(words) >= 3:
            for skip in range(len(words)):
                yield "d:" + " ".join(words[:skip] + words[skip + 1 :])
    if norm.abstract:
        span = american(" ".join(norm.abstract.split(maxsplit=SHINGLE_SPAN)[:SHINGLE_SPAN]))
        span = span.split()
        yield "p:" + " ".join(span[:PREFIX_WORDS])
        # A shingle is SHINGLE_WORDS consecutive words: a slice of the joined bytes.
        text = " ".join(span).encode()
        starts = [0]
        for word in span:
            starts.append(starts[-1] + len(word.encode()) + 1)
        last = max(1, len(span) - SHINGLE_WORDS + 1)
        shingles = {
            zlib.crc32(text[starts[i] : starts[min(i + SHINGLE_WORDS, len(span))] - 1])
            for i in range(last)
        }
        # Bands of two: a shared band means two shared shingles among the few smallest, so
        # abstracts that merely open with a common phrase seldom meet.
        lowest = sorted(shingles)[:MINHASH_KEYS]
        for band in range(0, len(lowest), MINHASH_BAND):
            yield "h:" + "-".join(map(str, lowest[band : band + MINHASH_BAND]))


EXACT_KEY = "t:"  # an exact title: every other kind of key is fuzzy, and capped at MAX_BLOCK


def candidate_pairs(norms: Sequence[Normalized]) -> set[tuple[int, int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, norm in enumerate(norms):
        for key in blocking_keys(norm):
            blocks[key].append(index)
    pairs: set[tuple[int, int]] = set()
    for key, members in blocks.items():
        if len(members) < 2 or (len(members) > MAX_BLOCK and not key.startswith(EXACT_KEY)):
            continue
        pairs.update(combinations(sorted(set(members)), 2))
    return pairs


class UnionFind:
    """Union-find whose sets can be kept apart (curated, or refuted by their abstracts)."""

    def __init__(self, size: int):
        self.parent = list(range(size))
        self.apart: dict[int, set[int]] = defaultdict(set)

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def keep_apart(self, a: int, b: int) -> None:
        self.apart[a].add(b)
        self.apart[b].add(a)

    def can_join(self, a: int, b: int) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        return root_a == root_b or not any(self.find(x) == root_b for x in self.apart[root_a])

    def join(self, a: int, b: int) -> None:
        root_a, root_b = sorted((self.find(a), self.find(b)))
        if root_a != root_b:
            self.parent[root_b] = root_a
            self.apart[root_a] |= self.apart.pop(root_b, set())


@dataclass(frozen=True)
class DedupeRules:
    """Maintainers' decisions, by record reference ("file.txt:LINE")."""

    same: tuple[tuple[str, ...], ...] = ()
    different: tuple[tuple[str, ...], ...] = ()


def cluster(records: Sequence[Record], rules: DedupeRules = DedupeRules()) -> list[list[Record]]:
    """Group records into papers. Every record lands in exactly one group."""
    norms = [normalize_record(record) for record in records]
    index_of = {record.ref: index for index, record in enumerate(records)}
    groups = UnionFind(len(records))
    for refs in rules.different:
        for a, b in combinations(refs, 2):
            groups.keep_apart(index_of[a], index_of[b])
    accepted: list[tuple[float, int, int]] = []
    for a, b in sorted(candidate_pairs(norms)):
        same, strength, refuted = judge(norms[a], norms[b])
        if same:
            accepted.append((-strength, a, b))
        elif refuted:
            groups.keep_apart(a, b)
    for refs in rules.same:
        for ref in refs[1:]:
            groups.join(index_of[refs[0]], index_of[ref])
    for _, a, b in sorted(accepted):
        if groups.can_join(a, b):
            groups.join(a, b)
    members: dict[int, list[Record]] = defaultdict(list)
    for index, record in enumerate(records):
        members[groups.find(index)].append(record)
    return sorted((sorted(group) for group in members.values()), key=lambda group: group[0])


def pick_title(records: Sequence[Record]) -> str | None:
    """The most common spelling; ties go to the earliest record."""
    titles = [record.title for record in records if record.title]
    if not titles:
        return None
    counts = Counter(titles)
    return max(titles, key=lambda title: (counts[title], -titles.index(title)))


def pick_abstract(records: Sequence[Record]) -> str:
    """The longest abstract: the others are truncated or trimmed copies of it."""
    abstracts = [record.abstract for record in records if record.abstract]
    if not abstracts:
        return ""
    return max(abstracts, key=lambda text: (len(text), -abstracts.index(text)))


def derive_title(abstract: str) -> str:
    """A readable stand-in title from the abstract's first words.

    Its sentence end is looser than text.first_sentence's (any space after . ! ?): the ids
    of abstract-only papers are made from it, and curation keys on those ids.
    """
    first_sentence = re.split(r"(?<=[.!?])\s", abstract, maxsplit=1)[0]
    words = first_sentence.split()
    if len(words) <= DERIVED_TITLE_WORDS:
        return first_sentence.rstrip(".")
    return " ".join(words[:DERIVED_TITLE_WORDS]).rstrip(",;:") + "\u2026"


def make_papers(groups: Sequence[Sequence[Record]]) -> list[Paper]:
    """One paper per group of records: its title, its longest abstract, its id (sorted by id)."""
    drafts = []
    for group in groups:
        abstract = pick_abstract(group)
        drafts.append((pick_title(group) or derive_title(abstract), group, abstract))
    papers = [
        Paper(
            id=paper_id,
            title=title,
            abstract=abstract,
            records=tuple(group),
            title_derived=not any(record.title for record in group),
        )
        for paper_id, (title, group, abstract) in zip(assign_ids(drafts), drafts, strict=True)
    ]
    return sorted(papers, key=lambda paper: paper.id)


def dedupe(records: Sequence[Record], rules: DedupeRules = DedupeRules()) -> list[Paper]:
    return make_papers(cluster(records, rules))
