"""Turn hand-gathered facts about the catalog's papers into the metadata file.

    python tools/import_facts.py /work/shared/metadata/papers.jsonl \\
        --lookups tools/facts_lookups.jsonl --seeds seeds --output seeds/metadata.jsonl

(those are the defaults; `--catalog papers.json` reads a saved `paper-catalog export`
instead of running it).

The facts file has one JSON object per paper (id, title, arxiv_id, authors, published,
venue, doi, evidence: a list of URLs, check, notes). The lookups file has the same fields
and holds facts found later by hand; a lookup line replaces the facts file's line for its
paper, whole. Every value is kept or dropped by one of the rules below, and the report
printed at the end counts each rule and lists every dropped value with its reason.

Which lines count
  A. Ids must be the catalog's (`paper-catalog export`); an unknown id is an error.
  B. `check: abstract-match` (a page with the id showed an abstract matching the catalog's):
     its arXiv id, authors and DOI are kept, with match "abstract".
  C. `check: title-match` in the facts file: only the title matched, so nothing is kept and
     the paper is listed as needing review. A lookup line may confirm it (rule B, or D).
  D. `check: title-match` in the lookups file: the exact title and the authors or dates were
     checked by hand; its values are kept with match "title".
  E. `check: not-found` (no arXiv id was established): nothing is kept. Values such a line
     holds (authors from a page without an id) are used only when a lookup confirms them.

Values
  F. Evidence: source "public-pages". The arXiv id, authors and date point at
     https://arxiv.org/abs/<id> when an evidence page is about that id (its URL carries the
     id), where all three can be checked; otherwise, and for DOI and venue, at the first
     evidence URL. A proxy URL (`...?q=https%3A...`) is replaced by the page it shows.
  G. Authors: dropped when the notes say the list is partial (AUTHOR_DOUBTS). The doubt
     lists (G, I, J) name lines of the facts file; a lookup line for the paper replaces them.
  H. DOI: arXiv's own DOIs (10.48550/arXiv.<id>) are dropped: they repeat the arXiv id.
  I. Date: the first version's date must agree with the arXiv id, whose YYMM is the month
     the id was assigned: the date lies in that month, or on the 20th or later of the month
     before (a submission announced after the month turned). Otherwise it is dropped, and
     so are dates whose notes doubt their source (DATE_DOUBTS). A paper with an arXiv id and
     no date that holds up gets the id's month ("2021-08"), source "arxiv-id", match
     "derived". A lookup line without an arXiv id keeps its date (nothing to check it by).
  J. Venue: "CVPR 2017", "Findings of EMNLP 2023", "IEEE Transactions on ...", "NeurIPS
     2022 Workshop on ..." become {name, year, type}: the year leaves the name, names are
     normalised (VENUE_WORDS, VENUE_NAMES), the type is workshop when the name says
     Workshop, journal when it matches JOURNALS, conference otherwise. Aggregators often get
     the year wrong, so it is kept only from the paper's first-version year (the kept date's)
     to that year + 2; otherwise, or when no first-version date is known (a paper without
     an arXiv id), the venue keeps its name without a year. A venue whose notes doubt it
     (VENUE_DOUBTS) is dropped.
  K. Curation: papers whose curation.yml entry has an `arxiv:` id are compared with the
     kept id, and disagreements are reported (curation wins at build time anyway).

Before writing, the output is parsed back with `parse_metadata` and must give the same
entries with no problems; on any problem nothing is written and the exit code is 1.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere in the checkout
    sys.path.insert(0, str(ROOT))

from generator.metadata import (  # noqa: E402
    ARXIV_ID,
    DOI,
    Evidence,
    Metadata,
    PublicationDate,
    Venue,
    dump_metadata,
    metadata_json,
    parse_metadata,
)

SOURCE = "public-pages"
DERIVED_SOURCE = "arxiv-id"
CHECKS = ("abstract-match", "title-match", "not-found")
# Rule I: a first version dated this day of the month before the id's month, or later, agrees.
LATE_IN_MONTH = 20
# Rule J: a venue year from the first-version year to this many years after it is kept.
VENUE_YEARS_AFTER = 2

# Rule J. Whole words replaced in venue names.
VENUE_WORDS = {"NIPS": "NeurIPS", "INTERSPEECH": "Interspeech"}
# Rule J. Whole names (after the year is taken out) replaced by their usual form.
VENUE_NAMES = {
    "IEEE TPAMI": "IEEE Transactions on Pattern Analysis and Machine Intelligence",
    "IEEE/ACM TASLP": "IEEE/ACM Transactions on Audio, Speech, and Language Processing",
    "IEEE Transactions on Neural Networks and Learning Systems (TNNLS)": (
        "IEEE Transactions on Neural Networks and Learning Systems"
    ),
}
# Rule J. A venue name matching one of these is a journal.
JOURNALS = (
    r"\bTransactions\b",
    r"\bJournal\b",
    r"\bLetters\b",
    r"^Nature\b",
    r"^TMLR$",
    r"^PNAS$",
    r"^Science$",
    r"^IEEE Access$",
    r"^Neural Networks$",
    r"\bTPAMI\b",
    r"\bTASLP\b",
)
WORKSHOP = r"\bWorkshops?\b"
# Rule J. How a paper was presented is not part of the venue's name.
PRESENTATION = r"\((?:poster|oral|spotlight)\)"

# Rule G. Author lists the notes call partial or unsure.
AUTHOR_DOUBTS = {
    "in-context-learning-and-induction-heads": "partial list ('Catherine Olsson, Nelson "
    "Elhage, et al.')",
    "interpreting-transformer-s-attention-dynamic-memory-and-visualizing-the-semantic": (
        "partial list ('Shahar Katz, et al.')"
    ),
    "mlp-mixer-an-all-mlp-architecture-for-vision": "from an early version; later versions "
    "may add an author",
}
# Rule I. Dates whose notes doubt their source.
DATE_DOUBTS = {
    "the-boundary-of-neural-network-trainability-is-fractal": "from an AI-generated page",
    "clearbuds-wireless-binaural-earbuds-for-learning-based-speech-enhancement": (
        "may be the announcement date (arxivlens)"
    ),
}
# Rule J. Venues whose notes doubt them.
VENUE_DOUBTS = {
    "how-predictable-are-large-language-model-capabilities-a-case-study-on-big-bench": (
        "per liner.com only, 'may be Findings of EMNLP'"
    ),
    "implicit-meta-learning-may-lead-language-models-to-trust-more-reliable-sources": (
        "sources disagree on the year (rleak ICML 2024, liner ICML 2023)"
    ),
}


@dataclass(frozen=True)
class Fact:
    """One line of a facts file."""

    id: str
    title: str = ""
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    venue: str | None = None
    doi: str | None = None
    evidence: tuple[str, ...] = ()
    check: str = "not-found"
    notes: str = ""
    origin: str = "facts"  # "facts" (the shared file) or "lookups"


@dataclass(frozen=True)
class Decision:
    """What happened to one value, and why."""

    paper_id: str
    field: str
    kept: bool
    reason: str
    detail: str = ""


@dataclass
class Report:
    decisions: list[Decision] = field(default_factory=list)
    needs_review: dict[str, str] = field(default_factory=dict)  # title match only (rule C)
    not_found: dict[str, str] = field(default_factory=dict)  # no id established (rule E)
    curation: list[str] = field(default_factory=list)  # disagreements with curation.yml (K)
    problems: list[str] = field(default_factory=list)  # errors: nothing is written

    def keep(self, paper_id: str, name: str, reason: str, detail: str = "") -> None:
        self.decisions.append(Decision(paper_id, name, True, reason, detail))

    def drop(self, paper_id: str, name: str, reason: str, detail: str = "") -> None:
        self.decisions.append(Decision(paper_id, name, False, reason, detail))


def fact_from_json(raw: Mapping, origin: str) -> Fact:
    """A line of a facts file; ValueError names what is wrong with it."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str):
        raise ValueError("not an object with an 'id'")
    unknown = sorted(set(raw) - (set(Fact.__dataclass_fields__) - {"origin"}))
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    if raw.get("check") not in CHECKS:
        raise ValueError(f"'check' is {raw.get('check')!r}, not one of {', '.join(CHECKS)}")
    return Fact(
        id=raw["id"],
        title=raw.get("title") or "",
        arxiv_id=raw.get("arxiv_id") or None,
        authors=tuple(" ".join(str(name).split()) for name in raw.get("authors") or ()),
        published=raw.get("published") or None,
        venue=raw.get("venue") or None,
        doi=raw.get("doi") or None,
        evidence=tuple(raw.get("evidence") or ()),
        check=raw["check"],
        notes=raw.get("notes") or "",
        origin=origin,
    )


