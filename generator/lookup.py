"""What a metadata source answers: the arXiv records it finds for a paper, and the error it
raises when it cannot answer. The arXiv API and the bulk snapshot both speak this; enrich.py
judges their answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .model import Paper, Problem, PublicationDate


@dataclass(frozen=True)
class Candidate:
    """One arXiv record, as either source gives it."""

    arxiv_id: str  # without version
    title: str
    abstract: str
    authors: tuple[str, ...]  # display names, "Given Family", in order
    published: PublicationDate | None  # the first version's date
    doi: str | None = None
    journal_ref: str | None = None


@dataclass(frozen=True)
class Found:
    """A candidate for one paper, and how the source found it."""

    candidate: Candidate
    match: str  # what the search went by: "id", "title" or "abstract" (Evidence.match)
    source: str  # "arxiv-api" or "arxiv-snapshot"


class SourceError(Exception):
    """A source that cannot answer (offline, timeout, HTTP error, broken answer)."""

    def __init__(self, where: str, message: str, hint: str = ""):
        super().__init__(message)
        self.where, self.message, self.hint = where, message, hint

    def problem(self, paper_id: str) -> Problem:
        return Problem(
            self.where, 0, 0, f"{self.message}, asking for paper {paper_id!r}", self.hint
        )


class Source(Protocol):
    source: str

    def prepare(self, papers: Sequence[Paper]) -> Sequence[Problem]:
        """Get ready to be asked for these papers; warnings come back."""

    def find(self, paper: Paper) -> Sequence[Found]:
        """The records that may be this paper (SourceError when the source fails)."""

    def summary(self) -> str:
        """What the run cost: requests made, lines read."""
