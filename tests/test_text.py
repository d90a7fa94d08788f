"""Text rules shared by the stages: normalisation, first sentences, gists."""

import pytest

from generator.text import first_sentence, gist, normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KAN: Kolmogorov-Arnold  Networks!", "kan kolmogorov arnold networks"),
        ("snake_case and (brackets)", "snake case and brackets"),
        ("  padded  ", "padded"),
        ("Attention &amp; Memory", "attention memory"),
        ("Q&amp;A &lt;b&gt;", "q a b"),
        ("", ""),
    ],
)
def test_ascii_text_keeps_lowercase_words_only(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pad\u00e9 \u00c9t\u00e9", "pade ete"),  # accents
        ("Classi\ufb01ers", "classifiers"),  # ligature
        ("Kolmogorov\u2013Arnold\u2212x", "kolmogorov arnold x"),  # dashes
        ("\u201cWhy\u201d \u2018not\u2019", "why not"),  # quotes
        ("Stra\u00dfe snake_\u00e9", "strasse snake e"),  # casefold, underscore
        ("caf\u00e9 &amp; bar", "cafe bar"),  # an entity in non-ASCII text
    ],
)
def test_unicode_text_folds_accents_dashes_quotes_and_ligatures(text, expected):
    assert normalize(text) == expected


def test_an_ampersand_that_is_no_entity_is_punctuation():
    assert normalize("R&D") == "r d"


def test_first_sentence_ends_before_a_capital():
    assert first_sentence("We study e.g. graphs. Then we stop.") == "We study e.g. graphs."
    assert first_sentence("Is it?  Yes! Really.") == "Is it?"
    assert first_sentence("A first one.\nA second one.") == "A first one."
    assert first_sentence("No end at all") == "No end at all"


def test_gist_is_the_first_sentence_cut_at_a_word_count():
    abstract = "One two three four. Five six."
    assert gist(abstract, 4) == "One two three four."
    assert gist(abstract, 3) == "One two three\u2026"
    assert gist("", 3) == ""
