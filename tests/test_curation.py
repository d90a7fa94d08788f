"""The files contributors edit: every problem reported, each with file, line, column and hint."""

import textwrap

import pytest

from generator.curation import Curation, parse_curation, parse_duplicates, parse_taxonomy
from generator.model import Evidence, Metadata, PublicationDate, Venue

PAPERS = {"kan-kolmogorov-arnold-networks", "mlp-mixer-an-all-mlp-architecture-for-vision"}
TAGS = {"kans", "mlp-models", "transformers"}

TAXONOMY = """\
topics:
  architectures:
    name: Architectures
    description: Building blocks of networks.
tags:
  kans:
    name: Kolmogorov-Arnold networks
    description: Networks with learnable activations on edges.
    topics: [architectures]
    aliases: [Kolmogorov-Arnold network, KAN]
"""


def messages(problems):
    return [f"{p.line}:{p.col}: {p.message} ({p.hint})" for p in problems]


def curation(text):
    return parse_curation("seeds/curation.yml", textwrap.dedent(text), PAPERS, TAGS)


def taxonomy(text):
    return parse_taxonomy("seeds/taxonomy.yml", textwrap.dedent(text))


def test_a_valid_taxonomy_loads():
    result, problems = taxonomy(TAXONOMY)
    assert problems == []
    [tag] = result.tags
    assert (tag.id, tag.topics, tag.aliases) == (
        "kans",
        ("architectures",),
        ("Kolmogorov-Arnold network", "KAN"),
    )


def test_a_one_line_curation_adds_a_tag():
    result, problems = curation("kan-kolmogorov-arnold-networks: {add: [mlp-models]}\n")
    assert problems == []
    assert result.for_paper("kan-kolmogorov-arnold-networks").add == ("mlp-models",)


def test_curated_title_and_arxiv_id():
    result, problems = curation(
        'kan-kolmogorov-arnold-networks: {title: "KAN: Kolmogorov\u2013Arnold Networks", arxiv: "2404.19756"}\n'
    )
    assert problems == []
    entry = result.for_paper("kan-kolmogorov-arnold-networks")
    assert (entry.title, entry.metadata.arxiv_id) == (
        "KAN: Kolmogorov\u2013Arnold Networks",
        "2404.19756",
    )
    assert entry.metadata.evidence["arxiv_id"] == Evidence("curation", "", "curated")


def test_yaml_syntax_error():
    _, problems = curation("kan-kolmogorov-arnold-networks: {add: [kans}\n")
    assert [(p.file, p.line, p.col) for p in problems] == [("seeds/curation.yml", 1, 44)]
    assert problems[0].message.startswith("YAML syntax error:")


def test_duplicate_keys_are_errors_not_silently_merged():
    _, problems = curation(
        """\
        kan-kolmogorov-arnold-networks: {add: [kans]}
        mlp-mixer-an-all-mlp-architecture-for-vision: {add: [mlp-models]}
        kan-kolmogorov-arnold-networks: {remove: [transformers]}
        """
    )
    assert messages(problems) == [
        "3:1: duplicate key 'kan-kolmogorov-arnold-networks' (first defined on line 1) (merge the two entries into one)"
    ]


def test_unknown_paper_id_suggests_the_closest():
    _, problems = curation("kan-kolmogorov-arnold-network: {add: [kans]}\n")
    assert messages(problems) == [
        "1:1: unknown paper id 'kan-kolmogorov-arnold-network' (did you mean 'kan-kolmogorov-arnold-networks'?)"
    ]


def test_unknown_tag_suggests_the_closest():
    _, problems = curation("kan-kolmogorov-arnold-networks: {add: [transformer]}\n")
    assert messages(problems) == [
        "1:40: unknown tag 'transformer' in 'add' of paper 'kan-kolmogorov-arnold-networks' (did you mean 'transformers'?)"
    ]


def test_malformed_paper_id():
    _, problems = curation("Kan Networks: {add: [kans]}\n")
    assert messages(problems) == [
        "1:1: 'Kan Networks' is not a valid paper id (ids are lowercase letters, digits and single hyphens, like 'in-context-learning')"
    ]


