"""Escaping: text from the data is shown literally wherever it lands."""

import json

import pytest
import yaml

from generator.escape import front_matter, latex, md, script_json, xml_text


@pytest.mark.parametrize("char", list("\\`*_{}[]"))
def test_markdown_characters_get_a_backslash(char):
    assert md(f"a{char}b") == f"a\\{char}b"


@pytest.mark.parametrize(
    ("char", "entity"),
    [("<", "&lt;"), (">", "&gt;"), ("&", "&amp;"), ('"', "&quot;"), ("'", "&#x27;")],
)
def test_html_characters_become_entities(char, entity):
    assert md(f"a{char}b") == f"a{entity}b"


def test_other_punctuation_is_left_alone():
    assert md("a.b-c(d)!e#f|g:h") == "a.b-c(d)!e#f|g:h"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Heading", "&#35; Heading"),
        ("- item", "&#45; item"),
        ("+ item", "&#43; item"),
        ("= setext", "&#61; setext"),
        ("~~~ fence", "&#126;~~ fence"),
        ("---", "&#45;--"),
        ("12. item", "12&#46; item"),
        ("3) item", "3&#41; item"),
    ],
)
def test_block_markup_at_the_start_is_defused_by_its_last_character(text, expected):
    assert md(text) == expected


def test_block_markers_inside_the_line_stay():
    assert md("a - b # c 1. d 2) e + f") == "a - b # c 1. d 2) e + f"


def test_line_breaks_become_spaces_so_no_line_can_start_a_block():
    assert md("  one\n# two\n\t- three  ") == "one # two - three"


def test_control_characters_become_spaces():
    """Python-Markdown takes \x02 and \x03 for its own placeholders."""
    assert md("a\x02b\x03c\x00d\x1fe\x7ff") == "a b c d e f"
    assert md("\x02# heading") == "&#35; heading"


def test_md_is_markup_safe_for_templates():
    assert md("<b>").__html__() == "&lt;b&gt;"
    assert md(42) == "42"


def test_front_matter_of_ascii_text_is_plain_json():
    assert front_matter({"title": "A: b", "n": 1}) == '{"n": 1, "title": "A: b"}'


def test_front_matter_is_json_that_yaml_reads_back():
    value = {"b": 'quote " and \\ and : colon', "a": 1, "c": "caf\u00e9 \U0001f600"}
    text = front_matter(value)
    assert text == '{"a": 1, "b": "quote \\" and \\\\ and : colon", "c": "caf\u00e9 \U0001f600"}'
    assert yaml.safe_load(text) == value


@pytest.mark.parametrize(
    ("char", "escape"),
    [
        ("\x7f", "\\u007f"),
        ("\x85", "\\u0085"),
        ("\x9f", "\\u009f"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
        ("\ufffe", "\\ufffe"),
        ("\uffff", "\\uffff"),
    ],
)
def test_front_matter_writes_what_yaml_reads_as_breaks_as_escapes(char, escape):
    assert front_matter(f"a{char}b") == f'"a{escape}b"'
    assert front_matter(f"\u00e9{char}") == f'"\u00e9{escape}"'
    assert yaml.safe_load(front_matter(f"a{char}b")) == f"a{char}b"


def test_front_matter_keeps_printable_characters_around_the_unsafe_range():
    assert front_matter("\x7e\xa0\u2027\u202a") == '"\x7e\xa0\u2027\u202a"'


def test_script_json_cannot_close_the_script_element():
    text = script_json({"b": "</script><!-- & -->", "a": "\u00e9"})
    assert text == ('{"a": "\u00e9", "b": "\\u003c/script\\u003e\\u003c!-- \\u0026 --\\u003e"}')
    assert json.loads(text) == {"b": "</script><!-- & -->", "a": "\u00e9"}


def test_latex_escapes_specials_and_control_characters():
    # Braces as commands: bibtex counts a brace even after a backslash.
    assert latex("50% of $x$ & #1 {a}_b") == (
        r"50{\%} of {\$}x{\$} {\&} {\#}1 {\textbraceleft}a{\textbraceright}{\_}b"
    )
    assert latex(" a\x01b\x1fc\x7fd\n\te ") == "a b c d e"
    assert latex("Andr\u00e9 \u03b3") == r"Andr{\'e} {\ensuremath{\gamma}}"
    assert latex("\u4e2d") == r"{\bfseries ?}"


def test_latex_returns_as_is_exactly_the_texts_the_encoder_would_not_change():
    """LATEX_AS_IS is the set of ASCII characters the encoder writes as they are, no more and
    no less; a text of them skips the encoder and comes out as the encoder would give it."""
    from generator.escape import CONTROL, LATEX, LATEX_AS_IS

    assert LATEX_AS_IS.pattern.isascii()  # so the loop below covers every character in it
    for code in range(128):
        char = chr(code)
        unchanged = LATEX.unicode_to_latex(char) == char and not CONTROL.match(char)
        assert bool(LATEX_AS_IS.fullmatch(char)) == unchanged, repr(char)
    for text in ("Attention Is All You Need", "A-B: (x+y)*2 = [a|b]?!", "don't `quote` @ 3.5/4;"):
        assert latex(text) == text == LATEX.unicode_to_latex(text)
    assert latex("Fast  and\tslow ") == "Fast and slow"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u01ce", r"{\v{a}}"),  # a with a caron: Unicode's parts, as LaTeX accents
        ("x\u0308", r"{\"{x}}"),  # a letter with no precomposed form
        ("\u1ea5", r"{\'{\^{a}}}"),  # two accents, innermost first
        ("\u0219", r"{\textcommabelow{s}}"),
        ("\u211d", "R"),  # a letter in a style is the letter
        ("\u2167", "VIII"),
        ("\u0301", ""),  # an accent on nothing
        ("\u0416", r"{\bfseries ?}"),  # no LaTeX without a package: a visible "?"
    ],
)
def test_latex_writes_letters_it_has_no_command_for_from_their_parts(text, expected):
    assert latex(text) == expected


def test_plain_latex_is_what_pdflatex_knows_without_a_package():
    from generator.escape import _plain_latex

    assert _plain_latex(r"\'e") and _plain_latex(r"\textbraceleft") and _plain_latex("x")
    assert _plain_latex(r"\ensuremath{\alpha}") and _plain_latex(r"\ensuremath{\mathbf{x}}")
    assert not _plain_latex(r"\textcyrillic{zh}")  # needs a font encoding
    assert not _plain_latex(r"\ensuremath{\mathbb{R}}")  # amssymb
    assert not _plain_latex(r"\alpha")  # a math command outside math mode


def test_xml_text_replaces_what_xml_cannot_hold():
    invalid = "\x00\x08\x0b\x0c\x0e\x1f\ud800\udfff\ufffe\uffff"
    assert xml_text("a" + invalid + "b") == "a" + "\ufffd" * len(invalid) + "b"
    assert xml_text("tab\tline\nreturn\r \x7f \ud7ff \ue000") == (
        "tab\tline\nreturn\r \x7f \ud7ff \ue000"
    )
