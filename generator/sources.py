"""Reading seed files: one reader per format, the format recognised by content, never by name.

Every record keeps the file name and the 1-based line where it starts. Seed text is cleaned in
one place, clean_text(): HTML entities decoded once, control and invisible characters
replaced or removed, whitespace collapsed. When that changes what a reader of the site will
see, a warning names the line.

A dump (header, then title, abstract, title, abstract...) is read as a sequence, not one line
at a time. Each content line gets a score, title_evidence(), for how much more it looks like
a title than an abstract (length in words and in characters, final punctuation, sentences,
capitals, how it opens). The labelling of the whole file that best fits the alternation is
then chosen by dynamic programming over two states (Viterbi), where each break of the
alternation has a price: a title without abstract, an abstract without title, a title and
abstract split by blank lines or a repeated header. A short or unusual abstract between two
titles is read as an abstract because reading it as a title costs two breaks; a real break
is found, reported with its line, and never shifts the records after it.
"""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from .model import CatalogError, Problem, Record

SEED_GLOB = "*.txt"
DUMP = "trending-papers dump"
ABSTRACT_LIST = "abstract list"

HEADER = re.compile(r"^\s*Get trending papers in your email inbox(?: once a day)?!?\s*", re.I)
# Two dumps joined without a line break leave a header at the end of the last abstract.
GLUED_HEADER = "Get trending papers in your email inbox"
# The page's Subscribe button, glued to the first title after the header ("SubscribeRaftMLP:",
# "Subscribemixup:"). Not when the line starts with the word itself: "Subscriber Models".
SUBSCRIBE_BUTTON = "Subscribe"
SUBSCRIBE_WORD = re.compile(r"Subscribe(?:d|r|rs|s)?(?:[\s:,;.!?)\]]|$)")
# The glue the reader has always removed without a word: a capital, digit, quote or bracket.
# Before anything else (mixup, iCaRL, β-VAE) the title is checked by a person: a warning.
PLAIN_GLUE = re.compile(r"[A-Z0-9\"'(\[]")
ABSTRACT_PREFIX = re.compile(r"^\s*Abstract\s*:\s*", re.I)
ABSTRACT_LABEL = re.compile(r"Abstract\s*[:.]?", re.I)  # the whole line: the label alone

# Length in words, or in characters for scripts written without spaces. Beyond
# DECISIVE_UNITS the length alone outweighs everything else that could make a line look
# like a title (at most +13 points) by twice BREAK_COST: it is an abstract, and the other
# features are not computed.
CHARS_PER_UNIT = 8
DECISIVE_UNITS = 64
MIN_EVIDENCE = -40.0
# No real title or abstract comes near this; a longer line is a broken export.
MAX_LINE_CHARS = 20_000

# The prices of breaks in a dump's alternation, in title_evidence() points. A line between
# two titles is read as an abstract unless its evidence reaches twice BREAK_COST.
BREAK_COST = 8.0  # a title without abstract, or an abstract without title
BLANK_GAP_COST = 1.0  # a title and its abstract with blank lines between them
LABELLED_EVIDENCE = -100.0  # written as an abstract ("Abstract: ..."): never a title

BLANK = "blank"  # what separates a content line from the previous one
HEADER_GAP = "header"

# Seed text cleaning: entities need their semicolon ("R&D", "&para" in "&parameter" stay).
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Not allowed in XML (feeds) and never meant in a title: C0 and C1 controls, U+FFFE, U+FFFF.
# Tabs are whitespace. C1 codes in a UTF-8 file are Windows-1252 characters decoded as
# Latin-1 somewhere upstream (U+0093 is a curly quote): they are given back.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
# Invisible in a browser but they split or reorder words: soft hyphen, zero-width space,
# word joiner, stray byte order marks, bidirectional overrides and isolates. Joiners
# (U+200C, U+200D) stay: scripts and emoji need them.
INVISIBLE = re.compile(r"[\u00ad\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")

