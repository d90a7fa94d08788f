"""Exports: what tools read rather than people. The JSON export contract, BibTeX, CSL-JSON
(Zotero, Pandoc, citeproc), Atom feeds, and the citation metadata in a paper's <head>
(Highwire citation_* tags for Zotero and Google Scholar, JSON-LD for search engines).

Only known facts are stated: a paper without a publication date gets no date, never the
day it entered the catalog.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from .escape import latex, script_json
from .model import Catalog, Paper
from .settings import FEED_ENTRIES, SiteSettings
from .sources import FALLBACK_DATE
from .templates import render
from .text import normalize

ARXIV_ABS = "https://arxiv.org/abs/"
ARXIV_PDF = "https://arxiv.org/pdf/"
DOI_URL = "https://doi.org/"


def pdf_url(paper: Paper) -> str | None:
    if paper.metadata.pdf_url:
        return paper.metadata.pdf_url
    return ARXIV_PDF + paper.arxiv_id if paper.arxiv_id else None


# The export contract (paper-catalog export, /papers.json): each paper's fields, in order.
# README.md's table is generated from this (tools/readme.py); a test checks both.
EXPORT_FIELDS = (
    ("id", "text", "the paper's id, the last part of its URL; stable"),
    ("title", "text", "the title shown (curated, or the seeds' most common spelling)"),
    ("title_derived", "bool", "no seed or curation gives a title: it is the abstract's start"),
    ("abstract", "text", "the longest abstract among the paper's records"),
    ("url", "text", "the page, relative to the site: `papers/<id>/`"),
    ("tags", "list of text", "tag ids, sorted"),
    ("topics", "list of text", "topic ids (the topics of its tags), sorted"),
    ("arxiv_id", "text or null", "arXiv identifier without version"),
    ("doi", "text or null", "publisher DOI"),
    ("authors", "list of text", 'author names in order, "Given Family"; empty when unknown'),
    ("published", "text or null", "first public version: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`"),
    ("venue", "object or null", "`{name, year, type}`; type: conference, journal or workshop"),
    ("pdf_url", "text or null", "the PDF (given, or arXiv's for an arXiv id)"),
    ("code_url", "text or null", "the code"),
    (
        "provenance",
        "object",
        "per metadata field: `{source, url, match, score}`: who said it, where to check, "
        "how the paper was matched (id, abstract, title, curated, derived), abstract "
        "similarity 0-1",
    ),
    ("sources", "list of objects", "`{file, line}` of every raw record merged into the paper"),
    ("former_ids", "list of text", "old ids whose URLs redirect here"),
    ("first_seen", "text", "`YYYY-MM-DD` the paper entered the catalog (git), not its date"),
)


def paper_export(paper: Paper) -> dict:
    meta = paper.metadata
    return {
        "id": paper.id,
        "title": paper.title,
        "title_derived": paper.title_derived,
        "abstract": paper.abstract,
        "url": paper.url,
        "tags": list(paper.tags),
        "topics": list(paper.topics),
        "arxiv_id": paper.arxiv_id,
        "doi": meta.doi,
        "authors": list(meta.authors),
        "published": meta.published.iso if meta.published else None,
        "venue": (
            {"name": meta.venue.name, "year": meta.venue.year, "type": meta.venue.type}
            if meta.venue
            else None
        ),
        "pdf_url": pdf_url(paper),
        "code_url": meta.code_url,
        "provenance": {
            name: {
                "source": evidence.source,
                "url": evidence.url,
                "match": evidence.match,
                "score": evidence.score,
            }
            for name, evidence in sorted(meta.evidence.items())
        },
        "sources": [{"file": record.file, "line": record.line} for record in paper.records],
        "former_ids": list(paper.former_ids),
        "first_seen": paper.first_seen,
    }


def papers_json(catalog: Catalog) -> str:
    """The export contract: one object per paper, sorted by id, one paper per line.

    One line per paper keeps diffs readable and lets json use its C encoder (an indented
    dump runs the pure-Python one, several times slower on a large catalog).
    """
    papers = sorted(catalog.papers, key=lambda paper: paper.id)
    lines = (json.dumps(paper_export(paper), ensure_ascii=False) for paper in papers)
    return "[\n" + ",\n".join(lines) + "\n]" if papers else "[]"


KEY_WORD = re.compile(r"[a-z0-9]+")
# Title words too common to name a paper in a citation key.
KEY_SKIP = frozenset({"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "is"})


def key_word(text: str, fallback: str) -> str:
    words = [w for w in KEY_WORD.findall(normalize(text)) if w not in KEY_SKIP]
    return words[0] if words else fallback


def family_name(author: str) -> str:
    return author.split()[-1] if author.split() else "anonymous"


def bibtex_keys(papers: Sequence[Paper]) -> dict[str, str]:
    """A citation key per paper: family name of the first author, year, first title word
    (lowercase ASCII: "vaswani2017attention"); clashes get b, c, ... in id order."""
    base = {}
    for paper in papers:
        meta = paper.metadata
        family = key_word(family_name(meta.authors[0]), "anon") if meta.authors else "anon"
        year = str(meta.published.year) if meta.published else ""
        base[paper.id] = family + year + key_word(paper.title, "paper")
    seen: Counter = Counter()
    keys = {}
    for paper_id in sorted(base):
        key = base[paper_id]
        seen[key] += 1
        keys[paper_id] = key if seen[key] == 1 else key + chr(ord("a") + seen[key] - 1)
    return keys


# A URL that url.sty's \url and plainnat's stand-in for it (\texttt) both print as written.
# Another (with _ % # & ~ ...) stops pdflatex in one of them, and is left out: the doi field
# or the arXiv id still lead to the paper.
LATEX_SAFE_URL = re.compile(r"[A-Za-z0-9/:.?=+,;()@!*'-]+")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_entry(paper: Paper, key: str, settings: SiteSettings) -> str:
    """A BibTeX entry: @inproceedings, @article, or @misc for a preprint (with eprint)."""
    meta = paper.metadata
    kind = "misc"
    fields = [("title", "{" + latex(paper.title) + "}")]
    if meta.authors:
        fields.append(("author", " and ".join(bibtex_name(name) for name in meta.authors)))
    if meta.venue and meta.venue.type in ("conference", "workshop"):
        kind = "inproceedings"
        fields.append(("booktitle", latex(meta.venue.label)))
    elif meta.venue:
        kind = "article"
        fields.append(("journal", latex(meta.venue.name)))
    year = meta.published.year if meta.published else None
    if meta.venue and meta.venue.year:
        year = meta.venue.year
    if year:
        fields.append(("year", str(year)))
        if meta.published and meta.published.month and year == meta.published.year:
            fields.append(("month", Macro(MONTHS[meta.published.month - 1])))
    if meta.doi:
        fields.append(("doi", latex(meta.doi)))
    url = None
    if paper.arxiv_id:
        fields += [("eprint", paper.arxiv_id), ("archivePrefix", "arXiv")]
        url = ARXIV_ABS + paper.arxiv_id
    elif meta.doi:
        url = DOI_URL + meta.doi
    elif settings.site_url:
        url = settings.site_url + paper.url
    if url and LATEX_SAFE_URL.fullmatch(url):
        fields.append(("url", url))
    if not meta.authors:
        # Without an author, bibtex's styles sort by the key field (and natbib's cite it by
        # its key): "to sort, need author or key" otherwise.
        fields.append(("key", key))
    body = ",\n".join(f"  {name} = {bibtex_value(value)}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"


class Macro(str):
    """A BibTeX string macro (jan ... dec), written bare: {aug} would print "aug"."""


def bibtex_value(value: str) -> str:
    return value if isinstance(value, Macro) else "{" + value + "}"


# In an author field, " and " separates names and a comma splits one into its parts.
NAME_SEPARATOR = re.compile(r",|\band\b", re.IGNORECASE)


def bibtex_name(name: str) -> str:
    """An author as LaTeX; a name bibtex would cut apart (a comma, an "and" in it) is kept
    whole in braces, as for an organisation."""
    text = latex(name)
    return "{" + text + "}" if NAME_SEPARATOR.search(name) else text


def papers_bib(catalog: Catalog, settings: SiteSettings) -> str:
    keys = bibtex_keys(catalog.papers)
    return "\n\n".join(bibtex_entry(p, keys[p.id], settings) for p in catalog.papers) + "\n"


def csl_item(paper: Paper, key: str, settings: SiteSettings) -> dict:
    """A CSL-JSON item, what Zotero, Pandoc and citeproc read."""
    meta = paper.metadata
    item: dict = {"id": key, "type": "article", "title": paper.title}
    if meta.authors:
        item["author"] = [csl_name(name) for name in meta.authors]
    if meta.published:
        item["issued"] = {"date-parts": [meta.published.parts]}
    if meta.venue:
        item["type"] = "article-journal" if meta.venue.type == "journal" else "paper-conference"
        item["container-title"] = (
            meta.venue.label if meta.venue.type != "journal" else (meta.venue.name)
        )
    if meta.doi:
        item["DOI"] = meta.doi
    if paper.arxiv_id:
        item["number"] = f"arXiv:{paper.arxiv_id}"
        item["URL"] = ARXIV_ABS + paper.arxiv_id
        if not meta.venue:
            item["publisher"] = "arXiv"
    elif settings.site_url:
        item["URL"] = settings.site_url + paper.url
    if paper.abstract:
        item["abstract"] = paper.abstract
    return item


def csl_name(name: str) -> dict:
    words = name.split()
    if len(words) < 2:
        return {"literal": name}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def csl_json(items: Iterable[dict]) -> str:
    return json.dumps(list(items), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def papers_csl(catalog: Catalog, settings: SiteSettings) -> str:
    keys = bibtex_keys(catalog.papers)
    return csl_json(csl_item(paper, keys[paper.id], settings) for paper in catalog.papers)


def head_metadata(paper: Paper, catalog: Catalog, settings: SiteSettings) -> dict:
    """What overrides/main.html turns into citation_*, Open Graph and JSON-LD tags.

    `citation` is a list of (name, content) pairs: a paper has one citation_author per
    author, in order. Values are raw text; the template escapes them where they land.
    """
    meta = paper.metadata
    keywords = [tag.name for tag in catalog.tags_of(paper)]
    url = settings.site_url + paper.url  # relative when no site_url is set
    citation = [("citation_title", paper.title)]
    citation += [("citation_author", name) for name in meta.authors]
    if meta.published:
        citation.append(("citation_publication_date", meta.published.iso.replace("-", "/")))
    if meta.venue and meta.venue.type == "journal":
        citation.append(("citation_journal_title", meta.venue.name))
    elif meta.venue:
        citation.append(("citation_conference_title", meta.venue.label))
    if meta.doi:
        citation.append(("citation_doi", meta.doi))
    if paper.arxiv_id:
        citation.append(("citation_arxiv_id", paper.arxiv_id))
    if pdf_url(paper):
        citation.append(("citation_pdf_url", pdf_url(paper)))
    citation.append(("citation_abstract", paper.abstract))
    if keywords:
        citation.append(("citation_keywords", "; ".join(keywords)))
    # No "abstract": the page body and citation_abstract carry it already (1.3 KB a page)
    article: dict = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": paper.title,
        "name": paper.title,
        "keywords": keywords,
        "url": url,
    }
    if meta.authors:
        article["author"] = [{"@type": "Person", "name": name} for name in meta.authors]
    if meta.published:
        article["datePublished"] = meta.published.iso
    same_as = []
    if paper.arxiv_id:
        same_as.append(ARXIV_ABS + paper.arxiv_id)
        article["identifier"] = f"arXiv:{paper.arxiv_id}"
    if meta.doi:
        same_as.append(DOI_URL + meta.doi)
    if same_as:
        article["sameAs"] = same_as if len(same_as) > 1 else same_as[0]
    if meta.venue:
        article["isPartOf"] = {"@type": "PublicationIssue", "name": meta.venue.label}
    return {"citation": citation, "og_url": url, "jsonld": script_json(article)}


def newest(papers: Iterable[Paper], limit: int) -> list[Paper]:
    """Newest in the catalog first (by first-seen date); papers added together in id order."""
    return sorted(papers, key=lambda paper: (_negated_date(paper.first_seen), paper.id))[:limit]


def _negated_date(iso_date: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in iso_date.split("-")) if iso_date else (0,)


def atom_feed(
    catalog: Catalog, papers, settings: SiteSettings, title: str, path: str, page: str
) -> str:
    """An Atom feed of the papers newest in the catalog; entry ids are paper URLs, dates are
    when the paper entered the catalog (the feed's news), authors are the paper's."""
    entries = newest(papers, FEED_ENTRIES)
    base = settings.site_url or "/"
    return render(
        "feed.xml.j2",
        title=title,
        subtitle=f"New papers in {settings.site_name}",
        feed_url=base + path,
        page_url=base + page,
        updated=max((paper.first_seen for paper in entries), default=FALLBACK_DATE),
        papers=entries,
        site_url=base,
        site_name=settings.site_name,
        tags_of=catalog.tags_of,
    )
