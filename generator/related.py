"""Relate: each paper's most similar papers, by TF-IDF cosine over title and abstract.

The whole catalog is vectorised once (the same TF-IDF places papers on the map); similarities
are computed in blocks of rows so memory stays bounded, every pair in a catalog of up to
EXACT_UP_TO papers and only pairs that share a distinctive word beyond, so the cost per paper
stays flat; ties are broken by paper id so the result is the same on every run.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path

import numpy as np

from .model import Catalog

RELATED_COUNT = 5
BLOCK_ROWS = 2048
# Words that say "this is a machine-learning abstract" rather than what the paper is about.
MAX_DOCUMENT_FREQUENCY = 0.5
# Beyond EXACT_UP_TO papers, neighbours are proposed by shared distinctive words (see
# nearest): a paper's PROPOSING_WORDS strongest words among those in at most
# PROPOSER_FREQUENCY papers; CANDIDATES_PER_RELATED candidates per related paper are then
# scored on all their words.
EXACT_UP_TO = 5000
PROPOSING_WORDS = 12
PROPOSER_FREQUENCY = 300
CANDIDATES_PER_RELATED = 4


@dataclass(frozen=True)
class Related:
    paper_id: str
    score: float
    shared_tags: tuple[str, ...]


def tfidf(documents: Sequence[str]):
    """TF-IDF rows of "title, title, abstract" documents: the title, the densest statement
    of what a paper is about, counts twice."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # a second to import

    vectorizer = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        max_df=MAX_DOCUMENT_FREQUENCY if len(documents) > 20 else 1.0,
        dtype=np.float32,
    )
    try:
        return vectorizer.fit_transform(documents)
    except ValueError:  # no word to compare by: only stop words, or only very common words
        return None


SCORE_DIGITS = 6  # scores are rounded so float noise cannot reorder them between machines