def read_facts(path: Path, origin: str, problems: list[str]) -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            fact = fact_from_json(json.loads(line), origin)
        except ValueError as error:
            problems.append(f"{path}:{number}: {error}")
            continue
        if fact.id in facts:
            problems.append(f"{path}:{number}: paper {fact.id!r} has a line already")
        facts[fact.id] = fact
    return facts


def arxiv_month(arxiv_id: str) -> tuple[int, int]:
    """The year and month an arXiv id was assigned: 2108.04384 and math/0501001 by YYMM."""
    yymm = arxiv_id.split("/")[-1][:4]
    year, month = int(yymm[:2]), int(yymm[2:])
    return (1900 + year if year >= 91 else 2000 + year), month


def date_agrees(published: datetime.date, arxiv_id: str) -> bool:
    """Rule I: in the id's month, or from the LATE_IN_MONTH-th of the month before."""
    year, month = arxiv_month(arxiv_id)
    if (published.year, published.month) == (year, month):
        return True
    before = (year, month - 1) if month > 1 else (year - 1, 12)
    return (published.year, published.month) == before and published.day >= LATE_IN_MONTH


def parse_venue(text: str) -> Venue | None:
    """Rule J: "CVPR 2017" -> Venue("CVPR", 2017, "conference"); None without a name."""
    years = sorted(set(re.findall(r"\b(?:19|20)\d{2}\b", text)))
    if len(years) > 1:
        return None  # two years: which one is the venue's?
    name = text
    if years:
        year_pattern = rf"\(\s*{years[0]}\s*\)|\b{years[0]}\b"
        name = re.sub(year_pattern, " ", name)
    name = re.sub(PRESENTATION, " ", name, flags=re.IGNORECASE)
    name = re.sub(r"\s+([,)])", r"\1", re.sub(r"\(\s+", "(", name))
    name = re.sub(r",\s*\)", ")", name).replace("()", "")
    name = " ".join(name.split()).strip(" ,;")
    for word, usual in VENUE_WORDS.items():
        name = re.sub(rf"\b{re.escape(word)}\b", usual, name)
    name = VENUE_NAMES.get(name, name)
    if not name:
        return None
    if re.search(WORKSHOP, name, flags=re.IGNORECASE):
        kind = "workshop"
    elif any(re.search(pattern, name) for pattern in JOURNALS):
        kind = "journal"
    else:
        kind = "conference"
    return Venue(name, int(years[0]) if years else None, kind)


