"""Tag: taxonomy rules and curated tags applied to papers.

A paper's tags are the tags whose rules match its own title and abstract, plus the tags a
contributor added, minus the ones a contributor removed; its topics follow from its tags.
"""

from __future__ import annotations

import re
import re._constants as sre_constants  # the parsed form of a pattern, to find its literals
import re._parser as sre_parser
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, partial
from itertools import pairwise

from .curation import CURATION_PATH, Curation, Taxonomy
from .model import Catalog, Paper, Problem, Tag
from .parallel import parallel_map
from .text import DASHES

# Every dash becomes a hyphen; a dotless i becomes an i, as case-insensitive regular
# expressions already treat it (so a rule's literal test agrees with its expression).
FOLD = str.maketrans({**dict.fromkeys(map(ord, DASHES), "-"), "\u0131": "i"})
WORD_SEPARATOR = r"[\s\-]+"


def match_text(text: str) -> str:
    """The form rules are matched against: NFKC, casefolded, every dash a hyphen, a dotless
    i (U+0131) an i, as case-insensitive regular expressions already treat it."""
    return unicodedata.normalize("NFKC", text).translate(FOLD).casefold()


def alias_pattern(alias: str) -> str:
    """Words in order, separated by spaces or hyphens, on word boundaries; plural allowed.

    The pattern starts with the first word as a literal, with the word boundary checked by
    a lookbehind after it: a leading literal lets the regex engine skip ahead fast, which
    makes tagging about fifteen times quicker than a leading (?<!\\w).
    """
    words = [re.escape(word) for word in re.split(WORD_SEPARATOR, match_text(alias).strip())]
    first = words[0]
    return (
        f"{first}(?<!\\w{first})"
        + "".join(WORD_SEPARATOR + word for word in words[1:])
        + r"(?:s|es)?(?!\w)"
    )


WORD = re.compile(r"\w+")
# A text's words, and every other character but spaces and hyphens, in order: two words
# stand side by side in this list exactly when only spaces and hyphens separate them.
TOKEN = re.compile(r"\w+|[^\w\s\-]")
PLURALS = ("", "s", "es")
MIN_LITERAL = 3
ZERO_WIDTH = {sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT}


def required_literals(pattern: str) -> tuple[str, ...]:
    """Lowercase ASCII strings of which every match of `pattern` contains at least one.

    A cheap `in` test on these skips most texts before the regular expression runs (the
    text is casefolded, the rules are case-insensitive). An empty tuple: nothing is
    required that is worth testing, so the expression always runs.
    """
    try:
        parsed = sre_parser.parse(pattern)
    except re.error:
        return ()
    return _literals(list(parsed)) or ()


def _literals(items) -> tuple[str, ...] | None:
    candidates: list[tuple[str, ...]] = []
    run: list[str] = []

    def end_run() -> None:
        if len(run) >= MIN_LITERAL:
            candidates.append(("".join(run),))
        run.clear()

    for op, value in items:
        if op is sre_constants.LITERAL and value < 128:
            run.append(chr(value).lower())
            continue
        if op in ZERO_WIDTH:
            continue  # matches no text: the literals either side are still adjacent
        end_run()
        found = None
        if op is sre_constants.SUBPATTERN:
            found = _literals(list(value[-1]))
        elif op is sre_constants.BRANCH:
            branches = [_literals(list(branch)) for branch in value[1]]
            if all(branches):
                found = tuple(sorted({text for branch in branches for text in branch}))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and value[0] >= 1:
            found = _literals(list(value[2]))
        if found:
            candidates.append(found)
    end_run()
    # The most selective choice: the one whose shortest string is longest.
    return max(candidates, key=lambda texts: (min(map(len, texts)), -len(texts)), default=None)


@dataclass(frozen=True)
class RegexRule:
    tag_id: str
    pattern: re.Pattern
    literals: tuple[str, ...]  # one of them must be in the text, or the pattern cannot match

    @classmethod
    def compile(cls, tag_id: str, pattern: str) -> RegexRule:
        return cls(tag_id, re.compile(pattern, re.IGNORECASE), required_literals(pattern))

    def search(self, text: str) -> bool:
        if self.literals and not any(literal in text for literal in self.literals):
            return False
        return self.pattern.search(text) is not None


@dataclass(frozen=True)
class AliasRule:
    """An alias of plain words, matched on the text's words as `alias_pattern` would match it:
    its words side by side, only spaces and hyphens between them, a plural on the last."""

    tag_id: str
    words: tuple[str, ...]
    last: frozenset[str]  # the last word and its plurals

    def search(self, tokens: list[str]) -> bool:
        """`tokens`: the text's TOKEN list."""
        *leading, _ = self.words
        size = len(self.words)
        start = 0
        while True:
            try:
                at = tokens.index(self.words[0], start)
            except ValueError:
                return False
            end = at + size - 1
            if end < len(tokens) and tokens[end] in self.last and tokens[at:end] == leading:
                return True
            start = at + 1


@dataclass(frozen=True)
class PatternRule:
    """An alias with other characters than words ("c++", "mlps (mlp)"): its pattern runs."""

    tag_id: str
    pattern: str

    def search(self, text: str) -> bool:
        return compiled(self.pattern).search(text) is not None


