"""Paper ids: slugs, collisions, ids that follow a curated title, moved papers."""

import pytest
from conftest import REAL_SEEDS
from slugify import slugify

from generator.identity import (
    ID_MAX_LENGTH,
    PLAIN_TITLE,
    assign_ids,
    content_hash,
    moved_papers,
    renamed_ids,
    slug_for,
    suffixed,
)
from generator.model import Catalog, Paper, Record
from generator.sources import read_seeds


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("KAN: Kolmogorov-Arnold Networks", "kan-kolmogorov-arnold-networks"),
        ("  (GG) MoE vs. MLP!  ", "gg-moe-vs-mlp"),
        ("Dataset of 18,000 Samples, 3, 4", "dataset-of-18000-samples-3-4"),
        ("snake_case", "snake-case"),
        ("Pad\u00e9 Approximants", "pade-approximants"),  # not plain: python-slugify
        ("\u03b3-MoD", "g-mod"),
    ],
)
def test_a_slug_is_the_title_in_lowercase_words_and_hyphens(title, slug):
    assert slug_for(title, "fallback") == slug


def test_a_title_with_nothing_to_slug_gets_the_fallback():
    assert slug_for("!!!", "1b0ecf") == "paper-1b0ecf"
    assert slug_for("\u2014", "1b0ecf") == "paper-1b0ecf"
    assert slug_for("", "") == "paper-"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("ab " * 26 + "ab", "ab-" * 26 + "ab"),  # exactly ID_MAX_LENGTH: kept whole
        ("ab " * 40, "ab-" * 26 + "ab"),  # cut where a word ends at ID_MAX_LENGTH
        ("abcd " * 30, "abcd-" * 15 + "abcd"),  # cut before the word that crosses it
        ("x" * 81 + " y", "x" * 80),  # one word longer than an id: cut inside it
        ("x" * 79 + " yy", "x" * 79),
    ],
)
def test_long_titles_are_cut_at_a_word_boundary(title, slug):
    assert slug_for(title, "") == slug
    assert len(slug) <= ID_MAX_LENGTH


FAST_SLUG_TITLES = [
    "Dataset of 18,000 Samples",
    "(GG) MoE vs. MLP",
    "A - B -- C",
    "x" * 79 + " yy",
    "x" * 81 + " y",
    "ab " * 40,
    "abcd " * 30,
    "Don't Stop",
    "R&D at 100%",
    "a_b [c] {d} <e> |f| ~g^ $h #i @j =k *l +m /n",
]


def test_plain_titles_take_the_fast_path_and_slug_as_python_slugify_does():
    for title in FAST_SLUG_TITLES:
        plain = "'" not in title and "&" not in title
        assert bool(PLAIN_TITLE.match(title)) == plain, title
        expected = slugify(title, max_length=ID_MAX_LENGTH, word_boundary=True, save_order=True)
        assert slug_for(title, "x") == expected, title


def test_fast_slugs_equal_python_slugify_on_the_real_titles():
    records, _ = read_seeds(REAL_SEEDS)
    titles = [r.title for r in records if r.title] + ["\u03b3-MoD: Exploring"]
    for title in titles:
        expected = slugify(title, max_length=ID_MAX_LENGTH, word_boundary=True, save_order=True)
        assert slug_for(title, "x") == (expected or "paper-x"), title


def test_content_hash_is_six_hex_digits_of_the_normalised_text():
    assert content_hash("Hello World") == "0d4a11"
    assert content_hash("hello, world!") == "0d4a11"
    assert content_hash("") == "000000"


def test_a_suffix_keeps_the_id_within_the_maximum_length():
    assert suffixed("kan", "abs two") == "kan-055a50"
    assert suffixed("a" * 80, "abs two") == "a" * 73 + "-055a50"
    assert suffixed("a" * 72 + "-b", "abs two") == "a" * 72 + "-055a50"
    assert suffixed("paper-", "abs two") == "paper-055a50"


def record(file, line):
    return Record(file, line, "a title", "an abstract")


def test_the_paper_whose_first_record_comes_first_keeps_the_slug():
    drafts = [
        ("KAN", (record("002.txt", 1),), "abs two"),
        ("KAN", (record("001.txt", 5), record("003.txt", 1)), "abs one"),
        ("Else", (record("000.txt", 1),), "x"),
    ]
    assert assign_ids(drafts) == ["kan-055a50", "kan", "else"]


