"""Measure search settings on the query set: which separator and pipeline find the paper.

Run: python benchmarks/search_quality.py
Prints, for each candidate setting, how many of the queries in tests/search_queries.yml
put the expected paper first and in the top three, and the mean reciprocal rank. The
setting in mkdocs.yml was chosen from this table (lunr.py here; the browser test checks
lunr.js with the chosen setting).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.build import load_catalog
from generator.search import SearchSettings, build_index, rank_of, search

PROJECT = Path(__file__).resolve().parent.parent
MATERIAL_DEFAULT = r"[\s\-]+"
MATERIAL_RICH = r'[\s\-,:!?=\[\]()"/]+|(?!\b)(?=[A-Z][a-z])|\.(?!\d)|&[lg]t;'
PIPELINES = {"stop words": ("stopWordFilter",), "stemmer": ("trimmer", "stopWordFilter", "stemmer")}
PUNCTUATION = r'[\s\-,:!?=\[\]()"/]+|\.(?!\d)|&[lg]t;'
SEPARATORS = {"default": MATERIAL_DEFAULT, "punct+camel": MATERIAL_RICH, "punct": PUNCTUATION}
BOOSTS = [(1000, 100, 1), (10, 3, 1), (5, 2, 1), (3, 2, 1), (2, 1.5, 1), (1, 1, 1)]
CANDIDATES = {
    f"{sep_name}, {pipe_name}, title/tags/text {t}/{g}/{x}": SearchSettings(
        separator, pipeline, (("title", t), ("tags", g), ("text", x))
    )
    for sep_name, separator in SEPARATORS.items()
    for pipe_name, pipeline in PIPELINES.items()
    for t, g, x in BOOSTS
}


def main() -> None:
    queries = yaml.safe_load((PROJECT / "tests" / "search_queries.yml").read_text())
    catalog = load_catalog(PROJECT / "seeds").catalog
    print(f"{len(queries)} queries, {len(catalog.papers)} papers\n")
    print(f"| {'setting':<48} | top 1 | top 3 | MRR  | missed (rank) |")
    print(f"|{'-' * 50}|-------|-------|------|---------------|")
    for name, settings in CANDIDATES.items():
        index = build_index(catalog, settings)
        ranks = []
        for query in queries:
            hits = search(catalog, index, query["query"], settings, limit=20)
            ranks.append((query["query"], rank_of(hits, query["paper"])))
        top1 = sum(1 for _, rank in ranks if rank == 1)
        top3 = sum(1 for _, rank in ranks if rank and rank <= 3)
        mrr = sum(1 / rank for _, rank in ranks if rank) / len(ranks)
        missed = ", ".join(f"{q} ({rank or '-'})" for q, rank in ranks if not rank or rank > 3)
        print(f"| {name:<48} | {top1:5} | {top3:5} | {mrr:.2f} | {missed or 'none'} |")


if __name__ == "__main__":
    main()
