"""Synthetic seed folders for benchmarks, made from the real seeds.

`write_synthetic(seeds, out, n)` writes a seed folder holding n distinct papers plus about
10% near-duplicate records, in the two real seed formats, with the real taxonomy.yml (not
curation.yml: its paper ids would not exist). Everything is deterministic for a given seed.

- Titles recombine real ones: a real head ("RaftMLP:") with a tail made by crossing two real
  tails of the same length, or two or three real titles of the same length crossed at random
  word positions. Every title is distinct after normalisation, and so is its set of words.
- Abstracts take the sentence count of a real abstract, an opening sentence of a real
  abstract and further real sentences; in each sentence, some lowercase words of five or more
  letters are swapped for words drawn from the real abstracts (by frequency). Without the
  swaps, 100,000 abstracts built from the ~4,750 real sentences would repeat each sentence
  about 160 times: a corpus of near-copies whose dedupe blocks look nothing like real data.
- Near-duplicates are the kinds the dedupe handles: a case change, a punctuation change, a
  Unicode dash, a one-letter typo in the title, a truncated abstract, and an abstract-only
  copy of a titled record (in an abstract list).
- About 2.5% of the papers have no title at all (as in the real seeds): abstract lists only.

Files hold 200 records each, like the real daily dumps: trending-papers dumps (two header
lines, the first title glued to "Subscribe", then title and abstract lines) and abstract
lists ("Abstract:<text>" per line).

Run `python benchmarks/synthetic.py N OUT_DIR` to write one folder by hand.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator.curation import TAXONOMY_FILE
from generator.dedupe import dedupe, normalize
from generator.model import Paper
from generator.sources import read_seeds

DUMP_HEADER = (
    "Get trending papers in your email inbox once a day!\n"
    "Get trending papers in your email inbox!\n"
)
RECORDS_PER_FILE = 200
DUPLICATE_SHARE = 0.10
ABSTRACT_ONLY_SHARE = 0.025
COLON_SHARE = 0.43  # of the real titles, 265 of 612 have a colon
WORD_SWAP = 0.5  # chance that a lowercase word of 5+ letters is swapped for another real one
MIN_ABSTRACT_WORDS = 45  # synthetic abstracts are long prose, as the real ones are
TRUNCATE_RANGE = (0.55, 0.9)
NEAR_DUPLICATE_KINDS = ("case", "punctuation", "dash", "typo", "truncated", "abstract_only")
ROMAN = ("II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
SWAPPABLE_WORD = re.compile(r"\b[a-z]{5,}\b")
TYPO_WORD = re.compile(r"[A-Za-z]{4,}")
DASHES = ("\u2010", "\u2013", "\u2014")


@dataclass(frozen=True)
class Abstract:
    sentences: list[str]
    words: list[str]  # its lowercase words of five or more letters


@dataclass(frozen=True)
class Corpus:
    """The real fragments synthetic papers are built from."""

    heads: list[str]
    tails_by_length: dict[int, list[list[str]]]
    titles_by_length: dict[int, list[list[str]]]
    abstracts: list[Abstract]

    @classmethod
    def from_papers(cls, papers: list[Paper]) -> Corpus:
        heads, tails, titles = [], defaultdict(list), defaultdict(list)
        for paper in papers:
            if paper.title_derived:
                continue
            head, colon, tail = paper.title.partition(": ")
            if colon and tail.split():
                heads.append(head)
                tails[len(tail.split())].append(tail.split())
            else:
                titles[len(paper.title.split())].append(paper.title.split())
        abstracts = [
            Abstract(SENTENCE_BREAK.split(paper.abstract), SWAPPABLE_WORD.findall(paper.abstract))
            for paper in papers
        ]
        return cls(heads, dict(tails), dict(titles), abstracts)


def cross(rng: random.Random, group: list[list[str]]) -> list[str]:
    """Words of up to three same-length titles, switching title at random positions."""
    length = len(group[0])
    parts = rng.sample(group, min(len(group), 3 if length >= 6 else 2))
    cuts = sorted(rng.sample(range(1, length), min(len(parts) - 1, length - 1)))
    words, start = [], 0
    for part, end in zip(parts, [*cuts, length], strict=False):
        words.extend(part[start:end])
        start = end
    return words


def pick_length(rng: random.Random, by_length: dict[int, list[list[str]]]) -> list[list[str]]:
    """A group of same-length titles, chosen with the real distribution of lengths."""
    lengths = list(by_length)
    return by_length[rng.choices(lengths, weights=[len(by_length[n]) for n in lengths])[0]]


class TitleMaker:
    """Distinct recombined titles: no two share a normalised form or a set of words."""

    def __init__(self, corpus: Corpus, rng: random.Random):
        self.corpus, self.rng = corpus, rng
        self.seen: set[str] = set()
        self.suffixed = 0

    def draft(self) -> str:
        rng, corpus = self.rng, self.corpus
        if rng.random() < COLON_SHARE:
            tail = cross(rng, pick_length(rng, corpus.tails_by_length))
            return f"{rng.choice(corpus.heads)}: {' '.join(tail)}"
        return " ".join(cross(rng, pick_length(rng, corpus.titles_by_length)))

    def claim(self, title: str) -> bool:
        words = normalize(title).split()
        keys = (" ".join(words), "sorted:" + " ".join(sorted(words)))
        if not words or any(key in self.seen for key in keys):
            return False
        self.seen.update(keys)
        return True

    def make(self) -> str:
        for _ in range(50):
            title = self.draft()
            if self.claim(title):
                return title
        # Practically never reached; a numbered part keeps the paper distinct and realistic.
        for suffix in ROMAN:
            if self.claim(f"{title} {suffix}"):
                self.suffixed += 1
                return f"{title} {suffix}"
        raise RuntimeError("could not make a distinct title")


def make_abstract(corpus: Corpus, rng: random.Random) -> str:
    """Sentences of two real abstracts, in their order, with some words swapped.

    Two donors on (usually) different subjects give a tag mix close to the real one; the
    swapped words come from the donors too, so the vocabulary stays on their subjects.
    """
    first, second = rng.sample(corpus.abstracts, 2)
    words = first.words + second.words

    def vary(sentence: str) -> str:
        return SWAPPABLE_WORD.sub(
            lambda m: rng.choice(words) if rng.random() < WORD_SWAP else m.group(), sentence
        )

    parts = [first.sentences[0]]
    for position in range(1, len(first.sentences)):
        donor = first if rng.random() < 0.5 or position >= len(second.sentences) else second
        parts.append(donor.sentences[position])
    while len(" ".join(parts).split()) < MIN_ABSTRACT_WORDS:
        parts.append(rng.choice(second.sentences))
    return " ".join(vary(part) for part in parts)


def typo(title: str, rng: random.Random) -> str | None:
    """The title with one letter of one word changed, or None when it is too short."""
    words = list(TYPO_WORD.finditer(title))
    if len(normalize(title)) < 16 or not words:
        return None
    word = rng.choice(words)
    at = rng.randrange(word.start() + 1, word.end())
    old = title[at]
    new = rng.choice([c for c in "aeiourstnl" if c != old.lower()])
    return title[:at] + (new.upper() if old.isupper() else new) + title[at + 1 :]


def near_duplicate(kind: str, title: str, abstract: str, rng: random.Random):
    """A record (title or None, abstract) that the dedupe should merge with the original."""
    if kind == "case":
        changed = title.lower() if title != title.lower() else title.title()
        return changed[0].upper() + changed[1:], abstract
    if kind == "punctuation":
        if ": " in title:
            return title.replace(": ", " - ", 1), abstract
        stripped = re.sub(r"[,?!.]", "", title)
        return (stripped if stripped != title else title + "."), abstract
    if kind == "dash":
        if "-" in title:
            return title.replace("-", rng.choice(DASHES)), abstract
        if ": " in title:
            return title.replace(": ", " \u2014 ", 1), abstract
        words = title.split()
        return " ".join([*words[:-1], "\u2013", words[-1]]), abstract
    if kind == "typo":
        return typo(title, rng) or title.upper(), abstract
    words = abstract.split()
    if kind == "truncated":
        keep = max(MIN_ABSTRACT_WORDS, int(len(words) * rng.uniform(*TRUNCATE_RANGE)))
        if keep >= len(words):
            return title, abstract
        text = " ".join(words[:keep])
        return title, text + " " + words[keep][: rng.randrange(1, len(words[keep]) + 1)]
    return None, abstract  # abstract_only


@dataclass
class SyntheticStats:
    papers: int = 0
    records: int = 0
    titled: int = 0
    abstract_only_papers: int = 0
    near_duplicates: Counter = field(default_factory=Counter)
    suffixed_titles: int = 0
    files: int = 0


def write_files(out: Path, rng: random.Random, dump_records, list_records) -> int:
    count = 0
    for index in range(0, len(dump_records), RECORDS_PER_FILE):
        chunk = dump_records[index : index + RECORDS_PER_FILE]
        lines = []
        for title, abstract in chunk:
            lines += [title, abstract]
        lines[0] = "Subscribe" + lines[0]
        name = f"{count:04d}_{rng.getrandbits(64):016x}.txt"
        (out / name).write_text(DUMP_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
        count += 1
    for index in range(0, len(list_records), RECORDS_PER_FILE):
        chunk = list_records[index : index + RECORDS_PER_FILE]
        text = "".join(f"Abstract:{abstract}\n" for abstract in chunk)
        name = f"{count:04d}_{rng.getrandbits(64):016x}.txt"
        (out / name).write_text(text, encoding="utf-8")
        count += 1
    return count


def write_synthetic(real_seeds: Path, out: Path, n: int, seed: int = 6) -> SyntheticStats:
    """Write a seed folder of n distinct papers (plus near-duplicates) into out."""
    records, _ = read_seeds(real_seeds)
    corpus = Corpus.from_papers(dedupe(records))
    rng = random.Random(seed)
    titles = TitleMaker(corpus, rng)
    stats = SyntheticStats(papers=n)

    papers: list[tuple[str | None, str]] = []
    for _ in range(n):
        title = None if rng.random() < ABSTRACT_ONLY_SHARE else titles.make()
        papers.append((title, make_abstract(corpus, rng)))
    titled = [paper for paper in papers if paper[0]]

    dump_records = list(titled)
    list_records = [abstract for title, abstract in papers if title is None]
    for original in rng.sample(titled, round(n * DUPLICATE_SHARE)):
        kind = rng.choice(NEAR_DUPLICATE_KINDS)
        title, abstract = near_duplicate(kind, *original, rng)
        stats.near_duplicates[kind] += 1
        if title is None:
            list_records.append(abstract)
        else:
            dump_records.append((title, abstract))
    rng.shuffle(dump_records)
    rng.shuffle(list_records)

    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(real_seeds / TAXONOMY_FILE, out / TAXONOMY_FILE)
    stats.files = write_files(out, rng, dump_records, list_records)
    stats.records = len(dump_records) + len(list_records)
    stats.titled = len(titled)
    stats.abstract_only_papers = n - len(titled)
    stats.suffixed_titles = titles.suffixed
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of distinct papers")
    parser.add_argument("out", type=Path, help="folder to write the seed files into")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="the real seeds")
    parser.add_argument("--seed", type=int, default=6, help="random seed")
    args = parser.parse_args()
    stats = write_synthetic(args.seeds, args.out, args.n, args.seed)
    print(stats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