def test_tag_both_added_and_removed():
    _, problems = curation("kan-kolmogorov-arnold-networks: {add: [kans], remove: [kans]}\n")
    assert messages(problems) == [
        "1:1: tag 'kans' is both added to and removed from paper 'kan-kolmogorov-arnold-networks' (keep it in 'add' or in 'remove', not both)"
    ]


def test_unknown_field_suggests_the_closest():
    _, problems = curation("kan-kolmogorov-arnold-networks: {tags: [kans]}\n")
    assert messages(problems) == [
        "1:34: unknown field 'tags' in paper 'kan-kolmogorov-arnold-networks' (allowed: add, arxiv, authors, code, doi, pdf, published, redirect_from, remove, title, venue)"
    ]


def test_an_unquoted_arxiv_id_is_a_number_and_refused():
    # YAML reads 2410.21750 as the float 2410.2175: a different, valid-looking id.
    _, problems = curation("kan-kolmogorov-arnold-networks: {arxiv: 2410.21750}\n")
    assert messages(problems) == [
        "1:34: 'arxiv' of paper 'kan-kolmogorov-arnold-networks' is the float 2410.2175, not a "
        'text (quote it, as in arxiv: "2410.21750")'
    ]


def test_malformed_arxiv_id():
    _, problems = curation('kan-kolmogorov-arnold-networks: {arxiv: "2404.1"}\n')
    assert messages(problems) == [
        "1:34: '2404.1' in 'arxiv' of paper 'kan-kolmogorov-arnold-networks' is not valid "
        '(write it like arxiv: "2410.21750")'
    ]


def test_an_empty_title_says_how_to_fix_it():
    _, problems = curation('kan-kolmogorov-arnold-networks: {title: ""}\n')
    assert messages(problems) == [
        "1:34: 'title' of paper 'kan-kolmogorov-arnold-networks' is empty (write the title "
        "between the quotes, or remove the 'title' line)"
    ]


def test_curated_metadata_fields_are_checked_where_they_stand():
    _, problems = curation(
        "kan-kolmogorov-arnold-networks:\n"
        "  published: 2021-13-01\n"
        "  doi: doi.org/10.1/x\n"
        "  venue: {name: ICLR, year: soon}\n"
        "  authors: [Ada Lovelace, 7]\n"
    )
    assert sorted(messages(problems)) == [
        "2:3: 'published' of paper 'kan-kolmogorov-arnold-networks': '2021-13-01' has no month "
        '13 (write it as published: "2021-08-09", "2021-08" or "2021")',
        "3:3: 'doi.org/10.1/x' in 'doi' of paper 'kan-kolmogorov-arnold-networks' is not valid "
        '(write it like doi: "10.1145/3442188.3445922")',
        "4:3: 'venue' of paper 'kan-kolmogorov-arnold-networks' must be a name, or name, year "
        "and type (write venue: {name: ICLR, year: 2024, type: conference}; the type is "
        "conference, journal or workshop)",
        "5:27: 'authors' of paper 'kan-kolmogorov-arnold-networks' must contain texts, found 7 "
        '(write each item as text, in quotes if needed: authors: ["...", "..."])',
    ]


def test_curated_metadata_becomes_the_papers_metadata_with_curation_as_evidence():
    result, problems = curation(
        "kan-kolmogorov-arnold-networks:\n"
        '  authors: ["Liu, Ziming", Yixuan Wang]\n'
        '  published: "2024-04"\n'
        "  venue: {name: ICLR, year: 2025}\n"
        '  doi: "10.1145/3442188"\n'
    )
    assert problems == []
    metadata = result.metadata["kan-kolmogorov-arnold-networks"]
    assert metadata.authors == ("Ziming Liu", "Yixuan Wang")
    assert metadata.published == PublicationDate(2024, 4)
    assert metadata.venue == Venue("ICLR", 2025, "conference")
    assert metadata.doi == "10.1145/3442188"
    assert set(metadata.evidence) == {"authors", "published", "venue", "doi"}


def test_yaml_that_constructs_python_objects_is_refused():
    _, problems = curation(
        "kan-kolmogorov-arnold-networks: !!python/object/apply:os.system ['echo pwned']\n"
    )
    assert messages(problems)[0].startswith(
        "1:33: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
    )


def test_every_problem_is_reported_in_one_run():
    _, problems = curation(
        """\
        kan-kolmogorov-arnold-network: {add: [kans]}
        mlp-mixer-an-all-mlp-architecture-for-vision: {add: [mlp-model], remove: [transformer]}
        """
    )
    assert [p.line for p in problems] == [1, 2, 2]


