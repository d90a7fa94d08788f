"""The sharded search index: the same ranking as lunr over the whole index."""

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, REAL_SEEDS
from lunr.builder import Builder
from lunr.query import Query
from lunr.stop_word_filter import stop_word_filter

from generator import shards
from generator.build import load_catalog
from generator.search import compact_search_index
from generator.site import read_config

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text())


def material_config() -> dict:
    """The search config Material writes into search_index.json, from our mkdocs.yml."""
    plugin = read_config(PROJECT / "mkdocs.yml")["plugins"]["material/search"]
    return {
        "lang": ["en"],
        "separator": plugin.config.separator,
        "pipeline": list(plugin.config.pipeline),
        "fields": {name: dict(spec) for name, spec in plugin.config.fields.items()},
    }


@pytest.fixture(scope="module")
def index() -> dict:
    """A search index as Material writes it for the real catalog: one document per paper
    (title, abstract as HTML, tag names), compacted as the build compacts it, plus a page
    with a section."""
    catalog = load_catalog(REAL_SEEDS).catalog
    docs = [
        {"location": "about/", "title": "About", "text": "<p>The zyxwvu catalog.</p>"},
        {"location": "about/#search", "title": "Search", "text": "<p>How zyxwvu ranks papers.</p>"},
    ]
    for paper in catalog.papers:
        # The abstract, then the hidden lists of authors and identifiers (paper.md.j2), as
        # Material keeps them.
        lists = [
            "".join(f"<li>{item}</li>" for item in items)
            for items in (paper.metadata.authors, paper.identifiers)
            if items
        ]
        doc = {
            "location": f"papers/{paper.id}/",
            "title": paper.title,
            "text": f"<p>{paper.abstract}</p>" + "".join(f" <ul>{items}</ul>" for items in lists),
        }
        tags = [catalog.tag_by_id[t].name for t in paper.tags]
        if tags:
            doc["tags"] = tags
        docs.append(doc)
    return compact_search_index({"config": material_config(), "docs": docs})


@pytest.fixture(scope="module")
def files(index) -> dict[str, bytes]:
    return shards.shard_index(index)


@pytest.fixture(scope="module")
def lunr_index(index):
    """lunr.py over exactly the tokens Material's tokenizer gives."""
    config = index["config"]
    separator = re.compile(config["separator"])
    builder = Builder()
    builder.b(0)
    builder.pipeline.add(stop_word_filter)
    builder.ref("location")
    for name, spec in config["fields"].items():
        builder.field(name, boost=spec["boost"])
    for doc in index["docs"]:
        builder.add(
            {
                "location": doc["location"],
                **{
                    name: " ".join(shards.tokenize(doc.get(name) or "", separator))
                    for name in config["fields"]
                },
            }
        )
    return builder.build()


def lunr_search(index, lunr_index, query: str) -> list[tuple[str, float]]:
    """Material's search: every word a trailing-wildcard term, scores boosted by the share
    of words a page matched (see generator/search.py)."""
    separator = re.compile(index["config"]["separator"])
    words = shards.query_words(query, separator)
    query_object = lunr_index.create_query()
    fixes = shards.typo_fixes(words, lunr_index.inverted_index)  # among the index's words
    for word in words:
        for term in fixes.get(word) or [word]:
            wildcard = Query.WILDCARD_NONE if fixes.get(word) else Query.WILDCARD_TRAILING
            query_object.term(term, wildcard=wildcard, use_pipeline=False)
    ranked = []
    for result in lunr_index.query(query_object):
        matched = result["match_data"].metadata.keys()
        # a correction does not count as the word
        found = sum(1 for word in set(words) if any(term.startswith(word) for term in matched))
        boost = ("#" not in result["ref"]) + found / len(set(words))
        ranked.append((result["ref"], result["score"] * (1 + boost**2)))
    ranked.sort(key=lambda item: -item[1])
    return ranked


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q["query"])
def test_shards_rank_like_lunr_over_the_whole_index(index, files, lunr_index, query):
    ours = shards.search(files, query["query"], limit=10)
    assert f"papers/{query['paper']}/" in [location for location, _ in ours[:3]]
    separator = re.compile(index["config"]["separator"])
    if any(len(word) < shards.MIN_PREFIX for word in shards.query_words(query["query"], separator)):
        pytest.skip("lunr expands a word of one or two letters to every term it starts; we do not")
    theirs = lunr_search(index, lunr_index, query["query"])
    # the same scores, to lunr's precision, and the same pages but where scores tie
    for (location, score), (_, expected) in zip(ours, theirs[:10], strict=False):
        assert score == pytest.approx(expected, rel=1e-9, abs=1e-9), location
    assert {loc for loc, _ in ours} == {loc for loc, s in theirs[:10]} or [
        s for _, s in ours
    ] == pytest.approx([s for _, s in theirs[:10]])


