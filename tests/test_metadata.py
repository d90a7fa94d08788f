"""The metadata file: strict parsing with every problem reported, and the metadata stage."""

import json

import pytest

from generator.metadata import (
    MetadataFile,
    apply_metadata,
    dump_metadata,
    merged,
    metadata_json,
    parse_metadata,
)
from generator.model import Evidence, Metadata, Paper, PublicationDate, Venue

ARXIV = Evidence("arxiv-api", "https://arxiv.org/abs/2108.04384", "abstract", 0.97)
BY_ID = Evidence("s", "", "id")


def parse(*lines, paper_ids=None):
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    return parse_metadata("m.jsonl", text, paper_ids)


def messages(problems):
    return [str(problem) for problem in problems]


def test_no_file_is_no_metadata():
    assert parse_metadata("metadata.jsonl", None) == (MetadataFile(), [])


FULL_LINE = {
    "id": "b",
    "arxiv_id": "2108.04384",
    "doi": "10.1145/3442188",
    "authors": ["Ada  Lovelace", "Lovelace, Ada"],
    "published": "2021-08-09",
    "venue": {"name": " CVPR \n Workshops ", "year": 2022, "type": "workshop"},
    "pdf_url": "https://arxiv.org/pdf/2108.04384",
    "code_url": "http://github.com/a/b",
    "evidence": {
        "arxiv_id": {
            "source": "arxiv-api",
            "url": "https://arxiv.org/abs/2108.04384",
            "match": "abstract",
            "score": 0.97,
        },
        "doi": {"source": "s"},
        "authors": {"source": "s", "match": "title", "score": 0},
        "published": {"source": "s", "score": 1},
        "venue": {"source": " s ", "match": "curated"},
        "pdf_url": {"source": "s", "match": "derived"},
        "code_url": {"source": "s", "url": "http://x.org/"},
    },
}


def test_a_line_gives_every_field_with_its_evidence():
    found, problems = parse(FULL_LINE, paper_ids={"b"})
    assert problems == []
    assert found.for_paper("b") == Metadata(
        arxiv_id="2108.04384",
        doi="10.1145/3442188",
        authors=("Ada Lovelace", "Ada Lovelace"),
        published=PublicationDate(2021, 8, 9),
        venue=Venue("CVPR Workshops", 2022, "workshop"),
        pdf_url="https://arxiv.org/pdf/2108.04384",
        code_url="http://github.com/a/b",
    )
    assert found.for_paper("b").evidence == {
        "arxiv_id": ARXIV,
        "doi": BY_ID,
        "authors": Evidence("s", "", "title", 0),
        "published": Evidence("s", "", "id", 1),
        "venue": Evidence("s", "", "curated"),
        "pdf_url": Evidence("s", "", "derived"),
        "code_url": Evidence("s", "http://x.org/"),
    }
    assert found.for_paper("a") is None


def test_a_venue_is_a_conference_unless_it_says_otherwise():
    found, problems = parse(
        {"id": "a", "venue": {"name": "ICLR"}, "evidence": {"venue": {"source": "s"}}}
    )
    assert problems == []
    assert found.for_paper("a").venue == Venue("ICLR", None, "conference")


@pytest.mark.parametrize(
    "arxiv_id", ["2108.04384", "2108.0438", "hep-th/9901001", "math.GT/0309136", "cs/0112017"]
)
def test_arxiv_ids_old_and_new(arxiv_id):
    found, problems = parse(
        {"id": "a", "arxiv_id": arxiv_id, "evidence": {"arxiv_id": {"source": "s"}}}
    )
    assert problems == []
    assert found.for_paper("a").arxiv_id == arxiv_id


@pytest.mark.parametrize(
    "arxiv_id",
    [
        "2108.04384v2",
        "2108.043",
        "2108.043841",
        "108.04384",
        "Hep-th/9901001",
        "hep-th/990100",
        "math.gt/0309136",
        " 2108.04384",
        "arXiv:2108.04384",
    ],
)
def test_arxiv_ids_with_a_version_or_a_prefix_are_refused(arxiv_id):
    found, problems = parse(
        {"id": "a", "arxiv_id": arxiv_id, "evidence": {"arxiv_id": {"source": "s"}}}
    )
    assert messages(problems) == [
        f"m.jsonl:1: error: 'arxiv_id' {arxiv_id!r} is not valid "
        '(write it without version, like "2108.04384")'
    ]
    assert found.for_paper("a") == Metadata()


