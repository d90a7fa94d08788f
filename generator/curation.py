"""The YAML files contributors edit, loaded strictly and checked with messages that help.

- taxonomy.yml: topics and tags, with the rules that put tags on papers;
- curation.yml: per paper id, a fixed title, an arXiv id, tags to add or remove;
- duplicates.yml: records that are one paper, or never one paper, by "file.txt:LINE".

Parsing is pure (text in, values and problems out); every problem found is reported, and
the caller decides when to stop.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import re2
from rapidfuzz import fuzz, process

from . import yamlfile
from .authors import display_name
from .dedupe import DedupeRules
from .identity import renamed_ids
from .metadata import ARXIV_ID, DOI, URL
from .model import (
    DEFAULT_MENTIONS,
    EVIDENCE_LEVELS,
    Evidence,
    Metadata,
    Paper,
    Problem,
    PublicationDate,
    Tag,
    Topic,
    Venue,
)
from .sources import decode

TAXONOMY_FILE = "taxonomy.yml"
CURATION_FILE = "curation.yml"
DUPLICATES_FILE = "duplicates.yml"
# How messages and edit links name the curation file (the seed folder is "seeds" by default).
CURATION_PATH = f"seeds/{CURATION_FILE}"

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RECORD_REF = re.compile(r"^(?P<file>[^:\s]+\.txt):(?P<line>[1-9]\d*)$")
CURATION_FIELDS = (
    "add",
    "arxiv",
    "authors",
    "code",
    "doi",
    "pdf",
    "published",
    "redirect_from",
    "remove",
    "title",
    "venue",
)
TOPIC_FIELDS = ("description", "former_ids", "name")
TAG_FIELDS = (
    "aliases",
    "broader",
    "description",
    "evidence",
    "exclude",
    "former_ids",
    "mentions",
    "name",
    "regex",
    "title_regex",
    "topics",
)
MAX_MENTIONS = 5
# Why RE2 refuses a pattern, in words, by the start of its message.
RE2_REASONS = (
    ("invalid perl operator: (?<", "lookbehinds (?<= and (?<!) are not supported"),
    ("invalid perl operator: (?=", "lookaheads (?= and (?!) are not supported"),
    ("invalid perl operator: (?!", "lookaheads (?= and (?!) are not supported"),
    ("invalid escape sequence: \\1", "backreferences (\\1) are not supported"),
    ("invalid escape sequence: \\", "backreferences and this escape are not supported"),
    ("bad repetition operator", "this repetition is not supported (possessive or nested)"),
)


def re2_options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # a refused pattern is reported with its line instead
    return options


RE2_OPTIONS = re2_options()


def compile_rule(pattern: str) -> re2._Regexp:
    """A taxonomy regex compiled by RE2, which runs in time linear in the text whatever the
    pattern (so no contributor's rule can hang a build); raises re2.error for what RE2
    refuses."""
    return re2.compile(pattern, RE2_OPTIONS)


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...] = ()
    tags: tuple[Tag, ...] = ()


@dataclass(frozen=True)
class PaperCuration:
    paper_id: str
    title: str | None = None
    metadata: Metadata | None = None  # authors, date, ids, venue fixed by hand
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    redirect_from: tuple[str, ...] = ()  # former ids whose URLs should lead here


@dataclass(frozen=True)
class Curation:
    papers: tuple[PaperCuration, ...] = ()  # keyed by the paper's final id
    renames: dict[str, str] = field(default_factory=dict)  # old id -> new id

    @cached_property
    def _by_paper(self) -> dict[str, PaperCuration]:
        return {entry.paper_id: entry for entry in self.papers}

    def for_paper(self, paper_id: str) -> PaperCuration | None:
        return self._by_paper.get(paper_id)

    @cached_property
    def metadata(self) -> dict[str, Metadata]:
        """Curated metadata by paper id: what the metadata stage puts over the gathered."""
        return {entry.paper_id: entry.metadata for entry in self.papers if entry.metadata}


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    matches = process.extract(name, sorted(choices), scorer=fuzz.ratio, limit=3, score_cutoff=75)
    if not matches:
        return ""
    return "did you mean " + " or ".join(repr(match[0]) for match in matches) + "?"


def read_optional(path: Path) -> str | None:
    """A file's text, or None when it does not exist (absent means nothing curated).

    Bytes that are not UTF-8 text stop with file:line:col, as in a seed file (sources.decode).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return decode(data, str(path))


class _Checker:
    """Collects problems with their locations while a parsed file is checked."""

    def __init__(self, name: str):
        self.name = name
        self.problems: list[Problem] = []

    def at(self, mark: tuple[int, int], message: str, hint: str = "", severity="error") -> None:
        self.problems.append(Problem(self.name, mark[0], mark[1], message, hint, severity))

    def mapping(self, value: Any, mark: tuple[int, int], what: str) -> bool:
        if isinstance(value, yamlfile.Mapping):
            return True
        self.at(mark, f"{what} must be a mapping of names to values", "see the comment at the top")
        return False

    def text(self, entry: yamlfile.Mapping, key: str, what: str, required: bool = True) -> str:
        value = entry.get(key)
        if value is None:
            if required:
                self.at((entry.line, entry.col), f"{what} has no {key!r}", f"add a {key}")
            return ""
        if not isinstance(value, str):
            self.at(
                entry.mark_of(key),
                f"{key!r} of {what} must be a text, found the {type(value).__name__} {value!r}",
                f'quote it: {key}: "..."',
            )
            return ""
        if not value.strip():
            self.at(
                entry.mark_of(key),
                f"{key!r} of {what} is empty",
                f"write the {key} between the quotes, or remove the {key!r} line",
            )
            return ""
        return " ".join(value.split())

    def strings(self, entry: yamlfile.Mapping, key: str, what: str) -> list[tuple[str, tuple]]:
        """A list of texts with the location of each; a single text is taken as a list."""
        value = entry.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [(value, entry.mark_of(key))]
        if not isinstance(value, list):
            self.at(entry.mark_of(key), f"{key!r} of {what} must be a list", f"{key}: [a, b]")
            return []
        items = []
        marks = getattr(value, "item_marks", [entry.mark_of(key)] * len(value))
        for item, mark in zip(value, marks, strict=True):
            if isinstance(item, str) and item.strip():
                items.append((item.strip(), mark))
            else:
                self.at(
                    mark,
                    f"{key!r} of {what} must contain texts, found {item!r}",
                    f'write each item as text, in quotes if needed: {key}: ["...", "..."]',
                )
        return items

    def known_fields(self, entry: yamlfile.Mapping, allowed: tuple[str, ...], what: str) -> None:
        for key in entry:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed) or "allowed: " + ", ".join(allowed)
                self.at(entry.mark_of(key), f"unknown field {key!r} in {what}", hint)

    def entries(self, section: Any, mark: tuple[int, int], kind: str, fields: tuple[str, ...]):
        """(id, entry, mark, description) for each well-formed entry of a taxonomy section."""
        if not self.mapping(section, mark, f"'{kind}s'"):
            return
        for entry_id, entry in section.items():
            entry_mark = section.mark_of(entry_id)
            what = f"{kind} {entry_id!r}"
            if self.valid_id(entry_id, entry_mark, kind) and self.mapping(entry, entry_mark, what):
                self.known_fields(entry, fields, what)
                yield entry_id, entry, entry_mark, what

    def regex(self, entry: yamlfile.Mapping, key: str, what: str) -> str | None:
        value = entry.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.at(entry.mark_of(key), f"{key!r} of {what} must be a text")
            return None
        try:
            compile_rule(value)
        except re2.error as error:
            message = error.args[0].decode() if isinstance(error.args[0], bytes) else str(error)
            reason = next((why for start, why in RE2_REASONS if message.startswith(start)), "")
            self.at(
                entry.mark_of(key),
                f"{key!r} of {what} is not a valid regular expression for RE2: {message}"
                + (f"; {reason}" if reason else ""),
                "rules run with RE2, in linear time: match the words you want, and list "
                "phrases that must not count under 'exclude'",
            )
            return None
        return value

    def count(self, entry: yamlfile.Mapping, key: str, what: str, default: int) -> int:
        value = entry.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MENTIONS:
            self.at(
                entry.mark_of(key),
                f"{key!r} of {what} must be a whole number from 1 to {MAX_MENTIONS}, "
                f"found {value!r}",
                f"{key}: 1 for a subject no paper mentions in passing, 2 (the default) or more "
                "for a broad one",
            )
            return default
        return value

    def choice(self, entry: yamlfile.Mapping, key: str, what: str, allowed: tuple[str, ...]) -> str:
        """One of `allowed`; the last is the default."""
        value = entry.get(key)
        if value is None:
            return allowed[-1]
        if value not in allowed:
            self.at(
                entry.mark_of(key),
                f"{key!r} of {what} must be one of {', '.join(allowed)}, found {value!r}",
                did_you_mean(str(value), allowed) or f"{key}: {allowed[-1]} (the default)",
            )
            return allowed[-1]
        return value

    def valid_id(self, value: Any, mark: tuple[int, int], kind: str) -> bool:
        if value == "index":
            self.at(
                mark, f"'index' cannot be a {kind} id", "it names the listing page; pick another"
            )
            return False
        if isinstance(value, str) and ID_PATTERN.match(value):
            return True
        self.at(
            mark,
            f"{value!r} is not a valid {kind} id",
            "ids are lowercase letters, digits and single hyphens, like 'in-context-learning'",
        )
        return False