@cache
def compiled(pattern: str) -> re.Pattern:
    """An alias pattern, compiled the first time a text could match it: most never are."""
    return re.compile(pattern)


class Tagger:
    """The taxonomy's rules, indexed so a paper only tries the aliases it could match.

    A one-word alias is filed under its word, a longer one under its first two words as a
    pair, so a paper only tries the aliases whose words it contains side by side. Aliases
    of plain words are then matched on the text's words, with no regular expression to
    compile or run; the few with other characters run their pattern. Texts are casefolded,
    so alias patterns need no IGNORECASE (which would slow every search down).
    """

    def __init__(self, tags: Sequence[Tag]):
        self.tags_by_word: dict[str, set[str]] = defaultdict(set)
        self.aliases_by_word: dict[str, list[PatternRule]] = defaultdict(list)
        self.aliases_by_pair: dict[tuple[str, str], list[AliasRule]] = defaultdict(list)
        self.regexes: list[RegexRule] = []
        self.title_regexes: list[RegexRule] = []
        for tag in tags:
            for alias in tag.aliases:
                text = match_text(alias).strip()
                words = WORD.findall(text)
                plain = re.split(WORD_SEPARATOR, text) == words
                if not words:
                    continue
                if len(words) == 1 and plain:
                    # One plain word: the text's word set answers exactly, plurals included.
                    for end in PLURALS:
                        self.tags_by_word[words[0] + end].add(tag.id)
                elif plain:
                    # Keyed by its first two words, as they stand side by side in a text
                    # that matches (the second may be the last, with a plural ending): a
                    # pair of words is far rarer than either word, so few papers try it.
                    rule = AliasRule(
                        tag.id, tuple(words), frozenset(words[-1] + e for e in PLURALS)
                    )
                    ends = PLURALS if len(words) == 2 else ("",)
                    for end in ends:
                        self.aliases_by_pair[words[0], words[1] + end].append(rule)
                else:
                    # Other characters than words ("c++", "q&a", "mlps (mlp)"): its pattern
                    # runs on texts that have its first word (with a plural ending when that
                    # is its only word), which a match always has as a whole word.
                    pattern_rule = PatternRule(tag.id, alias_pattern(alias))
                    for end in PLURALS if len(words) == 1 else ("",):
                        self.aliases_by_word[words[0] + end].append(pattern_rule)
            if tag.regex:
                self.regexes.append(RegexRule.compile(tag.id, tag.regex))
            if tag.title_regex:
                self.title_regexes.append(RegexRule.compile(tag.id, tag.title_regex))

    def tags_for(self, title: str, abstract: str) -> set[str]:
        title = match_text(title)
        text = title + "\n" + match_text(abstract)
        tokens = TOKEN.findall(text)
        text_words = set(tokens)
        found: set[str] = set()
        for word in text_words & self.tags_by_word.keys():
            found |= self.tags_by_word[word]
        for word in text_words & self.aliases_by_word.keys():
            for rule in self.aliases_by_word[word]:
                if rule.tag_id not in found and rule.search(text):
                    found.add(rule.tag_id)
        for pair in set(pairwise(tokens)) & self.aliases_by_pair.keys():
            for rule in self.aliases_by_pair[pair]:
                if rule.tag_id not in found and rule.search(tokens):
                    found.add(rule.tag_id)
        for rule in self.regexes:
            if rule.tag_id not in found and rule.search(text):
                found.add(rule.tag_id)
        for rule in self.title_regexes:
            if rule.tag_id not in found and rule.search(title):
                found.add(rule.tag_id)
        return found


def rule_tags(paper: Paper, tagger: Tagger) -> set[str]:
    return tagger.tags_for(paper.title, paper.abstract)


def tag(
    papers: Sequence[Paper],
    taxonomy: Taxonomy,
    curation: Curation,
    curation_file: str = CURATION_PATH,
) -> tuple[Catalog, list[Problem]]:
    """The tag stage: each curated paper gets the tags its rules find, plus the tags its
    curation entry adds, minus those it removes; its topics follow from its tags. Returns
    the whole catalog, sorted by id."""
    tagger = Tagger(taxonomy.tags)
    topics_of_tag = {tag.id: tag.topics for tag in taxonomy.tags}
    warnings: list[Problem] = []
    tagged = []
    rule_results = parallel_map(partial(rule_tags, tagger=tagger), papers)
    for paper, tags in zip(papers, rule_results, strict=True):
        entry = curation.for_paper(paper.id)
        if entry:
            for tag_id in entry.remove:
                if tag_id not in tags:
                    warnings.append(
                        Problem(
                            curation_file,
                            0,
                            0,
                            f"paper {paper.id!r}: removing tag {tag_id!r}, which the rules "
                            f"do not give it",
                            "drop it from 'remove'",
                            "warning",
                        )
                    )
            tags = (tags | set(entry.add)) - set(entry.remove)
        topics = {topic for tag_id in tags for topic in topics_of_tag.get(tag_id, ())}
        tagged.append(replace(paper, tags=tuple(sorted(tags)), topics=tuple(sorted(topics))))
    tagged.sort(key=lambda paper: paper.id)
    return Catalog(tuple(tagged), taxonomy.tags, taxonomy.topics), warnings