def test_tag_pointing_to_a_missing_topic():
    _, problems = taxonomy(TAXONOMY.replace("topics: [architectures]", "topics: [architecture]"))
    assert messages(problems) == [
        "9:14: tag 'kans' points to the missing topic 'architecture' (did you mean 'architectures'?)",
        "2:3: topic 'architectures' has no tags (give at least one tag this topic, or remove the topic)",
    ]


def test_two_tags_claiming_the_same_alias():
    text = TAXONOMY + (
        "  kan-variants:\n"
        "    name: KAN variants\n"
        "    description: Follow-ups to KANs.\n"
        "    topics: [architectures]\n"
        "    aliases: [kan]\n"
    )
    _, problems = taxonomy(text)
    errors = [p for p in problems if p.severity == "error"]
    assert messages(errors) == [
        "15:15: the alias 'kan' of tag 'kan-variants' is already claimed by tag 'kans' (an alias can belong to one tag only; remove it from one of them)"
    ]


def test_an_alias_and_its_plural_in_two_tags_are_claimed_twice():
    """An alias matches its plural too, so "kan" and "kans" find the same words."""
    text = TAXONOMY + (
        "  kan-variants:\n"
        "    name: KAN variants\n"
        "    description: Follow-ups to KANs.\n"
        "    topics: [architectures]\n"
        "    aliases: [kans, kan variant]\n"
    )
    result, problems = taxonomy(text)
    assert messages(problems) == [
        "15:15: the alias 'kans' of tag 'kan-variants' is already claimed by tag 'kans' "
        "(as 'kan', which matches its plural too) (an alias can belong to one tag only; "
        "remove it from one of them)"
    ]
    assert next(t for t in result.tags if t.id == "kan-variants").aliases == ("kan variant",)
    _, problems = taxonomy(
        TAXONOMY.replace("network, KAN]", "networks, KAN]")
        + (
            "  kan-variants:\n"
            "    name: KAN variants\n"
            "    description: Follow-ups to KANs.\n"
            "    topics: [architectures]\n"
            "    aliases: [kolmogorov-arnold network, kan variant]\n"
        )
    )
    assert [p.message for p in problems] == [
        "the alias 'kolmogorov-arnold network' of tag 'kan-variants' is already claimed by tag "
        "'kans' (as 'kolmogorov arnold networks', which matches its plural too)"
    ]
    _, problems = taxonomy(TAXONOMY.replace("KAN]", "KAN, KANs]"))
    assert problems == []  # one tag may list both


def test_evidence_is_read_and_checked():
    result, problems = taxonomy(TAXONOMY + "    evidence: lead\n")
    assert problems == []
    assert next(t for t in result.tags if t.id == "kans").evidence == "lead"
    result, _ = taxonomy(TAXONOMY)
    assert next(t for t in result.tags if t.id == "kans").evidence == "abstract"
    _, problems = taxonomy(TAXONOMY + "    evidence: title\n")
    assert messages(problems) == [
        "11:5: 'evidence' of tag 'kans' must be one of lead, abstract, found 'title' "
        "(evidence: abstract (the default))"
    ]
    _, problems = taxonomy(TAXONOMY + "    evidence: leed\n")
    assert problems[0].hint == "did you mean 'lead'?"


def test_topic_with_no_tags():
    text = TAXONOMY.replace(
        "tags:\n", "  audio:\n    name: Audio\n    description: Sound.\ntags:\n"
    )
    _, problems = taxonomy(text)
    assert messages(problems) == [
        "5:3: topic 'audio' has no tags (give at least one tag this topic, or remove the topic)"
    ]


def test_invalid_regex():
    _, problems = taxonomy(TAXONOMY + "    regex: '(unclosed'\n")
    assert messages(problems)[0].startswith(
        "11:5: 'regex' of tag 'kans' is not a valid regular expression for RE2: missing )"
    )


def test_malformed_tag_id():
    _, problems = taxonomy(TAXONOMY.replace("  kans:", "  KANs_2:"))
    assert messages(problems)[0] == (
        "6:3: 'KANs_2' is not a valid tag id (ids are lowercase letters, digits and single hyphens, like 'in-context-learning')"
    )