def _load_mapping(name: str, text: str, what: str) -> tuple[yamlfile.Mapping | None, _Checker]:
    """Parse a file that must hold one mapping; None when empty or unusable."""
    data, problems = yamlfile.load(name, text)
    check = _Checker(name)
    check.problems = problems
    if data is None or not check.mapping(data, (1, 1), what):
        return None, check
    return data, check


def parse_taxonomy(name: str, text: str | None) -> tuple[Taxonomy, list[Problem]]:
    if text is None:
        return Taxonomy(), []
    data, check = _load_mapping(name, text, "the taxonomy")
    if data is None:
        return Taxonomy(), check.problems
    check.known_fields(data, ("tags", "topics"), "the taxonomy")
    topics: list[Topic] = []
    redirected_topics: dict[str, str] = {}
    raw_topics = data.get("topics") or yamlfile.Mapping()
    for topic_id, entry, _, what in check.entries(
        raw_topics, data.mark_of("topics"), "topic", TOPIC_FIELDS
    ):
        topics.append(
            Topic(
                topic_id,
                check.text(entry, "name", what),
                check.text(entry, "description", what),
                tuple(former_ids(check, entry, what, "topic", redirected_topics)),
            )
        )
    topic_ids = {topic.id for topic in topics}
    redirected_tags: dict[str, str] = {}
    tags: list[Tag] = []
    alias_owner: dict[str, str] = {}
    used_topics: set[str] = set()
    raw_tags = data.get("tags") or yamlfile.Mapping()
    for tag_id, entry, mark, what in check.entries(
        raw_tags, data.mark_of("tags"), "tag", TAG_FIELDS
    ):
        tag_topics = []
        for topic_id, topic_mark in check.strings(entry, "topics", what):
            if topic_id in topic_ids:
                tag_topics.append(topic_id)
                used_topics.add(topic_id)
            else:
                check.at(
                    topic_mark,
                    f"tag {tag_id!r} points to the missing topic {topic_id!r}",
                    did_you_mean(topic_id, topic_ids) or "define the topic under 'topics'",
                )
        if "topics" not in entry:
            check.at(mark, f"{what} has no 'topics'", "list one or more topic ids")
        aliases = []
        for alias, alias_mark in check.strings(entry, "aliases", what):
            key = " ".join(alias.casefold().replace("-", " ").split())
            # An alias matches its plural too: "implicit bias" claims "implicit biases".
            claimed = next(
                (
                    (form, alias_owner[form])
                    for form in plural_forms(key)
                    if alias_owner.get(form, tag_id) != tag_id
                ),
                None,
            )
            if claimed:
                form, owner = claimed
                check.at(
                    alias_mark,
                    f"the alias {alias!r} of tag {tag_id!r} is already claimed by tag {owner!r}"
                    + ("" if form == key else f" (as {form!r}, which matches its plural too)"),
                    "an alias can belong to one tag only; remove it from one of them",
                )
                continue
            alias_owner[key] = tag_id
            aliases.append(alias)
        regex = check.regex(entry, "regex", what)
        title_regex = check.regex(entry, "title_regex", what)
        exclude = [phrase for phrase, _ in check.strings(entry, "exclude", what)]
        former = former_ids(check, entry, what, "tag", redirected_tags)
        if not aliases and not regex and not title_regex:
            check.at(
                mark,
                f"{what} has no aliases and no regex, so it can never match",
                "add aliases: [a phrase that names the subject]",
                "warning",
            )
        tags.append(
            Tag(
                tag_id,
                check.text(entry, "name", what),
                check.text(entry, "description", what),
                tuple(tag_topics),
                tuple(aliases),
                regex,
                title_regex,
                check.count(entry, "mentions", what, DEFAULT_MENTIONS),
                tuple(exclude),
                tuple(former),
                check.choice(entry, "evidence", what, EVIDENCE_LEVELS),
                check.text(entry, "broader", what, required=False),
            )
        )
    tag_ids = {tag.id for tag in tags}
    broader = {tag.id: tag.broader for tag in tags}
    for tag in tags:
        if not tag.broader:
            continue
        mark = raw_tags[tag.id].mark_of("broader")
        if tag.broader == tag.id:
            check.at(mark, f"tag {tag.id!r} names itself as 'broader'", "remove 'broader'")
        elif tag.broader not in tag_ids:
            check.at(
                mark,
                f"tag {tag.id!r} names the missing tag {tag.broader!r} as 'broader'",
                did_you_mean(tag.broader, tag_ids) or "name a tag defined under 'tags'",
            )
        elif tag.id in (chain := broader_chain(tag.broader, broader)):
            loop = " → ".join([tag.id, *chain[: chain.index(tag.id) + 1]])
            check.at(
                mark,
                f"tag {tag.id!r} and its broader tags form a loop: {loop}",
                "remove 'broader' from one tag of the loop",
            )
    if isinstance(raw_topics, yamlfile.Mapping):
        for topic in topics:
            if topic.id not in used_topics:
                check.at(
                    raw_topics.mark_of(topic.id),
                    f"topic {topic.id!r} has no tags",
                    "give at least one tag this topic, or remove the topic",
                )
    for kind, items, redirected in (
        ("topic", topics, redirected_topics),
        ("tag", tags, redirected_tags),
    ):
        current = {item.id for item in items}
        section = data.get(f"{kind}s")
        for old_id in sorted(set(redirected) & current):
            mark = section.mark_of(redirected[old_id]) if isinstance(section, dict) else (1, 1)
            check.at(
                mark,
                f"{old_id!r} in 'former_ids' of {kind} {redirected[old_id]!r} is the id of a "
                f"{kind} in the taxonomy",
                "a redirect would hide that page; remove it from the list",
            )
    return (
        Taxonomy(
            tuple(sorted(topics, key=lambda t: t.id)), tuple(sorted(tags, key=lambda t: t.id))
        ),
        check.problems,
    )


