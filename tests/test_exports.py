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
        assert head.meta["citation_title"] == [paper.title]
        assert head.meta["citation_abstract"] == [paper.abstract]
        names = [real_build.load.catalog.tag_by_id[t].name for t in paper.tags]
        assert head.meta["citation_keywords"] == ["; ".join(names)]
        assert head.meta["og:title"] == [paper.title]
        if paper.arxiv_id:
            assert head.meta["citation_arxiv_id"] == [paper.arxiv_id]
            assert head.meta["citation_pdf_url"] == [f"https://arxiv.org/pdf/{paper.arxiv_id}"]
        else:
            assert "citation_arxiv_id" not in head.meta


def test_json_ld_describes_the_scholarly_article(real_build):
    paper = real_build.load.catalog.paper(ARXIV_PAPER)
    [block] = head_of(real_build.site_dir, ARXIV_PAPER).jsonld
    article = json.loads(block)
    assert article["@type"] == "ScholarlyArticle"
    assert article["headline"] == paper.title
    assert article["abstract"] == paper.abstract
    assert article["identifier"] == f"arXiv:{paper.arxiv_id}"
    assert article["url"].endswith(f"papers/{ARXIV_PAPER}/")


def test_papers_bib_parses_with_one_entry_per_paper(real_build):
    library = bibtexparser.parse_string((real_build.site_dir / "papers.bib").read_text())
    assert library.failed_blocks == []
    entries = {entry.key: entry for entry in library.entries}
    assert len(entries) == len(real_build.load.catalog.papers)
    arxiv = entries[ARXIV_PAPER]
    assert arxiv["eprint"] == "2212.07677"
    assert arxiv["title"] == "{Transformers learn in-context by gradient descent}"


def test_bibtex_escapes_special_characters():
    from generator.model import Paper
    from generator.render import SiteSettings, bibtex_entry

    entry = bibtex_entry(Paper("p", "50% of {X} & $Y_1$ #2", "", ()), SiteSettings())
    library = bibtexparser.parse_string(entry)
    assert library.failed_blocks == []
    assert library.entries[0]["title"] == r"{50\% of \{X\} \& \$Y\_1\$ \#2}"


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


def test_feed_dates_do_not_change_between_builds(real_build, tmp_path):
    from conftest import REAL_SEEDS

    from generator.pipeline import load_catalog
    from generator.render import SiteSettings, atom_feed

    catalog = load_catalog(REAL_SEEDS).catalog
    first = atom_feed(catalog, catalog.papers, SiteSettings(), "t", "feed.xml", "")
    second = atom_feed(catalog, catalog.papers, SiteSettings(), "t", "feed.xml", "")
    assert first == second


def test_paper_page_has_related_papers_links_and_cite(real_build):
    page = (real_build.site_dir / "papers" / RAFTMLP / "index.html").read_text()
    assert 'id="related-papers"' in page and "Shared tags:" in page
    assert "https://www.semanticscholar.org/search?q=RaftMLP" in page
    assert "@misc{" + RAFTMLP in page
    related = real_build.load.catalog.related[RAFTMLP]
    for item in related:
        assert f"../{item.paper_id}/" in page
