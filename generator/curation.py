"""The YAML files contributors edit, loaded strictly and checked with messages that help.

- taxonomy.yml: topics and tags, with the rules that put tags on papers;
- curation.yml: per paper id, a fixed title, an arXiv id, tags to add or remove;
- duplicates.yml: records that are one paper, or never one paper, by "file.txt:LINE".

Parsing is pure (text in, values and problems out); every problem found is reported, and
the caller decides when to stop.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from . import yamlfile
from .dedupe import DedupeRules, content_hash, slug_for
from .model import Problem, Tag, Topic

TAXONOMY_FILE = "taxonomy.yml"
CURATION_FILE = "curation.yml"
DUPLICATES_FILE = "duplicates.yml"

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ARXIV_PATTERN = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})$")
RECORD_REF = re.compile(r"^(?P<file>[^:\s]+\.txt):(?P<line>[1-9]\d*)$")
CURATION_FIELDS = ("add", "arxiv", "redirect_from", "remove", "title")
TOPIC_FIELDS = ("description", "name")
TAG_FIELDS = ("aliases", "description", "name", "regex", "title_regex", "topics")


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...] = ()
    tags: tuple[Tag, ...] = ()


@dataclass(frozen=True)
class PaperCuration:
    paper_id: str
    title: str | None = None
    arxiv_id: str | None = None
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


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    matches = process.extract(name, sorted(choices), scorer=fuzz.ratio, limit=3, score_cutoff=75)
    if not matches:
        return ""
    return "did you mean " + " or ".join(repr(match[0]) for match in matches) + "?"


def read_optional(path: Path) -> str | None:
    """A file's text, or None when it does not exist (absent means nothing curated)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None


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
        if not isinstance(value, str) or not value.strip():
            self.at(entry.mark_of(key), f"{key!r} of {what} must be a non-empty text")
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
                self.at(mark, f"{key!r} of {what} must contain texts, found {item!r}")
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
            re.compile(value)
        except re.error as error:
            self.at(
                entry.mark_of(key),
                f"{key!r} of {what} is not a valid regular expression: {error}",
                "check brackets and escapes; quote the value in single quotes",
            )
            return None
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
    raw_topics = data.get("topics") or yamlfile.Mapping()
    for topic_id, entry, _, what in check.entries(
        raw_topics, data.mark_of("topics"), "topic", TOPIC_FIELDS
    ):
        topics.append(
            Topic(topic_id, check.text(entry, "name", what), check.text(entry, "description", what))
        )
    topic_ids = {topic.id for topic in topics}
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
            if key in alias_owner and alias_owner[key] != tag_id:
                check.at(
                    alias_mark,
                    f"the alias {alias!r} of tag {tag_id!r} is already claimed by tag "
                    f"{alias_owner[key]!r}",
                    "an alias can belong to one tag only; remove it from one of them",
                )
                continue
            alias_owner[key] = tag_id
            aliases.append(alias)
        regex = check.regex(entry, "regex", what)
        title_regex = check.regex(entry, "title_regex", what)
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
            )
        )
    if isinstance(raw_topics, yamlfile.Mapping):
        for topic in topics:
            if topic.id not in used_topics:
                check.at(
                    raw_topics.mark_of(topic.id),
                    f"topic {topic.id!r} has no tags",
                    "give at least one tag this topic, or remove the topic",
                )
    return (
        Taxonomy(
            tuple(sorted(topics, key=lambda t: t.id)), tuple(sorted(tags, key=lambda t: t.id))
        ),
        check.problems,
    )


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


def renamed_ids(
    data: yamlfile.Mapping, paper_ids: Collection[str], derived_ids: Collection[str]
) -> dict[str, str]:
    """New ids for papers whose derived title gets a curated one: old id -> new id.

    A paper known only by its abstract has an id made from its first words; once a real
    title is curated, the id (and URL) follows the title, and the old URL redirects.
    """
    renames: dict[str, str] = {}
    taken = set(paper_ids)
    for paper_id in sorted(derived_ids):
        entry = data.get(paper_id)
        if isinstance(entry, dict) and isinstance(entry.get("title"), str):
            new_id = slug_for(entry["title"], content_hash(paper_id))
            if new_id in taken:
                new_id = f"{new_id[:72].rstrip('-')}-{content_hash(paper_id)}"
            if new_id not in taken:
                renames[paper_id] = new_id
                taken.add(new_id)
    return renames


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
    renames = renamed_ids(data, paper_ids, derived_ids)
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
        arxiv_id = entry.get("arxiv")
        if arxiv_id is not None:
            arxiv_id = str(arxiv_id)
            if not ARXIV_PATTERN.match(arxiv_id):
                check.at(
                    entry.mark_of("arxiv"),
                    f"{arxiv_id!r} is not an arXiv id",
                    'write it as a quoted text, like arxiv: "2410.21750"',
                )
                arxiv_id = None
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
                arxiv_id,
                tuple(sorted(set(changes["add"]))),
                tuple(sorted(set(changes["remove"]))),
                tuple(former),
            )
        )
    entries.sort(key=lambda entry: entry.paper_id)
    return Curation(tuple(entries), renames), check.problems