# title_evidence() features.
WIDE_CHAR = re.compile(
    r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]"
)
URL_WORD = re.compile(r"(?:https?://|www\.)|\w\.(?:com|org|net|io|ai|dev|html?)(?:/|$)", re.I)
FULL_STOP_END = re.compile(r"[.\u3002\uff0e!\uff01][\"'\u201d\u2019)\]]*$")
ABBREVIATION_END = re.compile(r"(?:\b(?:al|etc|vs|e\.g|i\.e|cf|Fig|Eq|Vol|No)|\b[A-Z])\.$")
# A full stop or exclamation mark after a word, then a capital: a new sentence (not after
# "vs." or "e.g."). The punctuation comes first in the pattern so the scan skips to it.
SENTENCE_BREAK = re.compile(
    r"[.!](?<=[^\W\d_][.!])(?<!\bal.)(?<!\bvs.)(?<!\betc.)(?<!\be\.g.)(?<!\bi\.e.)(?<!\bcf.)"
    r"(?<!\bFig.)(?<!\bEq.)[\"'\u201d\u2019)]?\s+[\"'\u201c\u2018(]?[A-Z]"
    r"|[\u3002\uff01](?!$)"
)
OPENER = re.compile(
    r"(?:We|Our|Here,? we)\s+[a-z]"
    r"|(?:In t|T)his (?:paper|work|study|article|letter|note|report)\b"
    r"|\u6211\u4eec|\u672c\u6587|\u672c\u7814\u7a76"  # 我们, 本文, 本研究
)
# Words of abstracts, not of titles (lowercase: "We Need to Talk..." is a title), each
# counted once per line.
FIRST_PERSON = frozenset({"we", "our", "us"})
ABSTRACT_VERBS = frozenset(
    {
        *("propose", "proposes", "proposed", "introduce", "introduces", "introduced"),
        *("present", "presents", "presented", "demonstrate", "demonstrates", "demonstrated"),
        *("achieve", "achieves", "achieved", "achieving"),
        *("outperform", "outperforms", "outperformed", "outperforming"),
    }
)
SHOW = frozenset({"show", "shows", "showed"})  # with "that"
WORD_PUNCTUATION = ".,;:!?()[]{}\"'\u201c\u201d\u2018\u2019"
COLON_HEAD = re.compile(r"[^:\s][^:]{0,40}:\s")


@dataclass(frozen=True)
class Line:
    number: int
    text: str


@dataclass(frozen=True)
class Content:
    """A line of a dump that holds a title or an abstract, cleaned, and what came before it."""

    number: int
    text: str
    labelled: bool = False  # written as an abstract: "Abstract: ..." or after "Abstract:"
    gap: str = ""  # between it and the previous content line: "", BLANK or HEADER_GAP


def title_evidence(text: str) -> float:
    """How much more `text` (cleaned) looks like a title than an abstract, in points.

    Above 0 a title, below 0 an abstract; the reader weighs it against the price of breaking
    the alternation (BREAK_COST). Length is measured in words and, for scripts written
    without spaces, in characters (two CJK characters count as one word).
    """
    if len(text) > DECISIVE_UNITS * CHARS_PER_UNIT:
        return MIN_EVIDENCE
    words = text.split()
    if not words:
        return 0.0
    wide = 0 if text.isascii() else len(WIDE_CHAR.findall(text))
    units = max(len(words) + wide / 2 - (1 if wide else 0), len(text) / CHARS_PER_UNIT)
    if units <= 12:
        points = 14.0
    elif units <= 24:
        points = 14.0 - (units - 12) * 0.5
    elif units <= 40:
        points = 8.0 - (units - 24)
    else:
        points = max(MIN_EVIDENCE, -8.0 - (units - 40))
    if units > DECISIVE_UNITS:
        return points  # no other feature could make it look like a title
    last = text[-1]
    has_url = "://" in text or "www." in text
    url_end = bool("." in words[-1] and URL_WORD.search(words[-1]))
    if url_end:
        points -= 10  # "Code is available at https://..." ends many abstracts
    elif text.endswith(("...", "\u2026")):
        pass  # a cut title or a cut abstract
    elif FULL_STOP_END.search(text):
        if not ABBREVIATION_END.search(text):
            points -= 12
    elif last in "?\uff1f":
        points += 3
    elif last.isalnum():
        points += 4
    else:
        points -= 1 if last in ")]}\"'\u201d\u2019" else 2
    bare = [word.strip(WORD_PUNCTUATION) for word in words]
    initials = [word[0] for word in bare[1:] if len(word) >= 4 and word[0].isalpha()]
    capitals, small = sum(map(str.isupper, initials)), sum(map(str.islower, initials))
    if capitals + small >= 2:  # words of scripts with capitals
        share = capitals / (capitals + small)
        if share >= 0.7:
            points += 6  # Title Case
        elif share >= 0.4:
            points += 2
        elif share <= 0.15 and capitals + small >= 6:
            points -= 2
    if ":" in text and COLON_HEAD.match(text):
        points += 3  # "RaftMLP: How Much..."
    breaks = len(SENTENCE_BREAK.findall(text))
    points -= 8 * min(breaks, 3)
    if OPENER.match(text):
        points -= 8
    distinct = set(bare)
    points -= 3 * min(len(FIRST_PERSON & distinct), 2)
    verbs = len(ABSTRACT_VERBS & distinct) + bool("that" in distinct and SHOW & distinct)
    points -= 2 * min(verbs, 2)
    if has_url and not url_end:
        points -= 6
    return points


def _shown(char: str) -> str:
    if char in ("", " "):
        return "nothing" if not char else "space"
    return char if char.isprintable() else f"U+{ord(char):04X}"


