"""The records that flow through a build: raw records, papers, tags, topics, the catalog."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning) in an input file, located as precisely as we can."""

    file: str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: str = "error"  # "error" stops the build, "warning" is reported and the build goes on

    def __str__(self) -> str:
        location = self.file
        if self.line:
            location += f":{self.line}"
            if self.col:
                location += f":{self.col}"
        text = f"{location}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class CatalogError(Exception):
    """Bad input that stops the build; carries every problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
VENUE_TYPES = ("conference", "journal", "workshop")
# How a paper was matched to the page a value came from.
MATCHES = ("id", "abstract", "title", "curated", "derived")
FIELDS = ("arxiv_id", "doi", "authors", "published", "venue", "pdf_url", "code_url")


@dataclass(frozen=True, order=True)
class PublicationDate:
    """The first public version's date, as precise as it is known: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PublicationDate:
        """From "2021", "2021-08" or "2021-08-09"; ValueError when it is none of them."""
        found = DATE.match(text) if isinstance(text, str) else None
        if not found:
            raise ValueError(f"{text!r} is not a date like 2021-08-09, 2021-08 or 2021")
        year, month, day = (int(part) if part else None for part in found.groups())
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        if day is not None:
            datetime.date(year, month, day)  # raises ValueError for 2021-02-30
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        """2021, 2021-08 or 2021-08-09: ISO 8601 at the date's precision (JSON-LD, CSL)."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def parts(self) -> list[int]:
        """[year, month, day] as far as known: CSL-JSON's date-parts."""
        return [part for part in (self.year, self.month, self.day) if part]


@dataclass(frozen=True)
class Venue:
    name: str
    year: int | None = None
    type: str = "conference"  # conference, journal or workshop (BibTeX and citation_* differ)

    @property
    def label(self) -> str:
        return f"{self.name} {self.year}" if self.year else self.name


@dataclass(frozen=True)
class Evidence:
    """Where a value came from, and how the paper was found there."""

    source: str  # who said it: "arxiv-api", "arxiv-snapshot", "public-pages", "curation", ...
    url: str = ""  # a page or identifier where it can be checked
    match: str = "id"  # one of MATCHES
    score: float | None = None  # abstract similarity 0-1 when matched by text


@dataclass(frozen=True)
class Metadata:
    """What is known about one paper beyond its title and abstract. Every field is optional."""

    arxiv_id: str | None = None
    doi: str | None = None
    authors: tuple[str, ...] = ()
    published: PublicationDate | None = None
    venue: Venue | None = None
    pdf_url: str | None = None
    code_url: str | None = None
    evidence: dict[str, Evidence] = field(default_factory=dict, compare=False, hash=False)

    def known(self) -> tuple[str, ...]:
        """The names of the fields that hold a value, in FIELDS order."""
        return tuple(name for name in FIELDS if getattr(self, name))


@dataclass(frozen=True, order=True)
class Record:
    """One raw entry of a seed file: where it starts, and what it says."""

    file: str
    line: int
    title: str | None
    abstract: str | None

    @property
    def ref(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Paper:
    """One deduplicated paper: the records it was merged from and what we show for it."""

    id: str
    title: str
    abstract: str
    records: tuple[Record, ...]
    title_derived: bool = False  # no seed gave a title; it was made from the abstract
    metadata: Metadata = field(default_factory=lambda: Metadata())
    tags: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    former_ids: tuple[str, ...] = ()  # old URLs that redirect here
    first_seen: str = ""  # ISO date the paper first appeared in the seeds (from git)

    @property
    def url(self) -> str:
        return f"papers/{self.id}/"

    @property
    def arxiv_id(self) -> str | None:
        return self.metadata.arxiv_id

    @property
    def identifiers(self) -> tuple[str, ...]:
        """The paper's arXiv id and DOI, as far as known: what a reader may paste in search."""
        return tuple(found for found in (self.arxiv_id, self.metadata.doi) if found)

    @property
    def abstract_only(self) -> bool:
        """No seed gave this paper a title (a curated title may have been added since)."""
        return not any(record.title for record in self.records)


# A broad subject needs more than a mention in passing (see tagging.Tagger).
DEFAULT_MENTIONS = 2
# Where a paper must name a tag's subject to be about it (see tagging.Evidence): in the
# title or the abstract's first sentence ("lead"), or (the default) also often enough
# anywhere in the abstract.
EVIDENCE_LEVELS = ("lead", "abstract")


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    description: str
    former_ids: tuple[str, ...] = ()  # old ids whose pages redirect here

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Topic) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def url(self) -> str:
        return f"topics/{self.id}/"


