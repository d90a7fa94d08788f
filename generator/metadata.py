"""Metadata: authors, dates, identifiers and venues, with the evidence each rests on.

They live in `seeds/metadata.jsonl`, one JSON object per paper, sorted by id, so that
pull requests (by people, or by `paper-catalog enrich`) touching different papers merge
cleanly and review line by line. A line holds only what is known; every field it holds
names its evidence: where the value came from (source and URL) and how the paper was
matched there (by its arXiv id, its abstract, its title, or by hand). A paper without a
line is a paper we know nothing about: the site then says nothing rather than guessing.

    {"id": "some-paper", "arxiv_id": "2108.04384", "authors": ["Ada Lovelace"],
     "published": "2021-08-09", "venue": {"name": "CVPR", "year": 2022, "type": "conference"},
     "evidence": {"arxiv_id": {"source": "arxiv-api", "url": "https://arxiv.org/abs/2108.04384",
                  "match": "abstract", "score": 0.97}, "authors": {...}, ...}}

Parsing is pure (text in, entries and problems out); `apply_metadata` is the build stage:
papers in, papers with their metadata out, curated values winning over the file's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from .authors import display_name
from .model import (
    FIELDS,
    MATCHES,
    VENUE_TYPES,
    Evidence,
    Metadata,
    Paper,
    Problem,
    PublicationDate,
    Venue,
)

METADATA_FILE = "metadata.jsonl"

ARXIV_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class MetadataFile:
    """The parsed metadata file: entries by paper id."""

    entries: dict[str, Metadata] = field(default_factory=dict)

    def for_paper(self, paper_id: str) -> Metadata | None:
        return self.entries.get(paper_id)


def evidence_json(evidence: Evidence) -> dict:
    found = {"source": evidence.source, "url": evidence.url, "match": evidence.match}
    if evidence.score is not None:
        found["score"] = round(evidence.score, 3)
    return found


def metadata_json(paper_id: str, metadata: Metadata) -> dict:
    """One line of the metadata file, fields in a fixed order (stable diffs)."""
    line: dict = {"id": paper_id}
    if metadata.arxiv_id:
        line["arxiv_id"] = metadata.arxiv_id
    if metadata.doi:
        line["doi"] = metadata.doi
    if metadata.authors:
        line["authors"] = list(metadata.authors)
    if metadata.published:
        line["published"] = metadata.published.iso
    if metadata.venue:
        venue = {"name": metadata.venue.name}
        if metadata.venue.year:
            venue["year"] = metadata.venue.year
        venue["type"] = metadata.venue.type
        line["venue"] = venue
    if metadata.pdf_url:
        line["pdf_url"] = metadata.pdf_url
    if metadata.code_url:
        line["code_url"] = metadata.code_url
    line["evidence"] = {
        name: evidence_json(metadata.evidence[name])
        for name in metadata.known()
        if name in metadata.evidence
    }
    return line


def dump_metadata(entries: dict[str, Metadata]) -> str:
    """The whole file: one line per paper that has any field, sorted by id."""
    lines = [
        json.dumps(metadata_json(paper_id, entries[paper_id]), ensure_ascii=False)
        for paper_id in sorted(entries)
        if entries[paper_id].known()
    ]
    return "".join(line + "\n" for line in lines)


class _LineChecker:
    def __init__(self, name: str, number: int):
        self.name = name
        self.number = number
        self.problems: list[Problem] = []

    def problem(self, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.name, self.number, 0, message, hint))

    def text(self, value, what: str, pattern: re.Pattern | None, hint: str):
        if not isinstance(value, str) or not value.strip():
            self.problem(f"{what} must be a non-empty text, found {value!r}", hint)
            return None
        if pattern and not pattern.match(value):
            self.problem(f"{what} {value!r} is not valid", hint)
            return None
        return value.strip()


def _evidence(check: _LineChecker, paper_id: str, name: str, raw) -> Evidence | None:
    what = f"the evidence for {name!r} of paper {paper_id!r}"
    hint = 'write {"source": "...", "url": "https://...", "match": "abstract"}'
    if not isinstance(raw, dict):
        check.problem(f"{what} is missing", hint)
        return None
    unknown = sorted(set(raw) - {"source", "url", "match", "score"})
    if unknown:
        check.problem(f"{what} has unknown fields {unknown}", hint)
    source = check.text(raw.get("source"), f"'source' in {what}", None, hint)
    url = raw.get("url", "")
    if url and not (isinstance(url, str) and URL.match(url)):
        check.problem(f"'url' in {what} must be an http(s) URL, found {url!r}")
        url = ""
    match = raw.get("match", "id")
    if match not in MATCHES:
        check.problem(f"'match' in {what} is {match!r}", "one of: " + ", ".join(MATCHES))
        return None
    score = raw.get("score")
    if score is not None and not (
        isinstance(score, int | float) and not isinstance(score, bool) and 0 <= score <= 1
    ):
        check.problem(f"'score' in {what} must be a number from 0 to 1, found {score!r}")
        score = None
    return Evidence(source, url, match, score) if source else None


def parse_entry(check: _LineChecker, raw: dict) -> tuple[str, Metadata] | None:
    """One line's paper id and metadata; problems go to `check`."""
    paper_id = raw.get("id")
    if not isinstance(paper_id, str) or not paper_id:
        check.problem("the line has no paper 'id'", 'start it with {"id": "paper-id", ...}')
        return None
    unknown = sorted(set(raw) - {"id", "evidence", *FIELDS})
    if unknown:
        check.problem(
            f"paper {paper_id!r} has unknown fields {unknown}", "allowed: " + ", ".join(FIELDS)
        )
    values: dict = {}
    if "arxiv_id" in raw:
        values["arxiv_id"] = check.text(
            raw["arxiv_id"], "'arxiv_id'", ARXIV_ID, 'write it without version, like "2108.04384"'
        )
    if "doi" in raw:
        values["doi"] = check.text(raw["doi"], "'doi'", DOI, 'write it like "10.1145/3442188"')
    for name in ("pdf_url", "code_url"):
        if name in raw:
            values[name] = check.text(raw[name], f"{name!r}", URL, "an http(s) URL")
    if "authors" in raw:
        authors = raw["authors"]
        if (
            isinstance(authors, list)
            and authors
            and all(isinstance(a, str) and a.strip() for a in authors)
        ):
            values["authors"] = tuple(display_name(author) for author in authors)
        else:
            check.problem(
                f"'authors' of paper {paper_id!r} must be a non-empty list of names",
                '["Given Family", ...]',
            )
    if "published" in raw:
        try:
            values["published"] = PublicationDate.parse(raw["published"])
        except ValueError as error:
            check.problem(f"'published' of paper {paper_id!r}: {error}")
    if "venue" in raw:
        venue = raw["venue"]
        ok = isinstance(venue, dict) and isinstance(venue.get("name"), str) and venue["name"]
        year = venue.get("year") if ok else None
        kind = venue.get("type", "conference") if ok else None
        if not ok or (year is not None and not isinstance(year, int)) or kind not in VENUE_TYPES:
            check.problem(
                f"'venue' of paper {paper_id!r} must be "
                '{"name": "...", "year": 2022, "type": "conference|journal|workshop"}'
            )
        else:
            values["venue"] = Venue(" ".join(venue["name"].split()), year, kind)
    values = {name: value for name, value in values.items() if value}
    raw_evidence = raw.get("evidence", {})
    if not isinstance(raw_evidence, dict):
        check.problem(f"'evidence' of paper {paper_id!r} must map field names to evidence")
        raw_evidence = {}
    evidence = {}
    for name in values:
        found = _evidence(check, paper_id, name, raw_evidence.get(name))
        if found:
            evidence[name] = found
    return paper_id, Metadata(**values, evidence=evidence)


