"""Escaping: text from the data made literal where it lands (Markdown, HTML, YAML front
matter, JSON inside <script>, LaTeX). Everything from a seed, a curation file or a
metadata answer passes through one of these before it reaches a page or an export."""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup
from pylatexenc.latexencode import UnicodeToLatexEncoder

# Inside a line of text, only these characters can start Markdown markup: code spans,
# emphasis, links and images, attribute lists. Escaping every punctuation mark instead
# (".", "-", "(" ...) would be as safe but makes MkDocs' inline processing several times
# slower on abstracts, for nothing.
MARKDOWN_INLINE = frozenset("\\`*_{}[]")
HTML_SPECIAL = frozenset("<>&\"'")
# At the start of a line, these begin a heading, list, rule or code fence; the marker's
# last character becomes an HTML entity, which Markdown shows but never reads as syntax.
MARKDOWN_LINE_START = re.compile(r"^(?:[#+=~-]|\d+[.)])")


MARKDOWN_LITERAL = {
    **{char: "\\" + char for char in MARKDOWN_INLINE},
    **{char: html.escape(char) for char in HTML_SPECIAL},
}
# One scan for the few characters to replace: str.translate looks up every character.
MARKDOWN_SPECIAL = re.compile("[" + re.escape("".join(sorted(MARKDOWN_LITERAL))) + "]")


def md(text: str) -> Markup:
    """Text that Markdown and HTML will both show literally, never interpret.

    The generator's text is one line (seeds are read line by line, whitespace collapsed);
    a line break would let block markup through, so any that remain become spaces.
    """
    text = " ".join(str(text).split())
    text = MARKDOWN_SPECIAL.sub(lambda match: MARKDOWN_LITERAL[match.group()], text)
    return Markup(MARKDOWN_LINE_START.sub(_entity_for_last_char, text))


def _entity_for_last_char(match: re.Match) -> str:
    marker = match.group()
    return f"{marker[:-1]}&#{ord(marker[-1])};"


# Characters a YAML double-quoted scalar may not hold raw (control characters, NEL and the
# Unicode line and paragraph separators, which YAML reads as line breaks, non-characters);
# they are written as \u escapes, which YAML and JSON both read.
YAML_RAW_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def front_matter(value) -> Markup:
    """A value for a page's YAML front matter, written as JSON (valid YAML).

    Not Jinja's tojson: that writes characters beyond the BMP (an emoji in a title) as JSON
    surrogate pairs, which YAML rejects, and HTML-escapes what needs no escaping here.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if text.isascii() and "\x7f" not in text:  # most pages: two quick scans, no regex
        return Markup(text)
    return Markup(YAML_RAW_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text))


def script_json(value) -> str:
    """JSON that cannot end a <script> element or open a comment inside it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# pylatexenc knows the LaTeX for accents, Greek letters and symbols, and escapes LaTeX's
# special characters; what it has no LaTeX for (CJK, emoji) becomes a "?" rather than a
# character pdflatex stops on.
LATEX = UnicodeToLatexEncoder(
    non_ascii_only=False,
    replacement_latex_protection="braces-all",
    unknown_char_policy="replace",
    unknown_char_warning=False,
)
# A control character in text would be read as such by LaTeX (or end a line).
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def latex(text: str) -> str:
    """Text that pdflatex and bibtex print literally."""
    return LATEX.unicode_to_latex(" ".join(CONTROL.sub(" ", text).split()))


# Characters XML 1.0 cannot hold at all, even escaped (control characters but tab and line
# breaks, surrogates, U+FFFE and U+FFFF).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text an XML document can carry (the template engine escapes <, > and &)."""
    return XML_INVALID.sub("\ufffd", text)
