"""caches.py: the last build's groups and rule tags are reused only for the same inputs."""

import json
import shutil

import pytest
from conftest import REAL_SEEDS, copy_project

from generator import caches, dedupe, tagging
from generator.dedupe import DedupeRules
from generator.model import Paper, Record, Tag

RECORDS = [
    Record("001_a.txt", 1, "Kolmogorov-Arnold networks", "KANs learn activations."),
    Record("001_a.txt", 3, "Attention is all you need", "Transformers."),
    Record("002_b.txt", 1, "Kolmogorov Arnold Networks", "KANs learn activations."),
]


class Counting:
    """A stage function that counts its calls and what it was given."""

    def __init__(self, function):
        self.function = function
        self.calls = []

    def __call__(self, *args):
        self.calls.append(args[0])
        return self.function(*args)


def test_the_groups_are_reused_only_for_the_same_records_rules_and_code(tmp_path, monkeypatch):
    cluster = Counting(dedupe.cluster)
    first = caches.clustered(RECORDS, DedupeRules(), tmp_path, cluster)
    assert [[record.ref for record in group] for group in first] == [
        ["001_a.txt:1", "002_b.txt:1"],
        ["001_a.txt:3"],
    ]
    assert caches.clustered(RECORDS, DedupeRules(), tmp_path, cluster) == first
    assert len(cluster.calls) == 1
    retitled = [*RECORDS[:2], Record("002_b.txt", 1, "Something else", "Other.")]
    assert len(caches.clustered(retitled, DedupeRules(), tmp_path, cluster)) == 3
    apart = DedupeRules(different=(("001_a.txt:1", "002_b.txt:1"),))
    assert len(caches.clustered(retitled, apart, tmp_path, cluster)) == 3
    assert len(cluster.calls) == 3
    caches.clustered(retitled, apart, tmp_path, cluster)
    assert len(cluster.calls) == 3
    monkeypatch.setattr(caches, "code_digest", lambda: "other code")
    caches.clustered(retitled, apart, tmp_path, cluster)
    assert len(cluster.calls) == 4


def test_without_a_folder_nothing_is_cached(tmp_path):
    cluster = Counting(dedupe.cluster)
    caches.clustered(RECORDS, DedupeRules(), None, cluster)
    caches.clustered(RECORDS, DedupeRules(), None, cluster)
    assert len(cluster.calls) == 2


@pytest.mark.parametrize(
    "groups",
    [
        [["001_a.txt:1", "002_b.txt:1"]],  # a record missing
        [["001_a.txt:1", "002_b.txt:1"], ["001_a.txt:3"], ["001_a.txt:3"]],  # one twice
        [["001_a.txt:1", "002_b.txt:1"], ["001_a.txt:3", "009_z.txt:1"]],  # an unknown one
        [["001_a.txt:1", "002_b.txt:1"], []],
        [["001_a.txt:1", "002_b.txt:1"], "001_a.txt:3"],
        "not groups",
    ],
)
def test_groups_that_do_not_hold_every_record_once_are_computed_again(tmp_path, groups):
    key = caches.dedupe_key(RECORDS, DedupeRules())
    (tmp_path / caches.DEDUPE_FILE).write_text(json.dumps({"key": key, "groups": groups}))
    cluster = Counting(dedupe.cluster)
    found = caches.clustered(RECORDS, DedupeRules(), tmp_path, cluster)
    assert len(cluster.calls) == 1 and found == dedupe.cluster(RECORDS)
    saved = json.loads((tmp_path / caches.DEDUPE_FILE).read_text())
    assert saved == {"key": key, "groups": [["001_a.txt:1", "002_b.txt:1"], ["001_a.txt:3"]]}


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b"[1, 2]", b'{"key": 3}'])
def test_an_unreadable_cache_is_ignored_and_written_again(tmp_path, content):
    (tmp_path / caches.DEDUPE_FILE).write_bytes(content)
    cluster = Counting(dedupe.cluster)
    caches.clustered(RECORDS, DedupeRules(), tmp_path, cluster)
    assert len(cluster.calls) == 1
    assert json.loads((tmp_path / caches.DEDUPE_FILE).read_text())["key"] == caches.dedupe_key(
        RECORDS, DedupeRules()
    )


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path):
    folder = tmp_path / "file"
    folder.write_text("a file where the folder should be")
    cluster = Counting(dedupe.cluster)
    assert caches.clustered(RECORDS, DedupeRules(), folder, cluster) == dedupe.cluster(RECORDS)


TAGS = (
    Tag("kans", "KANs", "d", ("a",), ("KAN",), mentions=1),
    Tag("transformers", "Transformers", "d", ("a",), ("transformer",)),
)


def paper(paper_id, title, abstract, derived=False):
    return Paper(paper_id, title, abstract, (), title_derived=derived)


