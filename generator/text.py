"""Text rules shared by several stages: dashes and quotes, normalisation, first sentences."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

# Every Unicode dash and minus sign: normalised to a hyphen wherever text is compared.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
TRANSLATE = str.maketrans(
    {
        **dict.fromkeys(map(ord, DASHES), "-"),
        **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032"), "'"),
        **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"'),
    }
)
NON_WORD = re.compile(r"[\W_]+")
# For ASCII text, the same as NON_WORD: everything but letters and digits becomes a space.
ASCII_NON_WORD = str.maketrans({code: " " for code in range(128) if not chr(code).isalnum()})

# Where an abstract's first sentence ends: after . ! or ?, before a capital letter (so
# "e.g. the" does not end it). Gists, search results and the index use it.
FIRST_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def normalize(text: str) -> str:
    """Text reduced to what identifies it: lowercase words, no accents, no punctuation."""
    if "&" in text:
        text = html.unescape(text)
    if text.isascii():  # most text: a translation table does what the regex does, faster
        return " ".join(text.lower().translate(ASCII_NON_WORD).split())
    text = unicodedata.normalize("NFKD", text.translate(TRANSLATE))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(NON_WORD.sub(" ", text.casefold()).split())


def first_sentence(text: str) -> str:
    return FIRST_SENTENCE_END.split(text, maxsplit=1)[0]


@lru_cache(maxsize=65536)  # a paper is listed on each of its tag pages
def gist(abstract: str, words: int) -> str:
    """One line that says what a paper is about: the first sentence, cut at `words` words."""
    if not abstract:
        return ""
    first = first_sentence(abstract)
    split = first.split()
    return first if len(split) <= words else " ".join(split[:words]) + "\u2026"
