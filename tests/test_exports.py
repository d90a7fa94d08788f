"""What reference managers, feed readers and search engines read: checked with real parsers."""

import json
import re
from html.parser import HTMLParser

import bibtexparser
import feedparser

RAFTMLP = "raftmlp-how-much-can-be-done-without-attention-and-with-less-spatial-locality"
ARXIV_PAPER = "transformers-learn-in-context-by-gradient-descent"


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            key = attrs.get("name") or attrs.get("property")
            self.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_jsonld = True

    def handle_endtag(self, tag):
        self._in_jsonld = self._in_jsonld and tag != "script"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)


def head_of(site, paper_id):
    parser = HeadParser()
    parser.feed((site / "papers" / paper_id / "index.html").read_text())
    return parser


def test_citation_meta_tags_match_the_paper(real_build):
    for paper_id in (RAFTMLP, ARXIV_PAPER):
        paper = real_build.load.catalog.paper(paper_id)
        head = head_of(real_build.site_dir, paper_id)
        meta = paper.metadata
        assert head.meta["citation_title"] == [paper.title]
        assert head.meta["citation_abstract"] == [paper.abstract]
        assert head.meta.get("citation_author", []) == list(meta.authors)
        names = [real_build.load.catalog.tag_by_id[t].name for t in paper.tags]
        assert head.meta["citation_keywords"] == ["; ".join(names)]
        assert head.meta["og:title"] == [paper.title]
        assert head.meta["citation_arxiv_id"] == [paper.arxiv_id]
        assert head.meta["citation_pdf_url"] == [f"https://arxiv.org/pdf/{paper.arxiv_id}"]
        # The paper's own date, never the day it entered the catalog.
        dates = [meta.published.iso.replace("-", "/")] if meta.published else []
        assert head.meta.get("citation_publication_date", []) == dates


def test_no_page_states_the_first_seen_date_as_a_publication_date(real_build):
    site = real_build.site_dir
    for paper in real_build.load.catalog.papers:
        head = head_of(site, paper.id)
        dates = head.meta.get("citation_publication_date", [])
        [block] = head.jsonld
        published = json.loads(block).get("datePublished")
        if paper.metadata.published is None:
            assert dates == [] and published is None, paper.id
        else:
            assert dates == [paper.metadata.published.iso.replace("-", "/")], paper.id
            assert published == paper.metadata.published.iso


def test_publication_dates_agree_with_arxiv_ids(real_build):
    """An arXiv id's YYMM is the month it was assigned: the first version is dated that
    month, or in the last days of the month before."""
    for paper in real_build.load.catalog.papers:
        published, arxiv_id = paper.metadata.published, paper.arxiv_id
        if not (published and arxiv_id and arxiv_id[:4].isdigit()):
            continue
        year, month = 2000 + int(arxiv_id[:2]), int(arxiv_id[2:4])
        before = (year, month - 1) if month > 1 else (year - 1, 12)
        if (published.year, published.month) == before:
            assert (published.day or 31) >= 20, paper.id
        else:
            assert (published.year, published.month or month) == (year, month), paper.id


def test_json_ld_describes_the_scholarly_article(real_build):
    paper = real_build.load.catalog.paper(ARXIV_PAPER)
    [block] = head_of(real_build.site_dir, ARXIV_PAPER).jsonld
    article = json.loads(block)
    assert article["@type"] == "ScholarlyArticle"
    assert article["headline"] == paper.title
    assert "abstract" not in article  # the page and citation_abstract carry it once each
    assert article["identifier"] == f"arXiv:{paper.arxiv_id}"
    assert article["url"].endswith(f"papers/{ARXIV_PAPER}/")
    assert [author["name"] for author in article.get("author", [])] == list(paper.metadata.authors)
    assert article["sameAs"] == f"https://arxiv.org/abs/{paper.arxiv_id}"


