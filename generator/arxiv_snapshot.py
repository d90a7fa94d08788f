"""arXiv's metadata snapshot as a source for `paper-catalog enrich`: a local copy of
Kaggle's arxiv-metadata-oai-snapshot.json (one JSON object a line, several gigabytes),
read once, line by line, for all the papers at once.

The papers are indexed first (by arXiv id; papers without one by normalised title and by
their abstract's opening words), so a line costs a JSON parse and three dictionary
lookups. Memory holds that index and the best record found for each paper, never the
file. A line that is not what it should be is reported with its line number, and the
scan goes on.
"""

from __future__ import annotations

import datetime
import email.utils
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from . import progress
from .dedupe import abstract_similarity
from .lookup import Candidate, Found
from .metadata import ARXIV_ID, DOI, PublicationDate
from .model import CatalogError, Paper, Problem
from .text import normalize

SOURCE = "arxiv-snapshot"
OPENING_WORDS = 12
OPENING_CHARS = 400  # normalise this much of an abstract for its opening, not all of it
LOG_EVERY = 250_000  # snapshot lines between two progress lines in logs (CI)
BAR_EVERY = 10_000  # lines between two updates of the bar on a terminal
SNAPSHOT_HINT = (
    "download arxiv-metadata-oai-snapshot.json from Kaggle's arXiv dataset, "
    "or leave out --snapshot to ask the arXiv API"
)


def opening(text: str) -> str:
    """The first OPENING_WORDS normalised words, the same for any spacing of the text."""
    words = normalize(text[:OPENING_CHARS]).split()
    if len(words) <= OPENING_WORDS:  # the cut may have split the last word: take it all
        words = normalize(text).split()
    return " ".join(words[:OPENING_WORDS])


@dataclass(frozen=True)
class PaperIndex:
    """Paper ids by the keys a snapshot line is looked up with, and normalised abstracts."""

    by_arxiv_id: dict[str, tuple[str, ...]]
    by_title: dict[str, tuple[str, ...]]
    by_opening: dict[str, tuple[str, ...]]
    abstracts: dict[str, str]

    @classmethod
    def build(cls, papers: Sequence[Paper]) -> PaperIndex:
        by_arxiv_id, by_title, by_opening = defaultdict(list), defaultdict(list), defaultdict(list)
        for paper in sorted(papers, key=lambda paper: paper.id):
            if paper.arxiv_id:  # a paper with an arXiv id is that record, or needs review
                by_arxiv_id[paper.arxiv_id].append(paper.id)
                continue
            title = "" if paper.title_derived else normalize(paper.title)
            if title:
                by_title[title].append(paper.id)
            if key := opening(paper.abstract):
                by_opening[key].append(paper.id)
        return cls(
            *(
                {key: tuple(ids) for key, ids in index.items()}
                for index in (by_arxiv_id, by_title, by_opening)
            ),
            {paper.id: normalize(paper.abstract) for paper in papers},
        )

    def hits(self, arxiv_id: str, title: str, abstract: str) -> dict[str, str]:
        """The papers a record may be, each with what matched ("id", "title", "abstract")."""
        found: dict[str, str] = {}
        for match, index, key in (
            ("abstract", self.by_opening, opening(abstract)),
            ("title", self.by_title, normalize(title)),
            ("id", self.by_arxiv_id, arxiv_id),
        ):  # the later, more telling match wins for a paper found twice
            for paper_id in index.get(key, ()):
                found[paper_id] = match
        return found


def display_name(parsed: list) -> str:
    """["Family", "Given", "Jr"] as "Given Family Jr", TeX accents made letters."""
    family, given, *rest = (*parsed, "")
    name = " ".join(part for part in (given, family, *rest) if isinstance(part, str) and part)
    if "\\" in name or "{" in name:
        from pylatexenc.latex2text import LatexNodes2Text

        name = LatexNodes2Text().latex_to_text(name)
    return " ".join(name.split())


def first_version_date(versions) -> PublicationDate:
    """The day version 1 was submitted ("Mon, 2 Apr 2007 19:18:42 GMT"), in UTC."""
    if not isinstance(versions, list) or not versions:
        raise ValueError("it has no 'versions'")
    first = next((v for v in versions if isinstance(v, dict) and v.get("version") == "v1"), None)
    first = first or versions[0]
    created = first.get("created") if isinstance(first, dict) else None
    try:
        moment = email.utils.parsedate_to_datetime(created).astimezone(datetime.UTC)
    except (TypeError, ValueError):
        raise ValueError(f"its first version has no valid 'created' date: {created!r}") from None
    return PublicationDate(moment.year, moment.month, moment.day)