def test_every_problem_of_every_line_is_reported():
    lines = [
        {"id": "a", "doi": "10.1145/x", "evidence": {"doi": {"source": "s"}}},
        "",
        "not json",
        "[1]",
        {"id": "a", "doi": "10.1145/y"},
        {"id": "zz"},
        {"nope": 1},
        {"id": ""},
        {
            "id": "c",
            "doi": "10.12/x",
            "pdf_url": "",
            "code_url": 5,
            "authors": [],
            "published": "2021-13",
            "venue": {"name": "X", "year": "2022"},
            "evidence": [],
            "color": 1,
        },
        {"id": "d", "authors": ["A", " "]},
        {"id": "d2", "authors": "A B"},
        {"id": "e", "venue": {"name": "X", "type": "blog"}},
        {"id": "e2", "venue": {"name": ""}},
        {"id": "e3", "venue": "ICLR"},
        {"id": "f", "pdf_url": "ftp://x", "code_url": "https://github.com/a b"},
        "{still not json",
    ]
    found, problems = parse(*lines, paper_ids={"a", "c", "d", "d2", "e", "e2", "e3", "f"})
    assert messages(problems) == [
        "m.jsonl:3: error: not a JSON object: Expecting value: line 1 column 1 (char 0) "
        "(each line is one JSON object)",
        "m.jsonl:4: error: not a JSON object (each line is one JSON object)",
        "m.jsonl:5: error: the evidence for 'doi' of paper 'a' is missing "
        '(write {"source": "...", "url": "https://...", "match": "abstract"})',
        "m.jsonl:5: error: paper 'a' already has a line (1) (merge the two lines)",
        "m.jsonl:6: warning: no paper has the id 'zz': this line is not used "
        "(move it to the paper's new id (see its URL), or delete it)",
        'm.jsonl:7: error: the line has no paper \'id\' (start it with {"id": "paper-id", ...})',
        'm.jsonl:8: error: the line has no paper \'id\' (start it with {"id": "paper-id", ...})',
        "m.jsonl:9: error: paper 'c' has unknown fields ['color'] "
        "(allowed: arxiv_id, doi, authors, published, venue, pdf_url, code_url)",
        "m.jsonl:9: error: 'doi' '10.12/x' is not valid (write it like \"10.1145/3442188\")",
        "m.jsonl:9: error: 'pdf_url' must be a non-empty text, found '' (an http(s) URL)",
        "m.jsonl:9: error: 'code_url' must be a non-empty text, found 5 (an http(s) URL)",
        "m.jsonl:9: error: 'authors' of paper 'c' must be a non-empty list of names "
        '(["Given Family", ...])',
        "m.jsonl:9: error: 'published' of paper 'c': '2021-13' has no month 13",
        "m.jsonl:9: error: 'venue' of paper 'c' must be "
        '{"name": "...", "year": 2022, "type": "conference|journal|workshop"}',
        "m.jsonl:9: error: 'evidence' of paper 'c' must map field names to evidence",
        "m.jsonl:10: error: 'authors' of paper 'd' must be a non-empty list of names "
        '(["Given Family", ...])',
        "m.jsonl:11: error: 'authors' of paper 'd2' must be a non-empty list of names "
        '(["Given Family", ...])',
        "m.jsonl:12: error: 'venue' of paper 'e' must be "
        '{"name": "...", "year": 2022, "type": "conference|journal|workshop"}',
        "m.jsonl:13: error: 'venue' of paper 'e2' must be "
        '{"name": "...", "year": 2022, "type": "conference|journal|workshop"}',
        "m.jsonl:14: error: 'venue' of paper 'e3' must be "
        '{"name": "...", "year": 2022, "type": "conference|journal|workshop"}',
        "m.jsonl:15: error: 'pdf_url' 'ftp://x' is not valid (an http(s) URL)",
        "m.jsonl:15: error: 'code_url' 'https://github.com/a b' is not valid (an http(s) URL)",
        "m.jsonl:16: error: not a JSON object: Expecting property name enclosed in double "
        "quotes: line 1 column 2 (char 1) (each line is one JSON object)",
    ]
    assert sorted(found.entries) == ["a", "c", "d", "d2", "e", "e2", "e3", "f"]
    assert found.for_paper("a").doi == "10.1145/x"  # the first line counts
    assert found.for_paper("c") == Metadata()


