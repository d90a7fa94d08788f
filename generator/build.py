"""The build: every stage, top to bottom, in the order the data flows.

    read ─▶ dedupe ─▶ curate ─▶ metadata ─▶ tag ─▶ relate ─▶ render ─▶ write ─▶ mkdocs ─▶ stamp

Each stage is one module with one job (see README.md); this module only calls them, times
them and reads the files they need. `load_catalog` runs the stages up to the tagged
catalog (what `validate`, `export` and `search` need); `build` goes on to the site.
"""

from __future__ import annotations

import gc
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from . import authors, caches, curation, dedupe, metadata, render, site, sources, stamp, tagging
from .model import Catalog, CatalogError, Paper, Problem, Record
from .progress import Timings
from .relater import Relater, SimilarityCache
from .settings import site_settings

BLAME_THREADS = 4  # each waits on a git process; git does the work


@dataclass(frozen=True)
class LoadResult:
    catalog: Catalog
    records: tuple[Record, ...]
    warnings: tuple[Problem, ...]


@dataclass
class BuildResult:
    load: LoadResult
    writes: site.WriteReport
    timings: Timings
    site_dir: Path | None  # None when only docs/ was generated (serve)
    stamped: int = 0  # pages written by the stamp stage, not by MkDocs


def load_catalog(
    seed_dir: Path, timings: Timings | None = None, cache_dir: Path | None = None
) -> LoadResult:
    """Read and check everything, up to the tagged catalog; raises CatalogError with every
    error found in the seed, taxonomy, duplicates, curation and metadata files. With a
    `cache_dir`, deduplication and the rules' tags are reused from the last build where
    their inputs are the same (caches.py)."""
    timings = timings or Timings()
    with timings.stage("read"):
        records, warnings = sources.read_seeds(seed_dir)
        records = tuple(records)
        taxonomy, problems = curation.parse_taxonomy(*read_input(seed_dir, curation.TAXONOMY_FILE))
        rules, duplicate_problems = curation.parse_duplicates(
            *read_input(seed_dir, curation.DUPLICATES_FILE), {record.ref for record in records}
        )
        problems += duplicate_problems
    # git blame runs in other processes while this one deduplicates.
    with ThreadPoolExecutor(max_workers=BLAME_THREADS) as blame:
        blames = {
            name: blame.submit(sources.blame_dates, seed_dir / name)
            for name in sorted({record.file for record in records})
        }
        with timings.stage("dedupe"):
            groups = caches.clustered(records, rules, cache_dir, dedupe.cluster)
            papers = dedupe.make_papers(groups)
        blamed = {name: future.result() for name, future in blames.items()}
    papers = with_first_seen(papers, sources.first_seen_dates(records, blamed))
    with timings.stage("curate"):
        curated, curation_problems = curation.parse_curation(
            *read_input(seed_dir, curation.CURATION_FILE),
            {paper.id for paper in papers},
            {tag.id for tag in taxonomy.tags},
            {paper.id for paper in papers if paper.title_derived},
        )
        problems += curation_problems
        papers = curation.curate(papers, curated)
    with timings.stage("metadata"):
        gathered, metadata_problems = metadata.parse_metadata(
            *read_input(seed_dir, metadata.METADATA_FILE), {paper.id for paper in papers}
        )
        problems += metadata_problems
        stop_on_errors(problems)
        papers = metadata.apply_metadata(papers, gathered, curated.metadata)
    with timings.stage("tag"):
        rule_results = caches.rule_tags(papers, taxonomy.tags, cache_dir, tagging.rule_tags_of)
        catalog, tag_warnings = tagging.tag(papers, taxonomy, curated, rule_results=rule_results)
        catalog = replace(catalog, authors=authors.index_authors(catalog.papers))
    check_accounting(records, catalog)
    return LoadResult(catalog, records, tuple(sorted([*warnings, *problems, *tag_warnings])))


def build(
    seed_dir: Path,
    config_file: Path,
    site_dir: Path | None,
    timings: Timings | None = None,
    stamping: bool = True,
) -> BuildResult:
    """The catalog, its pages written into the config's docs_dir, and (unless site_dir is
    None) the site built by MkDocs and the stamp stage into site_dir, replacing the previous
    one when done. `stamping=False` leaves every page to MkDocs (what the stamp stage must
    equal)."""
    timings = timings or Timings(log=True)
    cache = SimilarityCache(config_file.parent / site.CACHE_FOLDER / "similarities.json")
    with Relater(cache) as relater:  # first: its process imports scikit-learn meanwhile
        config = site.read_config(config_file)
        settings = site_settings(config)
        load = load_catalog(seed_dir, timings, config_file.parent / site.CACHE_FOLDER)
        relater.start(load.catalog.papers)
        with objects_kept_out_of_collection():
            # The pages that show no related papers are rendered while the relater works.
            with timings.stage("render"):
                pages = render.render_catalog_pages(load.catalog, settings)
            with timings.stage("relate"):
                load = replace(load, catalog=relater.related(load.catalog))
            with timings.stage("render"):
                pages.update(render.render_related_pages(load.catalog, settings))
    if site_dir is None:  # a preview: MkDocs serves every page from docs/
        with timings.stage("write"):
            writes = site.write_generated(Path(config["docs_dir"]), pages)
        return BuildResult(load, writes, timings, None)
    # Paper and author pages skip MkDocs: it renders one page of each kind, and the stamp
    # stage fills the others into it (the site is the same, byte for byte).
    with timings.stage("stamp"):  # the pages it will write, read and sorted by kind
        pages, stamped = stamp.split_pages(pages) if stamping else (pages, stamp.Stamped())
    with timings.stage("write"):
        writes = site.write_generated(Path(config["docs_dir"]), pages)
    del pages  # on disk now, where MkDocs reads them (the stamped ones stay, as text)
    moved = site.id_change_warnings(site_dir, load.catalog)
    load = replace(load, warnings=tuple(sorted((*load.warnings, *moved))))
    with site.new_site(site_dir) as building:  # replaces site_dir once complete
        with timings.stage("mkdocs"):
            mkdocs_config = site.build_with_mkdocs(
                config_file, building, writes.markdown_pages, seed_dir
            )
        with timings.stage("stamp"):
            search_index = stamp.stamp_site(building, mkdocs_config, stamped)
        with timings.stage("search"):
            site.write_search_shards(building, search_index)
    return BuildResult(load, writes, timings, site_dir.resolve(), len(stamped.pages))


def read_input(seed_dir: Path, name: str) -> tuple[str, str | None]:
    """(path as messages name it, text or None when the file is absent)."""
    path = seed_dir / name
    return str(path), curation.read_optional(path)


def with_first_seen(papers: list[Paper], dates: dict[str, str]) -> list[Paper]:
    """Each paper dated by its earliest record's first commit."""
    return [
        replace(paper, first_seen=min(dates[record.ref] for record in paper.records))
        for paper in papers
    ]


def stop_on_errors(problems: list[Problem]) -> None:
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise CatalogError(errors)


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


@contextmanager
def objects_kept_out_of_collection():
    """Python's garbage collector skips the objects that exist now (the catalog, kept to the
    end of the build) instead of walking them at every full collection while the pages are
    made: that was a tenth of the main process's time at 100,000 papers. Forked workers
    inherit them frozen too, so they neither walk nor copy them."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
