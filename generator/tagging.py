"""Tag: taxonomy rules and curated tags applied to papers.

A paper's tags are the tags whose rules match its own title and abstract, plus the tags a
contributor added, minus the ones a contributor removed; its topics follow from its tags.
"""

from __future__ import annotations

import re
import re._constants as sre_constants  # the parsed form of a pattern, to find its literals
import re._parser as sre_parser
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, partial
from itertools import pairwise

import re2

from .curation import CURATION_PATH, Curation, Taxonomy, broader_chain, compile_rule
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
    """A contributor's regular expression, run by RE2: linear time whatever the pattern."""

    tag_id: str
    pattern: re2._Regexp
    literals: tuple[str, ...]  # one of them must be in the text, or the pattern cannot match

    @classmethod
    def compile(cls, tag_id: str, pattern: str) -> RegexRule:
        return cls(tag_id, compile_rule(pattern), required_literals(pattern))

    def could_match(self, text: str) -> bool:
        return not self.literals or any(literal in text for literal in self.literals)

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not self.could_match(text):
            return []
        return [match.span() for match in self.pattern.finditer(text)]


@dataclass(frozen=True)
class AliasRule:
    """An alias of plain words, matched on the text's words as `alias_pattern` would match it:
    its words side by side, only spaces and hyphens between them, a plural on the last.

    `blocks`: for an `exclude` phrase, the tag whose matches inside this phrase do not count.
    """

    tag_id: str
    words: tuple[str, ...]
    last: frozenset[str]  # the last word and its plurals
    blocks: str = ""

    def end_at(self, tokens: list[str], at: int) -> int:
        """Where a match starting at token `at` ends (exclusive), or 0 when none starts there."""
        end = at + len(self.words) - 1
        if (
            end < len(tokens)
            and tokens[end] in self.last
            and tokens[at:end] == list(self.words[:-1])
        ):
            return end + 1
        return 0


@dataclass(frozen=True)
class PatternRule:
    """An alias with other characters than words ("c++", "mlps (mlp)"): its pattern runs."""

    tag_id: str
    pattern: str

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [match.span() for match in compiled(self.pattern).finditer(text)]


@cache
def compiled(pattern: str) -> re.Pattern:
    """An alias pattern, compiled the first time a text could match it: most never are."""
    return re.compile(pattern)


def positions(tokens: list[str], word: str) -> list[int]:
    """Where `word` stands in `tokens` (list.index runs in C: faster than a Python loop)."""
    found = []
    at = -1
    try:
        while True:
            at = tokens.index(word, at + 1)
            found.append(at)
    except ValueError:
        return found


# Words that, shortly before a mention, say the paper does not use or is not about the thing
# named: "unlike transformers", "without attention", "does not need backpropagation",
# "instead of convolutions", "neither convolutions nor attention". Looked for among the
# NEGATION_WINDOW words before a mention, within its clause (punctuation ends the search).
NEGATION_CUES = frozenset(
    [
        "without",
        "unlike",
        "not",
        "no",
        "nor",
        "instead",
        "rather",
        "alternative",
        "alternatives",
        "lacking",
        "neither",
    ]
)
NEGATION_WINDOW = 4
# Words that make what follows them in the clause a baseline: "outperforms strong RNN and
# transformer baselines", "compared with convolutional networks", "better than CNNs" ("vs."
# is not one: "correct vs. incorrect few-shot demonstrations" compares both). Looked for
# among the COMPARISON_WINDOW words before a mention, within its clause and up to the words
# that name the comparison's setting: in "outperforms MLPs on time series forecasting" the
# MLPs are the baseline, the time series the subject. "than" before a number compares a
# quantity ("more than 200 models").
COMPARISON_CUES = frozenset(
    [
        "than",
        "outperform",
        "outperforms",
        "outperforming",
        "outperformed",
        "surpass",
        "surpasses",
        "surpassing",
        "surpassed",
        "compared",
    ]
)
COMPARISON_WINDOW = 10
SETTING_WORDS = frozenset({"on", "in", "for", "at", "across", "when", "while"})
CLAUSE_ENDS = frozenset(".,;:!?()[]")
# Right before a mention, a prefix that reverses it ("non-convolutional"); right after it,
# a suffix that does ("attention-free").
NEGATING_PREFIXES = frozenset({"non"})
NEGATING_SUFFIXES = frozenset({"free", "less"})