def broader_chain(tag_id: str, broader: dict[str, str]) -> list[str]:
    """`tag_id` and the tags broader than it, up to the broadest or to a tag seen twice."""
    chain: list[str] = []
    while tag_id and tag_id not in chain:
        chain.append(tag_id)
        tag_id = broader.get(tag_id, "")
    return chain


def plural_forms(key: str) -> tuple[str, ...]:
    """The alias keys that match some text the alias `key` matches, since the last word of
    an alias matches with "s" or "es" too: `key`, `key` without such an ending, with one."""
    forms = [key]
    forms += [key[: -len(end)] for end in ("s", "es") if key.endswith(end) and len(key) > len(end)]
    forms += [key + end for end in ("s", "es")]
    return tuple(forms)


def former_ids(
    check: _Checker, entry: yamlfile.Mapping, what: str, kind: str, redirected: dict[str, str]
) -> list[str]:
    """The ids a topic or tag had before, whose pages redirect to it; `redirected` collects
    old id -> current id across the section, so no old page leads to two places."""
    ids = []
    current = what.split("'")[1]
    for old_id, mark in check.strings(entry, "former_ids", what):
        if not check.valid_id(old_id, mark, kind):
            continue
        if old_id in redirected:
            check.at(
                mark,
                f"{old_id!r} already redirects to {kind} {redirected[old_id]!r}",
                "an old page can lead to one place only",
            )
            continue
        redirected[old_id] = current
        ids.append(old_id)
    return ids


