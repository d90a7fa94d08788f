"""Curate and tag: curated metadata and taxonomy rules applied to papers.

A paper's tags are the tags whose rules match its own title and abstract, plus the tags a
contributor added, minus the ones a contributor removed; its topics follow from its tags.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .curation import Curation, Taxonomy
from .model import Catalog, Paper, Problem, Tag

DASHES = str.maketrans(dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-"))
WORD_SEPARATOR = r"[\s\-]+"


def match_text(text: str) -> str:
    """The form rules are matched against: NFKC, casefolded, every dash a hyphen."""
    return unicodedata.normalize("NFKC", text).translate(DASHES).casefold()


def alias_pattern(alias: str) -> str:
    """Words in order, separated by spaces or hyphens, on word boundaries; plural allowed."""
    words = re.split(WORD_SEPARATOR, match_text(alias).strip())
    return r"(?<!\w)" + WORD_SEPARATOR.join(map(re.escape, words)) + r"(?:s|es)?(?!\w)"


@dataclass(frozen=True)
class TagRule:
    tag_id: str
    pattern: re.Pattern

    def matches(self, text: str) -> bool:
        return bool(self.pattern.search(text))


def compile_rules(tags: Sequence[Tag]) -> list[TagRule]:
    rules = []
    for tag in tags:
        parts = [alias_pattern(alias) for alias in tag.aliases]
        if tag.regex:
            parts.append(f"(?:{tag.regex})")
        if parts:
            rules.append(TagRule(tag.id, re.compile("|".join(parts), re.IGNORECASE)))
    return rules


def rule_tags(paper: Paper, rules: Sequence[TagRule]) -> set[str]:
    text = match_text(f"{paper.title}\n{paper.abstract}")
    return {rule.tag_id for rule in rules if rule.matches(text)}


def curate(
    papers: Sequence[Paper], taxonomy: Taxonomy, curation: Curation
) -> tuple[Catalog, list[Problem]]:
    """Apply curated titles and arXiv ids, then tags and topics; returns the whole catalog."""
    rules = compile_rules(taxonomy.tags)
    topics_of_tag = {tag.id: tag.topics for tag in taxonomy.tags}
    warnings: list[Problem] = []
    curated = []
    for paper in papers:
        entry = curation.for_paper(paper.id)
        tags = rule_tags(paper, rules)
        if entry:
            for tag_id in entry.remove:
                if tag_id not in tags:
                    warnings.append(
                        Problem(
                            "curation.yml",
                            0,
                            0,
                            f"paper {paper.id!r}: removing tag {tag_id!r}, which the rules "
                            f"do not give it",
                            "drop it from 'remove'",
                            "warning",
                        )
                    )
            tags = (tags | set(entry.add)) - set(entry.remove)
            paper = replace(
                paper,
                title=entry.title or paper.title,
                title_derived=paper.title_derived and not entry.title,
                arxiv_id=entry.arxiv_id or paper.arxiv_id,
            )
        topics = {topic for tag_id in tags for topic in topics_of_tag.get(tag_id, ())}
        curated.append(replace(paper, tags=tuple(sorted(tags)), topics=tuple(sorted(topics))))
    catalog = Catalog(tuple(curated), taxonomy.tags, taxonomy.topics, tuple(warnings))
    return catalog, warnings
