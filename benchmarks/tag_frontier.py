"""Tag quality's frontier: how far other ways of weighing the same evidence move precision
and recall, on the labelled sets of benchmarks/tag_quality.py.

    python benchmarks/tag_frontier.py

Three families, each measured on the sets rules may be tuned on (dev, dev-2, outside-dev
and outside-dev-2 to -5), on the catalog sample the issue names (dev + held-out) and on the
sets only measured (held-out, outside, outside-2):

- the tagger's two numbers: MAX_TAGS (tags a paper keeps) and LEAD_OR_EXTRA_MENTIONS (how
  many more mentions make a subject central when its first sentence does not name it);
- neighbour votes: a subject the abstract mentions but not enough is added when the paper's
  most similar catalog papers (TF-IDF over title and abstract, as the relate stage) carry
  it, by a share of their similarity of at least a threshold;
- a learned weighing: logistic regression over each candidate tag's evidence (title, first
  sentence and abstract mentions, strength, rank, number of candidates, the tag's evidence
  kind and mentions), trained on the tunable sets only, at three thresholds.

Only the rules are measured, as in tag_quality.py (no curated tags).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tag_quality

PROJECT = tag_quality.PROJECT
GROUPS = {
    "tunable": (
        "dev",
        "dev-2",
        "outside-dev",
        "outside-dev-2",
        "outside-dev-3",
        "outside-dev-4",
        "outside-dev-5",
    ),
    "catalog sample": ("dev", "held-out"),
    "only measured": ("held-out", "outside", "outside-2"),
}


def measure(sets, tags_of) -> str:
    """'P x R y' per group, for a function (labelled paper) -> predicted tag ids."""
    cells = []
    for names in GROUPS.values():
        papers = [paper for name in names for paper in sets[name]]
        overall, *_ = tag_quality.evaluate(papers, {p.key: frozenset(tags_of(p)) for p in papers})
        precision, recall = overall.correct / overall.predicted, overall.correct / overall.labelled
        cells.append(f"{precision:.1%} / {recall:.1%}")
    return " | ".join(cells)


def main() -> int:
    sys.path.append(str(PROJECT))
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    import generator.tagging as tagging
    from generator.build import load_catalog
    from generator.curation import parse_taxonomy

    seeds = PROJECT / "seeds"
    taxonomy, _ = parse_taxonomy("taxonomy.yml", (seeds / "taxonomy.yml").read_text())
    tagger = tagging.Tagger(taxonomy.tags)
    sets = tag_quality.load_sets(seeds)
    print("precision / recall | " + " | ".join(GROUPS))

    def rules(paper):
        return frozenset(tagger.tags_for(paper.title, paper.abstract))

    print(f"the rules as they are | {measure(sets, rules)}")
    defaults = tagging.MAX_TAGS, tagging.LEAD_OR_EXTRA_MENTIONS
    try:
        for max_tags in (2, 3, 4):
            for extra in (1, 2, 3):
                tagging.MAX_TAGS, tagging.LEAD_OR_EXTRA_MENTIONS = max_tags, extra
                label = f"MAX_TAGS {max_tags}, LEAD_OR_EXTRA_MENTIONS {extra}"
                print(f"{label} | {measure(sets, rules)}")
    finally:
        tagging.MAX_TAGS, tagging.LEAD_OR_EXTRA_MENTIONS = defaults

    catalog = load_catalog(seeds).catalog.papers
    catalog_tags = [rules(paper) for paper in catalog]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, max_df=0.5)
    matrix = vectorizer.fit_transform([f"{p.title} {p.title} {p.abstract}" for p in catalog])
    row_of = {paper.id: row for row, paper in enumerate(catalog)}

    def votes(paper, count):
        query = vectorizer.transform([f"{paper.title} {paper.title} {paper.abstract}"])
        scores = (matrix @ query.T).toarray().ravel()
        if paper.key in row_of:
            scores[row_of[paper.key]] = -1  # not itself
        nearest = np.argsort(-scores, kind="stable")[:count]
        total = sum(max(scores[row], 0) for row in nearest) or 1
        shares = defaultdict(float)
        for row in nearest:
            for tag in catalog_tags[row]:
                shares[tag] += scores[row] / total
        return shares

    for count in (5, 10):
        for threshold in (0.2, 0.3, 0.5):

            def with_votes(paper, count=count, threshold=threshold):
                shares = votes(paper, count)
                evidence = tagger.evidence(paper.title, paper.abstract)
                added = {t for t, e in evidence.items() if e.abstract and shares[t] >= threshold}
                return rules(paper) | added

            label = f"neighbour votes, {count} neighbours, share {threshold}"
            print(f"{label} | {measure(sets, with_votes)}")

    def features(paper):
        evidence = tagger.evidence(paper.title, paper.abstract)
        kept = rules(paper)
        # strongest first, ties by tag id: the evidence comes as a set (in hash order)
        ranked = sorted(
            evidence,
            key=lambda t: (-evidence[t].title, -evidence[t].lead, -evidence[t].abstract, t),
        )
        rows = []
        for rank, tag in enumerate(ranked):
            found, rule = evidence[tag], tagger.rules[tag]
            rows.append(
                (
                    tag,
                    [
                        min(found.title, 2),
                        min(found.lead, 2),
                        np.log1p(found.abstract),
                        found.strength(rule),
                        tag in kept,
                        min(rank, 5),
                        len(evidence) > 5,
                        rule.evidence == "lead",
                        rule.mentions,
                    ],
                )
            )
        return rows

    train_x, train_y = [], []
    for name in GROUPS["tunable"]:
        for paper in sets[name]:
            for tag, row in features(paper):
                train_x.append(row)
                train_y.append(tag in paper.tags)
    model = LogisticRegression(max_iter=1000).fit(np.array(train_x, float), np.array(train_y))
    for threshold in (0.4, 0.5, 0.6):

        def learned(paper, threshold=threshold):
            rows = features(paper)
            if not rows:
                return frozenset()
            chance = model.predict_proba(np.array([row for _, row in rows], float))[:, 1]
            pairs = zip(rows, chance, strict=True)
            return frozenset(tag for (tag, _), p in pairs if p >= threshold)

        print(f"learned weighing, threshold {threshold} | {measure(sets, learned)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