def test_evidence_is_checked_field_by_field():
    line = {
        "id": "a",
        "doi": "10.1145/x",
        "authors": ["A B"],
        "published": "2021",
        "venue": {"name": "V"},
        "pdf_url": "https://x.org/a.pdf",
        "code_url": "https://x.org/code",
        "evidence": {
            "doi": {"source": "s", "url": "ftp://x", "extra": 1, "score": 2},
            "authors": {"source": "", "match": "id"},
            "published": {"source": "s", "match": "guess"},
            "venue": {"source": "s", "score": True},
            "pdf_url": {"source": "s", "score": -0.01},
            "code_url": {"source": "s", "score": "0.5"},
        },
    }
    found, problems = parse(line)
    what = "the evidence for {!r} of paper 'a'"
    assert messages(problems) == [
        f"m.jsonl:1: error: {what.format('doi')} has unknown fields ['extra'] "
        '(write {"source": "...", "url": "https://...", "match": "abstract"})',
        f"m.jsonl:1: error: 'url' in {what.format('doi')} must be an http(s) URL, found 'ftp://x'",
        f"m.jsonl:1: error: 'score' in {what.format('doi')} must be a number from 0 to 1, found 2",
        f"m.jsonl:1: error: 'score' in {what.format('pdf_url')} must be a number from 0 to 1, "
        "found -0.01",
        f"m.jsonl:1: error: 'score' in {what.format('code_url')} must be a number from 0 to 1, "
        "found '0.5'",
        f"m.jsonl:1: error: 'source' in {what.format('authors')} must be a non-empty text, "
        "found '' "
        '(write {"source": "...", "url": "https://...", "match": "abstract"})',
        f"m.jsonl:1: error: 'match' in {what.format('published')} is 'guess' "
        "(one of: id, abstract, title, curated, derived)",
        f"m.jsonl:1: error: 'score' in {what.format('venue')} must be a number from 0 to 1, "
        "found True",
    ]
    # What is wrong is dropped; what is right stays.
    assert found.for_paper("a").evidence == {
        "doi": BY_ID,
        "venue": BY_ID,
        "pdf_url": BY_ID,
        "code_url": BY_ID,
    }


def test_evidence_that_is_no_mapping_leaves_every_field_unproven():
    found, problems = parse({"id": "a", "doi": "10.1145/x", "evidence": "by hand"})
    assert messages(problems) == [
        "m.jsonl:1: error: 'evidence' of paper 'a' must map field names to evidence",
        "m.jsonl:1: error: the evidence for 'doi' of paper 'a' is missing "
        '(write {"source": "...", "url": "https://...", "match": "abstract"})',
    ]
    assert found.for_paper("a").evidence == {}


def test_problems_are_located_by_line_alone():
    from generator.model import Problem

    _, problems = parse({"id": "zz"}, {"id": "a", "doi": "x"}, paper_ids={"a"})
    assert problems == [
        Problem(
            "m.jsonl",
            1,
            0,
            "no paper has the id 'zz': this line is not used",
            "move it to the paper's new id (see its URL), or delete it",
            "warning",
        ),
        Problem("m.jsonl", 2, 0, "'doi' 'x' is not valid", 'write it like "10.1145/3442188"'),
    ]


def test_lines_must_be_sorted_by_id():
    found, problems = parse(
        {"id": "b"}, {"id": "zz"}, {"id": "a"}, {"id": "c"}, paper_ids={"a", "b", "c"}
    )
    assert messages(problems) == [
        "m.jsonl:2: warning: no paper has the id 'zz': this line is not used "
        "(move it to the paper's new id (see its URL), or delete it)",
        "m.jsonl:3: error: paper 'a' comes after 'b' (keep the lines sorted by id)",
    ]
    assert sorted(found.entries) == ["a", "b", "c"]
    _, problems = parse({"id": "a"}, {"id": "b"}, {"id": "b"}, paper_ids={"a", "b"})
    assert messages(problems) == [
        "m.jsonl:3: error: paper 'b' already has a line (2) (merge the two lines)"
    ]


def test_without_the_papers_every_id_is_taken():
    found, problems = parse({"id": "zz"}, {"id": "zz2"})
    assert problems == [] and sorted(found.entries) == ["zz", "zz2"]


def metadata(**values):
    return Metadata(**values, evidence=dict.fromkeys(values, BY_ID))