def venue_year_holds(venue_year: int, first_year: int) -> bool:
    """Rule J: from the first version's year to VENUE_YEARS_AFTER years later."""
    return first_year <= venue_year <= first_year + VENUE_YEARS_AFTER


def page_url(url: str) -> str:
    """Rule F: the page a proxy showed (its ?q= or ?url= parameter), else the URL itself."""
    query = parse_qs(urlsplit(url).query)
    for key in ("q", "url", "u"):
        for value in query.get(key, ()):
            if re.match(r"^https?://\S+$", value):
                return value
    return url


def doubted(fact: Fact, doubts: Mapping[str, str]) -> bool:
    """The doubt lists are about the facts file's values; a lookup line replaced them."""
    return fact.origin == "facts" and fact.id in doubts


def is_arxiv_doi(doi: str) -> bool:
    return doi.lower().startswith("10.48550/arxiv.")


def convert(fact: Fact, report: Report) -> Metadata | None:
    """One paper's metadata from its facts line, by the rules above; None for nothing."""
    paper = fact.id
    values = {
        "arxiv_id": fact.arxiv_id,
        "authors": fact.authors,
        "doi": fact.doi,
        "published": fact.published,
        "venue": fact.venue,
    }
    present = [name for name, value in values.items() if value]
    if fact.check == "not-found":
        for name in present:
            report.drop(paper, name, "E: paper not identified (not-found)", str(values[name]))
        return None
    if fact.check == "title-match" and fact.origin == "facts":
        for name in present:
            report.drop(paper, name, "C: title match only, not confirmed", str(values[name]))
        report.needs_review[paper] = fact.notes
        return None
    match = "abstract" if fact.check == "abstract-match" else "title"
    urls = [page_url(url) for url in fact.evidence if re.match(r"^https?://\S+$", url)]
    first_url = urls[0] if urls else ""
    reason = f"{'B' if match == 'abstract' else 'D'}: {match} match ({fact.origin})"

    arxiv_id = fact.arxiv_id
    if arxiv_id and not ARXIV_ID.match(arxiv_id):
        report.drop(paper, "arxiv_id", "not an arXiv id", arxiv_id)
        arxiv_id = None
    about_id = bool(arxiv_id) and any(arxiv_id in url for url in fact.evidence)
    id_url = f"https://arxiv.org/abs/{arxiv_id}" if about_id else first_url
    found: dict = {}
    evidence: dict[str, Evidence] = {}

    def keep(name: str, value, url: str, why: str = reason, detail: str = "") -> None:
        found[name] = value
        evidence[name] = Evidence(SOURCE, url, match)
        report.keep(paper, name, why, detail)

    if arxiv_id:
        keep("arxiv_id", arxiv_id, id_url)
    if fact.authors:
        if doubted(fact, AUTHOR_DOUBTS):
            report.drop(paper, "authors", "G: notes doubt the list", AUTHOR_DOUBTS[paper])
        elif any(not name for name in fact.authors):
            report.drop(paper, "authors", "G: an empty name", repr(fact.authors))
        else:
            keep("authors", fact.authors, id_url)
    if fact.doi:
        if is_arxiv_doi(fact.doi):
            same = arxiv_id and fact.doi.lower() == f"10.48550/arxiv.{arxiv_id}"
            why = "H: arXiv's own DOI" + ("" if same else " (names another id!)")
            report.drop(paper, "doi", why, fact.doi)
        elif not DOI.match(fact.doi):
            report.drop(paper, "doi", "H: not a DOI", fact.doi)
        else:
            keep("doi", fact.doi, first_url)

    published = None
    if fact.published:
        try:
            date = datetime.date.fromisoformat(fact.published)
        except ValueError:
            report.drop(paper, "published", "I: not a date", fact.published)
        else:
            if doubted(fact, DATE_DOUBTS):
                report.drop(paper, "published", "I: notes doubt the date", DATE_DOUBTS[paper])
            elif arxiv_id and not date_agrees(date, arxiv_id):
                detail = f"{fact.published} vs arXiv {arxiv_id}"
                report.drop(paper, "published", "I: date disagrees with the arXiv id", detail)
            else:
                published = PublicationDate(date.year, date.month, date.day)
                why = "I: agrees with the arXiv id" if arxiv_id else "I: no arXiv id to check"
                keep("published", published, id_url, why)
    if published is None and arxiv_id:
        year, month = arxiv_month(arxiv_id)
        published = PublicationDate(year, month)
        found["published"] = published
        evidence["published"] = Evidence(
            DERIVED_SOURCE, f"https://arxiv.org/abs/{arxiv_id}", "derived"
        )
        report.keep(paper, "published", "I: month of the arXiv id")

    if fact.venue:
        venue = parse_venue(fact.venue)
        if doubted(fact, VENUE_DOUBTS):
            report.drop(paper, "venue", "J: notes doubt the venue", VENUE_DOUBTS[paper])
        elif venue is None:
            report.drop(paper, "venue", "J: not a venue I can read", fact.venue)
        else:
            if venue.year is not None and published is None:
                report.drop(
                    paper,
                    "venue year",
                    "J: no first-version year to check it against",
                    repr(fact.venue),
                )
                venue = Venue(venue.name, None, venue.type)
            elif venue.year is not None and not venue_year_holds(venue.year, published.year):
                report.drop(
                    paper,
                    "venue year",
                    f"J: year outside first version + {VENUE_YEARS_AFTER}",
                    f"{fact.venue!r}, first version {published.year}",
                )
                venue = Venue(venue.name, None, venue.type)
            keep("venue", venue, first_url, detail=fact.venue)
    if not found:
        return None
    return Metadata(**found, evidence=evidence)