def test_papers_bib_parses_with_one_entry_per_paper(real_build):
    library = bibtexparser.parse_string((real_build.site_dir / "papers.bib").read_text())
    assert library.failed_blocks == []
    assert len({entry.key for entry in library.entries}) == len(real_build.load.catalog.papers)
    [arxiv] = [
        entry
        for entry in library.entries
        if "eprint" in entry.fields_dict and entry["eprint"] == "2212.07677"
    ]
    assert arxiv["title"] == "{Transformers learn in-context by gradient descent}"
    assert arxiv["archivePrefix"] == "arXiv"


def paper_with(title="A Title", **metadata):
    from generator.model import Evidence, Metadata, Paper, PublicationDate, Venue

    if isinstance(metadata.get("published"), str):
        metadata["published"] = PublicationDate.parse(metadata["published"])
    if isinstance(metadata.get("venue"), tuple):
        metadata["venue"] = Venue(*metadata["venue"])
    evidence = dict.fromkeys(metadata, Evidence("test", "https://example.org/", "abstract", 0.9))
    return Paper("p", title, "An abstract.", (), metadata=Metadata(**metadata, evidence=evidence))


def test_bibtex_escapes_special_characters():
    from generator.exports import bibtex_entry
    from generator.settings import SiteSettings

    entry = bibtex_entry(paper_with("50% of {X} & $Y_1$ #2"), "key", SiteSettings())
    library = bibtexparser.parse_string(entry)
    assert library.failed_blocks == []
    assert library.entries[0]["title"] == (
        r"{50{\%} of {\textbraceleft}X{\textbraceright} {\&} {\$}Y{\_}1{\$} {\#}2}"
    )


def test_bibtex_writes_unicode_as_latex_that_pdflatex_reads():
    from generator.exports import bibtex_entry
    from generator.settings import SiteSettings

    entry = bibtex_entry(
        paper_with("\u03b3-MoD and \u03bc-Transfer \u4e2d", authors=("Andr\u00e9 M\u00fcller",)),
        "k",
        SiteSettings(),
    )
    assert entry.isascii()
    assert r"{\ensuremath{\gamma}}-MoD and {\ensuremath{\mu}}-Transfer" in entry
    assert r"author = {Andr{\'e} M{\"u}ller}" in entry


def test_bibtex_entry_type_follows_the_venue():
    from generator.exports import bibtex_entry
    from generator.settings import SiteSettings

    settings = SiteSettings(site_url="https://x.org/")
    conference = bibtex_entry(
        paper_with(
            authors=("Ada Lovelace",),
            published="2021-08-09",
            venue=("ICLR", 2022, "conference"),
            arxiv_id="2108.04384",
        ),
        "k",
        settings,
    )
    assert conference == (
        "@inproceedings{k,\n  title = {{A Title}},\n  author = {Ada Lovelace},\n"
        "  booktitle = {ICLR 2022},\n  year = {2022},\n  eprint = {2108.04384},\n"
        "  archivePrefix = {arXiv},\n  url = {https://arxiv.org/abs/2108.04384}\n}"
    )
    journal = bibtex_entry(
        paper_with(
            authors=("Ada Lovelace",),
            published="2021-08",
            venue=("Nature", None, "journal"),
            doi="10.1/x",
        ),
        "k",
        settings,
    )
    assert journal.startswith("@article{k,") and "journal = {Nature}" in journal
    assert "year = {2021}" in journal and "month = aug," in journal  # the macro: "August"
    assert "doi = {10.1/x}" in journal and "url = {https://doi.org/10.1/x}" in journal
    preprint = bibtex_entry(paper_with(published="2020"), "k", settings)
    assert preprint == (
        "@misc{k,\n  title = {{A Title}},\n  year = {2020},\n  url = {https://x.org/papers/p/},\n"
        "  key = {k}\n}"
    )


