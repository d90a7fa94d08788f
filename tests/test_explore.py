"""The Explore page's data (generator/explore.py): compact, deterministic, complete."""

import json

import pytest
from conftest import REAL_SEEDS

from generator.build import load_catalog
from generator.explore import explore_json
from generator.model import Catalog, Paper, Record, Tag, Topic

# The real catalog's papers cost about 170 bytes each (id, title, tag indexes); a gist or
# an abstract would multiply that. 20,000 papers stay a few megabytes, under 1 MB gzipped.
MAX_BYTES_PER_PAPER = 300

TOPICS = (Topic("vision", "Vision", "d"), Topic("arch", "Architectures", "d"))
TAGS = (
    Tag("mlps", "MLPs", "d", ("arch",)),
    Tag("vit", "Vision Transformers", "d", ("vision", "arch")),
    Tag("cnn", "CNNs", "d", ("vision", "arch")),
)


def paper(paper_id: str, title: str, tags=(), topics=()) -> Paper:
    record = Record("001_a.txt", 3, title, "An abstract.")
    return Paper(paper_id, title, "An abstract.", (record,), tags=tuple(tags), topics=topics)


def small_catalog(papers=None) -> Catalog:
    papers = papers or (
        paper("zeta", "Zeta: <script>alert(1)</script> & “quotes”", ["vit", "mlps"]),
        paper("alpha", "alpha nets", ["cnn"]),
        paper("beta", "Beta", []),
    )
    return Catalog(papers=tuple(papers), tags=TAGS, topics=TOPICS)


@pytest.fixture(scope="module")
def real_catalog() -> Catalog:
    return load_catalog(REAL_SEEDS).catalog


def test_structure_and_order():
    data = json.loads(explore_json(small_catalog()))
    assert data["version"] == 1
    assert data["paper_fields"] == ["id", "title", "tags"]
    assert data["topics"] == [
        {"id": "arch", "name": "Architectures"},
        {"id": "vision", "name": "Vision"},
    ]
    assert [tag["id"] for tag in data["tags"]] == ["cnn", "mlps", "vit"]
    assert data["tags"][2] == {
        "id": "vit",
        "name": "Vision Transformers",
        "topics": ["arch", "vision"],
    }
    # Papers by title, case-insensitively; tags as sorted indexes into "tags".
    assert data["papers"] == [
        ["alpha", "alpha nets", [0]],
        ["beta", "Beta", []],
        ["zeta", "Zeta: <script>alert(1)</script> & “quotes”", [1, 2]],
    ]


def test_compact_and_deterministic():
    text = explore_json(small_catalog())
    assert "\n" not in text and ", " not in text and '": ' not in text
    assert "“quotes”" in text  # not \u escapes
    shuffled = small_catalog(tuple(reversed(small_catalog().papers)))
    assert explore_json(shuffled) == text
    assert explore_json(small_catalog()) == text


def test_tags_missing_from_the_taxonomy_are_left_out():
    data = json.loads(explore_json(small_catalog([paper("p", "P", ["vit", "no-such-tag"])])))
    assert data["papers"] == [["p", "P", [2]]]


def test_real_catalog_every_paper_once_with_valid_tags(real_catalog):
    data = json.loads(explore_json(real_catalog))
    assert sorted(row[0] for row in data["papers"]) == sorted(p.id for p in real_catalog.papers)
    assert len(data["tags"]) == len(real_catalog.tags)
    assert len(data["topics"]) == len(real_catalog.topics)
    topic_ids = {topic["id"] for topic in data["topics"]}
    assert all(set(tag["topics"]) <= topic_ids for tag in data["tags"])
    by_id = {p.id: p for p in real_catalog.papers}
    for paper_id, title, tag_indexes in data["papers"]:
        assert all(0 <= i < len(data["tags"]) for i in tag_indexes)
        assert title == by_id[paper_id].title
        assert {data["tags"][i]["id"] for i in tag_indexes} == set(by_id[paper_id].tags)


def test_real_catalog_paper_topics_are_the_topics_of_its_tags(real_catalog):
    """The JSON leaves a paper's topics out: the page derives them from its tags."""
    tag_by_id = real_catalog.tag_by_id
    for p in real_catalog.papers:
        assert set(p.topics) == {t for tag in p.tags for t in tag_by_id[tag].topics}, p.id


def test_real_catalog_bytes_per_paper(real_catalog):
    size = len(explore_json(real_catalog).encode("utf-8"))
    per_paper = size / len(real_catalog.papers)
    print(f"\nexplore.json: {size} bytes, {per_paper:.0f} bytes per paper")
    assert per_paper < MAX_BYTES_PER_PAPER
