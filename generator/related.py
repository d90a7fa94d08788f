"""Relate: each paper's most similar papers, by TF-IDF cosine over title and abstract.

The whole catalog is vectorised once; similarities are computed in blocks of rows so memory
stays bounded for large catalogs, and ties are broken by paper id so the result is the
same on every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import Normalizer

from .model import Catalog, Paper

RELATED_COUNT = 5
BLOCK_ROWS = 2048
# Words that say "this is a machine-learning abstract" rather than what the paper is about.
MAX_DOCUMENT_FREQUENCY = 0.5


@dataclass(frozen=True)
class Related:
    paper_id: str
    score: float
    shared_tags: tuple[str, ...]


def document(paper: Paper) -> str:
    # The title counts twice: it is the densest statement of what a paper is about.
    return f"{paper.title}\n{paper.title}\n{paper.abstract}"


def tfidf(papers: Sequence[Paper]):
    vectorizer = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        max_df=MAX_DOCUMENT_FREQUENCY if len(papers) > 20 else 1.0,
        dtype=np.float32,
    )
    return vectorizer.fit_transform([document(paper) for paper in papers])


def nearest(matrix, count: int = RELATED_COUNT) -> list[list[tuple[int, float]]]:
    """For each row, the `count` most similar other rows as (index, cosine), best first."""
    rows = matrix.shape[0]
    take = min(count, rows - 1)
    result: list[list[tuple[int, float]]] = []
    for start in range(0, rows, BLOCK_ROWS):
        block = (matrix[start : start + BLOCK_ROWS] @ matrix.T).toarray()
        block[np.arange(block.shape[0]), np.arange(start, start + block.shape[0])] = -1.0
        # Rounded so float noise cannot reorder near-equal scores between machines; ties are
        # broken by index (papers are sorted by id), so the result is the same on every run.
        block = np.round(block, 6)
        candidates = np.argpartition(-block, take - 1, axis=1)[:, :take]
        scores = np.take_along_axis(block, candidates, axis=1)
        order = np.lexsort((candidates, -scores), axis=1)
        candidates = np.take_along_axis(candidates, order, axis=1)
        scores = np.take_along_axis(scores, order, axis=1)
        for row_candidates, row_scores in zip(candidates, scores, strict=True):
            result.append(
                [
                    (int(j), float(s))
                    for j, s in zip(row_candidates, row_scores, strict=True)
                    if s > 0
                ]
            )
    return result


def relate(catalog: Catalog) -> Catalog:
    papers = catalog.papers
    if len(papers) < 2:
        return catalog
    neighbours = nearest(tfidf(papers))
    related = {}
    for paper, near in zip(papers, neighbours, strict=True):
        related[paper.id] = tuple(
            Related(
                papers[j].id,
                round(score, 4),
                tuple(sorted(set(paper.tags) & set(papers[j].tags))),
            )
            for j, score in near
        )
    return replace(catalog, related=related)


MAP_COMPONENTS = 20
MAP_CLIP_PERCENTILE = 1.0


def map_coordinates(catalog: Catalog) -> dict[str, tuple[float, float]]:
    """Every paper placed in 2-D, scaled to [0, 1].

    TF-IDF is reduced by truncated SVD (LSA); rows are normalised so a paper's place says
    what it is about, not how long it is; PCA takes the two main directions; the outer 1%
    is clipped so a few outliers do not squeeze everyone else into a corner.
    """
    papers = catalog.papers
    if len(papers) < 3:
        return {paper.id: (0.5, 0.5) for paper in papers}
    matrix = tfidf(papers)
    components = max(2, min(MAP_COMPONENTS, matrix.shape[1] - 1, len(papers) - 1))
    latent = TruncatedSVD(n_components=components, n_iter=3, random_state=0).fit_transform(matrix)
    latent = Normalizer().fit_transform(latent)
    points = PCA(n_components=2, random_state=0).fit_transform(latent)
    low = np.percentile(points, MAP_CLIP_PERCENTILE, axis=0)
    high = np.percentile(points, 100 - MAP_CLIP_PERCENTILE, axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    scaled = np.clip((points - low) / span, 0.0, 1.0)
    return {
        paper.id: (round(float(x), 4), round(float(y), 4))
        for paper, (x, y) in zip(papers, scaled, strict=True)
    }