def test_a_collision_without_abstract_is_suffixed_by_the_title():
    drafts = [("KAN", (record("001.txt", 1),), ""), ("KAN", (record("002.txt", 1),), "")]
    assert assign_ids(drafts) == ["kan", "kan-" + content_hash("KAN")]


def test_the_listing_pages_and_empty_slugs_always_get_a_suffix():
    drafts = [
        ("Index", (record("001.txt", 1),), "x"),
        ("!!!", (record("001.txt", 2),), "only"),
        ("!!!", (record("001.txt", 3),), ""),
        ("A", (record("001.txt", 4),), "x"),  # papers/a/ lists the titles under A
        ("Z", (record("001.txt", 5),), "x"),
        ("Other", (record("001.txt", 6),), "x"),  # papers/other/: the titles under #
        ("Ab", (record("001.txt", 7),), "x"),
    ]
    x = content_hash("x")
    assert assign_ids(drafts) == [
        f"index-{x}",
        "paper-e0d933",
        "paper-000000",
        f"a-{x}",
        f"z-{x}",
        f"other-{x}",
        "ab",
    ]
    assert renamed_ids({"we-b": "B"}, ["we-b"], ["we-b"]) == {"we-b": "b-" + content_hash("we-b")}


def test_a_suffix_that_is_taken_too_gets_more():
    drafts = [("Same", (record("a", line),), "s") for line in (1, 2, 3)]
    assert assign_ids(drafts) == ["same", "same-1b0ecf", "same-1b0ecf-x"]
    drafts = [
        ("Same", (record("a", 1),), "s"),
        ("Same", (record("a", 2),), "s"),
        ("Same 1b0ecf", (record("a", 3),), "t"),
    ]
    assert assign_ids(drafts) == ["same", "same-1b0ecf-x", "same-1b0ecf"]


def test_a_curated_title_gives_a_derived_id_a_new_one():
    renames = renamed_ids(
        {"we-present": "A Real Title", "not-derived": "Another Title", "untitled": ""},
        ["we-present", "not-derived", "untitled"],
        ["we-present", "untitled"],
    )
    assert renames == {"we-present": "a-real-title"}


def test_a_new_id_that_is_taken_is_suffixed_by_the_old_one():
    renames = renamed_ids(
        {"b-derived": "Taken", "a-derived": "Taken", "e": "!!!"},
        ["a-derived", "b-derived", "e", "taken"],
        ["b-derived", "a-derived", "e"],
    )
    assert renames == {
        "a-derived": "taken-" + content_hash("a-derived"),
        "b-derived": "taken-" + content_hash("b-derived"),
        "e": "paper-" + content_hash("e"),
    }
    assert renamed_ids({"a": "B"}, ["a", "b"], []) == {}


def test_an_id_taken_even_with_its_suffix_stays():
    taken = ["other", "taken", "taken-" + content_hash("other")]
    assert renamed_ids({"other": "Taken"}, taken, ["other"]) == {}
    renames = renamed_ids({"a": "New", "b": "New"}, ["a", "b"], ["a", "b"])
    assert renames == {"a": "new", "b": "new-" + content_hash("b")}


def paper(paper_id, *records, former_ids=()):
    return Paper(paper_id, paper_id, "", tuple(records), former_ids=former_ids)


def test_a_moved_paper_is_found_by_one_of_its_records():
    catalog = Catalog(
        (
            paper("new", record("001.txt", 3), record("002.txt", 7)),
            paper("kept", record("001.txt", 9)),
            paper("renamed", record("003.txt", 1), former_ids=("former",)),
        )
    )
    previous = [
        {"id": "old", "sources": [{"file": "002.txt", "line": 7}]},
        {"id": "kept", "sources": [{"file": "001.txt", "line": 3}]},  # still there
        {"id": "former", "sources": [{"file": "001.txt", "line": 3}]},  # redirected already
        {"id": "gone", "sources": [{"file": "009.txt", "line": 1}]},
        {
            "id": "a-old",
            "sources": ["bad", {"file": "001.txt", "line": 9}, {"file": "001.txt", "line": 3}],
        },
        {"id": "no-sources"},
        "not an object",
    ]
    assert moved_papers(previous, catalog) == [("a-old", "kept"), ("old", "new")]