def test_rule_tags_are_computed_only_for_texts_the_last_build_did_not_tag(tmp_path):
    compute = Counting(tagging.rule_tags_of)
    papers = [paper("a", "A KAN", ""), paper("b", "Transformers", "")]
    assert caches.rule_tags(papers, TAGS, tmp_path, compute) == [{"kans"}, {"transformers"}]
    again = [paper("a2", "A KAN", ""), paper("c", "A transformer and a KAN", "")]
    assert caches.rule_tags(again, TAGS, tmp_path, compute) == [
        {"kans"},
        {"kans", "transformers"},
    ]
    assert [[p.id for p in call] for call in compute.calls] == [["a", "b"], ["c"]]
    # the cache keeps the texts of the last build only
    saved = json.loads((tmp_path / caches.TAGS_FILE).read_text())["texts"]
    assert sorted(saved.values()) == [["kans"], ["kans", "transformers"]]
    caches.rule_tags(again, TAGS, tmp_path, compute)
    assert len(compute.calls) == 2
    # a title made from the abstract is not read by the rules: another text
    caches.rule_tags([paper("d", "A KAN", "", derived=True)], TAGS, tmp_path, compute)
    assert [p.id for p in compute.calls[-1]] == ["d"]


def test_another_taxonomy_tags_every_paper_again(tmp_path):
    compute = Counting(tagging.rule_tags_of)
    papers = [paper("a", "A KAN", "")]
    caches.rule_tags(papers, TAGS, tmp_path, compute)
    fewer = TAGS[1:]
    assert caches.rule_tags(papers, fewer, tmp_path, compute) == [set()]
    assert len(compute.calls) == 2


def test_cached_tags_that_are_not_lists_of_ids_are_computed_again(tmp_path):
    compute = Counting(tagging.rule_tags_of)
    papers = [paper("a", "A KAN", ""), paper("b", "A transformer", "")]
    key = caches.tags_key(TAGS)
    texts = {caches.text_key(papers[0]): "kans", caches.text_key(papers[1]): ["kans"]}
    (tmp_path / caches.TAGS_FILE).write_text(json.dumps({"key": key, "texts": texts}))
    # "b"'s cached (wrong) tags are used as they are: the cache holds what the rules gave
    assert caches.rule_tags(papers, TAGS, tmp_path, compute) == [{"kans"}, {"kans"}]
    assert [[p.id for p in call] for call in compute.calls] == [["a"]]


def test_the_code_digest_covers_every_file_of_the_package(tmp_path, monkeypatch):
    (tmp_path / "templates").mkdir()
    (tmp_path / "a.py").write_text("x = 1")
    (tmp_path / "templates" / "page.j2").write_text("{{ x }}")
    monkeypatch.setattr(caches, "PACKAGE", tmp_path)
    digests = []
    for change in ("", "a.py", "templates/page.j2"):
        if change:
            (tmp_path / change).write_text("changed")
        caches.code_digest.cache_clear()
        digests.append(caches.code_digest())
    caches.code_digest.cache_clear()
    assert len(set(digests)) == 3


def test_a_rebuild_from_the_caches_after_a_curation_change_is_the_clean_build(
    tmp_path, monkeypatch
):
    """The benchmark's rebuild: one paper's tags change in curation.yml; the records and
    the texts do not, so neither deduplication nor the rules run again."""
    from generator.build import build
    from generator.site import CACHE_FOLDER

    seeds = tmp_path / "seeds"
    shutil.copytree(REAL_SEEDS, seeds)
    config = copy_project(tmp_path / "project")
    build(seeds, config, tmp_path / "site")
    assert sorted(p.name for p in (config.parent / CACHE_FOLDER).iterdir()) == [
        "dedupe.json",
        "similarities.json",
        "tags.json",
    ]
    paper_id = "raftmlp-how-much-can-be-done-without-attention-and-with-less-spatial-locality"
    with (seeds / "curation.yml").open("a") as curation:
        curation.write(f"{paper_id}: {{add: [gans]}}\n")

    def not_again(*args):
        raise AssertionError("computed again for the same inputs")

    with monkeypatch.context() as patched:
        patched.setattr(dedupe, "cluster", not_again)
        patched.setattr(tagging, "rule_tags_of", not_again)
        rebuilt = build(seeds, config, tmp_path / "site")
    clean = build(seeds, copy_project(tmp_path / "clean"), tmp_path / "clean-site")
    files = [
        {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        for site in (rebuilt.site_dir, clean.site_dir)
    ]
    assert "gans" in rebuilt.load.catalog.paper(paper_id).tags
    assert sorted(files[0]) == sorted(files[1])
    assert [name for name in files[0] if files[0][name] != files[1][name]] == []