def curated_arxiv_ids(curation_text: str, catalog: Iterable[Mapping]) -> dict[str, str]:
    """Paper id -> the `arxiv:` id curation.yml gives it (entries may use a former id)."""
    import yaml

    current = {}
    for paper in catalog:
        for paper_id in (paper["id"], *paper.get("former_ids", ())):
            current[paper_id] = paper["id"]
    curated = {}
    for key, entry in (yaml.safe_load(curation_text) or {}).items():
        if isinstance(entry, dict) and entry.get("arxiv") and key in current:
            curated[current[key]] = str(entry["arxiv"])
    return curated


def build(
    facts: Mapping[str, Fact],
    lookups: Mapping[str, Fact],
    catalog_ids: Iterable[str],
    curated: Mapping[str, str] | None = None,
) -> tuple[dict[str, Metadata], Report]:
    """Every paper's metadata by the rules, and the report of what was kept and dropped."""
    report = Report()
    catalog_ids = sorted(catalog_ids)
    known = set(catalog_ids)
    for origin, lines in (("facts", facts), ("lookups", lookups)):
        for paper_id in sorted(set(lines) - known):
            report.problems.append(f"{origin}: {paper_id!r} is not a paper of the catalog (A)")
    for paper_id in catalog_ids:
        if paper_id not in facts and paper_id not in lookups:
            report.problems.append(f"facts: no line for the catalog's paper {paper_id!r} (A)")
    entries = {}
    for paper_id in catalog_ids:
        fact = lookups.get(paper_id) or facts.get(paper_id)
        if fact is None:
            continue
        metadata = convert(fact, report)
        if metadata is not None:
            entries[paper_id] = metadata
        if fact.check == "not-found":
            report.not_found[paper_id] = fact.notes
    for paper_id, arxiv_id in sorted((curated or {}).items()):
        found = entries.get(paper_id)
        if found is None or found.arxiv_id is None:
            report.curation.append(
                f"{paper_id!r} is curated as arXiv {arxiv_id}, the facts give no id"
            )
        elif found.arxiv_id != arxiv_id:
            report.curation.append(
                f"{paper_id!r} is curated as arXiv {arxiv_id}, the facts say {found.arxiv_id}"
            )
    return entries, report


