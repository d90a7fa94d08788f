"""tools/import_facts.py: each rule on a tiny facts line where only that rule decides."""

from __future__ import annotations

import datetime
import importlib.util
import sys
from pathlib import Path

import pytest

from generator.metadata import Venue, dump_metadata, metadata_json, parse_metadata

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "import_facts.py"
spec = importlib.util.spec_from_file_location("import_facts", SCRIPT)
import_facts = importlib.util.module_from_spec(spec)
sys.modules["import_facts"] = import_facts
spec.loader.exec_module(import_facts)
Fact, Report = import_facts.Fact, import_facts.Report

ABS = "https://arxiv.org/abs/2108.04384"


def fact(**values) -> Fact:
    line = {
        "id": "raftmlp",
        "arxiv_id": "2108.04384",
        "evidence": ("https://example.org/paper/2108.04384",),
        "check": "abstract-match",
    }
    return Fact(**{**line, **values})


def converted(line: Fact) -> tuple[dict | None, Report]:
    report = Report()
    metadata = import_facts.convert(line, report)
    return (metadata_json(line.id, metadata) if metadata else None), report


def evidence(url: str = ABS, match: str = "abstract", source: str = "public-pages") -> dict:
    return {"source": source, "url": url, "match": match}


@pytest.mark.parametrize(
    ("arxiv_id", "day", "agrees"),
    [
        ("2108.04384", "2021-08-01", True),
        ("2108.04384", "2021-08-31", True),
        ("2108.04384", "2021-07-20", True),  # the 20th of the month before: still agrees
        ("2108.04384", "2021-07-19", False),
        ("2108.04384", "2021-09-01", False),
        ("2101.00001", "2020-12-20", True),  # across the year
        ("2101.00001", "2020-12-19", False),
        ("2101.00001", "2021-12-25", False),  # the right month, a year late
        ("math/0501001", "2004-12-30", True),  # old-style id
        ("hep-th/9901001", "1999-01-05", True),
    ],
)
def test_date_agrees_with_the_id_month_or_the_end_of_the_month_before(arxiv_id, day, agrees):
    assert import_facts.date_agrees(datetime.date.fromisoformat(day), arxiv_id) is agrees


def test_a_date_that_agrees_is_kept_with_the_arxiv_page_as_evidence():
    line, _ = converted(fact(published="2021-07-20"))
    assert line == {
        "id": "raftmlp",
        "arxiv_id": "2108.04384",
        "published": "2021-07-20",
        "evidence": {"arxiv_id": evidence(), "published": evidence()},
    }


def test_a_date_that_disagrees_is_dropped_and_the_id_month_derived():
    line, report = converted(fact(published="2021-07-19"))
    assert line == {
        "id": "raftmlp",
        "arxiv_id": "2108.04384",
        "published": "2021-08",
        "evidence": {
            "arxiv_id": evidence(),
            "published": evidence(match="derived", source="arxiv-id"),
        },
    }
    dropped = [d for d in report.decisions if not d.kept]
    assert [(d.field, d.reason, d.detail) for d in dropped] == [
        (
            "published",
            "I: date disagrees with the arXiv id",
            "2021-07-19 vs arXiv 2108.04384",
        )
    ]


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        ("CVPR 2017", Venue("CVPR", 2017, "conference")),
        ("Findings of EMNLP 2023", Venue("Findings of EMNLP", 2023, "conference")),
        ("NIPS 2017", Venue("NeurIPS", 2017, "conference")),
        ("INTERSPEECH 2019", Venue("Interspeech", 2019, "conference")),
        ("ICLR", Venue("ICLR", None, "conference")),
        (
            "IEEE Transactions on Pattern Analysis and Machine Intelligence",
            Venue(
                "IEEE Transactions on Pattern Analysis and Machine Intelligence", None, "journal"
            ),
        ),
        (
            "IEEE Signal Processing Letters 2022",
            Venue("IEEE Signal Processing Letters", 2022, "journal"),
        ),
        ("Nature Machine Intelligence 2023", Venue("Nature Machine Intelligence", 2023, "journal")),
        ("TMLR 2023", Venue("TMLR", 2023, "journal")),
        ("Neural Networks 2025", Venue("Neural Networks", 2025, "journal")),
        ("Science 2023", Venue("Science", 2023, "journal")),
        ("IJCNN 2022", Venue("IJCNN", 2022, "conference")),
        (
            "NeurIPS 2022 Workshop on Machine Learning Safety",
            Venue("NeurIPS Workshop on Machine Learning Safety", 2022, "workshop"),
        ),
        ("AccMLBio 2024 workshop (poster)", Venue("AccMLBio workshop", 2024, "workshop")),
        ("AES Convention 152 (2022)", Venue("AES Convention 152", 2022, "conference")),
        ("ICML 2023 (ICLR 2022 resubmission)", None),  # two years: which is the venue's?
    ],
)
def test_venues_are_parsed_into_name_year_and_type(text, venue):
    assert import_facts.parse_venue(text) == venue


@pytest.mark.parametrize(
    ("venue", "kept"),
    [
        ("ICLR 2021", {"name": "ICLR", "year": 2021, "type": "conference"}),
        ("ICLR 2023", {"name": "ICLR", "year": 2023, "type": "conference"}),  # first year + 2
        ("ICLR 2024", {"name": "ICLR", "type": "conference"}),  # + 3: the year goes
        ("ICLR 2020", {"name": "ICLR", "type": "conference"}),  # before the first version
    ],
)
def test_a_venue_year_is_kept_from_the_first_version_year_to_two_years_later(venue, kept):
    line, _ = converted(fact(arxiv_id="2101.00001", venue=venue))
    assert line["venue"] == kept


