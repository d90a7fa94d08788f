"""`paper-catalog enrich`: authors, dates, identifiers and venues from arXiv, written into
seeds/metadata.jsonl to be reviewed like any other change to the seeds. Never part of a
build: it asks the network, or reads a snapshot of several gigabytes.

A record found on arXiv is taken for a paper only when its abstract agrees with the
paper's (ABSTRACT_AGREES), however it was found: two papers can share a title, and a
curated arXiv id can be mistyped. A record that is found but disagrees is listed for
review, and nothing is written for that paper. Values curated in the file (evidence
source "curation") are never replaced.

Two sources give the same Candidates: the arXiv API (arxiv_api.py), one query a paper,
and a local copy of arXiv's metadata snapshot (arxiv_snapshot.py), streamed once for all
papers. The file is rewritten, atomically, as papers change (at most once a second, and
when the run stops, however it stops): an interrupted run loses at most the paper it was
on, and a rerun asks only for the papers still missing.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from . import progress
from .dedupe import abstract_similarity
from .files import write_atomic
from .lookup import Found, Source, SourceError
from .metadata import (
    FIELDS,
    METADATA_FILE,
    Evidence,
    Metadata,
    Venue,
    dump_metadata,
    metadata_json,
    parse_metadata,
)
from .model import CatalogError, Paper
from .text import normalize

ABSTRACT_AGREES = 0.85  # abstract similarity (0-1) from which a record is the paper's
CURATION = "curation"  # an evidence source enrich never overwrites
# A line with these is complete: not asked for again, unless --refresh.
COMPLETE = ("arxiv_id", "authors", "published")
PROGRESS_EVERY = 25  # papers between two progress lines in logs (CI)
# The file is saved at most this often: a paper asked from the network takes longer (one
# request every 3 s), so each is saved at once; answers from the cache or a snapshot are
# saved in batches. Whatever is not saved yet is saved when the run stops, even on Ctrl-C.
SAVE_EVERY_SECONDS = 1.0
API_URL = "https://export.arxiv.org/api/query"
CACHE_DIR = Path(".cache/paper-catalog/arxiv")
MATCHED_BY = {"id": "its arXiv id", "title": "its title", "abstract": "its abstract's opening"}

# Venues a journal-ref names clearly, by their usual abbreviation or their full name.
VENUES = tuple(
    (name, re.compile(pattern), kind)
    for name, pattern, kind in (
        ("NeurIPS", r"\bNeurIPS\b|\bNIPS\b|Neural Information Processing Systems", "conference"),
        ("ICML", r"\bICML\b|International Conference on Machine Learning", "conference"),
        ("ICLR", r"\bICLR\b|International Conference on Learning Representations", "conference"),
        ("CVPR", r"\bCVPR\b|Conference on Computer Vision and Pattern Recognition", "conference"),
        ("ICCV", r"\bICCV\b", "conference"),
        ("ECCV", r"\bECCV\b|European Conference on Computer Vision", "conference"),
        ("ACL", r"\bACL\b", "conference"),
        ("EMNLP", r"\bEMNLP\b|Empirical Methods in Natural Language Processing", "conference"),
        ("NAACL", r"\bNAACL\b", "conference"),
        ("EACL", r"\bEACL\b", "conference"),
        ("COLING", r"\bCOLING\b", "conference"),
        ("AAAI", r"\bAAAI\b", "conference"),
        ("IJCAI", r"\bIJCAI\b", "conference"),
        ("KDD", r"\bKDD\b", "conference"),
        ("SIGIR", r"\bSIGIR\b", "conference"),
        ("AISTATS", r"\bAISTATS\b", "conference"),
        ("UAI", r"\bUAI\b|Uncertainty in Artificial Intelligence", "conference"),
        ("COLT", r"\bCOLT\b|Conference on Learning Theory", "conference"),
        ("CoRL", r"\bCoRL\b|Conference on Robot Learning", "conference"),
        ("ICRA", r"\bICRA\b", "conference"),
        ("IROS", r"\bIROS\b", "conference"),
        ("ICASSP", r"\bICASSP\b", "conference"),
        ("Interspeech", r"\bINTERSPEECH\b|\bInterspeech\b", "conference"),
        ("MICCAI", r"\bMICCAI\b", "conference"),
        ("WACV", r"\bWACV\b", "conference"),
        ("JMLR", r"\bJMLR\b|Journal of Machine Learning Research", "journal"),
        ("TMLR", r"\bTMLR\b|Transactions on Machine Learning Research", "journal"),
        ("TACL", r"\bTACL\b|Transactions of the Association for Computational", "journal"),
        ("TPAMI", r"\bT-?PAMI\b|Transactions on Pattern Analysis and Machine", "journal"),
        ("IJCV", r"\bIJCV\b|International Journal of Computer Vision", "journal"),
    )
)
# A journal-ref that says one of these does not name the venue a paper appeared at.
NOT_A_VENUE = re.compile(r"workshop|findings|submitted|under review|in submission", re.I)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Verdict:
    """The candidate whose abstract agrees best with the paper's, and how well."""

    paper: Paper
    found: Found | None = None  # None: the source found nothing
    score: float = 0.0  # abstract similarity, 0-1

    @property
    def accepted(self) -> bool:
        return self.found is not None and self.score >= ABSTRACT_AGREES


