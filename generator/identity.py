"""Paper ids: slugs of titles, collisions, ids that follow a curated title, moved papers.

A paper's id is the slug of its title (for a paper known only by its abstract, of the
abstract's first words), at most ID_MAX_LENGTH characters; its URL is papers/<id>/. Ids must
not move when the catalog grows: when papers share a slug, the one whose first record comes
first keeps it and the others get a suffix from their own text.
"""

from __future__ import annotations

import re
import string
import zlib
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from slugify import slugify

from .model import Catalog, Record
from .text import normalize

ID_MAX_LENGTH = 80
HASH_LENGTH = 6
SUFFIXED_SLUG_LENGTH = ID_MAX_LENGTH - HASH_LENGTH - 1  # room for "-" and the hash
OTHER_LETTER = "other"  # the listing page of titles and names that start with no A-Z letter
# papers/index.md is the A-Z overview and papers/a.md ... papers/other.md its letters
# (authors/ likewise): no paper or author takes one of these ids.
RESERVED_IDS = frozenset({"index", OTHER_LETTER, *string.ascii_lowercase})
EMPTY_SLUG = "paper-"  # a title with nothing to slug: the paper's content hash follows

# Titles made only of these characters slug the same with a plain regex as with
# python-slugify (tests/test_identity.py checks it), about twenty times faster.
PLAIN_TITLE = re.compile(r"^[A-Za-z0-9 \-:;,.?!()/+*=%@#\[\]|<>{}_~^$]*$")
SLUG_SEPARATOR = re.compile(r"[^a-z0-9]+")
THOUSANDS = re.compile(r"(?<=\d),(?=\d)")  # slugify writes "18,000" as "18000"


def slug_for(title: str, fallback: str) -> str:
    if PLAIN_TITLE.match(title):
        slug = SLUG_SEPARATOR.sub("-", THOUSANDS.sub("", title).lower()).strip("-")
        if len(slug) > ID_MAX_LENGTH:  # cut at a word boundary, as slugify does
            cut = slug[: ID_MAX_LENGTH + 1]
            slug = cut[: cut.rfind("-")] if "-" in cut else slug[:ID_MAX_LENGTH]
    else:
        slug = slugify(title, max_length=ID_MAX_LENGTH, word_boundary=True, save_order=True)
    return slug or EMPTY_SLUG + fallback


def content_hash(text: str) -> str:
    return f"{zlib.crc32(normalize(text).encode()):08x}"[:HASH_LENGTH]


def suffixed(slug: str, text: str) -> str:
    """The slug made unique by a hash of the paper's own text, within ID_MAX_LENGTH."""
    if slug == EMPTY_SLUG:
        return EMPTY_SLUG + content_hash(text)
    return f"{slug[:SUFFIXED_SLUG_LENGTH].rstrip('-')}-{content_hash(text)}"


def assign_ids(drafts: Sequence[tuple[str, Sequence[Record], str]]) -> list[str]:
    """An id for each (title, records, abstract) draft, in the drafts' order.

    When slugs collide, the abstract (or the title, without one) makes the suffix; only
    then is it hashed, which costs time at scale.
    """
    slugs = [slug_for(title, "") for title, _, _ in drafts]
    by_slug: dict[str, list[int]] = defaultdict(list)
    for index, slug in enumerate(slugs):
        by_slug[slug].append(index)
    ids = list(slugs)
    taken = set(by_slug)
    for slug, indexes in by_slug.items():
        indexes.sort(key=lambda index: drafts[index][1][0])  # the first record keeps the slug
        for position, index in enumerate(indexes):
            if position or slug in RESERVED_IDS or slug == EMPTY_SLUG:
                title, _, abstract = drafts[index]
                paper_id = suffixed(slug, abstract or title)
                while paper_id in taken:  # astronomically rare: a hash collision too
                    paper_id += "-x"
                taken.add(paper_id)
                ids[index] = paper_id
    return ids


def renamed_ids(
    curated_titles: Mapping[str, str], paper_ids: Collection[str], derived_ids: Collection[str]
) -> dict[str, str]:
    """New ids for papers whose derived title gets a curated one: old id -> new id.

    A paper known only by its abstract has an id made from its first words; once a real
    title is curated, the id (and URL) follows the title, and the old URL redirects.
    """
    renames: dict[str, str] = {}
    taken = set(paper_ids)
    for paper_id in sorted(derived_ids):
        title = curated_titles.get(paper_id)
        if title:
            new_id = slug_for(title, content_hash(paper_id))
            if new_id in taken or new_id in RESERVED_IDS:
                new_id = suffixed(new_id, paper_id)
            if new_id not in taken:
                renames[paper_id] = new_id
                taken.add(new_id)
    return renames


def moved_papers(previous_export: list[dict], catalog: Catalog) -> list[tuple[str, str]]:
    """(old id, new id) for papers of a previous build whose id changed.

    A paper is the same when it keeps one of its raw records (file and line).
    """
    by_source = {
        (record.file, record.line): paper.id for paper in catalog.papers for record in paper.records
    }
    known = {paper.id for paper in catalog.papers}
    known |= {former for paper in catalog.papers for former in paper.former_ids}
    moved = set()
    for old in previous_export:
        if not isinstance(old, dict) or old.get("id") in known:
            continue
        for source in old.get("sources", []):
            if not isinstance(source, dict):
                continue
            new_id = by_source.get((source.get("file"), source.get("line")))
            if new_id:
                moved.add((old["id"], new_id))
                break
    return sorted(moved)
