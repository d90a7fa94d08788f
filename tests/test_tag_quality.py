"""benchmarks/tag_quality.py and the labels it reads (tests/labels/)."""

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from generator.curation import parse_taxonomy

PROJECT = Path(__file__).resolve().parent.parent
LABELS = PROJECT / "tests" / "labels"
spec = importlib.util.spec_from_file_location(
    "tag_quality", PROJECT / "benchmarks" / "tag_quality.py"
)
tag_quality = importlib.util.module_from_spec(spec)
sys.modules["tag_quality"] = tag_quality  # dataclasses look their module up there
spec.loader.exec_module(tag_quality)


def known_tags():
    text = (PROJECT / "seeds" / "taxonomy.yml").read_text(encoding="utf-8")
    taxonomy, _ = parse_taxonomy("taxonomy.yml", text)
    return {tag.id for tag in taxonomy.tags} | set(tag_quality.renamed_ids())


OUTSIDE_FILES = sorted(tag_quality.OUTSIDE_FILES.values())


def test_the_script_reads_every_label_file():
    on_disk = sorted(path.name for path in LABELS.glob("*.yml"))
    assert on_disk == sorted([*tag_quality.CATALOG_FILES, *OUTSIDE_FILES])


@pytest.mark.parametrize("name", [*tag_quality.CATALOG_FILES, *OUTSIDE_FILES])
def test_every_label_is_a_tag_of_the_taxonomy_and_clear_or_borderline_not_both(name):
    tags = known_tags()
    papers = yaml.safe_load((LABELS / name).read_text(encoding="utf-8"))["papers"]
    for paper in papers:
        key = paper.get("id") or paper["title"]
        assert set(paper["tags"]) <= tags, key
        assert set(paper.get("borderline", ())) <= tags, key
        assert not set(paper["tags"]) & set(paper.get("borderline", ())), key


@pytest.mark.parametrize("name", OUTSIDE_FILES)
def test_outside_papers_have_a_source_a_title_and_an_abstract(name):
    papers = yaml.safe_load((LABELS / name).read_text(encoding="utf-8"))["papers"]
    assert len(papers) >= 30
    assert len({paper["title"].casefold() for paper in papers}) == len(papers)
    for paper in papers:
        assert paper["url"].startswith(("https://", "http://")), paper["title"]
        assert len(paper["abstract"].split()) >= 40, paper["title"]


def test_the_outside_sets_share_no_paper_and_hold_no_paper_of_the_catalog():
    titles = [
        {
            p["title"].casefold()
            for p in yaml.safe_load((LABELS / name).read_text(encoding="utf-8"))["papers"]
        }
        for name in tag_quality.OUTSIDE_FILES.values()
    ]
    assert sum(map(len, titles)) == len(set().union(*titles))
    from generator.build import load_catalog

    catalog = {paper.title.casefold() for paper in load_catalog(PROJECT / "seeds").catalog.papers}
    assert not set().union(*titles) & catalog


def test_the_second_catalog_sample_is_sixty_papers_none_of_the_first():
    """Drawn by draw_second_sample from the catalog of the commit its file names; a draw from
    today's seeds differs as soon as a paper is added, so only its shape is checked here."""
    first = yaml.safe_load((LABELS / "catalog_sample.yml").read_text(encoding="utf-8"))["papers"]
    second = yaml.safe_load((LABELS / "catalog_sample_2.yml").read_text(encoding="utf-8"))["papers"]
    ids = [entry["id"] for entry in second]
    assert len(ids) == len(set(ids)) == tag_quality.SECOND_SIZE
    assert {entry["split"] for entry in second} == {"dev-2"}
    assert not {entry["id"] for entry in first} & set(ids)


def test_the_second_draw_takes_papers_the_first_did_not():
    ids = [f"paper-{number:03}" for number in range(300)]
    second = tag_quality.draw_second_sample(ids)
    assert len(second) == len(set(second)) == tag_quality.SECOND_SIZE
    assert not set(second) & set(tag_quality.draw_sample(ids))
    assert second == tag_quality.draw_second_sample(list(reversed(ids)))  # the sorted ids'


def test_the_catalog_sample_is_split_sixty_dev_forty_held_out():
    papers = yaml.safe_load((LABELS / "catalog_sample.yml").read_text(encoding="utf-8"))["papers"]
    splits = [paper["split"] for paper in papers]
    assert splits == ["dev"] * tag_quality.DEV_SIZE + ["held-out"] * (
        tag_quality.SAMPLE_SIZE - tag_quality.DEV_SIZE
    )


