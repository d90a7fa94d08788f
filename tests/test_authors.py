"""Author names joined into people, and their pages."""

import re

from generator.authors import display_name, index_authors, name_key
from generator.model import Catalog, Metadata, Paper


def paper(paper_id, *authors, published=None):
    return Paper(paper_id, f"Title {paper_id}", "", (), metadata=Metadata(authors=authors))


def test_display_name_turns_family_given_around():
    assert display_name("Zhang,  Richard") == "Richard Zhang"
    assert display_name("Richard  Zhang") == "Richard Zhang"
    assert display_name("King, Jr.") == "King, Jr."  # a suffix, not a given name
    assert display_name("A, B, C") == "A, B, C"  # not one comma: left as written


def test_name_key_drops_accents_and_middle_names():
    assert name_key("Richárd Y. Zhang") == name_key("Richard Zhang") == ("richard", "zhang")
    assert name_key("R. Zhang") == ("r", "zhang")
    assert name_key("Plato") == ("", "plato")


def test_spellings_of_one_name_are_one_author():
    authors = index_authors(
        [
            paper("a", "Richard Zhang"),
            paper("b", "Richárd Y. Zhang"),
            paper("c", "Richard Zhang", "Ada Lovelace"),
        ]
    )
    assert [(a.id, a.name, a.paper_ids, a.variants) for a in authors] == [
        ("ada-lovelace", "Ada Lovelace", ("c",), ()),
        ("richard-zhang", "Richard Zhang", ("a", "b", "c"), ("Richárd Y. Zhang",)),
    ]


def test_an_initial_joins_the_one_full_name_that_fits_it():
    one = index_authors([paper("a", "Richard Zhang"), paper("b", "R. Zhang")])
    assert [(a.name, a.paper_ids) for a in one] == [("Richard Zhang", ("a", "b"))]
    # Two people fit "R. Zhang": it stays on its own rather than joining either.
    two = index_authors(
        [paper("a", "Richard Zhang"), paper("b", "Robert Zhang"), paper("c", "R. Zhang")]
    )
    assert [(a.name, a.paper_ids) for a in two] == [
        ("R. Zhang", ("c",)),
        ("Richard Zhang", ("a",)),
        ("Robert Zhang", ("b",)),
    ]


def test_most_used_spelling_is_shown_and_ids_stay_unique():
    authors = index_authors(
        [paper("a", "José García"), paper("b", "Jose Garcia"), paper("c", "Jose Garcia")]
    )
    assert [(a.id, a.name) for a in authors] == [("jose-garcia", "Jose Garcia")]
    # Names that compare apart ("ø" is no "o" with an accent) but slug alike get distinct
    # ids, in a stable order.
    clash = index_authors([paper("a", "Søren Østergaard"), paper("b", "Soren Ostergaard")])
    assert [(a.id, a.name) for a in clash] == [
        ("soren-ostergaard", "Soren Ostergaard"),
        ("soren-ostergaard-2", "Søren Østergaard"),
    ]


def test_an_author_whose_id_would_be_a_listing_page_gets_a_number():
    # authors/a/ lists the family names under A, authors/index/ is the overview
    authors = index_authors([paper("a", "A"), paper("b", "Index"), paper("c", "Other", "Ab")])
    assert [a.id for a in authors] == ["a-2", "ab", "index-2", "other-2"]


def test_catalog_maps_each_name_on_a_paper_to_its_author():
    papers = (paper("a", "Richard Zhang"), paper("b", "Richárd Y. Zhang", "Plato"))
    catalog = Catalog(papers, authors=index_authors(papers))
    # A tie in use goes to the longest spelling: the most complete name is shown.
    assert [(name, author.id) for name, author in catalog.authors_of(papers[1])] == [
        ("Richárd Y. Zhang", "richard-y-zhang"),
        ("Plato", "plato"),
    ]


def test_every_author_name_on_a_paper_page_links_to_an_author_page(real_build):
    site = real_build.site_dir
    link = re.compile(r'<p class="paper-authors">(.*?)</p>', re.S)
    linked = 0
    for paper in real_build.load.catalog.papers:
        page = (site / "papers" / paper.id / "index.html").read_text(encoding="utf-8")
        found = link.search(page)
        assert bool(found) == bool(paper.metadata.authors), paper.id
        if not found:
            continue
        hrefs = re.findall(r'href="\.\./\.\./authors/([^/"]+)/"', found.group(1))
        assert len(hrefs) == len(paper.metadata.authors), paper.id
        for author_id in hrefs:
            assert (site / "authors" / author_id / "index.html").exists(), author_id
        linked += len(hrefs)
    assert linked > 0