def parse_duplicates(
    name: str, text: str | None, record_refs: Collection[str]
) -> tuple[DedupeRules, list[Problem]]:
    if text is None:
        return DedupeRules(), []
    data, check = _load_mapping(name, text, "the duplicates file")
    if data is None:
        return DedupeRules(), check.problems
    check.known_fields(data, ("different", "same"), "the duplicates file")
    groups: dict[str, list[tuple[str, ...]]] = {"same": [], "different": []}
    for kind in groups:
        value = data.get(kind)
        if value is None:
            continue
        if not isinstance(value, list):
            check.at(
                data.mark_of(kind),
                f"{kind!r} must be a list of groups of records",
                f"{kind}:\n  - [001_a.txt:3, 002_b.txt:7]",
            )
            continue
        for group, mark in zip(value, value.item_marks, strict=True):
            if not isinstance(group, list) or len(group) < 2:
                check.at(
                    mark,
                    f"each group under {kind!r} must list two or more records",
                    "write [file.txt:LINE, file.txt:LINE]",
                )
                continue
            refs = []
            for ref, ref_mark in zip(group, group.item_marks, strict=True):
                if not isinstance(ref, str) or not RECORD_REF.match(ref):
                    check.at(
                        ref_mark,
                        f"{ref!r} is not a record reference",
                        "write the seed file name and line, like 001_abc.txt:12",
                    )
                elif ref not in record_refs:
                    check.at(
                        ref_mark,
                        f"no record starts at {ref}",
                        did_you_mean(ref, record_refs) or "check the file name and line",
                    )
                else:
                    refs.append(ref)
            if len(refs) == len(group):
                groups[kind].append(tuple(refs))
    for same in groups["same"]:
        for different in groups["different"]:
            both = set(same) & set(different)
            if len(both) >= 2:
                check.at(
                    (data.line, data.col),
                    f"records {', '.join(sorted(both))} are listed both as 'same' and 'different'",
                    "keep one of the two decisions",
                )
    return DedupeRules(tuple(groups["same"]), tuple(groups["different"])), check.problems