def test_a_line_is_written_with_its_fields_in_a_fixed_order():
    entry = Metadata(
        code_url="https://c",
        pdf_url="https://p",
        venue=Venue("Nature", None, "journal"),
        published=PublicationDate(2021, 8),
        authors=("A B",),
        doi="10.1145/x",
        arxiv_id="2108.04384",
        evidence={"doi": BY_ID, "arxiv_id": Evidence("s", "https://x", "abstract", 0.97049)},
    )
    assert json.dumps(metadata_json("p", entry)) == (
        '{"id": "p", "arxiv_id": "2108.04384", "doi": "10.1145/x", "authors": ["A B"], '
        '"published": "2021-08", "venue": {"name": "Nature", "type": "journal"}, '
        '"pdf_url": "https://p", "code_url": "https://c", "evidence": {'
        '"arxiv_id": {"source": "s", "url": "https://x", "match": "abstract", "score": 0.97}, '
        '"doi": {"source": "s", "url": "", "match": "id"}}}'
    )
    with_year = metadata(venue=Venue("ICLR", 2022))
    assert metadata_json("p", with_year)["venue"] == {
        "name": "ICLR",
        "year": 2022,
        "type": "conference",
    }


def test_the_file_has_one_line_per_known_paper_sorted_and_reads_back():
    entries = {
        "b": metadata(doi="10.1145/x", authors=("Ada Lovelace",)),
        "empty": Metadata(),
        "a": metadata(published=PublicationDate(2020), venue=Venue("ICLR", 2022)),
    }
    text = dump_metadata(entries)
    assert text == (
        '{"id": "a", "published": "2020", "venue": {"name": "ICLR", "year": 2022, '
        '"type": "conference"}, "evidence": {"published": {"source": "s", "url": "", '
        '"match": "id"}, "venue": {"source": "s", "url": "", "match": "id"}}}\n'
        '{"id": "b", "doi": "10.1145/x", "authors": ["Ada Lovelace"], "evidence": {"doi": '
        '{"source": "s", "url": "", "match": "id"}, "authors": {"source": "s", "url": "", '
        '"match": "id"}}}\n'
    )
    found, problems = parse_metadata("m", text, {"a", "b"})
    assert problems == []
    assert found.entries == {"a": entries["a"], "b": entries["b"]}
    assert [found.entries[k].evidence for k in "ab"] == [entries[k].evidence for k in "ab"]
    assert dump_metadata({"b": Metadata()}) == ""


def test_non_ascii_is_written_as_is():
    assert "Andr\u00e9" in dump_metadata({"a": metadata(authors=("Andr\u00e9 M",))})


def test_curated_fields_win_with_their_evidence_and_the_rest_is_gathered():
    curated_evidence = Evidence("curation", "", "curated")
    gathered = metadata(doi="10.1145/x", authors=("A B",), arxiv_id="2108.04384")
    curated = Metadata(
        authors=("C D",), venue=Venue("V"), evidence=dict.fromkeys(["authors"], curated_evidence)
    )
    result = merged(gathered, curated)
    assert result == Metadata(
        arxiv_id="2108.04384", doi="10.1145/x", authors=("C D",), venue=Venue("V")
    )
    assert result.evidence == {
        "arxiv_id": BY_ID,
        "doi": BY_ID,
        "authors": curated_evidence,
    }
    assert merged(None, curated) == curated and merged(gathered, None) == gathered
    assert merged(None, None) == Metadata()


def test_the_metadata_stage_touches_only_the_papers_it_knows():
    papers = [Paper(paper_id, paper_id.upper(), "", ()) for paper_id in ("a", "b", "c", "d")]
    gathered = MetadataFile({"a": metadata(doi="10.1145/a"), "b": metadata(doi="10.1145/b")})
    curated = {"b": metadata(authors=("A B",)), "c": metadata(authors=("C D",))}
    result = apply_metadata(papers, gathered, curated)
    assert [paper.id for paper in result] == ["a", "b", "c", "d"]
    assert [paper.metadata for paper in result] == [
        Metadata(doi="10.1145/a"),
        Metadata(doi="10.1145/b", authors=("A B",)),
        Metadata(authors=("C D",)),
        Metadata(),
    ]
    assert result[3] is papers[3]
    assert [paper.title for paper in result] == ["A", "B", "C", "D"]