def labelled(key, tags, borderline=()):
    return tag_quality.Labelled(key, key, "", frozenset(tags), frozenset(borderline))


def test_precision_is_strict_over_clear_tags_lenient_with_borderline_and_recall_over_clear():
    papers = [
        labelled("a", ["x", "y"], ["z"]),
        labelled("b", ["x"]),
        labelled("c", ["y"]),
    ]
    predicted = {"a": frozenset({"x", "z"}), "b": frozenset({"w"}), "c": frozenset()}
    overall, tp, fp, fn, mistakes = tag_quality.evaluate(papers, predicted)
    assert (overall.papers, overall.tagged, overall.predicted) == (3, 2, 3)
    assert (overall.correct, overall.acceptable, overall.labelled) == (1, 2, 4)
    assert overall.line() == (
        "strict precision  33.3% (1/3), lenient  66.7%, recall  25.0% (1/4), tagged  66.7% (2/3)"
    )
    assert (tp, fp, fn) == ({"x": 1}, {"z": 1, "w": 1}, {"y": 2, "x": 1})
    # borderline tags are not listed as wrong, missed clear ones are
    assert mistakes == [("a", [], ["y"]), ("b", ["w"], ["x"]), ("c", [], ["y"])]


def test_the_script_measures_every_set_on_the_real_seeds(capsys):
    assert tag_quality.main(["--no-per-tag"]) == 0
    lines = capsys.readouterr().out.splitlines()
    measured = [line.split(":")[0] for line in lines if line.startswith("== ")]
    assert measured == [
        "== dev",
        "== dev-2",
        "== held-out",
        "== outside-dev",
        "== outside-dev-2",
        "== outside-dev-3",
        "== outside-dev-4",
        "== outside-dev-5",
        "== outside",
        "== outside-2",
    ]


def test_a_sampled_paper_that_left_the_catalog_is_measured_without_and_named(monkeypatch, capsys):
    from dataclasses import replace

    import generator.build

    sample = yaml.safe_load((LABELS / "catalog_sample.yml").read_text(encoding="utf-8"))
    gone = sample["papers"][0]["id"]
    load_catalog = generator.build.load_catalog

    def without_one(seeds):
        loaded = load_catalog(seeds)
        papers = tuple(paper for paper in loaded.catalog.papers if paper.id != gone)
        return replace(loaded, catalog=replace(loaded.catalog, papers=papers))

    monkeypatch.setattr(generator.build, "load_catalog", without_one)
    sets = tag_quality.load_sets(PROJECT / "seeds")
    assert gone not in {paper.key for paper in sets["dev"]}
    assert (len(sets["dev"]), len(sets["held-out"])) == (tag_quality.DEV_SIZE - 1, 40)
    assert capsys.readouterr().out == f"1 labelled papers are no longer in the catalog: {gone}\n"


def test_the_frontier_script_starts_from_the_rules_as_measured_and_restores_them(capsys):
    import generator.tagging as tagging

    spec = importlib.util.spec_from_file_location(
        "tag_frontier", PROJECT / "benchmarks" / "tag_frontier.py"
    )
    frontier = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(frontier)
    defaults = tagging.MAX_TAGS, tagging.LEAD_OR_EXTRA_MENTIONS
    assert frontier.main() == 0
    assert defaults == (tagging.MAX_TAGS, tagging.LEAD_OR_EXTRA_MENTIONS)
    rows = dict(line.split(" | ", 1) for line in capsys.readouterr().out.splitlines())
    assert rows.pop("precision / recall") == "tunable | catalog sample | only measured"
    assert len(rows) == 1 + 9 + 6 + 3
    sets = tag_quality.load_sets(PROJECT / "seeds")
    expected = []
    for names in frontier.GROUPS.values():
        papers = [paper for name in names for paper in sets[name]]
        overall, *_ = tag_quality.evaluate(papers, tag_quality.predict(papers, PROJECT / "seeds"))
        expected.append(
            f"{overall.correct / overall.predicted:.1%} / {overall.correct / overall.labelled:.1%}"
        )
    assert rows["the rules as they are"] == " | ".join(expected)
    assert rows["MAX_TAGS 3, LEAD_OR_EXTRA_MENTIONS 2"] == rows["the rules as they are"]
