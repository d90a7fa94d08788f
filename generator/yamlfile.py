"""Strict, safe YAML for files that strangers edit: every value keeps its line and column.

PyYAML's loaders silently keep the last of two equal keys and say nothing about where a
value came from. We compose the node tree with the safe loader and build Python values
ourselves, so that duplicate keys are reported, tags that construct objects are refused,
and every problem can name its line.
"""

from __future__ import annotations

from typing import Any

import yaml

from .model import Problem

PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


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


# libyaml's composer when PyYAML has it (several times faster); the same nodes and marks.
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(name: str, text: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; returns the value (None for an empty file) and the problems found."""
    try:
        node = yaml.compose(text, Loader=COMPOSER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = error.problem or str(error)
        if error.context:
            message = f"{error.context}, {message}"
        return None, [Problem(name, line, col, f"YAML syntax error: {message}", "fix the YAML")]
    except yaml.YAMLError as error:
        return None, [Problem(name, 0, 0, f"YAML error: {error}", "fix the YAML")]
    if node is None:
        return None, []
    builder = _Builder(name)
    return builder.build(node), builder.problems
