"""Strict, safe YAML for files that strangers edit: every value keeps its line and column.

PyYAML's loaders silently keep the last of two equal keys and say nothing about where a
value came from. We compose the node tree ourselves from the safe parser's events and build
Python values from it, so that duplicate keys are reported, tags that construct objects are
refused, and every problem can name its line. Composing from events also bounds what a file
can cost: its size, its nesting (libyaml's composer recurses in C and crashes the process
on deep nesting) and what its aliases expand to (a "billion laughs" file holds a few lines
that expand to 10**9 values).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from .model import Problem

PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}

# Limits far above any real taxonomy, curation or duplicates file.
MAX_CHARS = 20_000_000  # curation for 100,000 papers at 200 characters each
MAX_DEPTH = 64  # levels of nesting, aliases expanded; the real files use 4
MAX_ALIAS_VALUES = 10_000  # values that aliases may add to a file, all aliases together

TOO_DEEP = f"values are nested more than {MAX_DEPTH} levels deep"
TOO_DEEP_HINT = "the real files need a few levels: check the brackets or the indentation"

# Spaces that are not spaces to YAML: at the start of a line they become part of a key (a
# mapping at the wrong level, silently). They arrive by copy-paste from web pages.
ODD_INDENT = re.compile(r"^[ \t]*([\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff])", re.M)


class Mapping(dict):
    """A YAML mapping that remembers where it and each of its keys start (1-based)."""

    line = 0
    col = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_marks: dict[Any, tuple[int, int]] = {}

    def mark_of(self, key: Any) -> tuple[int, int]:
        return self.key_marks.get(key, (self.line, self.col))


class Sequence(list):
    """A YAML sequence that remembers where each item starts (1-based)."""

    line = 0
    col = 0

    def __init__(self) -> None:
        super().__init__()
        self.item_marks: list[tuple[int, int]] = []


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, name: str):
        self.name = name
        self.problems: list[Problem] = []
        self.scalars = yaml.SafeLoader("")

    def problem(self, node: yaml.Node, message: str, hint: str) -> None:
        self.problems.append(Problem(self.name, *_mark(node), message, hint))

    def build(self, node: yaml.Node) -> Any:
        if node.tag not in PLAIN_TAGS:
            self.problem(
                node,
                f"the YAML tag {node.tag!r} is not allowed",
                "write plain values, lists and mappings; objects cannot be constructed",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node)
        if isinstance(node, yaml.SequenceNode):
            sequence = Sequence()
            sequence.line, sequence.col = _mark(node)
            for item in node.value:
                sequence.append(self.build(item))
                sequence.item_marks.append(_mark(item))
            return sequence
        try:
            return self.scalars.construct_object(node)
        except ValueError:
            # Looks like a date but is none (2021-13-01): keep the text as written, so the
            # field's own check can say what is wrong with it.
            return node.value

    def build_mapping(self, node: yaml.MappingNode) -> Mapping:
        mapping = Mapping()
        mapping.line, mapping.col = _mark(node)
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, "merge keys ('<<') are not allowed", "write keys out")
                continue
            key = self.build(key_node)
            if isinstance(key, (dict, list)):
                self.problem(key_node, "a key must be a plain value", "use a name as the key")
                continue
            if key in mapping:
                first_line, _ = mapping.key_marks[key]
                self.problem(
                    key_node,
                    f"duplicate key {key!r} (first defined on line {first_line})",
                    "merge the two entries into one",
                )
                continue
            mapping[key] = self.build(value_node)
            mapping.key_marks[key] = _mark(key_node)
        return mapping


# libyaml's parser when PyYAML has it (several times faster); the same events and marks.
PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RESOLVER = yaml.resolver.Resolver()


class _Refused(Exception):
    """A file that cannot be composed; carries the one problem that says why."""

    def __init__(self, line: int, col: int, message: str, hint: str):
        super().__init__(message)
        self.where = (line, col)
        self.message = message
        self.hint = hint


@dataclass
class _Open:
    """A sequence or mapping being composed: its node, the values and levels under it."""

    node: yaml.CollectionNode
    anchor: str | None
    children: list[yaml.Node] = field(default_factory=list)
    values: int = 1
    height: int = 1


def _at(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _compose(text: str) -> yaml.Node | None:
    """The document's node tree, as yaml.compose() makes it, within the limits above."""
    anchors: dict[str, tuple[yaml.Node, int, int]] = {}  # node, values, height
    stack: list[_Open] = []
    root: yaml.Node | None = None
    alias_values = 0
    documents = 0

    def add(node: yaml.Node, values: int, height: int, anchor: str | None) -> None:
        nonlocal root
        if anchor is not None:
            if anchor in anchors:
                first, _, _ = anchors[anchor]
                raise _Refused(
                    *_mark(node),
                    f"the anchor &{anchor} is defined twice (first on line "
                    f"{first.start_mark.line + 1})",
                    "give each anchor its own name",
                )
            anchors[anchor] = (node, values, height)
        if stack:
            parent = stack[-1]
            parent.children.append(node)
            parent.values += values
            parent.height = max(parent.height, height + 1)
        else:
            root = node

    for event in yaml.parse(text, Loader=PARSER):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(
                tag, event.value, event.start_mark, event.end_mark, style=event.style
            )
            add(node, 1, 0, event.anchor)
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise _Refused(*_at(event.start_mark), TOO_DEEP, TOO_DEEP_HINT)
            node_class = yaml.SequenceNode if kind is yaml.SequenceStartEvent else yaml.MappingNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = RESOLVER.resolve(node_class, None, event.implicit)
            node = node_class(tag, [], event.start_mark, None, flow_style=event.flow_style)
            stack.append(_Open(node, event.anchor))
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            opened = stack.pop()
            node = opened.node
            node.end_mark = event.end_mark
            children = opened.children
            node.value = (
                list(zip(children[::2], children[1::2], strict=True))
                if kind is yaml.MappingEndEvent
                else children
            )
            add(node, opened.values, opened.height, opened.anchor)
        elif kind is yaml.AliasEvent:
            line, col = _at(event.start_mark)
            if any(opened.anchor == event.anchor for opened in stack):
                raise _Refused(
                    line,
                    col,
                    f"the alias *{event.anchor} is inside the value it names, a loop",
                    "write the value out instead of the alias",
                )
            if event.anchor not in anchors:
                raise _Refused(
                    line,
                    col,
                    f"the alias *{event.anchor} names no anchor above it",
                    f"define &{event.anchor} before this line, or write the value out",
                )
            node, values, height = anchors[event.anchor]
            alias_values += values
            if alias_values > MAX_ALIAS_VALUES:
                raise _Refused(
                    line,
                    col,
                    f"aliases expand this file by more than {MAX_ALIAS_VALUES:,} values",
                    "each alias (*name) stands for a whole copy of the value it names: "
                    "use fewer aliases, or write the values out",
                )
            if len(stack) + height > MAX_DEPTH:
                raise _Refused(
                    line,
                    col,
                    f"values are nested more than {MAX_DEPTH} levels deep once aliases are "
                    "expanded",
                    "use fewer aliases inside aliased values, or write the values out",
                )
            add(node, values, height, None)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Refused(
                    *_at(event.start_mark),
                    "the file holds a second YAML document",
                    "a '---' line starts a new document: remove it, or merge the two",
                )
    return root