def parse_metadata(
    name: str, text: str | None, paper_ids: Collection[str] | None = None
) -> tuple[MetadataFile, list[Problem]]:
    """The metadata file's entries; every line is checked and every problem reported.

    With `paper_ids`, a line for a paper the catalog does not have is a warning (its id
    changed, or it was mistyped); a line out of id order is an error.
    """
    if text is None:
        return MetadataFile(), []
    entries: dict[str, Metadata] = {}
    first_line: dict[str, int] = {}
    problems: list[Problem] = []
    previous = ""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        check = _LineChecker(name, number)
        try:
            raw = json.loads(line)
        except ValueError as error:
            check.problem(f"not a JSON object: {error}", "each line is one JSON object")
            problems += check.problems
            continue
        if not isinstance(raw, dict):
            check.problem("not a JSON object", "each line is one JSON object")
            problems += check.problems
            continue
        parsed = parse_entry(check, raw)
        if parsed:
            paper_id, metadata = parsed
            if paper_id in first_line:
                check.problem(
                    f"paper {paper_id!r} already has a line ({first_line[paper_id]})",
                    "merge the two lines",
                )
            elif paper_ids is not None and paper_id not in paper_ids:
                # Not an error: merging two papers, or a curated title, changes an id, and
                # the metadata of the old id must not stop the build.
                check.problems.append(
                    Problem(
                        name,
                        number,
                        0,
                        f"no paper has the id {paper_id!r}: this line is not used",
                        "move it to the paper's new id (see its URL), or delete it",
                        "warning",
                    )
                )
            else:
                if paper_id < previous:
                    check.problem(
                        f"paper {paper_id!r} comes after {previous!r}",
                        "keep the lines sorted by id",
                    )
                previous = paper_id
                first_line[paper_id] = number
                entries[paper_id] = metadata
        problems += check.problems
    return MetadataFile(entries), problems


def merged(gathered: Metadata | None, curated: Metadata | None) -> Metadata:
    """Field by field, the curated value (by hand, in curation.yml) over the gathered one."""
    gathered, curated = gathered or Metadata(), curated or Metadata()
    values, evidence = {}, {}
    for name in FIELDS:
        source = curated if getattr(curated, name) else gathered
        values[name] = getattr(source, name)
        if values[name] and name in source.evidence:
            evidence[name] = source.evidence[name]
    return Metadata(**values, evidence=evidence)


def apply_metadata(
    papers: Sequence[Paper], gathered: MetadataFile, curated: Mapping[str, Metadata]
) -> list[Paper]:
    """The metadata stage: each paper with what the metadata file and its curation entry
    know about it (by paper id), curated fields winning."""
    return [
        replace(paper, metadata=merged(gathered.for_paper(paper.id), curated.get(paper.id)))
        if paper.id in gathered.entries or paper.id in curated
        else paper
        for paper in papers
    ]
