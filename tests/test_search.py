"""Search quality without a browser: the query set through the CLI's search code."""

import json
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, REAL_SEEDS

from generator.build import load_catalog
from generator.cli import main
from generator.search import build_index, rank_of, search, settings_from_mkdocs
from generator.site import read_config

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text())


@pytest.fixture(scope="module")
def engine():
    settings = settings_from_mkdocs(read_config(PROJECT / "mkdocs.yml"))
    catalog = load_catalog(REAL_SEEDS).catalog
    return catalog, build_index(catalog, settings), settings


def test_the_query_set_covers_every_kind():
    kinds = {query["kind"] for query in QUERIES}
    assert kinds == {"title-words", "acronym", "hyphen", "abstract"}
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
