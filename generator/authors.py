"""Authors: the names on papers joined into people, each with a page.

Spellings of one name join: "Zhang, Richard" and "Richard Zhang", with or without accents
or middle initials ("Richard Y. Zhang"), and an initial alone ("R. Zhang") when exactly one
person in the catalog fits it. Two people who share a full name cannot be told apart from
names alone; they share a page, which lists each paper with its co-authors.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .identity import RESERVED_IDS, slug_for
from .model import Author, Paper
from .text import normalize


def display_name(name: str) -> str:
    """ "Family, Given" as "Given Family"; spaces collapsed."""
    name = " ".join(name.split())
    if name.count(",") == 1:
        family, given = (part.strip() for part in name.split(","))
        if family and given and given.lower().rstrip(".") not in ("jr", "sr", "ii", "iii"):
            return f"{given} {family}"
    return name


def name_key(name: str) -> tuple[str, str]:
    """(given name, family name) as compared: normalised, middle names and initials dropped.
    The given name is a single letter when only an initial is known."""
    words = normalize(display_name(name)).split()
    if not words:
        return ("", "")
    if len(words) == 1:
        return ("", words[0])
    return (words[0], words[-1])


def index_authors(papers: Iterable[Paper]) -> tuple[Author, ...]:
    """Every author of the papers (names in display form), sorted by id, with their papers
    in id order."""
    spellings: dict[tuple[str, str], Counter] = defaultdict(Counter)
    papers_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for paper in papers:
        for name in paper.metadata.authors:
            key = name_key(name)
            spellings[key][name] += 1
            papers_of[key].add(paper.id)
    # An initial joins the one full given name that starts with it, when there is one only.
    full_given: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for given, family in spellings:
        if len(given) > 1:
            full_given[given[0], family].append((given, family))
    joined: dict[tuple[str, str], tuple[str, str]] = {}
    for key in spellings:
        given, family = key
        fits = full_given.get((given, family), []) if len(given) == 1 else []
        joined[key] = fits[0] if len(fits) == 1 else key
    people: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for key, person in joined.items():
        people[person].append(key)
    drafts = []
    for keys in people.values():
        names: Counter = Counter()
        ids: set[str] = set()
        for key in keys:
            names.update(spellings[key])
            ids |= papers_of[key]
        # The most used spelling; ties go to the longest (most complete), then the first.
        shown = min(names, key=lambda name: (-names[name], -len(name), name))
        drafts.append((shown, tuple(sorted(ids)), tuple(sorted(n for n in names if n != shown))))
    return unique_ids(sorted(drafts))


def unique_ids(drafts: Sequence[tuple[str, tuple[str, ...], tuple[str, ...]]]):
    taken: Counter = Counter()
    authors = []
    for name, paper_ids, variants in drafts:
        slug = slug_for(name, "author")
        taken[slug] += 1
        number = taken[slug] + (slug in RESERVED_IDS)  # "A" is authors/a-2/: a/ lists A
        author_id = slug if number == 1 else f"{slug}-{number}"
        authors.append(Author(author_id, name, paper_ids, variants))
    return tuple(sorted(authors, key=lambda author: author.id))