def test_duplicate_tag_in_taxonomy():
    _, problems = taxonomy(TAXONOMY + "  kans:\n    name: Again\n")
    assert messages(problems) == [
        "11:3: duplicate key 'kans' (first defined on line 6) (merge the two entries into one)"
    ]


def test_duplicates_file_checks_record_references():
    text = "same:\n  - [001_a.txt:3, 002_b.txt:9]\ndifferent:\n  - [001_a.txt:3, nonsense]\n"
    rules, problems = parse_duplicates("seeds/duplicates.yml", text, {"001_a.txt:3", "002_b.txt:7"})
    assert [f"{p.line}:{p.col}: {p.message}" for p in problems] == [
        "2:19: no record starts at 002_b.txt:9",
        "4:19: 'nonsense' is not a record reference",
    ]
    assert rules.same == () and rules.different == ()


def test_a_curated_title_renames_a_derived_id_and_both_ids_apply():
    text = "we-present-melodi-a-novel: {title: 'MELODI: Memory Compression', add: [kans]}\n"
    ids = {"we-present-melodi-a-novel", *PAPERS}
    result, problems = parse_curation(
        "seeds/curation.yml", text, ids, TAGS, {"we-present-melodi-a-novel"}
    )
    assert problems == []
    assert result.renames == {"we-present-melodi-a-novel": "melodi-memory-compression"}
    assert result.for_paper("melodi-memory-compression").add == ("kans",)


def test_two_entries_for_one_renamed_paper_are_an_error():
    text = "we-present-melodi-a-novel: {title: 'MELODI: Memory Compression'}\nmelodi-memory-compression: {add: [kans]}\n"
    ids = {"we-present-melodi-a-novel", *PAPERS}
    _, problems = parse_curation(
        "seeds/curation.yml", text, ids, TAGS, {"we-present-melodi-a-novel"}
    )
    assert messages(problems) == [
        "2:1: paper 'melodi-memory-compression' has two entries: 'we-present-melodi-a-novel' and 'melodi-memory-compression' (a renamed paper answers to its old and new id; merge the two entries)"
    ]


def test_lookarounds_and_backreferences_are_refused_with_the_line_and_why():
    _, problems = taxonomy(TAXONOMY + "    title_regex: '(?<!sparse )autoencoder'\n")
    assert messages(problems)[0].startswith(
        "11:5: 'title_regex' of tag 'kans' is not a valid regular expression for RE2: "
        "invalid perl operator: (?<!; lookbehinds (?<= and (?<!) are not supported"
    )
    assert "list phrases that must not count under 'exclude'" in problems[0].hint
    _, problems = taxonomy(TAXONOMY + "    regex: '(kan)\\1'\n")
    assert "backreferences" in messages(problems)[0]


def test_patterns_that_backtrack_for_ever_elsewhere_run_in_linear_time():
    import time

    from generator.model import Tag
    from generator.tagging import Tagger

    for pattern in (r"(a+)+$", r"^(\w+\s?)+:"):
        result, problems = taxonomy(TAXONOMY + f"    regex: '{pattern}'\n")
        assert problems == []
        tag = next(t for t in result.tags if t.id == "kans")
        started = time.perf_counter()
        Tagger([Tag("t", "T", "d", ("a",), regex=tag.regex)]).tags_for(
            "a " * 5000 + "!", "a" * 5000 + "!"
        )
        assert time.perf_counter() - started < 1


def test_mentions_exclude_and_former_ids_are_read_and_checked():
    text = TAXONOMY + "    mentions: 1\n    exclude: [kan bread]\n    former_ids: [kolmogorov]\n"
    result, problems = taxonomy(text)
    assert problems == []
    kans = next(t for t in result.tags if t.id == "kans")
    assert (kans.mentions, kans.exclude, kans.former_ids) == (1, ("kan bread",), ("kolmogorov",))
    _, problems = taxonomy(TAXONOMY + "    mentions: 0\n")
    assert messages(problems) == [
        "11:5: 'mentions' of tag 'kans' must be a whole number from 1 to 5, found 0 "
        "(mentions: 1 for a subject no paper mentions in passing, 2 (the default) or more "
        "for a broad one)"
    ]
    _, problems = taxonomy(TAXONOMY + "    former_ids: [kans]\n")
    assert (
        "'kans' in 'former_ids' of tag 'kans' is the id of a tag in the taxonomy"
        in (messages(problems)[0])
    )