@dataclass(frozen=True)
class Step:
    verdict: Verdict
    changed: bool  # the paper's line is new or different


def judge(paper: Paper, found: Iterable[Found]) -> Verdict:
    """The best candidate by abstract agreement; the first of equals (the source's order)."""
    abstract = normalize(paper.abstract)
    best = Verdict(paper)
    for each in found:
        theirs = normalize(each.candidate.abstract)
        score = abstract_similarity(abstract, theirs) / 100 if abstract and theirs else 0.0
        if best.found is None or score > best.score:
            best = Verdict(paper, each, score)
    return best


def venue_from_journal_ref(text: str | None) -> Venue | None:
    """The venue a journal-ref names, when it names exactly one known venue (its year when
    it gives one year); None for workshops, findings, submissions and everything unclear."""
    if not text or NOT_A_VENUE.search(text):
        return None
    named = [(name, kind) for name, pattern, kind in VENUES if pattern.search(text)]
    if len(named) != 1:
        return None
    years = set(YEAR.findall(text))
    name, kind = named[0]
    return Venue(name, int(years.pop()) if len(years) == 1 else None, kind)


def metadata_from(verdict: Verdict) -> Metadata:
    """What an accepted candidate says about the paper, each value with its evidence."""
    assert verdict.found is not None  # only accepted verdicts are written
    found = verdict.found
    record = found.candidate
    values = {
        "arxiv_id": record.arxiv_id,
        "doi": record.doi,
        "authors": record.authors,
        "published": record.published,
        "venue": venue_from_journal_ref(record.journal_ref),
        "pdf_url": f"https://arxiv.org/pdf/{record.arxiv_id}",
    }
    evidence = Evidence(
        found.source, f"https://arxiv.org/abs/{record.arxiv_id}", found.match, verdict.score
    )
    return Metadata(**values, evidence={name: evidence for name, value in values.items() if value})


def is_curated(metadata: Metadata, name: str) -> bool:
    found = metadata.evidence.get(name)
    return bool(getattr(metadata, name)) and found is not None and found.source == CURATION


def updated(existing: Metadata | None, found: Metadata) -> Metadata:
    """Field by field, what was found over what the line had, except curated values, and
    except where nothing was found (a record without a DOI keeps the line's DOI)."""
    existing = existing or Metadata()
    values, evidence = {}, {}
    for name in FIELDS:
        keep = is_curated(existing, name) or not getattr(found, name)
        source = existing if keep else found
        values[name] = getattr(source, name)
        if values[name] and name in source.evidence:
            evidence[name] = source.evidence[name]
    return Metadata(**values, evidence=evidence)


def is_complete(metadata: Metadata | None) -> bool:
    return metadata is not None and all(getattr(metadata, name) for name in COMPLETE)


def papers_to_ask(
    papers: Iterable[Paper],
    entries: Mapping[str, Metadata],
    refresh: bool = False,
    limit: int | None = None,
) -> list[Paper]:
    """The papers to look up, by id: those whose line is not complete (all with refresh)."""
    chosen = [
        paper
        for paper in sorted(papers, key=lambda paper: paper.id)
        if refresh or not is_complete(entries.get(paper.id))
    ]
    return chosen[:limit] if limit is not None else chosen


