"""Whatever the text, every output stays well-formed and shows the text as written:
Atom XML, JSON, CSL-JSON, BibTeX, YAML front matter, Markdown and HTML, JSON in <script>.
Property-based: hypothesis writes the texts (control characters, markup, any script)."""

import json
import re
from dataclasses import replace
from xml.dom import minidom

import bibtexparser
import markdown
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.escape import CONTROL, XML_INVALID, front_matter, md, script_json
from generator.exports import atom_feed, bibtex_entry, csl_item, csl_json, papers_json
from generator.model import Catalog, Metadata, Paper, PublicationDate, Record
from generator.settings import SiteSettings

# Any character, and the ones that break formats most often, more often.
PIECES = [
    *"<>&\"'{}\\%$#_^~`*[]|\x00\x01\x0b\x1f\x7f\u2028\ufffe",
    "]]>",
    "-->",
    "</script>",
    "\r\n",
    "&amp;",
]
TEXT = st.lists(st.one_of(st.characters(codec="utf-8"), st.sampled_from(PIECES)), max_size=40).map(
    "".join
)
# As in mkdocs.yml: the ones that give text a meaning (attributes, HTML blocks, notes).
MKDOCS_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "pymdownx.superfences"]
NAME = TEXT.filter(lambda text: text.strip())


def paper_of(title, abstract, authors):
    return Paper(
        "p",
        title,
        abstract,
        (Record("001_a.txt", 3, title, abstract),),
        metadata=Metadata(authors=tuple(authors), published=PublicationDate(2021, 8)),
        first_seen="2024-01-01",
    )


def visible(text):
    """What a reader can be shown of a text: one line, no characters formats cannot hold."""
    return " ".join(XML_INVALID.sub("\ufffd", text).split())


@settings(max_examples=150, deadline=None)
@given(TEXT, TEXT, st.lists(NAME, max_size=3))
def test_atom_feed_is_well_formed_xml_with_the_text(title, abstract, authors):
    paper = paper_of(title, abstract, authors)
    catalog = Catalog((paper,))
    feed = atom_feed(catalog, catalog.papers, SiteSettings(site_name=title), title, "f", "")
    document = minidom.parseString(feed.encode("utf-8"))
    [entry] = document.getElementsByTagName("entry")
    shown = entry.getElementsByTagName("title")[0].firstChild
    assert " ".join((shown.data if shown else "").split()) == visible(title)


@settings(max_examples=150, deadline=None)
@given(TEXT, TEXT, st.lists(NAME, max_size=3))
def test_json_exports_round_trip(title, abstract, authors):
    paper = paper_of(title, abstract, authors)
    [exported] = json.loads(papers_json(Catalog((paper,))))
    assert (exported["title"], exported["abstract"], exported["authors"]) == (
        title,
        abstract,
        authors,
    )
    [item] = json.loads(csl_json([csl_item(paper, "k", SiteSettings())]))
    assert item["title"] == title


@settings(max_examples=150, deadline=None)
@given(TEXT, st.lists(NAME, max_size=3))
def test_bibtex_entry_parses_as_one_entry_with_balanced_braces(title, authors):
    entry = bibtex_entry(paper_of(title, "", authors), "key", SiteSettings())
    assert entry.isascii()  # LaTeX-encoded: pdflatex needs no Unicode set-up
    depth = 0
    for char in re.sub(r"\\[{}]", "", entry):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    library = bibtexparser.parse_string(entry)
    assert library.failed_blocks == [] and [e.key for e in library.entries] == ["key"]


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "description", "tags"]), TEXT))
def test_front_matter_reads_back_as_written(value):
    assert yaml.safe_load(str(front_matter(value))) == value


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_script_json_cannot_close_its_script_element(value):
    text = script_json({"name": value})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == {"name": value}


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_markdown_shows_the_text_literally(text):
    html = markdown.markdown(str(md(text)), extensions=MKDOCS_EXTENSIONS)
    shown = re.sub(r"<[^>]+>", "", html)
    import html as html_module

    expected = " ".join(CONTROL.sub(" ", text).split())
    assert " ".join(html_module.unescape(shown).split()) == expected
    assert "<script" not in html.replace("&lt;script", "")


def test_a_title_of_control_characters_still_gives_a_feed_entry():
    paper = replace(paper_of("\x00\x01", "", []), title="\x00\x01")
    feed = atom_feed(Catalog((paper,)), (paper,), SiteSettings(), "t", "f", "")
    minidom.parseString(feed.encode("utf-8"))
