"""Reading seed files: one reader per format, the format recognised by content, never by name.

Every record keeps the file name and the 1-based line where it starts. Lines are classified
by their shape (a title is short and does not end like a sentence; an abstract is long prose),
so a missing title or abstract never shifts the pairing of the records after it.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from .model import CatalogError, Problem, Record

SEED_GLOB = "*.txt"
DUMP = "trending-papers dump"
ABSTRACT_LIST = "abstract list"

HEADER = re.compile(r"^\s*Get trending papers in your email inbox(?: once a day)?!?\s*", re.I)
# The page dump glues the word "Subscribe" to the next title: "SubscribeRaftMLP: ...".
GLUED_SUBSCRIBE = re.compile(r"^\s*Subscribe(?=[A-Z0-9\"'(\[])")
ABSTRACT_PREFIX = re.compile(r"^\s*Abstract\s*:\s*", re.I)
SENTENCE_END = re.compile(r"[\w)\]}\"'%$][.!](?:[\"')\]])?$")
SENTENCE_BREAK = re.compile(r"[a-z0-9)\]][.!?]\s+[A-Z]")

# A title is at most this many words; longer lines are abstracts whatever their punctuation.
MAX_TITLE_WORDS = 40
# Lines this short are titles even when they end with a full stop ("A Note.").
MIN_ABSTRACT_WORDS = 15
# No real title or abstract comes near this; a longer line is a broken export.
MAX_LINE_CHARS = 20_000


@dataclass(frozen=True)
class Line:
    number: int
    text: str


def is_abstract_shaped(text: str) -> bool:
    """Long prose, or medium-length text made of sentences that ends like a sentence."""
    words = len(text.split())
    if words > MAX_TITLE_WORDS:
        return True
    if words < MIN_ABSTRACT_WORDS:
        return False
    return bool(SENTENCE_END.search(text) and SENTENCE_BREAK.search(text))


def clean(text: str) -> str:
    return " ".join(text.split())


def decode(data: bytes, name: str) -> str:
    """Bytes to text, refusing binary files and anything that is not UTF-8."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise CatalogError(
            [
                Problem(
                    name,
                    line,
                    0,
                    "this is a binary file, not text (it contains NUL bytes)",
                    "seed files are UTF-8 text; remove the file or replace it with a text export",
                )
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise CatalogError(
            [
                Problem(
                    name,
                    line,
                    col,
                    f"the file is not valid UTF-8 "
                    f"(byte 0x{data[error.start]:02x} cannot be decoded)",
                    "it looks like a legacy encoding such as Latin-1 or Windows-1252; "
                    "re-save the file as UTF-8",
                )
            ]
        ) from None


def check_line_lengths(name: str, lines: list[Line]) -> None:
    problems = [
        Problem(
            name,
            line.number,
            MAX_LINE_CHARS + 1,
            f"line is {len(line.text):,} characters long; the longest allowed is "
            f"{MAX_LINE_CHARS:,}",
            "a title or abstract never gets this long: check that the export kept its line ends",
        )
        for line in lines
        if len(line.text) > MAX_LINE_CHARS
    ]
    if problems:
        raise CatalogError(problems)


def split_lines(text: str) -> list[Line]:
    # splitlines() would also split on U+2028 and form feeds inside an abstract; only real
    # line ends (LF, CRLF, CR) start a new line.
    return [Line(number, raw) for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1)]


def detect_format(name: str, lines: list[Line]) -> str:
    content = [line for line in lines if line.text.strip()]
    if not content:
        raise CatalogError(
            [Problem(name, 0, 0, "the file is empty", "add records to it or delete it")]
        )
    with_prefix = sum(1 for line in content if ABSTRACT_PREFIX.match(line.text))
    has_header = any(HEADER.match(line.text) for line in content)
    if not has_header and with_prefix * 2 >= len(content):
        return ABSTRACT_LIST
    titles = sum(1 for line in content if not is_abstract_shaped(line.text))
    if has_header or (0 < titles < len(content)):
        return DUMP
    raise CatalogError(
        [
            Problem(
                name,
                content[0].number,
                0,
                "the file matches no known seed format",
                "expected a trending-papers dump (title line, then abstract line) "
                "or an abstract list (one 'Abstract:<text>' per line)",
            )
        ]
    )


def read_abstract_list(name: str, lines: list[Line]) -> tuple[list[Record], list[Problem]]:
    records: list[Record] = []
    warnings: list[Problem] = []
    for line in lines:
        if not line.text.strip():
            continue
        prefix = ABSTRACT_PREFIX.match(line.text)
        text = clean(line.text[prefix.end() :] if prefix else line.text)
        if not prefix:
            warnings.append(
                Problem(
                    name,
                    line.number,
                    1,
                    "line does not start with 'Abstract:'; kept as an abstract",
                    "start every line of an abstract list with 'Abstract:'",
                    "warning",
                )
            )
        if not text:
            warnings.append(
                Problem(
                    name,
                    line.number,
                    1,
                    "empty abstract skipped",
                    "delete the line",
                    "warning",
                )
            )
            continue
        records.append(Record(name, line.number, None, text))
    return records, warnings