def test_bibtex_keys_are_family_year_word_and_unique():
    from dataclasses import replace

    from generator.exports import bibtex_keys

    a = replace(
        paper_with("The Attention Model", authors=("Ashish Vaswani",), published="2017-06"), id="a"
    )
    b = replace(a, id="b")
    c = replace(paper_with("On Nothing"), id="c")
    assert bibtex_keys([b, a, c]) == {
        "a": "vaswani2017attention",
        "b": "vaswani2017attentionb",
        "c": "anonnothing",
    }


def test_csl_item_is_what_citeproc_reads():
    from generator.exports import csl_item
    from generator.settings import SiteSettings

    item = csl_item(
        paper_with(
            authors=("Ada King Lovelace", "Plato"),
            published="2021-08",
            venue=("CVPR", 2022, "conference"),
            arxiv_id="2108.04384",
            doi="10.1/x",
        ),
        "k",
        SiteSettings(),
    )
    assert item == {
        "id": "k",
        "type": "paper-conference",
        "title": "A Title",
        "author": [{"family": "Lovelace", "given": "Ada King"}, {"literal": "Plato"}],
        "issued": {"date-parts": [[2021, 8]]},
        "container-title": "CVPR 2022",
        "DOI": "10.1/x",
        "number": "arXiv:2108.04384",
        "URL": "https://arxiv.org/abs/2108.04384",
        "abstract": "An abstract.",
    }


def test_head_metadata_states_only_known_facts():
    from generator.exports import head_metadata
    from generator.model import Catalog
    from generator.settings import SiteSettings

    unknown = paper_with()
    meta = head_metadata(unknown, Catalog((unknown,)), SiteSettings())
    assert [name for name, _ in meta["citation"]] == ["citation_title", "citation_abstract"]
    assert "datePublished" not in json.loads(meta["jsonld"]) and "author" not in json.loads(
        meta["jsonld"]
    )
    known = paper_with(
        authors=("A B", "C D"),
        published="2021-08-09",
        venue=("TMLR", None, "journal"),
        doi="10.1/x",
    )
    meta = head_metadata(known, Catalog((known,)), SiteSettings())
    assert meta["citation"][:6] == [
        ("citation_title", "A Title"),
        ("citation_author", "A B"),
        ("citation_author", "C D"),
        ("citation_publication_date", "2021/08/09"),
        ("citation_journal_title", "TMLR"),
        ("citation_doi", "10.1/x"),
    ]
    assert json.loads(meta["jsonld"])["sameAs"] == "https://doi.org/10.1/x"


def test_feed_lists_newest_in_the_catalog_first_with_authors():
    from dataclasses import replace

    from generator.exports import atom_feed
    from generator.model import Catalog
    from generator.settings import SiteSettings

    old = replace(paper_with("Old", authors=("A B",)), id="old", first_seen="2024-01-02")
    new = replace(paper_with("New", authors=("C D", "E F")), id="new", first_seen="2024-03-01")
    same_day = replace(paper_with("Also new"), id="also", first_seen="2024-03-01")
    catalog = Catalog((old, new, same_day))
    feed = feedparser.parse(atom_feed(catalog, catalog.papers, SiteSettings(), "t", "feed.xml", ""))
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Also new", "New", "Old"]
    assert [a.name for a in feed.entries[1].authors] == ["C D", "E F"]
    assert feed.entries[0].published == "2024-03-01T00:00:00Z"


def test_feed_stays_well_formed_with_control_characters():
    from dataclasses import replace
    from xml.dom import minidom

    from generator.exports import atom_feed
    from generator.model import Catalog
    from generator.settings import SiteSettings

    paper = replace(
        paper_with("Bad\x01 \x0b title <&>", authors=("A\x02 B",)), first_seen="2024-01-01"
    )
    catalog = Catalog((paper,))
    text = atom_feed(catalog, catalog.papers, SiteSettings(), "t\x03", "feed.xml", "")
    minidom.parseString(text.encode())  # raises on invalid XML
    assert "Bad\ufffd \ufffd title &lt;&amp;&gt;" in text