def negated(tokens: list[str], start: int, end: int, title: bool = False) -> bool:
    """Whether the mention tokens[start:end] is denied or contrasted by the words around it;
    in a `title`, a comparison names the paper's subjects ("MoE vs. MLP on Tabular Data",
    "When Vision Transformers Outperform ResNets"): only denials count there."""
    if start and tokens[start - 1] in NEGATING_PREFIXES:
        return True
    if end < len(tokens) and tokens[end] in NEGATING_SUFFIXES:
        return True
    in_setting = False  # a setting word stands between the mention and any cue further back
    for at in range(start - 1, max(-1, start - 1 - COMPARISON_WINDOW), -1):
        word = tokens[at]
        if word in CLAUSE_ENDS:
            return False
        in_setting = in_setting or word in SETTING_WORDS
        if word in COMPARISON_CUES and not in_setting and not title:
            return not (word == "than" and tokens[at + 1][:1].isdigit())
        if word in NEGATION_CUES and start - at <= NEGATION_WINDOW:
            # "not only X but also Y" affirms X
            return not (word == "not" and at + 1 < len(tokens) and tokens[at + 1] == "only")
    return False


# Words that open a list of examples ("tasks such as A, B and C", "e.g. A or B"): a subject
# listed there is named in passing. A mention is in the list when it starts fewer than
# EXAMPLE_WINDOW tokens after the cue with only the list's items, commas, "and" and "or"
# between (no end of sentence, clause or bracket).
EXAMPLE_CUES = (
    ["such", "as"],
    ["e", ".", "g", "."],
    ["for", "example"],
    ["for", "instance"],
    ["including"],
)
EXAMPLE_WINDOW = 12
LIST_ENDS = frozenset(".;:!?()[]")


def example_lists(tokens: list[str], words: set[str]) -> list[int]:
    """Where lists of examples start in `tokens` (whose words are `words`): the token
    after each cue."""
    return [
        at + len(cue)
        for cue in EXAMPLE_CUES
        if cue[0] in words
        for at in positions(tokens, cue[0])
        if tokens[at : at + len(cue)] == cue
    ]


def counts(
    tokens: list[str],
    start: int,
    end: int,
    tag_id: str,
    longer: list[tuple[int, int, AliasRule]],
    lists: list[int],
    title: bool = False,
) -> bool:
    """Whether the mention tokens[start:end] of a tag is evidence: not denied, not an item
    of a list of examples, and not part of a longer phrase of another tag or of one of the
    tag's own `exclude` phrases (the "convolution" of "graph convolution"). `longer`: the
    alias spans of two words or more; `lists`: where lists of examples start; `title`:
    the text is a title (negated)."""
    if negated(tokens, start, end, title):
        return False
    if any(
        0 <= start - at < EXAMPLE_WINDOW and LIST_ENDS.isdisjoint(tokens[at:start]) for at in lists
    ):
        return False
    return not any(
        other_start <= start
        and end <= other_end
        and end - start < other_end - other_start
        and (other.blocks == tag_id if other.blocks else other.tag_id != tag_id)
        for other_start, other_end, other in longer
    )


# A web address names no subject, even when a word of it is an alias ("huggingface.co/docs/
# transformers"): it is blanked out before matching, up to the punctuation that ends it.
URL = re.compile(
    r"(?:https?://|www\.|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/)\S*?(?=[.,;:!?)\]]*(?:\s|$))"
)

# An abstract's first sentence ends at a full stop, question or exclamation mark before a
# space or the end, but not at the stop of an abbreviation ("e.g.", "et al.", "vs.").
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
ABBREVIATIONS = ("e.g", "i.e", " al", " vs", " cf")


