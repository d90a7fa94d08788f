"""What a change does to the catalog: the catalog at a git ref against the working tree.

Papers are matched by their raw records (file and line), which survive renames: a paper
whose records are the same under another id has moved; records of two old papers now in
one were merged; records of one old paper now in two were split. For each paper found in
both, the changes a reviewer cares about: title, tags, topics, metadata.

`catalog_at` is the edge (git and a subprocess); `compare` and `markdown` are pure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from .escape import md
from .model import CatalogError, Problem

COMPARED = ("title", "tags", "topics", "arxiv_id", "doi", "authors", "published", "venue")


@dataclass
class CatalogDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)  # old id, new id
    merged: list[tuple[tuple[str, ...], str]] = field(default_factory=list)  # old ids, new
    split: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # old id, new ids
    # new id -> field -> (before, after)
    changed: dict[str, dict[str, tuple]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(
            (self.added, self.removed, self.moved, self.merged, self.split, self.changed)
        )


def sources_of(paper: dict) -> set[tuple[str, int]]:
    return {(source["file"], source["line"]) for source in paper.get("sources", [])}


def compare(before: list[dict], after: list[dict]) -> CatalogDiff:
    """The difference between two exports (the export contract's objects)."""
    diff = CatalogDiff()
    old_of: dict[tuple[str, int], str] = {}
    for paper in before:
        for source in sources_of(paper):
            old_of[source] = paper["id"]
    new_of: dict[tuple[str, int], str] = {}
    for paper in after:
        for source in sources_of(paper):
            new_of[source] = paper["id"]
    old_by_id = {paper["id"]: paper for paper in before}
    new_to_old: dict[str, set[str]] = defaultdict(set)
    old_to_new: dict[str, set[str]] = defaultdict(set)
    for source, new_id in new_of.items():
        if source in old_of:
            new_to_old[new_id].add(old_of[source])
            old_to_new[old_of[source]].add(new_id)
    for paper in sorted(after, key=lambda p: p["id"]):
        olds = new_to_old.get(paper["id"], set())
        if not olds:
            diff.added.append(paper["id"])
            continue
        if len(olds) > 1:
            diff.merged.append((tuple(sorted(olds)), paper["id"]))
            continue
        (old_id,) = olds
        if len(old_to_new[old_id]) > 1:
            continue  # reported once, as a split
        if old_id != paper["id"]:
            diff.moved.append((old_id, paper["id"]))
        changes = field_changes(old_by_id[old_id], paper)
        if changes:
            diff.changed[paper["id"]] = changes
    for paper in sorted(before, key=lambda p: p["id"]):
        news = old_to_new.get(paper["id"], set())
        if not news:
            diff.removed.append(paper["id"])
        elif len(news) > 1:
            diff.split.append((paper["id"], tuple(sorted(news))))
    return diff


def field_changes(old: dict, new: dict) -> dict[str, tuple]:
    return {
        name: (old.get(name), new.get(name)) for name in COMPARED if old.get(name) != new.get(name)
    }


def _value(value) -> str:
    """A value as Markdown that shows it literally (titles and names come from strangers)."""
    if value is None or value == []:
        return "none"
    if isinstance(value, dict):  # a venue
        return md(" ".join(str(value[key]) for key in ("name", "year") if value.get(key)))
    if isinstance(value, list):
        return md(", ".join(map(str, value)))
    return md(str(value))


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def markdown(diff: CatalogDiff, base: str) -> str:
    """The diff for a pull request's job summary (GitHub Markdown)."""
    lines = [f"## Catalog changes against {_code(base)}", ""]
    if diff.empty:
        return "\n".join([*lines, "No paper, tag, topic or metadata changes.", ""])
    counts = [
        (len(diff.added), "added"),
        (len(diff.removed), "removed"),
        (len(diff.merged), "merged"),
        (len(diff.split), "split"),
        (len(diff.moved), "with a new id"),
        (len(diff.changed), "changed"),
    ]
    lines += ["Papers: " + ", ".join(f"{n} {what}" for n, what in counts if n) + ".", ""]
    lines += [f"- added: {_code(paper_id)}" for paper_id in diff.added]
    lines += [f"- removed: {_code(paper_id)}" for paper_id in diff.removed]
    for olds, new in diff.merged:
        lines.append(f"- merged: {', '.join(map(_code, olds))} into {_code(new)}")
    for old, news in diff.split:
        lines.append(f"- split: {_code(old)} into {', '.join(map(_code, news))}")
    for old, new in diff.moved:
        lines.append(f"- new id: {_code(old)} is now {_code(new)} (its old URL needs a redirect)")
    for paper_id, changes in sorted(diff.changed.items()):
        lines.append(f"- {_code(paper_id)}:")
        for name, (old, new) in changes.items():
            if name in ("tags", "topics"):
                gained = sorted(set(new or []) - set(old or []))
                lost = sorted(set(old or []) - set(new or []))
                parts = [f"+{item}" for item in gained] + [f"-{item}" for item in lost]
                lines.append(f"  - {name}: {' '.join(parts)}")
            else:
                lines.append(f"  - {name}: {_value(old)} → {_value(new)}")
    return "\n".join([*lines, ""])


def catalog_at(ref: str, project: Path) -> list[dict]:
    """The export of the catalog as the commit `ref` builds it, with that commit's code and
    seeds (extracted with git archive into a temporary folder, exported in a subprocess)."""
    try:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", ref],
            cwd=project,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", b"") or b""
        raise CatalogError(
            [
                Problem(
                    str(project),
                    0,
                    0,
                    f"cannot read the git ref {ref!r}: "
                    f"{detail.decode(errors='replace').strip() or error}",
                    "give a branch, tag or commit of this repository (in CI, fetch it: "
                    "actions/checkout with fetch-depth: 0)",
                )
            ]
        ) from None
    with tempfile.TemporaryDirectory(prefix="paper-catalog-diff-") as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", "export", "--seeds", "seeds"],
            cwd=folder,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": folder},
        )
    if result.returncode:
        raise CatalogError(
            [
                Problem(
                    ref,
                    0,
                    0,
                    f"the catalog at {ref!r} does not build: {result.stderr.strip()[-500:]}",
                    "compare against a commit whose catalog builds",
                )
            ]
        )
    return json.loads(result.stdout)