def best_per_row(
    rows: np.ndarray, columns: np.ndarray, scores: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The `count` best (row, column, score) entries of each row, best first, ties by column.

    Papers are sorted by id, so breaking ties by column gives the same result on every run.
    Sorted as one integer key per entry (row, then rounded score descending, then column):
    one integer sort is several times faster than a lexsort of three arrays.
    """
    scale = 10**SCORE_DIGITS
    rounded = np.rint(np.asarray(scores, dtype=np.float64) * scale).astype(np.int64)
    # float32 sums of identical texts come out a hair above 1; the key needs scale >= rounded.
    rounded = np.minimum(rounded, scale)
    keep = rounded > 0
    rows, columns, rounded = rows[keep].astype(np.int64), columns[keep], rounded[keep]
    column_bits = max(1, int(columns.max(initial=0)).bit_length())
    score_bits = scale.bit_length() + 1
    key = (rows << (column_bits + score_bits)) | ((scale - rounded) << column_bits) | columns
    key.sort()
    rows = key >> (column_bits + score_bits)
    rank = np.arange(key.size) - np.searchsorted(rows, rows, side="left")
    key, rows = key[rank < count], rows[rank < count]
    columns = key & ((1 << column_bits) - 1)
    rounded = scale - ((key >> column_bits) & ((1 << score_bits) - 1))
    return rows, columns, rounded / scale


def proposing_words(matrix, per_paper: int, max_papers: int):
    """Each paper's `per_paper` strongest words among those in at most `max_papers` papers."""
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    data = np.where(frequency[matrix.indices] <= max_papers, matrix.data, 0).astype(matrix.dtype)
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    # Within each row, strongest first (ties by word index, for determinism).
    order = np.lexsort((matrix.indices, -data, rows))
    rank = np.arange(order.size) - matrix.indptr[rows[order]]
    mask = np.zeros(matrix.nnz, dtype=bool)
    mask[order[(rank < per_paper) & (data[order] > 0)]] = True
    proposing = matrix.copy()
    proposing.data = np.where(mask, matrix.data, 0).astype(matrix.dtype)
    proposing.eliminate_zeros()
    rare = matrix.copy()
    rare.data = data
    rare.eliminate_zeros()
    return proposing, rare


def nearest(matrix, count: int = RELATED_COUNT) -> list[list[tuple[int, float]]]:
    """For each row, the `count` most similar other rows as (index, cosine), best first.

    Rows are L2-normalised, so a dot product is the cosine. Up to EXACT_UP_TO papers,
    every pair is scored. Beyond, each paper meets only the papers that share one of its
    PROPOSING_WORDS strongest words that are in at most PROPOSER_FREQUENCY papers; those
    candidates are scored on all their words and the best kept. A paper's cost is then
    bounded (at most PROPOSING_WORDS x PROPOSER_FREQUENCY candidates) however large the
    catalog grows, instead of every pair being scored.
    """
    matrix = matrix.tocsr()
    total = matrix.shape[0]
    exact = total <= EXACT_UP_TO
    if exact:
        proposing, candidates = matrix, matrix.T.tocsr()
    else:
        proposing, rare = proposing_words(matrix, PROPOSING_WORDS, PROPOSER_FREQUENCY)
        candidates = rare.T.tocsr()
    result: list[list[tuple[int, float]]] = []
    for start in range(0, total, BLOCK_ROWS):
        block = (proposing[start : start + BLOCK_ROWS] @ candidates).tocoo()
        other = block.col != block.row + start  # a paper is not its own neighbour
        rows, columns, scores = block.row[other], block.col[other], block.data[other]
        if exact:
            rows, columns, scores = best_per_row(rows, columns, scores, count)
        else:
            rows, columns, _ = best_per_row(rows, columns, scores, count * CANDIDATES_PER_RELATED)
            full = matrix[rows + start].multiply(matrix[columns]).sum(axis=1)
            rows, columns, scores = best_per_row(rows, columns, np.asarray(full).ravel(), count)
        near: list[list[tuple[int, float]]] = [[] for _ in range(block.shape[0])]
        for row, column, score in zip(
            rows.tolist(), columns.tolist(), scores.tolist(), strict=True
        ):
            near[row].append((column, score))
        result.extend(near)
    return result


@dataclass(frozen=True)
class Similarities:
    """What the texts alone decide: neighbours by index, and places on the map, by id."""

    ids: list[str]  # the papers, in the order the neighbours' indexes refer to
    neighbours: list[list[tuple[int, float]]]
    positions: dict[str, tuple[float, float]]


def similarities(papers: Sequence[tuple[str, str, str]]) -> Similarities:
    """Neighbours and map places from (id, title, abstract) triples (one TF-IDF for both).

    Needs nothing but the texts, so it can run in another process while tagging does.
    """
    ids = [paper_id for paper_id, _, _ in papers]
    matrix = tfidf(documents(papers)) if len(papers) >= 2 else None
    if matrix is None:  # nothing to compare with, or no word to compare by
        return Similarities(ids, [[] for _ in papers], map_positions(ids, None))
    return Similarities(ids, nearest(matrix), map_positions(ids, matrix))


def cache_key(papers: Sequence[tuple[str, str, str]]) -> str:
    """A digest of all that similarities() of `papers` depends on: the texts in their order,
    this module's code, and the versions of Python and of the libraries that compute it."""
    try:
        code = Path(__file__).read_bytes()
    except OSError:  # no source to hash (a bytecode-only install): a key nothing matches
        code = os.urandom(16)
    digest = hashlib.sha256(code)
    digest.update(f"\npython {platform.python_version()}".encode())
    for library in ("numpy", "scipy", "scikit-learn"):
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "unknown"
        digest.update(f"\n{library} {version}".encode())
    for paper in papers:  # text by text: no one string of the whole catalog
        digest.update(json.dumps(paper, ensure_ascii=False).encode("utf-8") + b"\n")
    return digest.hexdigest()


def similarities_json(found: Similarities, key: str) -> str:
    return json.dumps(
        {
            "key": key,
            "ids": found.ids,
            "neighbours": found.neighbours,
            "positions": found.positions,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def similarities_from_json(text: str, key: str, ids: Sequence[str]) -> Similarities | None:
    """The similarities that similarities_json() saved under `key` for the papers `ids`;
    None for another key or other papers, or for anything that is not what
    similarities_json() writes (a cache is only a shortcut: a bad one is recomputed)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or data.get("ids") != list(ids):
        return None
    neighbours, positions = data.get("neighbours"), data.get("positions")
    if not (
        isinstance(neighbours, list)
        and len(neighbours) == len(ids)
        and all(_valid_neighbours(near, index, len(ids)) for index, near in enumerate(neighbours))
        and isinstance(positions, dict)
        and positions.keys() == set(ids)
        and all(_valid_point(point) for point in positions.values())
    ):
        return None
    return Similarities(
        list(ids),
        [[(j, score) for j, score in near] for near in neighbours],
        {paper_id: (x, y) for paper_id, (x, y) in positions.items()},
    )


def _valid_neighbours(near, index: int, size: int) -> bool:
    return isinstance(near, list) and all(
        isinstance(pair, list)
        and len(pair) == 2
        and type(pair[0]) is int
        and 0 <= pair[0] < size
        and pair[0] != index
        and type(pair[1]) is float
        and 0.0 <= pair[1] <= 1.0
        for pair in near
    )


def _valid_point(point) -> bool:
    return (
        isinstance(point, list)
        and len(point) == 2
        and all(type(value) is float and 0.0 <= value <= 1.0 for value in point)
    )


def documents(papers: Sequence[tuple[str, str, str]]) -> list[str]:
    return [f"{title}\n{title}\n{abstract}" for _, title, abstract in papers]


def import_libraries() -> None:
    """Import what tfidf() and map_positions() need (slow: call it ahead, in a worker)."""
    import sklearn.decomposition
    import sklearn.feature_extraction.text
    import sklearn.preprocessing  # noqa: F401


def relate(catalog: Catalog, found: Similarities | None = None) -> Catalog:
    """Each paper's most similar papers, with the tags they share, and its place on the map.

    `found` is similarities() of the same papers in the same order, when it was computed
    ahead (see relater.Relater).
    """
    papers = catalog.papers
    found = found or similarities([(p.id, p.title, p.abstract) for p in papers])
    if found.ids != [paper.id for paper in papers]:
        raise ValueError("similarities were computed for other papers, or in another order")
    related = {}
    for paper, near in zip(papers, found.neighbours, strict=True):
        related[paper.id] = tuple(
            Related(
                papers[j].id,
                round(score, 4),
                tuple(sorted(set(paper.tags) & set(papers[j].tags))),
            )
            for j, score in near
        )
    return replace(catalog, related=related, positions=found.positions)


MAP_COMPONENTS = 20
MAP_CLIP_PERCENTILE = 1.0


def map_coordinates(catalog: Catalog) -> dict[str, tuple[float, float]]:
    """Every paper placed in 2-D, scaled to [0, 1]: from the relate stage when it ran."""
    if catalog.positions:
        return catalog.positions
    texts = [(p.id, p.title, p.abstract) for p in catalog.papers]
    ids = [paper_id for paper_id, _, _ in texts]
    return map_positions(ids, tfidf(documents(texts)) if len(ids) >= 3 else None)


def map_positions(ids: Sequence[str], matrix) -> dict[str, tuple[float, float]]:
    """Every paper placed in 2-D, scaled to [0, 1].

    TF-IDF is reduced by truncated SVD (LSA); rows are normalised so a paper's place says
    what it is about, not how long it is; PCA takes the two main directions; the outer 1%
    is clipped so a few outliers do not squeeze everyone else into a corner.
    """
    if len(ids) < 3 or matrix is None or matrix.shape[1] < 2:  # no plane to reduce to
        return {paper_id: (0.5, 0.5) for paper_id in ids}
    from sklearn.decomposition import PCA, TruncatedSVD
    from sklearn.preprocessing import Normalizer

    components = max(2, min(MAP_COMPONENTS, matrix.shape[1] - 1, len(ids) - 1))
    latent = TruncatedSVD(n_components=components, n_iter=3, random_state=0).fit_transform(matrix)
    latent = Normalizer().fit_transform(latent)
    points = PCA(n_components=2, random_state=0).fit_transform(latent)
    low = np.percentile(points, MAP_CLIP_PERCENTILE, axis=0)
    high = np.percentile(points, 100 - MAP_CLIP_PERCENTILE, axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    scaled = np.clip((points - low) / span, 0.0, 1.0)
    return {
        paper_id: (round(float(x), 4), round(float(y), 4))
        for paper_id, (x, y) in zip(ids, scaled, strict=True)
    }