def clean_text(text: str) -> tuple[str, list[str]]:
    """Seed text as the site shows it, and the changes a reader would notice.

    HTML entities are decoded once ("&amp;lt;" becomes "&lt;"), control characters become
    spaces (or the Windows-1252 character they stand for), invisible characters go, and
    whitespace is collapsed. The first three are reported. Text is also composed (NFC), so
    that search and comparisons see one spelling of "é"; that changes nothing a reader sees.
    """
    changes: list[str] = []
    if "&" in text:
        decoded: dict[str, str] = {}

        def decode_entity(match: re.Match[str]) -> str:
            entity = match.group()
            char = html.unescape(entity)
            if char != entity:
                decoded.setdefault(entity, char)
            return char

        text = ENTITY.sub(decode_entity, text)
        if decoded:
            shown = ", ".join(f"{entity} \u2192 {_shown(char)}" for entity, char in decoded.items())
            changes.append(f"HTML entities decoded ({shown})")
    printable = text.isprintable()
    if not printable:
        replaced: dict[str, str] = {}

        def replace_control(match: re.Match[str]) -> str:
            char = match.group()
            code = ord(char)
            try:
                meant = bytes([code]).decode("cp1252") if 0x80 <= code <= 0x9F else " "
            except UnicodeDecodeError:  # five C1 codes are not Windows-1252 characters
                meant = " "
            replaced.setdefault(char, meant)
            return meant

        text = CONTROL.sub(replace_control, text)
        if replaced:
            shown = ", ".join(f"U+{ord(c):04X} \u2192 {_shown(m)}" for c, m in replaced.items())
            changes.append(f"control characters replaced ({shown})")
        removed = dict.fromkeys(INVISIBLE.findall(text))
        if removed:
            text = INVISIBLE.sub("", text)
            shown = ", ".join(f"U+{ord(char):04X}" for char in removed)
            changes.append(f"invisible characters removed ({shown})")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not printable or "  " in text or text[:1].isspace() or text[-1:].isspace():
        text = " ".join(text.split())
    return text, changes


def _changed(name: str, number: int, changes: list[str]) -> Problem:
    return Problem(
        name,
        number,
        1,
        f"text changed while reading: {'; '.join(changes)}",
        "the site shows the changed text; correct the line in the seed file if it is wrong",
        "warning",
    )


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
                    "the files of the seed folder are UTF-8 text; remove this one or replace "
                    "it with a text export",
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
    raws = re.split(r"\r\n|\r|\n", text) if "\r" in text else text.split("\n")
    return [Line(number, raw) for number, raw in enumerate(raws, start=1)]


def _has_text(line: Line) -> bool:
    return bool(line.text) and not line.text.isspace()


def detect_format(name: str, lines: list[Line]) -> str:
    content = [line for line in lines if _has_text(line)]
    if not content:
        raise CatalogError(
            [Problem(name, 0, 0, "the file is empty", "add records to it or delete it")]
        )
    if any(HEADER.match(line.text) for line in content):
        return DUMP
    with_prefix = sum(1 for line in content if ABSTRACT_PREFIX.match(line.text))
    if with_prefix * 2 >= len(content):
        return ABSTRACT_LIST
    titles = sum(1 for line in content if title_evidence(clean_text(line.text)[0]) > 0)
    if 0 < titles < len(content):
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
        if not _has_text(line):
            continue
        text, changes = clean_text(line.text)
        if changes:
            warnings.append(_changed(name, line.number, changes))
        prefix = ABSTRACT_PREFIX.match(text)
        if prefix:
            text = text[prefix.end() :]
        else:
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


SUBSCRIBE_REMOVED = "the page's 'Subscribe' button text removed from the start of the first title"


def _strip_subscribe(text: str) -> tuple[str, bool]:
    """The first title after a header without the glued button text, and whether to warn."""
    if not text.startswith(SUBSCRIBE_BUTTON) or SUBSCRIBE_WORD.match(text):
        return text, False
    title = text[len(SUBSCRIBE_BUTTON) :]
    return title, not PLAIN_GLUE.match(title)


