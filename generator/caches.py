"""Caches: results of the slow stages of the last build, reused while their inputs are the same.

A build keeps them in .cache/paper-catalog/ beside mkdocs.yml (site.CACHE_FOLDER), as JSON:
- `dedupe.json`: the groups of records deduplication made, by record reference ("file:LINE"),
  under a digest of every record (file, line, title, abstract, in order), the maintainers'
  decisions in duplicates.yml and the code;
- `tags.json`: the tags the taxonomy's rules give each text (title and abstract), under a
  digest of the taxonomy and the code; a paper whose text is not there is tagged anew.

"The code" is every file of this package and the versions of Python and of the libraries
that match and tag (code_digest): any change to them makes a fresh cache. A cache that is
missing, unreadable, made for other inputs, or that does not account for every record
exactly once is ignored and written again; one that cannot be written only costs the next
build its time. The site is the same with a cache as without one, byte for byte
(tests/test_caches.py). Delete the folder to force a full build.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Callable, Sequence
from contextlib import suppress
from functools import cache
from importlib import metadata
from pathlib import Path

from .dedupe import DedupeRules
from .files import write_atomic
from .model import Paper, Record, Tag

DEDUPE_FILE = "dedupe.json"
TAGS_FILE = "tags.json"
LIBRARIES = ("rapidfuzz", "google-re2", "PyYAML")  # what dedupe and tagging compute with
PACKAGE = Path(__file__).parent


@cache
def code_digest() -> str:
    """A digest of this package's files and of the Python and library versions."""
    digest = hashlib.sha256(f"python {platform.python_version()}\n".encode())
    for library in LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "unknown"
        digest.update(f"{library} {version}\n".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(PACKAGE).as_posix()}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def dedupe_key(records: Sequence[Record], rules: DedupeRules) -> str:
    digest = hashlib.sha256(f"dedupe {code_digest()}\n".encode())
    digest.update(json.dumps([rules.same, rules.different]).encode() + b"\n")
    for record in records:  # record by record: no one string of the whole catalog
        line = [record.file, record.line, record.title, record.abstract]
        digest.update(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
    return digest.hexdigest()


def text_key(paper: Paper) -> str:
    """What the rules read of a paper: its title (none when made from the abstract) and its
    abstract."""
    text = json.dumps(["" if paper.title_derived else paper.title, paper.abstract])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def tags_key(tags: Sequence[Tag]) -> str:
    return hashlib.sha256(f"tags {code_digest()}\n{tags!r}".encode()).hexdigest()


def read(path: Path, key: str) -> dict | None:
    """The cache at `path` when it was written under `key`, else None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("key") == key else None


def save(path: Path, data: dict) -> None:
    with suppress(OSError):  # a cache that cannot be written only costs the next build time
        write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def groups_from(data: dict | None, records: Sequence[Record]) -> list[list[Record]] | None:
    """The cached groups as records, or None unless they hold every record exactly once."""
    if data is None or not isinstance(data.get("groups"), list):
        return None
    by_ref = {record.ref: record for record in records}
    groups = []
    seen = 0
    for refs in data["groups"]:
        if not isinstance(refs, list) or not refs or not all(ref in by_ref for ref in refs):
            return None
        groups.append([by_ref[ref] for ref in refs])
        seen += len(refs)
    if seen != len(by_ref) or len({ref for refs in data["groups"] for ref in refs}) != seen:
        return None
    return groups


def clustered(
    records: Sequence[Record],
    rules: DedupeRules,
    folder: Path | None,
    cluster: Callable[[Sequence[Record], DedupeRules], list[list[Record]]],
) -> list[list[Record]]:
    """cluster(records, rules), or the last build's groups when its inputs were the same."""
    if folder is None:
        return cluster(records, rules)
    key = dedupe_key(records, rules)
    path = folder / DEDUPE_FILE
    groups = groups_from(read(path, key), records)
    if groups is None:
        groups = cluster(records, rules)
        save(path, {"key": key, "groups": [[record.ref for record in group] for group in groups]})
    return groups


def rule_tags(
    papers: Sequence[Paper],
    tags: Sequence[Tag],
    folder: Path | None,
    compute: Callable[[Sequence[Paper], Sequence[Tag]], list[set[str]]],
) -> list[set[str]]:
    """compute(papers, tags), the rules' tags of each paper, taken from the last build's for
    the texts it tagged under the same taxonomy and code."""
    if folder is None:
        return compute(papers, tags)
    key = tags_key(tags)
    path = folder / TAGS_FILE
    data = read(path, key)
    known = data.get("texts") if data else None
    known = known if isinstance(known, dict) else {}
    texts = [text_key(paper) for paper in papers]
    missing = [
        index
        for index, text in enumerate(texts)
        if not (isinstance(known.get(text), list) and all(isinstance(t, str) for t in known[text]))
    ]
    computed = compute([papers[index] for index in missing], tags) if missing else []
    fresh = dict(zip(missing, computed, strict=True))
    results = [set(fresh[i]) if i in fresh else set(known[text]) for i, text in enumerate(texts)]
    if missing or len(known) != len(set(texts)):  # new texts, or texts no paper has now
        save(
            path,
            {
                "key": key,
                "texts": {text: sorted(r) for text, r in zip(texts, results, strict=True)},
            },
        )
    return results