def test_a_section_ranks_below_its_page_and_short_words_match_whole_words(files):
    assert [loc for loc, _ in shards.search(files, "zyxwvu")] == ["about/", "about/#search"]
    starts = json.loads(files["shards.json"])["starts"]
    assert len(shards.shards_needed("ai", starts)) == 1


def test_varints_and_shards_round_trip():
    out = bytearray()
    postings = {0: 1500, 3: 700, 4: 1500, 300: 12_345_678}
    shards.varint(1, out)
    shards.encode_term("kolmogorov", postings, out)
    assert shards.decode_shard(bytes(out)) == {"kolmogorov": postings}


def test_shards_are_runs_of_terms_and_a_word_finds_every_term_it_starts():
    terms = {f"con{chr(97 + i % 26)}{i}": b"x" * 5000 for i in range(40)} | {"co": b"x", "d": b"x"}
    runs = shards.shard_ranges(terms)
    assert sorted(t for run in runs for t in run) == sorted(terms)
    assert all(sum(len(terms[t]) for t in run) <= shards.SHARD_BYTES for run in runs)
    starts = [run[0] for run in runs]
    for prefix in ("con", "cona", "conb1", "co", "d", "e", "a"):
        needed = shards.shards_needed(prefix, starts)
        held = {t for number in needed for t in runs[number]}
        if len(prefix) >= shards.MIN_PREFIX:
            assert {t for t in terms if t.startswith(prefix)} <= held, prefix
        else:
            assert prefix not in terms or prefix in held


def test_the_page_index_keeps_only_the_config(files, index):
    stub = json.loads(files["search_index.json"])
    assert stub == {"config": index["config"], "docs": []}
    assert len(files["search_index.json"]) < 400


def test_the_same_index_gives_the_same_bytes(index, files):
    assert shards.shard_index(index) == files


@pytest.mark.parametrize(
    "query, words",
    [
        ("2203.09893v2", ["2203.09893"]),
        ("arXiv:2203.09893v12 Bittner", ["arxiv", "2203.09893", "bittner"]),
        ("https://arxiv.org/abs/2203.09893v2", ["2203.09893"]),
        ("http://export.arxiv.org/pdf/2203.09893.pdf", ["2203.09893"]),
        ("arxiv.org/abs/hep-th/9901001v1/", ["hep", "th", "9901001"]),
        ("https://doi.org/10.1126/science.adi8474", ["10.1126", "science", "adi8474"]),
        ("dx.doi.org/10.1145/3498361.3538933", ["10.1145", "3498361.3538933"]),
        # Not addresses of an identifier, or not an id with a version: as typed.
        ("arxiv.org/list/cs.LG", ["arxiv", "org", "list", "cs", "lg"]),
        ("2203.09893v 22030.09893v2", ["2203.09893v", "22030.09893v2"]),
        ("https://arxiv.org/abs/2203.09893?context=cs", ["2203.09893"]),
        ("arxiv.org/abs/2203.09893v2#S3", ["2203.09893"]),
        ("https://doi.org/10.48550/arXiv.2203.09893", ["2203.09893"]),
        ("10.48550/arXiv.2203.09893v3", ["2203.09893"]),
        ("hep-th/9901001v2", ["hep", "th", "9901001"]),
        ("https://doi.org/10.1145/3498361.3538933?via=x", ["10.1145", "3498361.3538933"]),
    ],
)
def test_a_pasted_identifier_is_searched_as_pages_index_it(query, words):
    separator = re.compile(r'[\s\-,:!?=\[\]()"/]+|\.(?!\d)|&[lg]t;')  # as in mkdocs.yml
    assert shards.query_words(query, separator) == words