def _dump_contents(name: str, lines: list[Line]) -> tuple[list[Content], list[Problem]]:
    """The title and abstract lines of a dump, cleaned, with what separates them.

    Headers (repeated ones too), the button text and "Abstract:" labels are taken out here;
    a line that repeats the previous one is skipped with a warning.
    """
    contents: list[Content] = []
    warnings: list[Problem] = []
    first_after_header = False
    gap = ""
    labelled_next = False
    for line in lines:
        if not _has_text(line):
            gap = gap or BLANK
            continue
        cleaned, changes = clean_text(line.text)
        if not cleaned:  # only invisible characters
            gap = gap or BLANK
        pieces = [cleaned]
        glued = cleaned.find(GLUED_HEADER, 1)
        if glued > 0 and not HEADER.match(cleaned):
            pieces = [cleaned[:glued].rstrip(), cleaned[glued:]]
            warnings.append(
                Problem(
                    name,
                    line.number,
                    line.text.find(GLUED_HEADER) + 1,
                    "a header starts in the middle of this line; the text before it is read "
                    "on its own",
                    "two files were joined without a line break: break the line before 'Get'",
                    "warning",
                )
            )
        for text in pieces:
            header = HEADER.match(text)
            if header:
                while header:
                    text = text[header.end() :]
                    header = HEADER.match(text)
                gap, first_after_header, labelled_next = HEADER_GAP, True, False
            if first_after_header and text == SUBSCRIBE_BUTTON:
                text = ""
            elif first_after_header and text:
                first_after_header = False
                text, warn = _strip_subscribe(text)
                if warn:
                    changes.append(SUBSCRIBE_REMOVED)
            if ABSTRACT_LABEL.fullmatch(text):
                labelled_next = True
                continue
            labelled = labelled_next
            prefix = ABSTRACT_PREFIX.match(text)
            if prefix:
                text, labelled = text[prefix.end() :], True
            if not text:
                continue
            previous = contents[-1] if contents else None
            if previous and gap != HEADER_GAP and previous.text == text:
                warnings.append(
                    Problem(
                        name,
                        line.number,
                        1,
                        f"line repeats line {previous.number}; skipped",
                        "delete one of the two lines",
                        "warning",
                    )
                )
                continue
            contents.append(Content(line.number, text, labelled, gap))
            gap, labelled_next = "", False
        if changes:
            warnings.append(_changed(name, line.number, changes))
    return contents, warnings


def _titles(contents: list[Content]) -> list[bool]:
    """For each content line, whether it is a title: the labelling of least cost.

    The cost of a labelling is what each line's evidence says against its label, plus
    BREAK_COST for each title without abstract and each abstract without title, plus
    BLANK_GAP_COST for each pair split by blank lines. Viterbi: linear in the lines.
    """
    count = len(contents)
    if not count:
        return []
    # from_title[2 * i + s]: the best labelling ending with line i in state s (0 title,
    # 1 abstract) has a title on line i - 1.
    from_title = bytearray(2 * count)
    cost_title = cost_abstract = 0.0
    for index, content in enumerate(contents):
        evidence = LABELLED_EVIDENCE if content.labelled else title_evidence(content.text)
        against_title, against_abstract = max(0.0, -evidence), max(0.0, evidence)
        if index == 0:
            cost_title, cost_abstract = against_title, against_abstract + BREAK_COST
            continue
        title_then_title = cost_title + BREAK_COST
        if content.gap == HEADER_GAP:
            title_then_abstract = cost_title + 2 * BREAK_COST
        else:
            title_then_abstract = cost_title + (BLANK_GAP_COST if content.gap else 0.0)
        abstract_then_abstract = cost_abstract + BREAK_COST
        if title_then_title < cost_abstract:
            from_title[2 * index] = 1
            new_title = title_then_title
        else:
            new_title = cost_abstract
        if title_then_abstract <= abstract_then_abstract:
            from_title[2 * index + 1] = 1
            new_abstract = title_then_abstract
        else:
            new_abstract = abstract_then_abstract
        cost_title = new_title + against_title
        cost_abstract = new_abstract + against_abstract
    is_title = cost_title + BREAK_COST < cost_abstract
    titles = [False] * count
    for index in range(count - 1, -1, -1):
        titles[index] = is_title
        is_title = bool(from_title[2 * index + (0 if is_title else 1)])
    return titles


def read_dump(name: str, lines: list[Line]) -> tuple[list[Record], list[Problem]]:
    contents, warnings = _dump_contents(name, lines)
    titles = _titles(contents)
    records: list[Record] = []
    index = 0
    while index < len(contents):
        content = contents[index]
        if not titles[index]:
            records.append(Record(name, content.number, None, content.text))
            warnings.append(
                Problem(
                    name,
                    content.number,
                    1,
                    "abstract has no title before it; kept as a paper known by its abstract",
                    "add the title on the line before, or name the paper in seeds/curation.yml",
                    "warning",
                )
            )
            index += 1
            continue
        following = contents[index + 1] if index + 1 < len(contents) else None
        if following and not titles[index + 1] and following.gap != HEADER_GAP:
            records.append(Record(name, content.number, content.text, following.text))
            index += 2
            continue
        records.append(Record(name, content.number, content.text, None))
        warnings.append(
            Problem(
                name,
                content.number,
                1,
                f"title has no abstract after it; kept as a paper without abstract: "
                f"{content.text[:60]!r}",
                "add the abstract on the next line",
                "warning",
            )
        )
        index += 1
    return records, sorted(warnings)


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