def test_broader_names_another_tag_of_the_taxonomy_and_never_leads_back():
    other = "  mlps:\n    name: MLPs\n    description: d\n    topics: [architectures]\n    aliases: [mlp]\n"
    result, problems = taxonomy(TAXONOMY + "    broader: mlps\n" + other)
    assert problems == []
    assert [(t.id, t.broader) for t in result.tags] == [("kans", "mlps"), ("mlps", "")]
    _, problems = taxonomy(TAXONOMY + "    broader: mlp\n" + other)
    assert messages(problems) == [
        "11:5: tag 'kans' names the missing tag 'mlp' as 'broader' (did you mean 'mlps'?)"
    ]
    _, problems = taxonomy(TAXONOMY + "    broader: kans\n")
    assert messages(problems) == ["11:5: tag 'kans' names itself as 'broader' (remove 'broader')"]
    _, problems = taxonomy(TAXONOMY + "    broader: mlps\n" + other + "    broader: kans\n")
    fix = "(remove 'broader' from one tag of the loop)"
    assert messages(problems) == [
        f"11:5: tag 'kans' and its broader tags form a loop: kans → mlps → kans {fix}",
        f"17:5: tag 'mlps' and its broader tags form a loop: mlps → kans → mlps {fix}",
    ]


REFS = {"001_a.txt:3", "002_b.txt:7", "003_c.txt:1", "004_d.txt:2"}


def duplicates(text):
    return parse_duplicates("seeds/duplicates.yml", textwrap.dedent(text), REFS)


def test_duplicates_give_the_groups_as_written():
    rules, problems = duplicates(
        """\
        same:
          - [001_a.txt:3, 002_b.txt:7, 003_c.txt:1]
        different:
          - [001_a.txt:3, 004_d.txt:2]
        """
    )
    assert problems == []
    assert rules.same == (("001_a.txt:3", "002_b.txt:7", "003_c.txt:1"),)
    assert rules.different == (("001_a.txt:3", "004_d.txt:2"),)


def test_two_records_both_same_and_different_conflict_one_does_not():
    _, problems = duplicates(
        """\
        same:
          - [001_a.txt:3, 002_b.txt:7]
        different:
          - [002_b.txt:7, 004_d.txt:2, 001_a.txt:3]
        """
    )
    assert messages(problems) == [
        "1:1: records 001_a.txt:3, 002_b.txt:7 are listed both as 'same' and 'different' "
        "(keep one of the two decisions)"
    ]
    # One record in both is no conflict: a is b, and a is not d.
    _, problems = duplicates(
        "same: [[001_a.txt:3, 002_b.txt:7]]\ndifferent: [[001_a.txt:3, 004_d.txt:2]]\n"
    )
    assert problems == []


def test_malformed_duplicates_are_reported_and_their_groups_dropped():
    rules, problems = duplicates(
        """\
        same:
          - 001_a.txt:3
          - [001_a.txt:3]
          - [002_b.txt:8, 003_c.txt:1]
          - [5, 002_b.txt:7]
        different: [001_a.txt:3, 002_b.txt:7]
        other: 1
        """
    )
    assert messages(problems) == [
        "7:1: unknown field 'other' in the duplicates file (allowed: different, same)",
        "2:5: each group under 'same' must list two or more records "
        "(write [file.txt:LINE, file.txt:LINE])",
        "3:5: each group under 'same' must list two or more records "
        "(write [file.txt:LINE, file.txt:LINE])",
        "4:6: no record starts at 002_b.txt:8 (did you mean '002_b.txt:7'?)",
        "5:6: 5 is not a record reference (write the seed file name and line, like 001_abc.txt:12)",
        "6:13: each group under 'different' must list two or more records "
        "(write [file.txt:LINE, file.txt:LINE])",
        "6:26: each group under 'different' must list two or more records "
        "(write [file.txt:LINE, file.txt:LINE])",
    ]
    assert rules.same == () and rules.different == ()
    _, problems = duplicates("different: 001_a.txt:3\n")
    assert messages(problems) == [
        "1:1: 'different' must be a list of groups of records "
        "(different:\n  - [001_a.txt:3, 002_b.txt:7])"
    ]