def candidate(raw: dict) -> Candidate:
    """A snapshot record as a Candidate; ValueError when a field we need is broken."""
    arxiv_id = raw["id"].strip()
    if not ARXIV_ID.match(arxiv_id):
        raise ValueError(f"its id {arxiv_id!r} is not an arXiv id")
    parsed = raw.get("authors_parsed")
    if not isinstance(parsed, list) or not all(isinstance(name, list) for name in parsed):
        raise ValueError("it has no 'authors_parsed' list")
    authors = tuple(name for name in map(display_name, parsed) if name)
    doi = next(iter((raw.get("doi") or "").split()), None)  # a few records list several
    journal_ref = raw.get("journal-ref")
    return Candidate(
        arxiv_id=arxiv_id,
        title=" ".join(raw["title"].split()),
        abstract=" ".join(raw["abstract"].split()),
        authors=authors,
        published=first_version_date(raw.get("versions")),
        doi=doi if doi and DOI.match(doi) else None,
        journal_ref=" ".join(journal_ref.split()) if isinstance(journal_ref, str) else None,
    )


class Snapshot:
    """The best record for each paper, found in one pass over the snapshot (`prepare`)."""

    source = SOURCE

    def __init__(self, path: Path):
        self.path = path
        self.lines = 0
        self.best: dict[str, tuple[float, Found]] = {}

    def prepare(self, papers: Sequence[Paper]) -> list[Problem]:
        """Read the snapshot for these papers; the lines that could not be read come back
        as warnings."""
        index = PaperIndex.build(papers)
        name = str(self.path)
        try:
            handle = self.path.open("rb")
            size = self.path.stat().st_size
        except OSError as error:
            raise CatalogError(
                [Problem(name, 0, 0, f"cannot read the snapshot: {error.strerror}", SNAPSHOT_HINT)]
            ) from None
        problems: list[Problem] = []
        bar = tqdm(
            total=size,
            desc="snapshot",
            unit="B",
            unit_scale=True,
            disable=not progress.interactive(),
        )
        read = 0
        with handle, bar:
            for number, line in enumerate(handle, 1):
                self.lines = number
                read += len(line)
                if number % BAR_EVERY == 0:
                    bar.update(read - bar.n)
                if number % LOG_EVERY == 0:
                    progress.log(f"snapshot: {number:,} lines, {read / size:.0%}")
                problem = self.read_line(index, name, number, line)
                if problem:
                    problems.append(problem)
            bar.update(read - bar.n)
        return problems

    def read_line(self, index: PaperIndex, name: str, number: int, line: bytes) -> Problem | None:
        line = line.strip()
        if not line:
            return None
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            message = f"not JSON: {error.msg.removesuffix(' at')}"
            return Problem(name, number, error.colno, message, severity="warning")
        except ValueError as error:  # not UTF-8
            return Problem(name, number, 0, f"not JSON: {error}", severity="warning")
        if not isinstance(raw, dict) or not all(
            isinstance(raw.get(key), str) for key in ("id", "title", "abstract")
        ):
            return Problem(
                name,
                number,
                0,
                "not an arXiv record: no 'id', 'title' and 'abstract' texts",
                severity="warning",
            )
        hits = index.hits(raw["id"].strip(), raw["title"], raw["abstract"])
        if not hits:
            return None
        try:
            record = candidate(raw)
        except ValueError as error:
            return Problem(
                name, number, 0, f"arXiv record {raw['id']!r}: {error}", severity="warning"
            )
        theirs = normalize(record.abstract)
        for paper_id, match in hits.items():
            ours = index.abstracts[paper_id]
            score = abstract_similarity(ours, theirs) / 100 if ours and theirs else 0.0
            if paper_id not in self.best or score > self.best[paper_id][0]:
                self.best[paper_id] = (score, Found(record, match, SOURCE))
        return None

    def find(self, paper: Paper) -> Sequence[Found]:
        best = self.best.get(paper.id)
        return (best[1],) if best else ()

    def summary(self) -> str:
        return f"Read {self.lines:,} lines of {self.path}"