def _indentation_problems(name: str, text: str) -> list[Problem]:
    problems = []
    for match in ODD_INDENT.finditer(text):
        char = match.group(1)
        line = text.count("\n", 0, match.start()) + 1
        col = match.start(1) - match.start() + 1
        problems.append(
            Problem(
                name,
                line,
                col,
                f"the line is indented with a {unicodedata.name(char, 'special space').lower()} "
                f"(U+{ord(char):04X}); YAML indents with ordinary spaces only",
                "replace it with a space; text copied from web pages brings these",
            )
        )
    return problems


def _tab_at(text: str, mark: yaml.Mark | None, problem: str) -> tuple[int, int] | None:
    """Where a tab broke the indentation, when the parser stopped because of one."""
    if mark is None:
        return None
    if 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return mark.line + 1, mark.column + 1
    if "tab" not in problem:
        return None
    line_text = text.split("\n")[mark.line] if mark.line < text.count("\n") + 1 else ""
    indent = len(line_text) - len(line_text.lstrip(" \t"))
    tab = line_text.find("\t", 0, indent)
    return (mark.line + 1, tab + 1) if tab >= 0 else None


def _syntax_problem(name: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    tab = _tab_at(text, mark, error.problem or "")
    if tab:
        return Problem(
            name,
            *tab,
            "a tab is used for indentation; YAML indents with spaces only",
            "replace the tab with spaces, as many as the lines around it use",
        )
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    if "maximum nesting depth" in (error.problem or ""):  # libyaml's own limit, 1,000
        return Problem(name, line, col, TOO_DEEP, TOO_DEEP_HINT)
    message = error.problem or str(error)
    if error.context:
        message = f"{error.context}, {message}"
    return Problem(name, line, col, f"YAML syntax error: {message}", "fix the YAML")


def _reader_problem(name: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    position = error.position if isinstance(error.position, int) else 0
    line = text.count("\n", 0, position) + 1
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    code = error.character if isinstance(error.character, int) else ord(error.character)
    kind = "control character" if unicodedata.category(chr(code)) == "Cc" else "character"
    return Problem(
        name,
        line,
        col,
        f"the {kind} U+{code:04X} is not allowed in YAML",
        "delete it; most editors do not show it",
    )


def load(name: str, text: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; returns the value (None for an empty file) and the problems found."""
    if len(text) > MAX_CHARS:
        line = text.count("\n", 0, MAX_CHARS) + 1
        return None, [
            Problem(
                name,
                line,
                0,
                f"the file is {len(text):,} characters long; the longest allowed is {MAX_CHARS:,}",
                "check that this is the file you meant; split a longer one",
            )
        ]
    problems = _indentation_problems(name, text)
    if problems:
        return None, problems
    try:
        node = _compose(text)
    except _Refused as refused:
        return None, [Problem(name, *refused.where, refused.message, refused.hint)]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(name, text, error)]
    except yaml.reader.ReaderError as error:
        return None, [_reader_problem(name, text, error)]
    except yaml.YAMLError as error:
        return None, [Problem(name, 0, 0, f"YAML error: {error}", "fix the YAML")]
    if node is None:
        return None, []
    builder = _Builder(name)
    return builder.build(node), builder.problems
