"""The records that flow through a build: raw records, papers, tags, topics, the catalog."""

from __future__ import annotations

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
    arxiv_id: str | None = None
    tags: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    former_ids: tuple[str, ...] = ()  # old URLs that redirect here
    first_seen: str = ""  # ISO date the paper first appeared in the seeds (from git)

    @property
    def url(self) -> str:
        return f"papers/{self.id}/"

    @property
    def abstract_only(self) -> bool:
        """No seed gave this paper a title (a curated title may have been added since)."""
        return not any(record.title for record in self.records)


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    description: str

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

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tag) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def url(self) -> str:
        return f"tags/{self.id}/"


@dataclass(frozen=True)
class Catalog:
    """The whole catalog, with key indexes so pages ask instead of scanning."""

    papers: tuple[Paper, ...]
    tags: tuple[Tag, ...] = ()
    topics: tuple[Topic, ...] = ()
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
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

    def has_paper(self, paper_id: str) -> bool:
        return paper_id in self._papers_by_id

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

    @property
    def record_count(self) -> int:
        return sum(len(paper.records) for paper in self.papers)