@dataclass(frozen=True)
class Tag:
    id: str
    name: str
    description: str
    topics: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    regex: str | None = None  # searched in title and abstract
    title_regex: str | None = None  # searched in the title only
    # Mentions in the abstract that make a paper about the tag when its title has none.
    mentions: int = DEFAULT_MENTIONS
    exclude: tuple[str, ...] = ()  # phrases whose words are no mention of the tag
    former_ids: tuple[str, ...] = ()  # old ids whose pages redirect here
    evidence: str = "abstract"  # one of EVIDENCE_LEVELS
    # The tag this one narrows ("vision-transformers" narrows "transformers"): the rules
    # give a paper one of the two, the narrower.
    broader: str = ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tag) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def url(self) -> str:
        return f"tags/{self.id}/"


@dataclass(frozen=True)
class Author:
    """A person, as the papers name them: the spelling shown, and the others seen."""

    id: str
    name: str
    paper_ids: tuple[str, ...]
    variants: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"authors/{self.id}/"


@dataclass(frozen=True)
class Catalog:
    """The whole catalog, with key indexes so pages ask instead of scanning."""

    papers: tuple[Paper, ...]
    tags: tuple[Tag, ...] = ()
    topics: tuple[Topic, ...] = ()
    authors: tuple[Author, ...] = ()
    # paper id -> its most similar papers (generator.related.Related), set by the relate stage
    related: dict = field(default_factory=dict, compare=False)
    # paper id -> (x, y) in [0, 1] on the paper map, set by the relate stage
    positions: dict = field(default_factory=dict, compare=False)

    @cached_property
    def _papers_by_id(self) -> dict[str, Paper]:
        return {paper.id: paper for paper in self.papers}

    @cached_property
    def _papers_by_tag(self) -> dict[str, tuple[Paper, ...]]:
        index: dict[str, list[Paper]] = {tag.id: [] for tag in self.tags}
        for paper in self.papers:
            for tag_id in paper.tags:
                index.setdefault(tag_id, []).append(paper)
        return {tag_id: tuple(papers) for tag_id, papers in index.items()}

    @cached_property
    def _papers_by_topic(self) -> dict[str, tuple[Paper, ...]]:
        index: dict[str, list[Paper]] = {topic.id: [] for topic in self.topics}
        for paper in self.papers:
            for topic_id in paper.topics:
                index.setdefault(topic_id, []).append(paper)
        return {topic_id: tuple(papers) for topic_id, papers in index.items()}

    def paper(self, paper_id: str) -> Paper:
        return self._papers_by_id[paper_id]

    def papers_with(self, tag_id: str) -> tuple[Paper, ...]:
        return self._papers_by_tag.get(tag_id, ())

    def papers_in(self, topic_id: str) -> tuple[Paper, ...]:
        return self._papers_by_topic.get(topic_id, ())

    @cached_property
    def tag_by_id(self) -> dict[str, Tag]:
        return {tag.id: tag for tag in self.tags}

    @cached_property
    def topic_by_id(self) -> dict[str, Topic]:
        return {topic.id: topic for topic in self.topics}

    @cached_property
    def _author_by_name(self) -> dict[str, Author]:
        return {name: author for author in self.authors for name in (author.name, *author.variants)}

    @cached_property
    def _authors_by_id(self) -> dict[str, Author]:
        return {author.id: author for author in self.authors}

    def author(self, author_id: str) -> Author:
        return self._authors_by_id[author_id]

    def authors_of(self, paper: Paper) -> list[tuple[str, Author | None]]:
        """Each name on the paper, as written there, with the person it names."""
        return [(name, self._author_by_name.get(name)) for name in paper.metadata.authors]

    def tags_of(self, paper: Paper) -> list[Tag]:
        return [self.tag_by_id[tag_id] for tag_id in paper.tags if tag_id in self.tag_by_id]

    def topics_of(self, paper: Paper) -> list[Topic]:
        return [self.topic_by_id[t] for t in paper.topics if t in self.topic_by_id]

    @property
    def record_count(self) -> int:
        return sum(len(paper.records) for paper in self.papers)