def enrich(
    papers: Iterable[Paper],
    entries: Mapping[str, Metadata],
    find: Callable[[Paper], Sequence[Found]],
    save: Callable[[dict[str, Metadata]], None],
    save_every: float = SAVE_EVERY_SECONDS,
) -> Iterator[Step]:
    """Look each paper up, judge what was found, and save the entries when a line changed
    (at most every `save_every` seconds, and when the run ends, however it ends: close the
    iterator). Stops with a CatalogError naming the paper when `find` fails."""
    entries = dict(entries)
    unsaved, saved_at = False, -math.inf
    try:
        for paper in papers:
            try:
                verdict = judge(paper, find(paper))
            except SourceError as error:
                raise CatalogError([error.problem(paper.id)]) from None
            changed = False
            if verdict.accepted:
                old = entries.get(paper.id)
                line = updated(old, metadata_from(verdict))
                changed = old is None or metadata_json(paper.id, old) != metadata_json(
                    paper.id, line
                )
                if changed:
                    entries[paper.id], unsaved = line, True
                    if time.monotonic() - saved_at >= save_every:
                        save(entries)
                        unsaved, saved_at = False, time.monotonic()
            yield Step(verdict, changed)
    finally:
        if unsaved:
            save(entries)


def review_text(verdict: Verdict) -> str:
    """Why a paper needs review, on one line, with what to do about it."""
    assert verdict.found is not None
    record, match = verdict.found.candidate, verdict.found.match
    score = math.floor(verdict.score * 100) / 100  # rounded down: 0.849 is not "0.85"
    return (
        f"{verdict.paper.id}: arXiv {record.arxiv_id} (found by {MATCHED_BY[match]}) has an "
        f"abstract that agrees {score:.2f}, below {ABSTRACT_AGREES:.2f}; compare "
        f"https://arxiv.org/abs/{record.arxiv_id} with the paper, and curate its metadata in "
        "seeds/curation.yml if it is the same paper"
    )


@dataclass
class Tally:
    """What a run did so far (kept when a failure stops it, for the report)."""

    asked: int = 0
    skipped: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0  # found and accepted, with nothing new (--refresh)
    review: list[Verdict] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)

    def add(self, step: Step) -> None:
        if step.changed:
            self.written.append(step.verdict.paper.id)
        elif step.verdict.accepted:
            self.unchanged += 1
        elif step.verdict.found is None:
            self.not_found.append(step.verdict.paper.id)
        else:
            self.review.append(step.verdict)

    @property
    def done(self) -> int:
        return len(self.written) + self.unchanged + len(self.review) + len(self.not_found)

    def counts(self) -> str:
        return (
            f"{len(self.written)} written, {self.unchanged} unchanged, "
            f"{len(self.review)} need review, "
            f"{len(self.not_found)} not found on arXiv"
        )

    def report(self) -> str:
        """Markdown, for a pull request's body: ids and arXiv links only (no titles, which
        could mention people or carry markup)."""
        lines = [
            "# paper-catalog enrich",
            "",
            f"Looked up {self.done} of {self.asked} papers: {self.counts()}.",
        ]
        if self.review:
            lines += ["", "## Need review", ""]
            lines += [f"- {review_text(verdict)}" for verdict in self.review]
        if self.not_found:
            lines += ["", "## Not found on arXiv", ""]
            lines += [f"- {paper_id}" for paper_id in self.not_found]
        return "\n".join(lines) + "\n"