def test_an_empty_or_absent_duplicates_file_decides_nothing():
    from generator.dedupe import DedupeRules

    assert duplicates("") == (DedupeRules(), [])
    assert parse_duplicates("d.yml", None, REFS) == (DedupeRules(), [])
    assert duplicates("same:\n") == (DedupeRules(), [])
    _, problems = duplicates("- [001_a.txt:3, 002_b.txt:7]\n")
    assert messages(problems) == [
        "1:1: the duplicates file must be a mapping of names to values (see the comment at the top)"
    ]


CURATED_IDS = {"kan", "mlp", "old-one"}


def curated(text, ids=CURATED_IDS, derived=()):
    return parse_curation("seeds/curation.yml", textwrap.dedent(text), ids, TAGS, derived)


def test_curation_entries_are_tidied_and_sorted_by_paper():
    result, problems = curated(
        """\
        mlp: {add: [transformers, kans, kans], title: "  A   title ", redirect_from: [gone, gone-2]}
        kan: {remove: kans}
        """
    )
    assert problems == []
    assert [entry.paper_id for entry in result.papers] == ["kan", "mlp"]
    mlp = result.for_paper("mlp")
    assert (mlp.title, mlp.add, mlp.redirect_from) == (
        "A title",
        ("kans", "transformers"),
        ("gone", "gone-2"),
    )
    assert result.for_paper("kan").remove == ("kans",)
    assert result.for_paper("old-one") is None
    assert result.metadata == {}


def test_curation_entries_that_cannot_be_used_are_reported():
    _, problems = curated(
        """\
        mlp: {redirect_from: [gone, kan, Bad_Id]}
        kan: {redirect_from: gone, add: {x: 1}, remove: [7, ' ', mlp-model]}
        index: {}
        old-one: not a mapping
        """
    )
    assert messages(problems) == [
        "1:29: 'kan' in 'redirect_from' of paper 'mlp' is the id of a paper in the catalog "
        "(a redirect would hide that paper's page; remove it from the list)",
        "1:34: 'Bad_Id' is not a valid paper id (ids are lowercase letters, digits and single "
        "hyphens, like 'in-context-learning')",
        "2:28: 'add' of paper 'kan' must be a list (add: [a, b])",
        "2:50: 'remove' of paper 'kan' must contain texts, found 7 "
        '(write each item as text, in quotes if needed: remove: ["...", "..."])',
        "2:53: 'remove' of paper 'kan' must contain texts, found ' ' "
        '(write each item as text, in quotes if needed: remove: ["...", "..."])',
        "2:58: unknown tag 'mlp-model' in 'remove' of paper 'kan' (did you mean 'mlp-models'?)",
        "2:7: 'gone' already redirects to paper 'mlp' (an old URL can lead to one paper only)",
        "3:1: 'index' cannot be a paper id (it names the listing page; pick another)",
        "4:1: paper 'old-one' must be a mapping of names to values (see the comment at the top)",
    ]
    _, problems = curated("kan: {title: 5}\n")
    assert messages(problems) == [
        "1:7: 'title' of paper 'kan' must be a text, found the int 5 (quote it: title: \"...\")"
    ]
    _, problems = curated("- kan\n")
    assert messages(problems) == [
        "1:1: the curation file must be a mapping of names to values (see the comment at the top)"
    ]
    assert curated("") == (Curation(), [])
    assert parse_curation("c.yml", None, CURATED_IDS, TAGS) == (Curation(), [])


def test_curated_links_dates_and_venues_are_values_with_curation_as_evidence():
    result, problems = curated(
        """\
        kan:
          pdf: http://x.org/a.pdf
          code: 'https://github.com/a/b '
          venue: '  Nature  Physics '
          published: 2021-08-09
          authors: Ada Lovelace
        mlp:
          venue: {name: ' X  Y ', year: 2020, type: journal}
          doi: 10.1145/x
        """
    )
    assert problems == []
    curation_evidence = Evidence("curation", "", "curated")
    kan = result.metadata["kan"]
    assert kan == Metadata(
        authors=("Ada Lovelace",),
        published=PublicationDate(2021, 8, 9),
        venue=Venue("Nature Physics"),
        pdf_url="http://x.org/a.pdf",
        code_url="https://github.com/a/b",
    )
    assert kan.evidence == dict.fromkeys(
        ["pdf_url", "code_url", "authors", "published", "venue"], curation_evidence
    )
    assert result.metadata["mlp"] == Metadata(doi="10.1145/x", venue=Venue("X Y", 2020, "journal"))
    assert result.for_paper("mlp").metadata.evidence == {
        "doi": curation_evidence,
        "venue": curation_evidence,
    }