def unknown_doubts(catalog_ids: Iterable[str]) -> list[str]:
    """Doubt lists naming papers the catalog does not have (renamed, or mistyped)."""
    known = set(catalog_ids)
    return [
        f"{name}: {paper_id!r} is not a paper of the catalog"
        for name, doubts in (
            ("AUTHOR_DOUBTS", AUTHOR_DOUBTS),
            ("DATE_DOUBTS", DATE_DOUBTS),
            ("VENUE_DOUBTS", VENUE_DOUBTS),
        )
        for paper_id in sorted(set(doubts) - known)
    ]


def summary(entries: Mapping[str, Metadata], report: Report, catalog_ids: Iterable[str]) -> str:
    """The report's text: counts by field and rule, drops with reasons, what needs review."""
    catalog_ids = sorted(catalog_ids)
    total = len(catalog_ids)
    lines = [f"{len(entries)} of {total} papers have metadata"]
    for name, has in (
        ("arXiv id or DOI", lambda m: m.arxiv_id or m.doi),
        ("arXiv id", lambda m: m.arxiv_id),
        ("DOI", lambda m: m.doi),
        ("authors", lambda m: m.authors),
        ("date", lambda m: m.published),
        ("date, day precise", lambda m: m.published and m.published.day),
        ("venue", lambda m: m.venue),
        ("venue with year", lambda m: m.venue and m.venue.year),
    ):
        count = sum(1 for metadata in entries.values() if has(metadata))
        lines.append(f"  {name}: {count} ({100 * count / total:.1f}%)")
    from_lookups = [d for d in report.decisions if d.kept and d.reason.endswith("(lookups)")]
    fields = Counter(d.field for d in from_lookups)
    lines.append(
        f"  from lookups: {len({d.paper_id for d in from_lookups})} papers"
        + "".join(f", {count} {name}" for name, count in sorted(fields.items()))
    )
    counts = Counter((d.field, d.kept, d.reason) for d in report.decisions)
    lines.append("\nvalues kept and dropped, by field and rule:")
    for (name, kept, reason), count in sorted(counts.items()):
        lines.append(f"  {name:11} {'kept' if kept else 'DROPPED':8} {count:4}  {reason}")
    lines.append("\ndropped values:")
    for d in sorted(report.decisions, key=lambda d: (d.reason, d.paper_id, d.field)):
        if not d.kept and not d.reason.startswith(("E:", "C:")):
            lines.append(f"  {d.paper_id}: {d.field}: {d.reason}: {d.detail}")
    for heading, papers in (
        ("needs review: title match only, nothing kept (C)", report.needs_review),
        ("not found: no arXiv id or DOI established, nothing kept (E)", report.not_found),
    ):
        lines.append(f"\n{heading} ({len(papers)}):")
        lines.extend(f"  {paper_id}: {why}" for paper_id, why in sorted(papers.items()))
    without_id = [
        paper_id
        for paper_id in catalog_ids
        if paper_id not in report.not_found
        and not (entries.get(paper_id) and (entries[paper_id].arxiv_id or entries[paper_id].doi))
    ]
    lines.append(f"\nother papers without an arXiv id or DOI ({len(without_id)}):")
    lines.extend(
        f"  {paper_id}: " + (", ".join(entries[paper_id].known()) if paper_id in entries else "-")
        for paper_id in without_id
    )
    lines.append(f"\ncuration.yml arXiv ids against the facts (K): {len(report.curation)} differ")
    lines.extend(f"  {line}" for line in report.curation)
    if report.problems:
        lines.append(f"\nproblems ({len(report.problems)}):")
        lines.extend(f"  {problem}" for problem in report.problems)
    return "\n".join(lines) + "\n"


