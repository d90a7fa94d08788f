"""Escaping: text from the data made literal where it lands (Markdown, HTML, YAML front
matter, JSON inside <script>, LaTeX). Everything from a seed, a curation file or a
metadata answer passes through one of these before it reaches a page or an export."""

from __future__ import annotations

import html
import json
import re
import unicodedata

from markupsafe import Markup, escape
from pylatexenc.latexencode import (
    RULE_DICT,
    RULE_REGEX,
    UnicodeToLatexConversionRule,
    UnicodeToLatexEncoder,
    get_builtin_conversion_rules,
)

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


# Control characters: LaTeX would read them as such, Python-Markdown as its placeholders.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def md(text: str) -> Markup:
    """Text that Markdown and HTML will both show literally, never interpret.

    The generator's text is one line (seeds are read line by line, whitespace collapsed);
    a line break would let block markup through, so any that remain become spaces, and so
    do control characters (Python-Markdown uses \x02 and \x03 as its own placeholders).
    """
    text = one_line(text)
    text = MARKDOWN_SPECIAL.sub(lambda match: MARKDOWN_LITERAL[match.group()], text)
    return Markup(MARKDOWN_LINE_START.sub(_entity_for_last_char, text))


def html_line(text: str) -> Markup:
    """Text shown literally in an HTML element: one line, as `md` makes it (control
    characters and line breaks become spaces), then HTML-escaped. A page body written this
    way passes through Markdown as a raw HTML block, unchanged."""
    return escape(one_line(text))


def one_line(text: str) -> str:
    """Control characters and line breaks as spaces, runs of whitespace as one."""
    text = str(text)
    if not text.isprintable():  # a quick test in C; the regex runs on the rare rest
        text = CONTROL.sub(" ", text)
    return " ".join(text.split())


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


# The LaTeX commands a plain document knows (\documentclass{article} with T1 fonts, and no
# package that defines symbols): text accents and symbols, and math symbols inside
# \ensuremath. pylatexenc knows more (amssymb, tipa, Cyrillic fonts...), where pdflatex stops
# with "Undefined control sequence"; only its replacements made of these commands are used.
# Measured by compiling every replacement pylatexenc has; tests/test_latex.py compiles every
# character latex() writes.
_TEXT_COMMANDS = """
    " # $ % & ' , - . ; = ^ _ ` ~ b c d H i k L l O o r t u v AE ae DH dh DJ dj IJ ij NG ng OE oe
    ss TH th enskip fbox hspace nolinebreak quad guillemotleft guillemotright guilsinglleft
    guilsinglright quotedblbase quotesinglbase textacutedbl textasciiacute textasciibreve
    textasciicaron textasciicircum textasciidieresis textasciimacron textasciitilde
    textasteriskcentered textbackslash textbaht textbigcircle textblank textbraceleft
    textbraceright textbrokenbar textbullet textcelsius textcent textcircledP textcolonmonetary
    textcommabelow textcompwordmark textcopyright textcurrency textdagger textdaggerdbl
    textdegree textdiscount textdiv textdong textdownarrow textellipsis textemdash textendash
    textestimated texteuro textexclamdown textflorin textfractionsolidus textinterrobang
    textlangle textleftarrow textlira textlnot textmho textmu textmusicalnote textnaira
    textnumero textohm textonehalf textonequarter textonesuperior textopenbullet
    textordfeminine textordmasculine textparagraph textperiodcentered textpertenthousand
    textperthousand textpeso textquestiondown textquotedblleft textquotedblright textquoteleft
    textquoteright textrangle textrecipe textreferencemark textregistered textrightarrow textsc
    textsection textservicemark textsterling textsuperscript textthreequarters
    textthreesuperior texttimes texttrademark texttwosuperior textuparrow textvisiblespace
    textwon textyen
"""
_MATH_COMMANDS = """
    ! acute aleph alpha amalg angle approx asymp beta bigcap bigcirc bigcup bigtriangledown
    bigtriangleup bigvee bigwedge bowtie bullet cap cdot cdots chi circ cong coprod cup dashv
    ddot ddots Delta delta diamond dot doteq Downarrow ell epsilon equiv eta exists forall frown
    Gamma gamma geq gg hbar hookleftarrow hookrightarrow in infty int iota kappa kern Lambda
    lambda langle lceil Leftarrow leftharpoondown leftharpoonup Leftrightarrow leftrightarrow
    leq lfloor ll lmoustache Longleftarrow longleftarrow Longleftrightarrow longleftrightarrow
    longmapsto Longrightarrow longrightarrow mapsto mathbf mathbin mathchar mathit mathsf mathtt
    mid mp mu nabla nearrow neq ni not notin nu nwarrow odot oint Omega omega ominus oplus
    oslash otimes parallel partial perp Phi phi Pi pi pm prec preceq prod propto Psi psi rangle
    rceil rfloor rho Rightarrow rightharpoondown rightharpoonup rightleftharpoons rmoustache
    searrow Sigma sigma sim simeq smile sqcap sqcup sqrt sqsubseteq sqsupseteq stackrel star
    subset subseteq succ succeq sum supset supseteq swarrow tau Theta theta times top
    triangleleft triangleright Uparrow Updownarrow updownarrow uplus Upsilon upsilon varepsilon
    varphi varpi varrho varsigma vartheta vdash vdots vee Vert wedge wp wr Xi xi zeta
"""
LATEX_TEXT_COMMANDS = frozenset(_TEXT_COMMANDS.split())
LATEX_MATH_COMMANDS = frozenset(_MATH_COMMANDS.split())
LATEX_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
MATH = "\\ensuremath{"