@pytest.mark.parametrize(
    "word, corrected",
    [
        ("transfomer", ["transformer"]),  # a letter missing
        ("transformmer", ["transformer"]),  # doubled
        ("tarnsformer", ["transformer"]),  # two swapped: one edit
        ("transfromers", ["transformers"]),
        ("hopfeild", ["hopfield"]),
        ("modelx", ["model", "models"]),  # ties: every term one edit away, in the given order
        ("trnasfomer", ["transformer"]),  # two edits, for a word of nine letters or more
        ("hpofiled", []),  # two edits, eight letters: too far
        ("modle", []),  # five letters: too short to correct
        ("cannot", []),  # a stop word ("cannon" is one edit away)
        ("model2", []),  # a digit: an id, a year
        ("model\u00b2", ["model", "models"]),  # only 0-9 are digits, as in the worker
    ],
)
def test_a_word_that_starts_no_term_stands_for_the_terms_fewest_edits_away(word, corrected):
    vocabulary = ["cannon", "mode", "model", "models", "transformer", "transformers", "hopfield"]
    assert shards.corrections(word, vocabulary) == corrected


def test_the_words_a_typo_may_be_are_published_by_length_letters_only():
    docs = [
        {"location": "a/", "title": "Hopfield", "text": "<p>Hopfield's 2203.09893 nets</p>"},
        {"location": "b/", "title": "Kernel", "text": "<p>Kernels and model-based ones</p>"},
    ]
    files = shards.shard_index({"config": material_config(), "docs": docs})
    spell = json.loads(files["shards.json"])["spell"]
    assert spell == [5, 6, 7, 8]
    assert {n: json.loads(files[f"spell/{n}.json"]) for n in spell} == {
        5: ["based", "model"],
        6: ["kernel"],
        7: ["kernels"],
        8: ["hopfield"],
    }
    meta = json.loads(files["shards.json"])
    assert shards.spelling(files, meta, "hopfeild") == ["kernels", "hopfield"]  # 7 to 9
    assert shards.spelling(files, meta, "trnasformers") == []  # 10 to 14: none published
    assert shards.spelling(files, meta, "hopf") == []  # never corrected


def test_a_typo_finds_its_correction_which_does_not_count_as_the_word_in_the_boost():
    docs = [
        {"location": "a/", "title": "Hopfield", "text": "<p>Hopfield</p>"},
        {"location": "b/", "title": "Networks", "text": "<p>Networks</p>"},
    ]
    files = shards.shard_index({"config": material_config(), "docs": docs})
    assert [location for location, _ in shards.search(files, "hopfeild")] == ["a/"]
    # Equal weights; a/ has the correction (none of the query's words as typed), b/ one of
    # the two: boosts 1 + 0 and 1 + 1/2.
    ranked = shards.search(files, "hopfeild networks")
    assert [location for location, _ in ranked] == ["b/", "a/"]
    assert ranked[0][1] / ranked[1][1] == pytest.approx((1 + 1.5**2) / (1 + 1**2))
    assert shards.search(files, "zzzqqqxxx") == []


def test_a_typo_in_its_first_letter_is_corrected_in_a_catalog_of_many_shards(files):
    assert len(json.loads(files["shards.json"])["starts"]) > 10
    for typo, paper in [
        ("capsuels", "dynamic-routing-between-capsules"),
        ("xapsules", "dynamic-routing-between-capsules"),  # far from "capsules" in order
        ("waveshapping", "neural-waveshaping-synthesis"),
    ]:
        assert shards.search(files, typo)[0][0] == f"papers/{paper}/", typo