def export(seeds: Path) -> str:
    """The catalog as `paper-catalog export` prints it: ids, titles, abstracts."""
    command = [sys.executable, "-m", "generator.cli", "export", "--seeds", str(seeds)]
    return subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout


def write_atomic(path: Path, text: str) -> None:
    """Through a temporary file in the same folder: a reader never sees half a file."""
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(name, 0o644)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write seeds/metadata.jsonl from facts files, by the rules in this "
        "script's docstring, and print what was kept and dropped.",
    )
    parser.add_argument("facts", type=Path, help="the shared facts file (papers.jsonl)")
    parser.add_argument(
        "--lookups",
        type=Path,
        default=ROOT / "tools" / "facts_lookups.jsonl",
        help="facts found by hand; a line replaces the facts file's line for its paper",
    )
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="the seeds folder")
    parser.add_argument("--output", type=Path, default=None, help="default: SEEDS/metadata.jsonl")
    parser.add_argument(
        "--catalog",
        type=Path,
        default=None,
        help="the catalog as `paper-catalog export` prints it (default: export SEEDS now)",
    )
    args = parser.parse_args(argv)
    output = args.output or args.seeds / "metadata.jsonl"

    catalog = json.loads(
        args.catalog.read_text(encoding="utf-8") if args.catalog else export(args.seeds)
    )
    problems: list[str] = []
    facts = read_facts(args.facts, "facts", problems)
    lookups = read_facts(args.lookups, "lookups", problems) if args.lookups.exists() else {}
    curation_path = args.seeds / "curation.yml"
    curated = (
        curated_arxiv_ids(curation_path.read_text(encoding="utf-8"), catalog)
        if curation_path.exists()
        else {}
    )
    ids = [paper["id"] for paper in catalog]
    entries, report = build(facts, lookups, ids, curated)
    text = dump_metadata(entries)
    parsed, parse_problems = parse_metadata(str(output), text, set(ids))
    if {k: metadata_json(k, v) for k, v in parsed.entries.items()} != {
        k: metadata_json(k, v) for k, v in entries.items()
    }:
        problems.append(f"{output}: the file does not read back as written")
    report.problems = [
        *problems,
        *report.problems,
        *unknown_doubts(ids),
        *(str(problem) for problem in parse_problems),
    ]
    print(summary(entries, report, ids), end="")
    if report.problems:
        print(f"\nnot written: {len(report.problems)} problems (listed above)")
        return 1
    write_atomic(output, text)
    print(f"\nwrote {output}: {len(parsed.entries)} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