def parse_curation(
    name: str,
    text: str | None,
    paper_ids: Collection[str],
    tag_ids: Collection[str],
    derived_ids: Collection[str] = (),
) -> tuple[Curation, list[Problem]]:
    """Entries keyed by paper id; a renamed paper answers to its old id and its new one."""
    if text is None:
        return Curation(), []
    data, check = _load_mapping(name, text, "the curation file")
    if data is None:
        return Curation(), check.problems
    curated_titles = {
        key: entry["title"]
        for key, entry in data.items()
        if isinstance(entry, dict) and isinstance(entry.get("title"), str)
    }
    renames = renamed_ids(curated_titles, paper_ids, derived_ids)
    known = {*paper_ids, *renames.values()}
    entries = []
    seen: dict[str, str] = {}
    redirected: dict[str, str] = {}
    for key, entry in data.items():
        mark = data.mark_of(key)
        if not check.valid_id(key, mark, "paper"):
            continue
        if key not in known:
            check.at(
                mark,
                f"unknown paper id {key!r}",
                did_you_mean(key, known) or "copy the id from the paper's URL",
            )
            continue
        paper_id = renames.get(key, key)
        if paper_id in seen:
            check.at(
                mark,
                f"paper {paper_id!r} has two entries: {seen[paper_id]!r} and {key!r}",
                "a renamed paper answers to its old and new id; merge the two entries",
            )
            continue
        seen[paper_id] = key
        what = f"paper {key!r}"
        if not check.mapping(entry, mark, what):
            continue
        check.known_fields(entry, CURATION_FIELDS, what)
        metadata = curated_metadata(check, entry, what)
        changes: dict[str, list[str]] = {}
        for key in ("add", "remove"):
            changes[key] = []
            for tag_id, tag_mark in check.strings(entry, key, what):
                if tag_id not in tag_ids:
                    check.at(
                        tag_mark,
                        f"unknown tag {tag_id!r} in {key!r} of {what}",
                        did_you_mean(tag_id, tag_ids) or "see seeds/taxonomy.yml for tags",
                    )
                else:
                    changes[key].append(tag_id)
        former = []
        for old_id, old_mark in check.strings(entry, "redirect_from", what):
            if not check.valid_id(old_id, old_mark, "paper"):
                continue
            if old_id in known:
                check.at(
                    old_mark,
                    f"{old_id!r} in 'redirect_from' of {what} is the id of a paper in the catalog",
                    "a redirect would hide that paper's page; remove it from the list",
                )
            elif old_id in redirected:
                check.at(
                    old_mark,
                    f"{old_id!r} already redirects to paper {redirected[old_id]!r}",
                    "an old URL can lead to one paper only",
                )
            else:
                redirected[old_id] = paper_id
                former.append(old_id)
        for tag_id in sorted(set(changes["add"]) & set(changes["remove"])):
            check.at(
                mark,
                f"tag {tag_id!r} is both added to and removed from {what}",
                "keep it in 'add' or in 'remove', not both",
            )
        entries.append(
            PaperCuration(
                paper_id,
                check.text(entry, "title", what, required=False) or None,
                metadata,
                tuple(sorted(set(changes["add"]))),
                tuple(sorted(set(changes["remove"]))),
                tuple(former),
            )
        )
    entries.sort(key=lambda entry: entry.paper_id)
    return Curation(tuple(entries), renames), check.problems