def test_catalog_feed_parses_with_stable_ids_and_dates(real_build):
    feed = feedparser.parse((real_build.site_dir / "feed.xml").read_text())
    assert not feed.bozo
    assert 0 < len(feed.entries) <= 100
    paper_urls = {p.url for p in real_build.load.catalog.papers}
    for entry in feed.entries:
        assert any(entry.id.endswith(url) for url in paper_urls)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", entry.published)


def test_every_tag_has_a_feed_linked_from_its_page(real_build):
    site = real_build.site_dir
    for tag in real_build.load.catalog.tags:
        feed = feedparser.parse((site / "tags" / tag.id / "feed.xml").read_text())
        assert not feed.bozo
        assert len(feed.entries) == min(100, len(real_build.load.catalog.papers_with(tag.id)))
        page = (site / "tags" / tag.id / "index.html").read_text()
        assert 'type="application/atom+xml"' in page and "feed.xml" in page


def test_paper_page_has_related_papers_links_and_cite(real_build):
    page = (real_build.site_dir / "papers" / RAFTMLP / "index.html").read_text()
    assert 'id="related-papers"' in page and "Shared tags:" in page
    assert "https://www.semanticscholar.org/search?q=RaftMLP" in page
    assert "@inproceedings{" in page or "@misc{" in page or "@article{" in page
    related = real_build.load.catalog.related[RAFTMLP]
    for item in related:
        assert f"../{item.paper_id}/" in page


def test_the_pdf_is_the_given_one_or_arxivs():
    from generator.exports import pdf_url

    assert pdf_url(paper_with(pdf_url="https://x.org/a.pdf", arxiv_id="2108.04384")) == (
        "https://x.org/a.pdf"
    )
    assert pdf_url(paper_with(arxiv_id="2108.04384")) == "https://arxiv.org/pdf/2108.04384"
    assert pdf_url(paper_with()) is None


def test_the_export_of_a_paper_has_every_field_in_the_documented_order():
    from dataclasses import replace

    from generator.exports import EXPORT_FIELDS, paper_export
    from generator.model import Record

    known = replace(
        paper_with(
            authors=("A B",),
            published="2021-08",
            venue=("ICLR", 2022, "conference"),
            arxiv_id="2108.04384",
            doi="10.1/x",
            code_url="https://c",
        ),
        records=(Record("001_a.txt", 3, "A Title", None), Record("002_b.txt", 9, None, "x")),
        tags=("t1", "t2"),
        topics=("o",),
        former_ids=("old",),
        first_seen="2024-05-06",
    )
    exported = paper_export(known)
    assert list(exported) == [name for name, _, _ in EXPORT_FIELDS]
    evidence = {"source": "test", "url": "https://example.org/", "match": "abstract", "score": 0.9}
    assert exported == {
        "id": "p",
        "title": "A Title",
        "title_derived": False,
        "abstract": "An abstract.",
        "url": "papers/p/",
        "tags": ["t1", "t2"],
        "topics": ["o"],
        "arxiv_id": "2108.04384",
        "doi": "10.1/x",
        "authors": ["A B"],
        "published": "2021-08",
        "venue": {"name": "ICLR", "year": 2022, "type": "conference"},
        "pdf_url": "https://arxiv.org/pdf/2108.04384",
        "code_url": "https://c",
        "provenance": dict.fromkeys(
            ["arxiv_id", "authors", "code_url", "doi", "published", "venue"], evidence
        ),
        "sources": [{"file": "001_a.txt", "line": 3}, {"file": "002_b.txt", "line": 9}],
        "former_ids": ["old"],
        "first_seen": "2024-05-06",
    }
    unknown = paper_export(paper_with())
    assert [name for name, value in unknown.items() if value not in (None, [], {})] == [
        "id",
        "title",
        "title_derived",
        "abstract",
        "url",
        "first_seen",
    ]