def lead_length(text: str) -> int:
    """The length of `text`'s first sentence (all of it when it has one sentence)."""
    for found in SENTENCE_END.finditer(text):
        if not text[max(0, found.start() - 3) : found.start()].endswith(ABBREVIATIONS):
            return found.end()
    return len(text)


# A subject an abstract names only further down than its first sentence is usually a tool,
# a baseline or a setting: it is central when named this many times more than the tag's
# `mentions` (and the tag's `evidence` is "abstract").
LEAD_OR_EXTRA_MENTIONS = 2
# A title that names a tool as its means ("Summarisation using transformers") is not about
# the tool: for tags with `evidence: lead`, a title mention that one of these words precedes
# by at most MEANS_WINDOW words is no evidence. "with" and "by" are not such words: in
# "Generating sequences with recurrent networks" and "Improving accuracy by reinstating back
# propagation" what follows them is the paper's subject.
MEANS = frozenset({"using", "via", "through"})
MEANS_WINDOW = 2
# How strong the evidence for a tag is: a paper gets the tags of its strongest evidence.
CENTRAL, MENTIONED, ABSENT = 2, 1, 0
# A paper is about a few subjects: of more tags with evidence, it keeps this many, those
# its title names most, then its abstract (and any tied with the last kept).
MAX_TAGS = 3


@dataclass(frozen=True)
class Evidence:
    """How often a paper names one tag's subject, and where."""

    title: int = 0
    lead: int = 0  # in the abstract's first sentence
    abstract: int = 0  # in the whole abstract, the first sentence included

    def strength(self, tag: Tag) -> int:
        """CENTRAL: named in the title, or `mentions` times in the abstract with one in its
        first sentence, or LEAD_OR_EXTRA_MENTIONS more times anywhere (`evidence: abstract`);
        MENTIONED: `mentions` times, but further down (`evidence: abstract`); else ABSENT."""
        if self.title:
            return CENTRAL
        if self.abstract < tag.mentions:
            return ABSENT
        if self.lead:
            return CENTRAL
        if tag.evidence == "lead":
            return ABSENT
        return CENTRAL if self.abstract >= tag.mentions + LEAD_OR_EXTRA_MENTIONS else MENTIONED