def test_a_venue_year_counts_from_the_kept_date_not_the_id_year():
    # The id's year (2021) would refuse 2020; the first version's date (2020-12-28) allows it.
    line, _ = converted(fact(arxiv_id="2101.00001", published="2020-12-28", venue="ICLR 2020"))
    assert line["venue"] == {"name": "ICLR", "year": 2020, "type": "conference"}


def test_a_venue_year_goes_when_there_is_no_first_version_date():
    line, report = converted(
        fact(arxiv_id=None, check="abstract-match", origin="lookups", venue="ICML 2023")
    )
    assert line["venue"] == {"name": "ICML", "type": "conference"}
    assert [d.reason for d in report.decisions if not d.kept] == [
        "J: no first-version year to check it against"
    ]


def test_a_doubted_venue_is_dropped(monkeypatch):
    monkeypatch.setitem(import_facts.VENUE_DOUBTS, "raftmlp", "may be Findings")
    line, report = converted(fact(venue="EMNLP 2021"))
    assert "venue" not in line
    assert [(d.field, d.reason) for d in report.decisions if not d.kept] == [
        ("venue", "J: notes doubt the venue")
    ]


def test_title_match_from_the_shared_facts_keeps_nothing_and_needs_review():
    line, report = converted(
        fact(check="title-match", authors=("Ada Lovelace",), notes="only the title matched")
    )
    assert line is None
    assert report.needs_review == {"raftmlp": "only the title matched"}
    assert {(d.field, d.kept) for d in report.decisions} == {
        ("arxiv_id", False),
        ("authors", False),
    }


def test_title_match_confirmed_by_a_lookup_is_kept_as_a_title_match():
    line, report = converted(fact(check="title-match", authors=("Ada Lovelace",), origin="lookups"))
    assert line == {
        "id": "raftmlp",
        "arxiv_id": "2108.04384",
        "authors": ["Ada Lovelace"],
        "published": "2021-08",
        "evidence": {
            "arxiv_id": evidence(match="title"),
            "authors": evidence(match="title"),
            "published": evidence(match="derived", source="arxiv-id"),
        },
    }
    assert report.needs_review == {}


def test_not_found_keeps_nothing_even_when_the_line_has_authors():
    line, _ = converted(fact(check="not-found", arxiv_id=None, authors=("Ada Lovelace",)))
    assert line is None


def test_the_first_evidence_url_serves_when_no_page_is_about_the_id():
    line, _ = converted(
        fact(evidence=("https://example.org/a", "https://example.org/b"), doi="10.1000/xyz")
    )
    assert line["evidence"]["arxiv_id"]["url"] == "https://example.org/a"
    assert line["evidence"]["doi"]["url"] == "https://example.org/a"


def test_a_proxy_url_is_replaced_by_the_page_it_shows():
    url = "https://proxy.example/index.php?q=https%3A%2F%2Fexample.org%2Fpaper"
    assert import_facts.page_url(url) == "https://example.org/paper"
    assert import_facts.page_url("https://example.org/p?id=3") == "https://example.org/p?id=3"


def test_arxiv_dois_are_dropped_and_publisher_dois_kept():
    line, report = converted(fact(doi="10.48550/arXiv.2108.04384"))
    assert "doi" not in line
    assert [d.reason for d in report.decisions if not d.kept] == ["H: arXiv's own DOI"]
    line, _ = converted(fact(doi="10.18653/v1/2021.acl-long.413"))
    assert line["doi"] == "10.18653/v1/2021.acl-long.413"


def test_doubted_authors_are_dropped_unless_a_lookup_replaced_them(monkeypatch):
    monkeypatch.setitem(import_facts.AUTHOR_DOUBTS, "raftmlp", "partial list")
    line, _ = converted(fact(authors=("Ada Lovelace",)))
    assert "authors" not in line
    line, _ = converted(fact(authors=("Ada Lovelace", "Charles Babbage"), origin="lookups"))
    assert line["authors"] == ["Ada Lovelace", "Charles Babbage"]


def test_a_lookup_replaces_the_facts_line_and_the_file_reads_back():
    facts = {
        "raftmlp": fact(check="title-match"),
        "other": fact(id="other", check="not-found", arxiv_id=None),
    }
    lookups = {"raftmlp": fact(authors=("Ada Lovelace",), origin="lookups")}
    entries, report = import_facts.build(
        facts, lookups, ["other", "raftmlp"], {"raftmlp": "2108.04385"}
    )
    assert sorted(entries) == ["raftmlp"]
    assert entries["raftmlp"].authors == ("Ada Lovelace",)
    assert report.needs_review == {}
    assert sorted(report.not_found) == ["other"]
    assert report.curation == ["'raftmlp' is curated as arXiv 2108.04385, the facts say 2108.04384"]
    assert report.problems == []
    parsed, problems = parse_metadata("metadata.jsonl", dump_metadata(entries), {"raftmlp"})
    assert problems == []
    assert metadata_json("raftmlp", parsed.entries["raftmlp"]) == metadata_json(
        "raftmlp", entries["raftmlp"]
    )


def test_ids_the_catalog_does_not_have_are_problems():
    _, report = import_facts.build({"gone": fact(id="gone")}, {}, ["raftmlp"])
    assert report.problems == [
        "facts: 'gone' is not a paper of the catalog (A)",
        "facts: no line for the catalog's paper 'raftmlp' (A)",
    ]
