"""From a seed folder to a checked, curated, tagged catalog: read, dedupe, curate and tag;
and the Relater, which relates the papers in another process meanwhile (or takes the
similarities from its cache).

The one place that does file I/O for the stages before rendering; everything it calls is a
pure function from data to data.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import curation, dedupe, progress, sources, tagging
from .model import Catalog, CatalogError, Paper, Problem, Record
from .parallel import Worker

if TYPE_CHECKING:  # related imports numpy; this module imports it only when it relates
    from .related import Similarities

BLAME_THREADS = 4  # each waits on a git process; git does the work
FILE_MODE = 0o644  # temporary files are private (0600); what we write must be readable


def by_id(paper: Paper) -> str:
    return paper.id


def import_relate() -> None:
    """Import scikit-learn (a second or more) in the worker that will relate the papers.

    A failure is left for the work itself to raise, where get() reports it: a pool whose
    start-up fails would only start new workers, forever.
    """
    from . import related

    with suppress(Exception):
        related.import_libraries()


def similarities_of(papers: Sequence[tuple[str, str, str]]):
    from .related import similarities

    return similarities(papers)


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(name, FILE_MODE)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)  # no temporary file left behind
        raise


@dataclass(frozen=True)
class SimilarityCache:
    """The similarities of the last build, reused while the texts they were computed from
    (and the code and libraries that computed them) are the same: a rebuild that changed
    only tags, curation or templates computes none. Delete the file to force it."""

    path: Path

    def load(self, key: str, ids: Sequence[str]) -> Similarities | None:
        from .related import similarities_from_json

        try:
            return similarities_from_json(self.path.read_text(encoding="utf-8"), key, ids)
        except (OSError, UnicodeDecodeError):
            return None

    def save(self, key: str, found: Similarities) -> None:
        from .related import similarities_json

        with suppress(OSError):  # a cache that cannot be written only costs the next build time
            write_atomic(self.path, similarities_json(found, key))


class Relater:
    """Similar papers, computed in another process while this one goes on.

    The process starts with the build and imports scikit-learn while the seeds are read;
    start() hands it the curated texts, which is all similarity needs, so it relates while
    this process tags and renders; related() waits for it. With a cache that holds the
    texts, the process is stopped unused.
    """

    def __init__(self, cache: SimilarityCache | None = None) -> None:
        self.cache = cache
        self.worker = Worker(import_relate)
        self.key = ""
        self.cached: Similarities | None = None

    def start(self, papers: Sequence[Paper]) -> None:
        """Relate `papers` (curated, in id order: the order of the catalog)."""
        from .related import cache_key

        texts = [(paper.id, paper.title, paper.abstract) for paper in papers]
        self.key = cache_key(texts)
        ids = [paper_id for paper_id, _, _ in texts]
        self.cached = self.cache.load(self.key, ids) if self.cache else None
        if self.cached:
            self.worker.close()  # its import is not needed: give its core back
        else:
            self.worker.submit(similarities_of, texts)

    def related(self, catalog: Catalog) -> Catalog:
        """`catalog` with its related papers and map places."""
        from .related import relate

        found = self.cached or self.worker.get()
        if self.cache and not self.cached:
            self.cache.save(self.key, found)
        return relate(catalog, found)

    def __enter__(self) -> Relater:
        return self

    def __exit__(self, *exc_info) -> None:
        self.worker.close()


@dataclass
class Timings:
    """Wall seconds per stage, in the order the stages ran."""

    seconds: dict[str, float] = field(default_factory=dict)
    log: bool = False  # a plain line per stage when not on a terminal (builds in CI)

    def run(self, stage: str, work: Callable, *args, **kwargs):
        start = time.perf_counter()
        result = work(*args, **kwargs)
        seconds = time.perf_counter() - start
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
        if self.log:
            progress.log(f"{stage} done in {seconds:.2f}s")
        return result


@dataclass(frozen=True)
class LoadResult:
    catalog: Catalog
    records: tuple[Record, ...]
    warnings: tuple[Problem, ...]


def check_accounting(records: tuple[Record, ...], catalog: Catalog) -> None:
    """Every raw record ends up in exactly one paper, or the build fails."""
    placed = sorted(record for paper in catalog.papers for record in paper.records)
    if placed != sorted(records):
        lost = set(records) - set(placed)
        twice = len(placed) - len(set(placed))
        raise CatalogError(
            [
                Problem(
                    record.file,
                    record.line,
                    0,
                    "internal error: this record was lost during deduplication",
                    "please report this as a bug",
                )
                for record in sorted(lost)
            ]
            or [Problem("", 0, 0, f"internal error: {twice} records placed in two papers")]
        )


def moved_papers(previous_export: list[dict], catalog: Catalog) -> list[tuple[str, str]]:
    """(old id, new id) for papers of a previous build whose id changed.

    A paper is the same when it keeps one of its raw records (file and line).
    """
    by_source = {
        (record.file, record.line): paper.id for paper in catalog.papers for record in paper.records
    }
    known = {paper.id for paper in catalog.papers}
    known |= {former for paper in catalog.papers for former in paper.former_ids}
    moved = set()
    for old in previous_export:
        if old.get("id") in known:
            continue
        for source in old.get("sources", []):
            new_id = by_source.get((source.get("file"), source.get("line")))
            if new_id:
                moved.add((old["id"], new_id))
                break
    return sorted(moved)


def load_catalog(
    seed_dir: Path, timings: Timings | None = None, relater: Relater | None = None
) -> LoadResult:
    """Read and check everything; raises CatalogError with every error found.

    A `relater` is started on the curated papers as soon as they are known (before
    tagging); relater.related() then gives the catalog its related papers.
    """
    timings = timings or Timings()
    taxonomy_path = seed_dir / curation.TAXONOMY_FILE
    duplicates_path = seed_dir / curation.DUPLICATES_FILE
    curation_path = seed_dir / curation.CURATION_FILE

    records, warnings = timings.run("read", sources.read_seeds, seed_dir)
    records = tuple(records)
    taxonomy, taxonomy_problems = curation.parse_taxonomy(
        str(taxonomy_path), curation.read_optional(taxonomy_path)
    )
    rules, duplicate_problems = curation.parse_duplicates(
        str(duplicates_path),
        curation.read_optional(duplicates_path),
        {record.ref for record in records},
    )
    # git blame runs in other processes while this one deduplicates.
    with ThreadPoolExecutor(max_workers=BLAME_THREADS) as blame:
        blames = {
            name: blame.submit(sources.blame_dates, seed_dir / name)
            for name in sorted({record.file for record in records})
        }
        papers = timings.run("dedupe", dedupe.dedupe, records, rules)
        blamed = {name: future.result() for name, future in blames.items()}
    dates = timings.run("read", sources.first_seen_dates, records, blamed)
    papers = [
        replace(paper, first_seen=min(dates[record.ref] for record in paper.records))
        for paper in papers
    ]
    curated, curation_problems = curation.parse_curation(
        str(curation_path),
        curation.read_optional(curation_path),
        {paper.id for paper in papers},
        {tag.id for tag in taxonomy.tags},
        {paper.id for paper in papers if paper.title_derived},
    )
    problems = [*taxonomy_problems, *duplicate_problems, *curation_problems]
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise CatalogError(errors)
    # Similar papers need only the curated ids, titles and abstracts: the relater starts on
    # them now, in another process, while this one tags.
    if relater:
        relater.start(
            sorted((paper for paper, _ in tagging.apply_curation(papers, curated)), key=by_id)
        )
    catalog, tag_warnings = timings.run(
        "tag", tagging.curate, papers, taxonomy, curated, str(curation_path)
    )
    check_accounting(records, catalog)
    all_warnings = [*warnings, *problems, *tag_warnings]
    return LoadResult(catalog, records, tuple(sorted(all_warnings)))