def _dump_lines(lines: list[Line]) -> Iterable[tuple[Line, bool]]:
    """The content lines of a dump, each with whether it is an abstract; headers removed."""
    for line in lines:
        text = line.text
        header = HEADER.match(text)
        if header:
            text = text[header.end() :]
            if HEADER.match(text):  # both header sentences glued on one line
                text = text[HEADER.match(text).end() :]
        text = GLUED_SUBSCRIBE.sub("", text, count=1)
        if header and text.strip() == "Subscribe":
            continue
        prefixed = ABSTRACT_PREFIX.match(text)
        if prefixed:
            text = text[prefixed.end() :]
        text = clean(text)
        if text:
            yield Line(line.number, text), bool(prefixed) or is_abstract_shaped(text)


def read_dump(name: str, lines: list[Line]) -> tuple[list[Record], list[Problem]]:
    records: list[Record] = []
    warnings: list[Problem] = []
    pending_title: Line | None = None

    def keep_title_alone(title: Line) -> None:
        records.append(Record(name, title.number, title.text, None))
        warnings.append(
            Problem(
                name,
                title.number,
                1,
                f"title has no abstract after it; kept as a paper without abstract: "
                f"{title.text[:60]!r}",
                "add the abstract on the next line",
                "warning",
            )
        )

    for line, abstract in _dump_lines(lines):
        if not abstract:
            if pending_title is not None:
                keep_title_alone(pending_title)
            pending_title = line
        elif pending_title is not None:
            records.append(Record(name, pending_title.number, pending_title.text, line.text))
            pending_title = None
        else:
            records.append(Record(name, line.number, None, line.text))
            warnings.append(
                Problem(
                    name,
                    line.number,
                    1,
                    "abstract has no title before it; kept as a paper known by its abstract",
                    "add the title on the line before, or name the paper in seeds/curation.yml",
                    "warning",
                )
            )
    if pending_title is not None:
        keep_title_alone(pending_title)
    return records, warnings


READERS = {DUMP: read_dump, ABSTRACT_LIST: read_abstract_list}

# When git cannot say when a line arrived (no repository, uncommitted lines), this date is
# used: a fixed value, so feeds do not change from build to build.
FALLBACK_DATE = "2024-01-01"
UNCOMMITTED = "0" * 40


def blame_dates(path: Path) -> dict[int, str]:
    """For each line of a committed file, the date its last change was committed.

    `git blame --porcelain` describes each commit once, the first time one of its lines
    appears (a tenth of --line-porcelain's output on a large file).
    """
    try:
        result = subprocess.run(
            ["git", "blame", "--porcelain", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[int, str] = {}
    commit_dates: dict[str, str] = {}
    commit, line = "", 0
    for row in result.stdout.splitlines():
        if row.startswith("\t"):
            continue
        parts = row.split(" ")
        if len(parts) >= 3 and len(parts[0]) == 40 and parts[1].isdigit():
            commit, line = parts[0], int(parts[2])
            if commit in commit_dates:
                dates[line] = commit_dates[commit]
        elif parts[0] == "committer-time" and commit != UNCOMMITTED:
            when = datetime.fromtimestamp(int(parts[1]), tz=UTC)
            commit_dates[commit] = dates[line] = when.date().isoformat()
    return dates


def first_seen_dates(records: list[Record], blamed: dict[str, dict[int, str]]) -> dict[str, str]:
    """Record reference -> the date its line was committed (FALLBACK_DATE if unknown).

    `blamed` is blame_dates() of each seed file, by file name.
    """
    return {
        record.ref: blamed.get(record.file, {}).get(record.line, FALLBACK_DATE)
        for record in records
    }


def parse_seed(name: str, data: bytes) -> tuple[list[Record], list[Problem]]:
    lines = split_lines(decode(data, name))
    check_line_lengths(name, lines)
    return READERS[detect_format(name, lines)](name, lines)


def read_seeds(seed_dir: Path) -> tuple[list[Record], list[Problem]]:
    """All records of all seed files in a folder, sorted by file and line.

    Reads every file before failing, so one run reports every unreadable file.
    """
    paths = sorted(seed_dir.glob(SEED_GLOB))
    if not paths:
        raise CatalogError(
            [
                Problem(
                    str(seed_dir),
                    0,
                    0,
                    "no seed files found",
                    f"put the paper lists ({SEED_GLOB}) in this folder or pass --seeds DIR",
                )
            ]
        )
    records: list[Record] = []
    warnings: list[Problem] = []
    errors: list[Problem] = []
    for path in paths:
        # Records name their file (it is part of their identity); messages name the path.
        try:
            file_records, file_warnings = parse_seed(path.name, path.read_bytes())
        except CatalogError as error:
            errors.extend(replace(problem, file=str(path)) for problem in error.problems)
            continue
        records.extend(file_records)
        warnings.extend(replace(problem, file=str(path)) for problem in file_warnings)
    if errors:
        raise CatalogError(errors)
    return sorted(records), warnings