def read_entries(path: Path, paper_ids: Iterable[str]) -> dict[str, Metadata]:
    """The metadata file's entries; a file with problems stops the run before any request
    (enrich rewrites the whole file, so a line it cannot read would be lost)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    parsed, problems = parse_metadata(str(path), text, set(paper_ids))
    if problems:
        raise CatalogError(problems)
    return dict(parsed.entries)


def enrich_seeds(
    papers: Sequence[Paper],
    seed_dir: Path,
    source: Source,
    refresh: bool = False,
    limit: int | None = None,
    report: Path | None = None,
) -> Tally:
    """Look up the seeds' papers in `source` and write what is found into the metadata
    file; print the papers that need review; write a Markdown report when asked."""
    path = seed_dir / METADATA_FILE
    entries = read_entries(path, (paper.id for paper in papers))
    to_ask = papers_to_ask(papers, entries, refresh, limit)
    complete = sum(1 for paper in papers if is_complete(entries.get(paper.id)))
    tally = Tally(asked=len(to_ask), skipped=0 if refresh else complete)
    progress.report(source.prepare(to_ask))

    def save(entries: dict[str, Metadata]) -> None:
        write_atomic(path, dump_metadata(entries))

    steps = enrich(to_ask, entries, source.find, save)
    bar = tqdm(total=len(to_ask), desc="enrich", unit="paper", disable=not progress.interactive())
    try:
        with closing(steps), bar:  # closing: an early stop saves what is not saved yet
            for step in steps:
                tally.add(step)
                bar.update()
                if step.verdict.found and not step.verdict.accepted:
                    tqdm.write(f"needs review: {review_text(step.verdict)}", file=sys.stdout)
                if tally.done % PROGRESS_EVERY == 0:
                    progress.log(f"enrich: {tally.done}/{tally.asked} papers, {tally.counts()}")
    finally:
        if report:
            write_atomic(report, tally.report())
    return tally


def load_papers(seed_dir: Path) -> Sequence[Paper]:
    """The catalog's papers, curated, with the metadata they have (the one place that
    knows where the loader lives)."""
    from .build import load_catalog

    return load_catalog(seed_dir).catalog.papers


def command_enrich(args: argparse.Namespace) -> int:
    if args.snapshot:
        from .arxiv_snapshot import Snapshot

        source: Source = Snapshot(args.snapshot)
    else:
        from .arxiv_api import ArxivApi

        source = ArxivApi(args.api_url, args.cache)
    papers = load_papers(args.seeds)
    try:
        tally = enrich_seeds(papers, args.seeds, source, args.refresh, args.limit, args.report)
    except KeyboardInterrupt:
        print(
            f"paper-catalog enrich: interrupted; the papers done so far are saved in "
            f"{args.seeds / METADATA_FILE}, and a rerun continues from there.",
            file=sys.stderr,
        )
        return 130
    print(
        f"Looked up {tally.asked} papers ({tally.skipped} already complete): "
        f"{tally.counts()}. {source.summary()}."
    )
    return 0


def api_url(text: str) -> str:
    if not re.match(r"^https?://[^\s/]+", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not an http(s) URL")
    return text


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def add_enrich_command(commands) -> None:
    """Register `enrich` with the CLI's subcommands (argparse's add_subparsers result)."""
    parser = commands.add_parser(
        "enrich",
        help="fill seeds/metadata.jsonl from arXiv",
        description="Look the catalog's papers up on arXiv (by arXiv id, else by title) and "
        "write their authors, first-version date, DOI, venue and PDF link into "
        "seeds/metadata.jsonl, each value with its evidence. A record is taken only when its "
        f"abstract agrees with the paper's (similarity {ABSTRACT_AGREES} or more); the others "
        "are printed as 'needs review' and nothing is written for them. Values curated in the "
        "file are kept. The API is asked once every 3 seconds, and its answers are cached, "
        "so an interrupted run continues where it stopped. Never part of `build`: commit "
        "the file after review.",
        epilog="Example: paper-catalog enrich --limit 20 --report enrich-report.md "
        "(or, from a downloaded snapshot: paper-catalog enrich --snapshot "
        "arxiv-metadata-oai-snapshot.json)",
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        default=Path("seeds"),
        metavar="DIR",
        help="folder with the seed files and metadata.jsonl (default: seeds)",
    )
    parser.add_argument(
        "--snapshot",
        type=Path,
        metavar="FILE",
        help="read arXiv's metadata snapshot (Kaggle's arxiv-metadata-oai-snapshot.json, "
        "JSON lines) instead of asking the API",
    )
    parser.add_argument(
        "--api-url",
        type=api_url,
        default=API_URL,
        metavar="URL",
        help=f"the arXiv API's query URL (default: {API_URL})",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=CACHE_DIR,
        metavar="DIR",
        help=f"where the API's answers are kept (default: {CACHE_DIR}/)",
    )
    parser.add_argument(
        "--limit", type=positive, metavar="N", help="look up at most N papers (to try it out)"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--only-missing",
        dest="refresh",
        action="store_false",
        help="look up only papers whose line lacks arxiv_id, authors or published (default)",
    )
    which.add_argument(
        "--refresh",
        dest="refresh",
        action="store_true",
        help="look up every paper again, and update the values that were not curated",
    )
    parser.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="also write the papers that need review, or were not found, to FILE (Markdown)",
    )
    parser.set_defaults(run=command_enrich, refresh=False)