def curate(papers: Sequence[Paper], curation: Curation) -> list[Paper]:
    """The curate stage: curated ids, titles and redirects applied; sorted by id.

    A paper known only by its abstract takes the id of its curated title (its old id
    becomes a former id, whose URL redirects); a curated title replaces a seed title but
    keeps the id, so URLs do not move when a title is fixed.
    """
    curated = []
    for paper in papers:
        if paper.id in curation.renames:
            paper = replace(
                paper, id=curation.renames[paper.id], former_ids=(*paper.former_ids, paper.id)
            )
        entry = curation.for_paper(paper.id)
        if entry:
            paper = replace(
                paper,
                title=entry.title or paper.title,
                title_derived=paper.title_derived and not entry.title,
                former_ids=(*paper.former_ids, *entry.redirect_from),
            )
        curated.append(paper)
    return sorted(curated, key=lambda paper: paper.id)


def curated_metadata(check: _Checker, entry: yamlfile.Mapping, what: str) -> Metadata | None:
    """Metadata fixed by hand in a curation entry; each value's evidence is the curation."""
    values: dict = {}
    patterns = {"arxiv": ARXIV_ID, "doi": DOI, "pdf": URL, "code": URL}
    examples = {
        "arxiv": '"2410.21750"',
        "doi": '"10.1145/3442188.3445922"',
        "pdf": "https://...",
        "code": "https://github.com/...",
    }
    for key, pattern in patterns.items():
        value = entry.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            # Unquoted, 2410.21750 is the number 2410.2175: a different, valid-looking id.
            check.at(
                entry.mark_of(key),
                f"{key!r} of {what} is the {type(value).__name__} {value!r}, not a text",
                f"quote it, as in {key}: {examples[key]}",
            )
        elif not pattern.match(value.strip()):
            check.at(
                entry.mark_of(key),
                f"{value!r} in {key!r} of {what} is not valid",
                f"write it like {key}: {examples[key]}",
            )
        else:
            values[key] = value.strip()
    authors = check.strings(entry, "authors", what)
    if authors:
        values["authors"] = tuple(display_name(name) for name, _ in authors)
    published = entry.get("published")
    if published is not None:
        try:
            values["published"] = PublicationDate.parse(str(published))
        except ValueError as error:
            check.at(
                entry.mark_of("published"),
                f"'published' of {what}: {error}",
                'write it as published: "2021-08-09", "2021-08" or "2021"',
            )
    venue = entry.get("venue")
    if venue is not None:
        parsed = curated_venue(venue)
        if parsed:
            values["venue"] = parsed
        else:
            check.at(
                entry.mark_of("venue"),
                f"'venue' of {what} must be a name, or name, year and type",
                "write venue: {name: ICLR, year: 2024, type: conference}; the type is "
                "conference, journal or workshop",
            )
    if not values:
        return None
    names = {"arxiv": "arxiv_id", "pdf": "pdf_url", "code": "code_url"}
    fields = {names.get(key, key): value for key, value in values.items()}
    evidence = Evidence("curation", "", "curated")
    return Metadata(**fields, evidence=dict.fromkeys(fields, evidence))


def curated_venue(value: Any) -> Venue | None:
    if isinstance(value, str) and value.strip():
        return Venue(" ".join(value.split()))
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        return None
    year, kind = value.get("year"), value.get("type", "conference")
    if set(value) - {"name", "year", "type"} or kind not in ("conference", "journal", "workshop"):
        return None
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        return None
    return Venue(" ".join(value["name"].split()), year, kind)
