"""The relate stage's runner: similar papers computed in a worker process, and cached.

related.py computes; this module decides where and whether: the worker starts with the
build and imports scikit-learn while the seeds are read, relates the curated texts while
the main process tags and renders, and its result is kept on disk under a digest of those
texts, so a rebuild that changed only tags, curation or templates computes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .files import write_atomic
from .model import Catalog, Paper
from .parallel import Worker

if TYPE_CHECKING:  # related imports numpy; this module imports it only when it relates
    from .related import Similarities


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


@dataclass(frozen=True)
class SimilarityCache:
    """The similarities of the last build, reused while the texts they were computed from
    (and the code and libraries that computed them) are the same. Delete the file to
    force a recomputation."""

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

    start() hands the worker the curated texts, which is all similarity needs; related()
    waits for it. With a cache that holds the texts, the worker is stopped unused.
    """

    def __init__(self, cache: SimilarityCache | None = None) -> None:
        self.cache = cache
        self.worker = Worker(import_relate)
        self.key = ""
        self.cached: Similarities | None = None

    def start(self, papers: Sequence[Paper]) -> None:
        """Relate `papers` (in id order: the order of the catalog)."""
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