def test_papers_json_is_one_paper_per_line_sorted_by_id():
    from dataclasses import replace

    from generator.exports import papers_json
    from generator.model import Catalog

    b, a = replace(paper_with("B \u00e9"), id="b"), replace(paper_with("A"), id="a")
    text = papers_json(Catalog((b, a)))
    lines = text.split("\n")
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 4
    assert lines[1].startswith('{"id": "a",') and lines[1].endswith("},")
    assert lines[2].startswith('{"id": "b", "title": "B \u00e9",')
    assert [paper["id"] for paper in json.loads(text)] == ["a", "b"]
    assert papers_json(Catalog(())) == "[]"


def test_citation_keys_skip_small_words_and_count_clashes():
    from dataclasses import replace

    from generator.exports import bibtex_keys

    papers = [
        replace(paper_with("On the Attention", authors=("Jean de la Fontaine",)), id=paper_id)
        for paper_id in ("c", "a", "b")
    ] + [
        replace(paper_with("The of and", authors=("",)), id="d"),
        replace(paper_with("\u00c9t\u00e9 Models", authors=("Ren\u00e9 D\u00fcrr",)), id="e"),
    ]
    assert bibtex_keys(papers) == {
        "a": "fontaineattention",
        "b": "fontaineattentionb",
        "c": "fontaineattentionc",
        "d": "anonymouspaper",
        "e": "durrete",
    }


def test_the_year_of_an_entry_is_the_venues_and_the_month_only_with_that_year():
    from generator.exports import bibtex_entry
    from generator.settings import SiteSettings

    settings = SiteSettings()
    later = bibtex_entry(
        paper_with(published="2021-08-09", venue=("ICLR", 2022, "conference")), "k", settings
    )
    assert "  year = {2022},\n" in later and "month" not in later
    same = bibtex_entry(
        paper_with(published="2022-03", venue=("ICLR", 2022, "workshop")), "k", settings
    )
    assert same.startswith("@inproceedings{k,") and "  year = {2022},\n  month = jan" not in same
    assert "  booktitle = {ICLR 2022},\n  year = {2022},\n  month = mar,\n" in same
    december = bibtex_entry(paper_with(published="2020-12"), "k", settings)
    assert "  year = {2020},\n  month = dec,\n" in december
    undated = bibtex_entry(paper_with(venue=("Nature", None, "journal")), "k", settings)
    assert "year" not in undated and undated.startswith("@article{k,")


def test_an_entry_links_arxiv_then_the_doi_then_the_page_if_latex_can_print_it():
    from generator.exports import bibtex_entry
    from generator.settings import SiteSettings

    site = SiteSettings(site_url="https://x.org/")
    assert "  url = {https://doi.org/10.1/x-y},\n" in bibtex_entry(
        paper_with(doi="10.1/x-y"), "k", site
    )
    assert "url" not in bibtex_entry(paper_with(doi="10.1/x_y%"), "k", site)
    assert "  doi = {10.1/x{\\_}y{\\%}},\n" in bibtex_entry(paper_with(doi="10.1/x_y%"), "k", site)
    assert "url" not in bibtex_entry(paper_with(), "k", SiteSettings())
    authored = bibtex_entry(paper_with(authors=("A B",)), "k", SiteSettings())
    assert authored == "@misc{k,\n  title = {{A Title}},\n  author = {A B}\n}"


def test_authors_are_joined_by_and():
    from generator.exports import bibtex_entry
    from generator.settings import SiteSettings

    entry = bibtex_entry(
        paper_with(authors=("Ada Lovelace", "Lovelace, Ada", "Plato")), "k", SiteSettings()
    )
    assert entry == (
        "@misc{k,\n  title = {{A Title}},\n  author = {Ada Lovelace and {Lovelace, Ada} and Plato}\n}"
    )


