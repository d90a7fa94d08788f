"""The files contributors edit: every problem reported, each with file, line, column and hint."""

import textwrap

from generator.curation import parse_curation, parse_duplicates, parse_taxonomy
from generator.model import Evidence, PublicationDate, Venue

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