@pytest.mark.parametrize(
    "venue",
    [
        "{name: X, year: true}",
        "{name: X, year: '2020'}",
        "{name: X, type: blog}",
        "{name: X, kind: conference}",
        "{name: 5}",
        "{year: 2020}",
        "''",
        "[ICLR]",
    ],
)
def test_a_venue_is_a_name_or_a_name_year_and_type(venue):
    result, problems = curated(f"kan:\n  venue: {venue}\n")
    assert messages(problems) == [
        "2:3: 'venue' of paper 'kan' must be a name, or name, year and type (write venue: "
        "{name: ICLR, year: 2024, type: conference}; the type is conference, journal or workshop)"
    ]
    assert result.for_paper("kan").metadata is None


@pytest.mark.parametrize("kind", ["conference", "journal", "workshop"])
def test_each_venue_type(kind):
    result, _ = curated(f"kan:\n  venue: {{name: X, type: {kind}}}\n")
    assert result.metadata["kan"].venue == Venue("X", None, kind)


def test_curated_links_are_checked():
    _, problems = curated(
        "kan:\n  pdf: ftp://x\n  code: 5\n  doi: '10.1/x'\n  published: 2021-02-30\n"
    )
    assert messages(problems) == [
        "4:3: '10.1/x' in 'doi' of paper 'kan' is not valid "
        '(write it like doi: "10.1145/3442188.3445922")',
        "2:3: 'ftp://x' in 'pdf' of paper 'kan' is not valid (write it like pdf: https://...)",
        "3:3: 'code' of paper 'kan' is the int 5, not a text "
        "(quote it, as in code: https://github.com/...)",
        "5:3: 'published' of paper 'kan': day is out of range for month "
        '(write it as published: "2021-08-09", "2021-08" or "2021")',
    ]


def test_curate_applies_new_ids_titles_and_redirects_sorted_by_id():
    from generator.curation import PaperCuration, curate
    from generator.model import Paper

    papers = [
        Paper("zz-derived", "Derived title", "", (), title_derived=True, former_ids=("x",)),
        Paper("b", "Seed title", "", (), title_derived=False),
        Paper("c", "Untouched", "", (), title_derived=True),
        Paper("d", "Derived", "", (), title_derived=True),
    ]
    curation = Curation(
        (
            PaperCuration("a-real-title", title="A Real Title", redirect_from=("old",)),
            PaperCuration("b", title="Fixed Title"),
            PaperCuration("d", redirect_from=("gone",)),
        ),
        {"zz-derived": "a-real-title"},
    )
    result = curate(papers, curation)
    assert [(p.id, p.title, p.title_derived, p.former_ids) for p in result] == [
        ("a-real-title", "A Real Title", False, ("x", "zz-derived", "old")),
        ("b", "Fixed Title", False, ()),
        ("c", "Untouched", True, ()),
        ("d", "Derived", True, ("gone",)),
    ]


def test_an_absent_file_is_none_and_a_file_that_is_not_utf8_is_an_error(tmp_path):
    from generator.curation import read_optional
    from generator.model import CatalogError

    assert read_optional(tmp_path / "curation.yml") is None
    (tmp_path / "ok.yml").write_text("kan: {}\n", encoding="utf-8")
    assert read_optional(tmp_path / "ok.yml") == "kan: {}\n"
    (tmp_path / "bad.yml").write_bytes(b"kan: {title: caf\xe9}\n")
    with pytest.raises(CatalogError) as error:
        read_optional(tmp_path / "bad.yml")
    assert str(error.value).startswith(str(tmp_path / "bad.yml") + ":1:")


def test_did_you_mean_offers_up_to_three_close_names():
    from generator.curation import did_you_mean

    assert did_you_mean("tranformers", ["transformers", "transformer", "formers", "kans"]) == (
        "did you mean 'transformers' or 'transformer' or 'formers'?"
    )
    assert did_you_mean("kans", ["transformers"]) == ""