class Tagger:
    """The taxonomy's rules, indexed so a paper only tries the aliases it could match.

    A one-word alias is filed under its word, a longer one under its first two words as a
    pair, so a paper only tries the aliases whose words it contains side by side. Aliases
    of plain words are then matched on the text's words, with no regular expression to
    compile or run; the few with other characters run their pattern. Texts are casefolded,
    so alias patterns need no IGNORECASE (which would slow every search down).

    A tag needs evidence that its subject is central to the paper, not one mention in
    passing (see Evidence.strength): a mention in the title, or at least `tag.mentions`
    mentions in the abstract (the same alias twice, or two of its aliases, count as two)
    with one in its first sentence, or LEAD_OR_EXTRA_MENTIONS more anywhere. A paper with
    no central subject gets the tags its abstract mentions `tag.mentions` times. A mention
    (of an alias or a regex) does not count when a negation or contrast comes shortly
    before it ("unlike X", "without X", "does not need X", "better than X"), when it is an
    item of a list of examples ("such as X, Y"), or when it is part of a longer phrase of
    another tag, or of one of its own tag's `exclude` phrases (the "convolution" of "graph
    convolution").
    """

    def __init__(self, tags: Sequence[Tag]):
        self.rules = {tag.id: tag for tag in tags}
        self.broader = {tag.id: tag.broader for tag in tags}
        self.rules_by_word: dict[str, list[AliasRule]] = defaultdict(list)
        self.aliases_by_word: dict[str, list[PatternRule]] = defaultdict(list)
        self.aliases_by_pair: dict[tuple[str, str], list[AliasRule]] = defaultdict(list)
        self.regexes: list[RegexRule] = []
        self.title_regexes: list[RegexRule] = []
        for tag in tags:
            for alias in tag.aliases:
                self._add_alias(tag.id, alias, "")
            for phrase in tag.exclude:
                self._add_alias(tag.id, phrase, tag.id)
            if tag.regex:
                self.regexes.append(RegexRule.compile(tag.id, tag.regex))
            if tag.title_regex:
                self.title_regexes.append(RegexRule.compile(tag.id, tag.title_regex))

    def _add_alias(self, tag_id: str, alias: str, blocks: str) -> None:
        text = match_text(alias).strip()
        words = WORD.findall(text)
        if not words:
            return
        if re.split(WORD_SEPARATOR, text) != words:
            # Other characters than words ("c++", "q&a", "mlps (mlp)"): its pattern runs on
            # texts that have its first word (with a plural ending when that is its only
            # word), which a match always has as a whole word.
            if not blocks:
                rule = PatternRule(tag_id, alias_pattern(alias))
                for end in PLURALS if len(words) == 1 else ("",):
                    self.aliases_by_word[words[0] + end].append(rule)
            return
        rule = AliasRule(tag_id, tuple(words), frozenset(words[-1] + e for e in PLURALS), blocks)
        if len(words) == 1:
            for end in PLURALS:
                self.rules_by_word[words[0] + end].append(rule)
        else:
            # Keyed by its first two words, as they stand side by side in a text that
            # matches (the second may be the last, with a plural ending): a pair of words
            # is far rarer than either word, so few papers try it.
            for end in PLURALS if len(words) == 2 else ("",):
                self.aliases_by_pair[words[0], words[1] + end].append(rule)

    def mentions(self, text: str, tokens: list[str], title: bool) -> list[tuple[str, int]]:
        """(tag id, first token) of each mention in `text` (already match_text; `tokens`:
        its TOKEN list) that counts as evidence, alias mentions first in text order, then
        pattern matches; `title`: the title regexes run too."""
        words = set(tokens)
        spans = self.alias_spans(tokens, words)
        longer = [span for span in spans if span[1] - span[0] > 1]  # those that can contain
        lists = example_lists(tokens, words)
        found: list[tuple[str, int]] = []
        last_end: dict[str, int] = {}
        for start, end, rule in sorted(spans, key=lambda span: span[:2]):
            if rule.blocks or not counts(tokens, start, end, rule.tag_id, longer, lists, title):
                continue
            previous = last_end.get(rule.tag_id, -1)
            # Overlapping or adjoining aliases of one tag ("text-to-audio generation",
            # "protein-protein") are one mention, and so is a name with its abbreviation
            # ("automatic speech recognition (ASR)").
            if start > previous and not (start == previous + 1 and tokens[previous] == "("):
                found.append((rule.tag_id, start))
            last_end[rule.tag_id] = max(previous, end)
        # Patterns (aliases with other characters, regexes) are found by character; their
        # matches are then placed among the tokens to be judged as alias mentions are.
        matches: list[tuple[str, int, int]] = []
        for word in words & self.aliases_by_word.keys():
            for pattern_rule in self.aliases_by_word[word]:
                matches.extend((pattern_rule.tag_id, *span) for span in pattern_rule.spans(text))
        for rule in self.regexes + (self.title_regexes if title else []):
            matches.extend((rule.tag_id, *span) for span in rule.spans(text))
        for tag_id, char_start, char_end in matches:
            start = len(TOKEN.findall(text, 0, char_start))
            end = start + max(1, len(TOKEN.findall(text, char_start, char_end)))
            if counts(tokens, start, end, tag_id, longer, lists, title):
                found.append((tag_id, start))
        return found

    def alias_spans(self, tokens: list[str], words: set[str]) -> list[tuple[int, int, AliasRule]]:
        """(start, end, rule) of every match of a plain-word alias or exclude phrase in
        `tokens`, whose words are `words`."""
        spans: list[tuple[int, int, AliasRule]] = []
        for word in words & self.rules_by_word.keys():
            rules = self.rules_by_word[word]
            for at in positions(tokens, word):
                spans.extend((at, at + 1, rule) for rule in rules)
        for pair in set(pairwise(tokens)) & self.aliases_by_pair.keys():
            for at in positions(tokens, pair[0]):
                if at + 1 < len(tokens) and tokens[at + 1] == pair[1]:
                    for rule in self.aliases_by_pair[pair]:
                        end = rule.end_at(tokens, at)
                        if end:
                            spans.append((at, end, rule))
        return spans

    def evidence(self, title: str, abstract: str) -> dict[str, Evidence]:
        """Tag id -> the evidence for it in a paper's title and abstract (as written)."""
        title = URL.sub(" ", match_text(title))
        abstract = URL.sub(" ", match_text(abstract))
        title_tokens = TOKEN.findall(title)
        in_title = Counter(
            tag_id
            for tag_id, start in self.mentions(title, title_tokens, title=True)
            if not (
                self.rules[tag_id].evidence == "lead"
                and MEANS.intersection(title_tokens[max(0, start - MEANS_WINDOW) : start])
            )
        )
        # The lead ends before a space, so no token spans the cut.
        cut = lead_length(abstract)
        lead_tokens = TOKEN.findall(abstract, 0, cut)
        tokens = lead_tokens + TOKEN.findall(abstract, cut)
        lead_end = len(lead_tokens)
        in_abstract: Counter[str] = Counter()
        in_lead: Counter[str] = Counter()
        for tag_id, start in self.mentions(abstract, tokens, title=False):
            in_abstract[tag_id] += 1
            in_lead[tag_id] += start < lead_end
        return {
            tag_id: Evidence(in_title[tag_id], in_lead[tag_id], in_abstract[tag_id])
            for tag_id in in_title.keys() | in_abstract.keys()
        }

    def tags_for(self, title: str, abstract: str) -> set[str]:
        """The tags whose evidence is strongest, as long as it is more than ABSENT: the
        central subjects, or when there are none, the subjects the abstract mentions enough,
        without the tags broader than another of them; of more than MAX_TAGS, those named
        most often (in the title first), ties kept."""
        evidence = self.evidence(title, abstract)
        strengths = {
            tag_id: found.strength(self.rules[tag_id]) for tag_id, found in evidence.items()
        }
        best = max(strengths.values(), default=ABSENT)
        tags = [tag_id for tag_id, strength in strengths.items() if strength == best != ABSENT]
        # A narrower tag says more than its broader one: "vision-transformers", not also
        # "transformers".
        broader = {
            wider
            for tag_id in tags
            for wider in broader_chain(tag_id, self.broader)[1:]  # the tag itself first
        }
        tags = [tag_id for tag_id in tags if tag_id not in broader]
        if len(tags) <= MAX_TAGS:
            return set(tags)
        ranks = {tag_id: (evidence[tag_id].title, evidence[tag_id].abstract) for tag_id in tags}
        cut = sorted(ranks.values(), reverse=True)[MAX_TAGS - 1]
        return {tag_id for tag_id, rank in ranks.items() if rank >= cut}


def rule_tags(paper: Paper, tagger: Tagger) -> set[str]:
    # A title made from the abstract's first words is no evidence of its own.
    return tagger.tags_for("" if paper.title_derived else paper.title, paper.abstract)


def rule_tags_of(papers: Sequence[Paper], tags: Sequence[Tag]) -> list[set[str]]:
    """The tags the rules give each paper, on every core for large catalogs."""
    if not papers:
        return []
    return parallel_map(partial(rule_tags, tagger=Tagger(tags)), papers)


def tag(
    papers: Sequence[Paper],
    taxonomy: Taxonomy,
    curation: Curation,
    curation_file: str = CURATION_PATH,
    rule_results: Sequence[set[str]] | None = None,
) -> tuple[Catalog, list[Problem]]:
    """The tag stage: each curated paper gets the tags its rules find (`rule_results`, when
    known already: rule_tags_of), plus the tags its curation entry adds, minus those it
    removes; its topics follow from its tags. Returns the whole catalog, sorted by id."""
    topics_of_tag = {tag.id: tag.topics for tag in taxonomy.tags}
    warnings: list[Problem] = []
    tagged = []
    if rule_results is None:
        rule_results = rule_tags_of(papers, taxonomy.tags)
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