def test_a_first_author_with_no_latin_letter_makes_an_anonymous_key():
    from generator.exports import bibtex_keys

    paper = paper_with("On Graphs", authors=("\u674e \u534e", "Ada Lovelace"), published="2021")
    assert bibtex_keys([paper]) == {"p": "anon2021graphs"}


def test_names_bibtex_would_cut_apart_are_kept_whole():
    from generator.exports import bibtex_name

    assert bibtex_name("Ada Lovelace") == "Ada Lovelace"
    assert bibtex_name("Lovelace, Ada") == "{Lovelace, Ada}"
    assert bibtex_name("Research and Development") == "{Research and Development}"
    assert bibtex_name("Tom AND Jerry") == "{Tom AND Jerry}"
    assert bibtex_name("Alexandra Anderson") == "Alexandra Anderson"
    assert bibtex_name("Ren\u00e9 Descartes") == "Ren{\\'e} Descartes"


def test_papers_bib_has_an_entry_per_paper_with_unique_keys():
    from dataclasses import replace

    from generator.exports import papers_bib
    from generator.model import Catalog
    from generator.settings import SiteSettings

    a, b = replace(paper_with(), id="a"), replace(paper_with(), id="b")
    assert papers_bib(Catalog((a, b)), SiteSettings()) == (
        "@misc{anontitle,\n  title = {{A Title}},\n  key = {anontitle}\n}\n\n"
        "@misc{anontitleb,\n  title = {{A Title}},\n  key = {anontitleb}\n}\n"
    )


def test_csl_items_of_journal_articles_preprints_and_pages():
    from dataclasses import replace

    from generator.exports import csl_item, csl_json, papers_csl
    from generator.model import Catalog
    from generator.settings import SiteSettings

    site = SiteSettings(site_url="https://x.org/")
    journal = csl_item(paper_with(venue=("Nature", 2020, "journal")), "k", site)
    assert journal == {
        "id": "k",
        "type": "article-journal",
        "title": "A Title",
        "container-title": "Nature",
        "URL": "https://x.org/papers/p/",
        "abstract": "An abstract.",
    }
    preprint = csl_item(replace(paper_with(arxiv_id="2108.04384"), abstract=""), "k", site)
    assert preprint == {
        "id": "k",
        "type": "article",
        "title": "A Title",
        "number": "arXiv:2108.04384",
        "URL": "https://arxiv.org/abs/2108.04384",
        "publisher": "arXiv",
    }
    two_words = csl_item(paper_with(authors=("Ada Lovelace",)), "k", SiteSettings())
    assert two_words["author"] == [{"family": "Lovelace", "given": "Ada"}]
    workshop = csl_item(paper_with(venue=("W", None, "workshop")), "k", SiteSettings())
    assert (workshop["type"], workshop["container-title"]) == ("paper-conference", "W")
    assert "URL" not in workshop
    assert csl_json([{"b": 1, "a": "\u00e9"}]) == '[\n {\n  "a": "\u00e9",\n  "b": 1\n }\n]\n'
    catalog = Catalog((replace(paper_with(), id="a"), replace(paper_with(), id="b")))
    assert [item["id"] for item in json.loads(papers_csl(catalog, site))] == [
        "anontitle",
        "anontitleb",
    ]


