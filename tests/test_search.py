"""Search quality without a browser: the query set through the CLI's search code."""

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, REAL_SEEDS

from generator import shards
from generator.build import load_catalog
from generator.cli import main
from generator.search import (
    build_index,
    compact_text,
    name_words,
    rank_of,
    search,
    settings_from_mkdocs,
)
from generator.site import read_config

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text())


@pytest.fixture(scope="module")
def engine():
    settings = settings_from_mkdocs(read_config(PROJECT / "mkdocs.yml"))
    catalog = load_catalog(REAL_SEEDS).catalog
    return catalog, build_index(catalog, settings), settings


def test_the_query_set_covers_every_kind():
    kinds = {query["kind"] for query in QUERIES}
    assert kinds == {"title-words", "acronym", "hyphen", "abstract", "author", "identifier", "typo"}
    assert len(QUERIES) >= 25


def test_settings_come_from_mkdocs_yml(engine):
    _, _, settings = engine
    boosts = dict(settings.boosts)
    assert boosts["title"] > boosts["tags"] > boosts["text"]
    assert settings.pipeline == ("stopWordFilter",)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q["query"])
def test_expected_paper_in_the_first_three(engine, query):
    catalog, index, settings = engine
    hits = search(catalog, index, query["query"], settings, limit=3)
    rank = rank_of(hits, query["paper"])
    assert rank is not None, [hit.paper.id for hit in hits]


def test_search_command_prints_json(capsys):
    assert (
        main(["search", "Kolmogorov-Arnold", "--limit", "2", "--json", "--seeds", str(REAL_SEEDS)])
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 2
    assert {"id", "title", "url", "score"} <= rows[0].keys()
    assert rows[0]["score"] >= rows[1]["score"]


def test_search_command_with_no_match_exits_1(capsys):
    assert main(["search", "zzzqqqxxx", "--seeds", str(REAL_SEEDS)]) == 1
    assert "No paper matches 'zzzqqqxxx'." in capsys.readouterr().err


SEPARATOR = re.compile(r'[\s\-,:!?=\[\]()"/]+|\.(?!\d)|&[lg]t;')  # as in mkdocs.yml


def test_compact_text_keeps_the_authors_names_once_and_without_accents_too():
    # As Material's index holds a paper page: the abstract, then the hidden list of authors.
    text = (
        "<p>We propose a model. The model uses splines.</p> "
        "<ul><li>Zo\u00eb Model</li><li>Bo An</li><li>\u0141ukasz Kaiser</li></ul>"
    )
    compact = compact_text(text, "KAN", SEPARATOR)
    # "Model" is in the first sentence already, "An" a stop word (lunr drops it anyway).
    assert compact == (
        "<p>We propose a model.</p>"
        "<p hidden>uses splines Zo\u00eb Bo \u0141ukasz Kaiser Zoe Lukasz</p>"
    )


def test_a_paper_without_authors_is_compacted_as_before():
    text = "<p>We propose a model. The model uses splines.</p>"
    assert (
        compact_text(text, "KAN", SEPARATOR)
        == "<p>We propose a model.</p><p hidden>uses splines</p>"
    )


def test_the_site_index_has_every_word_of_every_authors_name_and_identifier(real_build):
    """Through the whole build: paper.md.j2's list, Material's index, the compaction and the
    shards the browser fetches."""
    folder = real_build.site_dir / "search"
    config = json.loads((folder / "search_index.json").read_text())["config"]
    separator = re.compile(config["separator"])
    meta = json.loads((folder / "shards.json").read_text())
    docs = []
    for number in range(-(-meta["documents"] // meta["chunk"])):
        docs += json.loads((folder / "docs" / f"{number}.json").read_text())
    number_of = {doc[0]: number for number, doc in enumerate(docs)}
    postings = {}
    for path in (folder / "shards").glob("*.bin"):
        postings.update(shards.decode_shard(path.read_bytes()))
    catalog = real_build.load.catalog
    assert sum(len(paper.metadata.authors) for paper in catalog.papers) > len(catalog.papers)
    assert sum(len(paper.identifiers) for paper in catalog.papers) > len(catalog.papers)
    for paper in catalog.papers:
        number = number_of[paper.url]
        for name in [*name_words(paper.metadata.authors), *paper.identifiers]:
            for word in shards.tokenize(html.escape(name, quote=False), separator):
                assert number in postings.get(word, {}), (paper.id, name, word)
        # The list itself is gone: a result shows the abstract's first sentence.
        assert "<li>" not in docs[number][2]