def _plain_latex(replacement: str) -> bool:
    commands = set(LATEX_COMMAND.findall(replacement))
    if replacement.startswith(MATH):
        return commands - {"ensuremath"} <= LATEX_MATH_COMMANDS
    return commands <= LATEX_TEXT_COMMANDS


PLAIN_LATEX = {
    codepoint: replacement
    for codepoint, replacement in get_builtin_conversion_rules("defaults")[0].rule.items()
    if _plain_latex(replacement)
} | {
    # BibTeX counts braces even after a backslash: "\{" alone would leave a field open.
    ord("{"): r"\textbraceleft",
    ord("}"): r"\textbraceright",
}
# Combining accents as LaTeX accents: for a letter Unicode has no precomposed form of (x́),
# or pylatexenc no plain LaTeX for (ǎ, which Unicode splits into a and a caron).
ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d",
    "\u0326": "textcommabelow", "\u0327": "c", "\u0328": "k", "\u0331": "b",
}  # fmt: skip
ACCENTED_LETTER = re.compile("([A-Za-z])([" + "".join(ACCENTS) + "]+)")
UNKNOWN = "{\\bfseries ?}"


def _accented(match: re.Match) -> str:
    text = match.group(1)
    for mark in match.group(2):
        text = "\\" + ACCENTS[mark] + "{" + text + "}"
    return text


def _decomposed(char: str) -> str:
    """A character with no plain LaTeX of its own, written as what Unicode says it is made
    of: a letter and its accents (ǎ, ș), a letter in a style (the double-struck R is an R),
    or "?". A combining mark on nothing LaTeX can accent is left out."""
    if unicodedata.category(char).startswith("M"):
        return ""
    parts = unicodedata.normalize("NFKD", char)
    if parts == char:
        return UNKNOWN
    out = []
    for base, marks in _letters(parts):
        accented = ACCENTED_LETTER.fullmatch(base + marks)
        # One letter at a time: the encoder recomposes what it is given (NFC), and ǎ would
        # come back here.
        out.append("{" + _accented(accented) + "}" if accented else LATEX.unicode_to_latex(base))
    return "".join(out)


def _letters(text: str) -> list[tuple[str, str]]:
    """Each character but the combining marks, with the marks that follow it."""
    letters: list[tuple[str, str]] = []
    for char in text:
        if letters and unicodedata.category(char).startswith("M"):
            letters[-1] = (letters[-1][0], letters[-1][1] + char)
        else:
            letters.append((char, ""))
    return letters


# Escapes LaTeX's special characters; what has no plain LaTeX becomes a "?" rather than a
# character or a command pdflatex stops on.
LATEX = UnicodeToLatexEncoder(
    conversion_rules=[
        UnicodeToLatexConversionRule(RULE_REGEX, [(ACCENTED_LETTER, _accented)]),
        UnicodeToLatexConversionRule(RULE_DICT, PLAIN_LATEX),
    ],
    non_ascii_only=False,
    replacement_latex_protection="braces-all",
    unknown_char_policy=_decomposed,
    unknown_char_warning=False,
)


# The characters the encoder writes as they are: a text of these alone (most titles and
# names) is returned as it is, without the encoder's character-by-character pass, which was
# a third of the time spent rendering paper pages.
LATEX_AS_IS = re.compile(r"[0-9A-Za-z!'()*+,\-./:;=?@\[\]`| ]*")


def latex(text: str) -> str:
    """Text that pdflatex and bibtex print literally."""
    text = " ".join(CONTROL.sub(" ", text).split())
    return text if LATEX_AS_IS.fullmatch(text) else LATEX.unicode_to_latex(text)


# Characters XML 1.0 cannot hold at all, even escaped (control characters but tab and line
# breaks, surrogates, U+FFFE and U+FFFF).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text an XML document can carry (the template engine escapes <, > and &)."""
    return XML_INVALID.sub("\ufffd", text)