def test_head_metadata_of_a_conference_preprint_with_tags():
    from dataclasses import replace

    from generator.exports import head_metadata
    from generator.model import Catalog, Tag
    from generator.settings import SiteSettings

    paper = replace(
        paper_with(venue=("ICLR", 2022, "conference"), arxiv_id="2108.04384", doi="10.1/x"),
        tags=("t2", "t1"),
    )
    tags = (Tag("t1", "One", "", ()), Tag("t2", "Two & more", "", ()))
    site = SiteSettings(site_url="https://x.org/")
    meta = head_metadata(paper, Catalog((paper,), tags=tags), site)
    assert meta["citation"] == [
        ("citation_title", "A Title"),
        ("citation_conference_title", "ICLR 2022"),
        ("citation_doi", "10.1/x"),
        ("citation_arxiv_id", "2108.04384"),
        ("citation_pdf_url", "https://arxiv.org/pdf/2108.04384"),
        ("citation_abstract", "An abstract."),
        ("citation_keywords", "Two & more; One"),
    ]
    assert meta["og_url"] == "https://x.org/papers/p/"
    assert json.loads(meta["jsonld"]) == {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": "A Title",
        "name": "A Title",
        "keywords": ["Two & more", "One"],
        "url": "https://x.org/papers/p/",
        "identifier": "arXiv:2108.04384",
        "sameAs": ["https://arxiv.org/abs/2108.04384", "https://doi.org/10.1/x"],
        "isPartOf": {"@type": "PublicationIssue", "name": "ICLR 2022"},
    }
    assert "<" not in meta["jsonld"] and "&" not in meta["jsonld"]
    authored = paper_with(authors=("A B", "C D"), published="2021-08")
    article = json.loads(head_metadata(authored, Catalog((authored,)), site)["jsonld"])
    assert article["author"] == [
        {"@type": "Person", "name": "A B"},
        {"@type": "Person", "name": "C D"},
    ]
    assert article["datePublished"] == "2021-08"
    assert head_metadata(paper, Catalog((paper,)), SiteSettings())["og_url"] == "papers/p/"


def dated(paper_id, first_seen):
    from dataclasses import replace

    return replace(paper_with(paper_id), id=paper_id, first_seen=first_seen)


def test_newest_first_then_by_id_and_undated_last():
    from generator.exports import newest

    papers = [
        dated("undated", ""),
        dated("old", "2023-12-31"),
        dated("b", "2024-03-01"),
        dated("a", "2024-03-01"),
        dated("feb", "2024-02-28"),
        dated("march-2023", "2023-03-30"),
    ]
    assert [p.id for p in newest(papers, 10)] == [
        "a",
        "b",
        "feb",
        "old",
        "march-2023",
        "undated",
    ]
    assert [p.id for p in newest(papers, 2)] == ["a", "b"]


def test_a_feed_is_updated_with_its_newest_entry_and_links_absolute_urls():
    from generator.exports import atom_feed
    from generator.model import Catalog
    from generator.settings import SiteSettings

    papers = (dated("a", "2024-01-05"), dated("b", "2024-03-01"))
    site = SiteSettings(site_name="Cat", site_url="https://x.org/")
    feed = feedparser.parse(
        atom_feed(Catalog(papers), papers, site, "T", "tags/t/feed.xml", "tags/t/")
    )
    assert feed.feed.updated == "2024-03-01T00:00:00Z"
    assert feed.feed.id == "https://x.org/tags/t/feed.xml"
    assert feed.feed.link == "https://x.org/tags/t/"
    assert feed.feed.subtitle == "New papers in Cat"
    assert [entry.id for entry in feed.entries] == [
        "https://x.org/papers/b/",
        "https://x.org/papers/a/",
    ]
    assert feed.entries[0].author == "Cat"  # no authors known: the site speaks
    empty = feedparser.parse(atom_feed(Catalog(()), (), SiteSettings(), "T", "feed.xml", ""))
    assert empty.feed.updated == "2024-01-01T00:00:00Z" and empty.feed.id == "/feed.xml"


def test_a_feed_lists_at_most_feed_entries():
    from generator.exports import atom_feed
    from generator.model import Catalog
    from generator.settings import FEED_ENTRIES, SiteSettings

    papers = tuple(dated(f"p{i:03d}", "2024-01-01") for i in range(FEED_ENTRIES + 1))
    feed = feedparser.parse(atom_feed(Catalog(papers), papers, SiteSettings(), "T", "f", ""))
    assert len(feed.entries) == FEED_ENTRIES
    assert feed.entries[-1].id == f"/papers/p{FEED_ENTRIES - 1:03d}/"
