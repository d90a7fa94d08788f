"""Tag quality: precision and recall of the taxonomy's rules against hand-made labels.

    python benchmarks/tag_quality.py              # every set, overall and per tag
    python benchmarks/tag_quality.py --set dev    # one set (--set again for more)
    python benchmarks/tag_quality.py --draw       # the catalog samples, drawn again

The labels (tests/labels/) were written by reading each paper's title and abstract, before
looking at what the rules give it: `catalog_sample.yml` is a random sample of the catalog
(seed 17), split into dev (rules may be tuned on it) and held-out (never used to write a
rule); `catalog_sample_2.yml` (dev-2) a second sample (seed 29, from the other papers),
labelled by a second researcher; `outside_dev.yml`, `outside_dev_2.yml`,
`outside_dev_3.yml`, `outside_dev_4.yml`, `outside_dev_5.yml` (rules may be tuned on them),
`outside.yml` and `outside_2.yml` (held out) hold real papers that are not in the catalog.

Only the rules are measured (no curated additions or removals). A predicted tag is right
(strict) when the label lists it in `tags`, and acceptable (lenient) when in `tags` or
`borderline`; recall is over `tags`. Coverage is the share of papers given any tag.

To measure an older version of the rules, run this script with that version's package and
seeds first on the path: `PYTHONPATH=<old checkout> python benchmarks/tag_quality.py
--seeds <old checkout>/seeds`. Tag ids that were renamed since are mapped to today's ids
through the `former_ids` of the labels' taxonomy (this repository's seeds/taxonomy.yml).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
LABELS = PROJECT / "tests" / "labels"
SAMPLE_SEED = 17
SAMPLE_SIZE = 100
DEV_SIZE = 60
SECOND_SEED = 29
SECOND_SIZE = 60
SETS = (
    "dev",
    "dev-2",
    "held-out",
    "outside-dev",
    "outside-dev-2",
    "outside-dev-3",
    "outside-dev-4",
    "outside-dev-5",
    "outside",
    "outside-2",
)
CATALOG_FILES = ("catalog_sample.yml", "catalog_sample_2.yml")
OUTSIDE_FILES = {
    "outside-dev": "outside_dev.yml",
    "outside-dev-2": "outside_dev_2.yml",
    "outside-dev-3": "outside_dev_3.yml",
    "outside-dev-4": "outside_dev_4.yml",
    "outside-dev-5": "outside_dev_5.yml",
    "outside": "outside.yml",
    "outside-2": "outside_2.yml",
}


@dataclass(frozen=True)
class Labelled:
    key: str  # paper id, or the title of an outside paper
    title: str
    abstract: str
    tags: frozenset[str]
    borderline: frozenset[str]


def draw_sample(paper_ids) -> list[str]:
    """The catalog sample: SAMPLE_SIZE ids drawn from the sorted ids with a fixed seed."""
    return random.Random(SAMPLE_SEED).sample(sorted(paper_ids), SAMPLE_SIZE)


def draw_second_sample(paper_ids) -> list[str]:
    """The second catalog sample: SECOND_SIZE ids drawn with another seed from the sorted
    ids that the first sample does not hold."""
    first = set(draw_sample(paper_ids))
    rest = [paper_id for paper_id in sorted(paper_ids) if paper_id not in first]
    return random.Random(SECOND_SEED).sample(rest, SECOND_SIZE)


def load_sets(seeds: Path) -> dict[str, list[Labelled]]:
    from generator.build import load_catalog

    catalog = load_catalog(seeds).catalog
    by_id = {paper.id: paper for paper in catalog.papers}
    entries = [
        entry
        for file in CATALOG_FILES
        for entry in yaml.safe_load((LABELS / file).read_text(encoding="utf-8"))["papers"]
    ]
    sets: dict[str, list[Labelled]] = {name: [] for name in SETS}
    gone = [entry["id"] for entry in entries if entry["id"] not in by_id]
    if gone:
        # Merged with another paper, or renamed, since the sample was drawn: measured without.
        print(f"{len(gone)} labelled papers are no longer in the catalog: {', '.join(gone)}")
    for entry in entries:
        paper = by_id.get(entry["id"])
        if paper is None:
            continue
        sets[entry["split"]].append(
            Labelled(
                paper.id,
                paper.title,
                paper.abstract,
                frozenset(entry["tags"]),
                frozenset(entry["borderline"]),
            )
        )
    for name, file in OUTSIDE_FILES.items():
        outside = yaml.safe_load((LABELS / file).read_text(encoding="utf-8"))
        for entry in outside["papers"]:
            sets[name].append(
                Labelled(
                    entry["title"],
                    entry["title"],
                    entry["abstract"],
                    frozenset(entry["tags"]),
                    frozenset(entry.get("borderline", ())),
                )
            )
    return sets


def renamed_ids() -> dict[str, str]:
    """Former tag id -> today's id, from the labels' taxonomy (read as plain YAML, so that an
    older generator can be measured against today's labels)."""
    data = yaml.safe_load((PROJECT / "seeds" / "taxonomy.yml").read_text(encoding="utf-8"))
    return {
        old: tag_id
        for tag_id, entry in (data.get("tags") or {}).items()
        for old in (entry or {}).get("former_ids", ())
    }


def predict(papers: list[Labelled], seeds: Path) -> dict[str, frozenset[str]]:
    from generator.curation import parse_taxonomy
    from generator.tagging import Tagger

    text = (seeds / "taxonomy.yml").read_text(encoding="utf-8")
    taxonomy, problems = parse_taxonomy("taxonomy.yml", text)
    errors = [p for p in problems if getattr(p, "severity", "error") == "error"]
    if errors:
        sys.exit("the taxonomy has errors:\n" + "\n".join(map(str, errors)))
    tagger = Tagger(taxonomy.tags)
    renames = renamed_ids()
    return {
        paper.key: frozenset(
            renames.get(tag, tag) for tag in tagger.tags_for(paper.title, paper.abstract)
        )
        for paper in papers
    }


@dataclass
class Score:
    papers: int = 0
    tagged: int = 0
    predicted: int = 0
    correct: int = 0  # strict
    acceptable: int = 0  # strict or borderline
    labelled: int = 0

    def line(self) -> str:
        def ratio(a, b):
            return f"{a / b:6.1%}" if b else "     -"

        return (
            f"strict precision {ratio(self.correct, self.predicted)} "
            f"({self.correct}/{self.predicted}), lenient {ratio(self.acceptable, self.predicted)}, "
            f"recall {ratio(self.correct, self.labelled)} ({self.correct}/{self.labelled}), "
            f"tagged {ratio(self.tagged, self.papers)} ({self.tagged}/{self.papers})"
        )


def evaluate(papers: list[Labelled], predicted: dict[str, frozenset[str]]):
    overall = Score()
    true_positive: Counter[str] = Counter()
    false_positive: Counter[str] = Counter()
    false_negative: Counter[str] = Counter()
    mistakes = []
    for paper in papers:
        tags = predicted[paper.key]
        overall.papers += 1
        overall.tagged += bool(tags)
        overall.predicted += len(tags)
        overall.correct += len(tags & paper.tags)
        overall.acceptable += len(tags & (paper.tags | paper.borderline))
        overall.labelled += len(paper.tags)
        true_positive.update(tags & paper.tags)
        false_positive.update(tags - paper.tags)
        false_negative.update(paper.tags - tags)
        wrong, missed = tags - paper.tags - paper.borderline, paper.tags - tags
        if wrong or missed:
            mistakes.append((paper.key, sorted(wrong), sorted(missed)))
    return overall, true_positive, false_positive, false_negative, mistakes


def report(name, papers, predicted, per_tag: bool, show_mistakes: bool) -> Score:
    overall, tp, fp, fn, mistakes = evaluate(papers, predicted)
    print(f"== {name}: {overall.line()}")
    if per_tag:
        print(f"   {'tag':42} {'TP':>3} {'FP':>3} {'FN':>3}  precision  recall")
        for tag in sorted(set(tp) | set(fp) | set(fn)):
            precision = f"{tp[tag] / (tp[tag] + fp[tag]):.0%}" if tp[tag] + fp[tag] else "-"
            recall = f"{tp[tag] / (tp[tag] + fn[tag]):.0%}" if tp[tag] + fn[tag] else "-"
            print(f"   {tag:42} {tp[tag]:3} {fp[tag]:3} {fn[tag]:3}  {precision:>9}  {recall:>6}")
    if show_mistakes:
        for key, wrong, missed in mistakes:
            print(f"   {key[:70]}: wrong {wrong} missed {missed}")
    return overall


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=PROJECT / "seeds")
    parser.add_argument(
        "--set",
        choices=SETS,
        action="append",
        help="default: all; rules may be tuned on every set but held-out, outside and outside-2",
    )
    parser.add_argument("--no-per-tag", action="store_true", help="overall figures only")
    parser.add_argument("--mistakes", action="store_true", help="list wrong and missed tags")
    parser.add_argument("--draw", action="store_true", help="print the catalog samples' ids")
    args = parser.parse_args(argv)
    sys.path.append(str(PROJECT))  # after PYTHONPATH: an older checkout can be measured
    if args.draw:
        from generator.build import load_catalog

        ids = [paper.id for paper in load_catalog(args.seeds).catalog.papers]
        for index, paper_id in enumerate(draw_sample(ids)):
            print("dev" if index < DEV_SIZE else "held-out", paper_id)
        for paper_id in draw_second_sample(ids):
            print("dev-2", paper_id)
        return 0
    sets = load_sets(args.seeds)
    for name in args.set or SETS:
        predicted = predict(sets[name], args.seeds)
        report(name, sets[name], predicted, not args.no_per_tag, args.mistakes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
