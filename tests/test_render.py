"""What rendering promises: one path per page, pages where links expect them, data escaped
where it lands, links relative to the page."""

import json
import posixpath
import re
from urllib.parse import urljoin

import pytest
import yaml
from conftest import PROJECT

from generator.model import CatalogError
from generator.render import Pages
from generator.stamp import parse_page


def test_two_pages_can_never_claim_one_path():
    pages = Pages({"a.md": "A"})
    pages["b.md"] = "B"
    with pytest.raises(CatalogError) as error:
        pages.update({"c.md": "C", "b.md": "other"})
    assert str(error.value) == "b.md: error: two pages would be written to this path (rename one)"
    assert pages == {"a.md": "A", "b.md": "B", "c.md": "C"}


def test_topic_chart_is_a_list_of_links_with_bars_as_shares_of_the_longest():
    from generator.layouts import topic_chart
    from generator.model import Topic

    topics = [Topic("vision", "Vision <&>", ""), Topic("audio", "Audio", "")]
    chart = topic_chart(topics, {"vision": 8, "audio": 3})
    assert chart.count("<li>") == 2
    assert '<a href="topics/vision/"><span class="chart-label">Vision &lt;&amp;&gt;</span>' in chart
    assert 'style="--share: 100.0%"' in chart and 'style="--share: 37.5%"' in chart
    assert '8<span class="visually-hidden"> papers</span>' in chart
    assert "<svg" not in chart and 'data-roving="vertical"' in chart


def test_a_former_url_names_and_links_the_page_it_moved_to():
    import yaml

    from generator.render import redirect

    page = redirect("tags/vision-transformers/", 'Tag: "ViT" <b>')
    front = yaml.safe_load(page.split("---")[1])
    assert front == {
        "template": "redirect.html",
        "title": 'Tag: "ViT" <b>',  # raw here; overrides/redirect.html escapes it
        "url": "tags/vision-transformers/",
        "location": "../vision-transformers/",
        "search": {"exclude": True},
    }


# A small catalog whose every text carries markup, rendered once for the tests below.
HOSTILE_TITLE = "KAN <b>bold</b> *em* _u_ [l](http://x)"
HOSTILE_ABSTRACT = 'Splines on edges `c` & "q" <i>it</i>. More words about splines.'


def small_catalog():
    from generator.model import (
        Author,
        Catalog,
        Metadata,
        Paper,
        PublicationDate,
        Record,
        Tag,
        Topic,
    )
    from generator.related import relate

    topics = (
        Topic("vision", "Vision <&>", "Seeing.", former_ids=("old-vision",)),
        Topic("audio", "Audio", "Hearing."),
    )
    tags = (
        Tag(
            "kans",
            "KANs <i>",
            "Kolmogorov.",
            ("vision",),
            former_ids=("kan-old",),
            broader="mlps",
        ),
        Tag("mlps", "MLPs", "Perceptrons.", ("vision", "audio")),
        Tag("empty", "Empty", "No paper.", ("audio",)),
    )
    papers = (
        Paper(
            "kan",
            HOSTILE_TITLE,
            HOSTILE_ABSTRACT,
            (Record("001_a.txt", 3, HOSTILE_TITLE, "x"), Record("002_b.txt", 1, "KAN", "y")),
            metadata=Metadata(
                authors=("Ada Lovelace", "Alan Turing"), published=PublicationDate(2021)
            ),
            tags=("kans",),
            topics=("vision",),
            former_ids=("old-kan",),
            first_seen="2024-02-01",
        ),
        Paper(
            "mlp",
            "MLP-Mixer",
            "Splines and perceptrons for images.",
            (Record("001_a.txt", 5, "MLP-Mixer", "z"),),
            metadata=Metadata(authors=("Ada Lovelace",), published=PublicationDate(2023)),
            tags=("kans", "mlps"),
            topics=("audio", "vision"),
            first_seen="2024-03-01",
        ),
        Paper(
            "zeta",
            "\u00d6l on splines",
            "",
            (Record("003_c.txt", 1, None, "w"),),
            title_derived=True,
            first_seen="2024-01-01",
        ),
    )
    authors = (
        Author("ada-lovelace", "Ada Lovelace", ("kan", "mlp")),
        Author("alan-turing", "Alan Turing", ("kan",)),
    )
    return relate(Catalog(papers, tags, topics, authors))


def rendered():
    from generator.render import render_site
    from generator.settings import SiteSettings

    settings = SiteSettings(
        "Cat", "https://e.org/curation.yml", "https://e.org/C.md", "https://x.org/"
    )
    return render_site(small_catalog(), settings)


@pytest.fixture
def pages():
    # Rendered for each test (15 ms): mutmut credits a function to the tests that call it,
    # and a module-scoped fixture would credit every page to the first test alone.
    return rendered()


def test_every_page_has_its_path(pages):
    assert sorted(pages) == [
        "authors/ada-lovelace.md",
        "authors/alan-turing.md",
        "authors/index.md",
        "authors/l.md",
        "authors/t.md",
        "explore.json",
        "explore.md",
        "explore/dates.json",
        "explore/papers-0.json",
        "feed.xml",
        "index.md",
        "map.md",
        "papers.bib",
        "papers.csl.json",
        "papers.json",
        "papers/index.md",
        "papers/k.md",
        "papers/kan.md",
        "papers/kan/cite.json",
        "papers/m.md",
        "papers/mlp.md",
        "papers/mlp/cite.json",
        "papers/o.md",
        "papers/old-kan.md",
        "papers/zeta.md",
        "papers/zeta/cite.json",
        "tags/empty.md",
        "tags/empty/feed.xml",
        "tags/index.md",
        "tags/kan-old.md",
        "tags/kans.md",
        "tags/kans/feed.xml",
        "tags/mlps.md",
        "tags/mlps/feed.xml",
        "topics/audio.md",
        "topics/index.md",
        "topics/old-vision.md",
        "topics/vision.md",
        "untagged.md",
    ]


def test_two_papers_cannot_take_one_page():
    from dataclasses import replace

    from generator.render import render_related_pages
    from generator.settings import SiteSettings

    catalog = small_catalog()
    kan, mlp, zeta = catalog.papers
    moved = replace(catalog, papers=(kan, replace(mlp, former_ids=("kan",)), zeta))
    with pytest.raises(CatalogError, match=r"papers/kan\.md: error: two pages would be written"):
        render_related_pages(moved, SiteSettings())


def page_url(path):
    """Where MkDocs serves a page (use_directory_urls): a/b.md at a/b/, a/index.md at a/."""
    if not path.endswith(".md"):
        return path
    path = path.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return path + "/"


HTML_LINK = re.compile(r'href=\\?"([^"\\]*)\\?"')
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]*\.md)\)")


def test_every_link_leads_to_a_page_from_where_it_stands(pages):
    """Links are relative to the page's URL (HTML) or to its file (Markdown)."""
    assert_links_lead_to_pages(pages)


def test_every_link_of_listings_split_into_pages_leads_to_a_page(monkeypatch):
    """One item a page: every tag, topic and letter listing has several pages, one level
    deeper than the first, and their links still land."""
    import generator.render

    monkeypatch.setattr(generator.render, "LISTING_PER_PAGE", 1)
    pages = with_a_second_author_under_l()
    assert {"tags/kans/2.md", "topics/vision/2.md", "authors/l/2.md"} <= set(pages)
    assert_links_lead_to_pages(pages)


def with_a_second_author_under_l():
    """The pages of the small catalog with Grace Lee, before Ada Lovelace under L."""
    from dataclasses import replace

    from generator.model import Author
    from generator.render import render_site
    from generator.settings import SiteSettings

    catalog = small_catalog()
    lee = Author("grace-lee", "Grace Lee", ("mlp",))
    catalog = replace(catalog, authors=(*catalog.authors, lee))
    return render_site(catalog, SiteSettings("Cat", "", "", "https://x.org/"))


def assert_links_lead_to_pages(pages):
    urls = {page_url(path) for path in pages} | {"about/"}
    checked = 0
    for path, text in pages.items():
        if not path.endswith(".md"):
            continue
        base = "https://site/" + page_url(path)
        for href in HTML_LINK.findall(text):
            if href.startswith(("http", "#")) or not href:
                continue
            target = urljoin(base, href).removeprefix("https://site/")
            assert target.split("#")[0] in urls, f"{path}: {href}"
            checked += 1
        for link in MARKDOWN_LINK.findall(text):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link))
            assert target in pages, f"{path}: {link}"
            checked += 1
    assert checked > 40


# Front matter that overrides/*.html escape where they place it: the values stay raw.
RAW_FRONT_MATTER = ("paper: ", "feed: ")


def without_raw_front_matter(page):
    return "\n".join(line for line in page.splitlines() if not line.startswith(RAW_FRONT_MATTER))


def test_no_markup_from_the_data_reaches_a_page(pages):
    for path, text in pages.items():
        if not path.endswith(".md") or "template: redirect.html" in text:
            continue
        _, front, body = text.split("---\n", 2)
        for markup in ("<b>", "<i>", "</b>", "<&>"):
            assert markup not in without_raw_front_matter(front), f"{path}: {markup}"
            assert markup not in body, f"{path}: {markup}"
        if path.startswith("papers/") and parse_page(path, text):
            # HTML blocks, which Markdown leaves as they are: "*em*" shows as it is
            assert markdown_html(body) == parse_page(path, text).parts()[1], path
            continue
        for markdown in ("[l](http://x)", "*em*", "_u_", "`c`"):
            assert markdown not in body, f"{path}: {markdown}"
    assert "<b>" not in pages["feed.xml"] and "&lt;b&gt;" in pages["feed.xml"]


def markdown_html(body: str) -> str:
    """What MkDocs' Markdown, configured as mkdocs.yml configures it, makes of a body."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(PROJECT / "mkdocs.yml"))
    return markdown.Markdown(
        extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]
    ).convert(body)


def test_the_abstract_is_html_shown_literally_and_the_title_html(pages):
    page = pages["papers/kan.md"]
    assert (
        "\n<p>Splines on edges `c` &amp; &#34;q&#34; &lt;i&gt;it&lt;/i&gt;. More words about "
        "splines.</p>\n"
    ) in page
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["title"] == "KAN &lt;b&gt;bold&lt;/b&gt; *em* _u_ [l](http://x)"
    assert front["tags"] == ["KANs &lt;i&gt;"]
    assert front["html"]["head"].startswith(
        "<h1>KAN &lt;b&gt;bold&lt;/b&gt; *em* _u_ [l](http://x)</h1>"
    )
    assert front["paper"]["head"].startswith(
        '<meta name="citation_title" content="KAN &lt;b&gt;bold&lt;/b&gt; *em* _u_ '
        '[l](http://x)">\n'
    )
    assert (
        "<p><em>The seed files give no abstract for this paper.</em></p>" in pages["papers/zeta.md"]
    )


def test_a_paper_page_links_its_authors_tags_topics_and_related_papers(pages):
    head = yaml.safe_load(pages["papers/kan.md"].split("---\n")[1])["html"]["head"]
    assert '<a href="../../authors/ada-lovelace/">Ada Lovelace</a>' in head
    assert '<a class="md-tag" href="../../tags/kans/">KANs &lt;i&gt;</a>' in head
    assert '<a href="../../topics/vision/">Vision &lt;&amp;&gt;</a>' in head
    foot = yaml.safe_load(pages["papers/mlp.md"].split("---\n")[1])["html"]["foot"]
    assert '<li><a href="../kan/">KAN &lt;b&gt;' in foot
    assert "Shared tags: KANs &lt;i&gt;</span>" in foot
    assert '<a class="md-button" href="https://e.org/curation.yml">' in foot


def test_external_links_are_what_is_known_then_title_searches():
    from generator.model import Metadata, Paper
    from generator.render import external_links

    known = Paper(
        "p",
        "A & B",
        "",
        (),
        metadata=Metadata(arxiv_id="2108.04384", doi="10.1/x", code_url="https://c"),
    )
    assert external_links(known) == [
        ("arXiv", "https://arxiv.org/abs/2108.04384"),
        ("PDF", "https://arxiv.org/pdf/2108.04384"),
        ("DOI", "https://doi.org/10.1/x"),
        ("Code", "https://c"),
        ("arXiv search", "https://arxiv.org/search/?query=A+%26+B&searchtype=title"),
        ("Semantic Scholar", "https://www.semanticscholar.org/search?q=A+%26+B"),
        ("Google Scholar", "https://scholar.google.com/scholar?q=A+%26+B"),
    ]
    assert [label for label, _ in external_links(Paper("p", "T", "", ()))] == [
        "arXiv search",
        "Semantic Scholar",
        "Google Scholar",
    ]


def test_former_ids_redirect_to_the_page_they_became(pages):
    assert "location: ../kan/\n" in pages["papers/old-kan.md"]
    assert "location: ../kans/\n" in pages["tags/kan-old.md"]
    assert "location: ../vision/\n" in pages["topics/old-vision.md"]
    assert 'title: "Tag: KANs <i>"' in pages["tags/kan-old.md"]


def head_of(page):
    return yaml.safe_load(page.split("---\n")[1])["html"]["head"]


def test_listings_are_sorted_and_lettered(pages):
    index = head_of(pages["papers/index.md"])
    # The overview: each letter, its count and its first and last title; ids as the old
    # one-page list's headings had them, so that papers/#letter-o still finds O.
    assert index.count("<li") == 3
    assert (
        '<li id="letter-o"><a href="o/"><strong>O</strong>: 1 paper</a><br>'
        '<span class="paper-gist">\u00d6l on splines</span></li>'
    ) in index
    assert index.index('href="k/"') < index.index('href="m/"') < index.index('href="o/"')
    page = head_of(pages["papers/k.md"])
    assert page.startswith("<h1>All papers: K</h1>\n<p>1 of the 3 papers has a title that")
    assert (
        '<nav class="letter-index" aria-label="Papers by letter"><a href="../k/" '
        'aria-current="page">K</a> · <a href="../m/">M</a> · <a href="../o/">O</a></nav>'
    ) in page
    assert '<li><a href="../kan/">KAN &lt;b&gt;bold&lt;/b&gt;' in page and "MLP" not in page
    assert '<p class="letter-next"><a href="../m/">Next: M</a></p>' in page
    assert "letter-next" not in pages["papers/o.md"]  # the last letter
    assert yaml.safe_load(pages["papers/o.md"].split("---\n")[1])["title"] == "All papers: O"
    authors = head_of(pages["authors/l.md"])
    assert '<li><a href="../ada-lovelace/">Ada Lovelace</a> (2)</li>' in authors
    assert "1 of the 2 authors has a family name that starts with L." in authors
    assert '<li id="letter-t"><a href="t/"><strong>T</strong>: 1 author</a>' in head_of(
        pages["authors/index.md"]
    )
    tag = yaml.safe_load(pages["tags/kans.md"].split("---\n")[1])["html"]["head"]
    assert tag.index("../../papers/kan/") < tag.index("../../papers/mlp/")
    assert '<a href="../mlps/">MLPs</a> (1)' in tag  # often together with
    topic = pages["topics/vision.md"]
    assert topic.index("../../tags/kans/") < topic.index("../../tags/mlps/")  # most papers first


def test_a_long_tag_listing_is_split_into_pages_that_link_each_other(monkeypatch):
    import generator.render

    monkeypatch.setattr(generator.render, "LISTING_PER_PAGE", 1)
    pages = rendered()
    assert sorted(path for path in pages if path.startswith("tags/kans")) == [
        "tags/kans.md",
        "tags/kans/2.md",
        "tags/kans/feed.xml",
    ]
    first, second = head_of(pages["tags/kans.md"]), head_of(pages["tags/kans/2.md"])
    assert first.startswith("<h1>KANs &lt;i&gt;</h1>\n<p>Kolmogorov.</p>\n<p><strong>2</strong>")
    assert second.startswith("<h1>KANs &lt;i&gt;, page 2</h1>\n<p>Kolmogorov.</p>\n<p><strong>2")
    assert '<p class="listing-range">Papers 1\u20131 of 2, page 1 of 2.</p>' in first
    assert '<p class="listing-range">Papers 2\u20132 of 2, page 2 of 2.</p>' in second
    assert '<li><a href="../../papers/kan/">' in first and "papers/mlp/" not in first
    assert '<li><a href="../../../papers/mlp/">MLP-Mixer</a>' in second and "/kan/" not in second
    # links to other tags and topics from one level deeper
    assert '<strong>Narrower than:</strong> <a href="../../mlps/">MLPs</a>' in second
    assert '<a href="../../../topics/vision/">Vision &lt;&amp;&gt;</a>' in second
    # a pager above and below the list, told apart by their names
    assert (
        '<nav class="pager" aria-label="Pages of papers"><a href="../../../tags/kans/" '
        'rel="prev">Previous</a> <a href="../../../tags/kans/">1</a> '
        '<a href="../../../tags/kans/2/" aria-current="page">2</a> </nav>'
    ) in second
    assert '<nav class="pager" aria-label="Pages of papers, after the list">' in second
    assert '<a href="../../tags/kans/2/" rel="next">Next</a></nav>' in first
    front = yaml.safe_load(pages["tags/kans/2.md"].split("---\n")[1])
    assert front["title"] == "Tag: KANs &lt;i&gt;, page 2" and front["search"] == {"exclude": True}
    # the tag's feed is named by its first page (the stamp stage writes the later ones)
    assert "feed" not in front
    first_front = yaml.safe_load(pages["tags/kans.md"].split("---\n")[1])
    assert first_front["feed"] == {
        "href": "tags/kans/feed.xml",
        "title": "New papers tagged KANs <i>",
    }


def test_a_listing_of_one_page_has_no_pager_nor_range(pages):
    for path in ("tags/kans.md", "topics/vision.md", "papers/k.md", "authors/l.md"):
        assert "pager" not in pages[path] and "listing-range" not in pages[path], path
    assert "<p>No paper has this tag yet." in head_of(pages["tags/empty.md"])


def test_long_topic_and_letter_listings_are_split_into_pages(monkeypatch):
    import generator.render

    monkeypatch.setattr(generator.render, "LISTING_PER_PAGE", 1)
    pages = with_a_second_author_under_l()
    topic = head_of(pages["topics/vision/2.md"])
    assert topic.startswith("<h1>Vision &lt;&amp;&gt;, page 2</h1>")
    assert '<li><a href="../../../papers/mlp/">MLP-Mixer</a></li>' in topic
    assert '<a class="md-tag" href="../../../tags/kans/">' in topic  # its tags on every page
    authors = head_of(pages["authors/l/2.md"])
    assert authors.startswith("<h1>Authors: L, page 2</h1>\n<p>2 of the 3 authors have")
    assert '<a href="../../">All letters</a>' in authors
    assert '<a href="../../l/" aria-current="page">L</a> · <a href="../../t/">T</a>' in authors
    assert '<p class="listing-range">Authors 2\u20132 of 2, page 2 of 2.</p>' in authors
    assert "grace-lee" in pages["authors/l.md"] and "grace-lee" not in authors
    assert '<li><a href="../../ada-lovelace/">Ada Lovelace</a> (2)</li>' in authors
    # "Next: T" once the last page of L is reached
    assert "letter-next" not in pages["authors/l.md"]
    assert '<p class="letter-next"><a href="../../t/">Next: T</a></p>' in authors
    front = yaml.safe_load(pages["authors/l/2.md"].split("---\n")[1])
    assert front["title"] == "Authors: L, page 2"


def test_a_listing_page_knows_its_links_and_range():
    from generator.render import listing_pages

    pages = list(listing_pages("papers/m", "abcde", 2))
    assert [path for path, _ in pages] == ["papers/m.md", "papers/m/2.md", "papers/m/3.md"]
    _, second = pages[1]
    assert (second.number, second.count, second.items, second.start, second.total) == (
        2,
        3,
        "cd",
        2,
        5,
    )
    assert (second.root, second.folder, second.suffix) == ("../../../", "../../", ", page 2")
    assert [second.link(n) for n in (1, 3)] == ["../../../papers/m/", "../../../papers/m/3/"]
    assert second.pager == [1, 2, 3]
    _, first = pages[0]
    assert (first.root, first.folder, first.suffix, first.link(2)) == (
        "../../",
        "../",
        "",
        "../../papers/m/2/",
    )
    assert [path for path, _ in listing_pages("tags/t", "abcd", 2)] == ["tags/t.md", "tags/t/2.md"]
    [(path, empty)] = listing_pages("untagged", [], 100)
    assert path == "untagged.md" and (empty.count, empty.items, empty.total) == (1, [], 0)


def test_a_tag_page_links_its_broader_and_narrower_tags(pages):
    assert '<p><strong>Narrower than:</strong> <a href="../mlps/">MLPs</a></p>' in head_of(
        pages["tags/kans.md"]
    )
    assert (
        '<p><strong>Narrower tag:</strong> <a href="../kans/">KANs &lt;i&gt;</a> (2)</p>'
        in head_of(pages["tags/mlps.md"])
    )
    assert "Narrower" not in head_of(pages["tags/empty.md"])


def test_the_nth_point_of_the_map_is_the_paper_of_the_nth_link_of_its_list():
    """overrides/assets/catalog.js names and links the map's points from the list below it,
    by their order; the points themselves are segments of one path per topic ("M x yh0"),
    and the map holds no link."""
    from dataclasses import replace

    from generator.layouts import map_points
    from generator.render import map_pages, topic_counts, topics_by_size

    catalog = small_catalog()
    # KAN without a topic: the list (by main topic, then title) is then not in id order.
    kan, *others = catalog.papers
    catalog = replace(catalog, papers=(replace(kan, topics=()), *others))
    place = {
        point["id"]: (str(point["x"]), str(point["y"]))
        for point in map_points(catalog, topics_by_size(catalog), topic_counts(catalog))
    }
    pages = map_pages(catalog)
    assert list(pages) == ["map.md"]  # a list, no files of names
    page = head_of(pages["map.md"])
    svg = page[page.index("<svg") : page.index("</svg>")]
    paths = re.findall(r'<path class="map-points topic-([^"]+)" d="([^"]*)"/>', svg)
    assert [colour for colour, _ in paths] == ["0", "none"]  # Audio's, then no topic's
    circles = [point for _, d in paths for point in re.findall(r"M([^ ]+) ([^h]+)h0", d)]
    assert "".join(d for _, d in paths) == "".join(f"M{x} {y}h0" for x, y in circles)
    listed = re.findall(r'<li><a href="../papers/([^/]+)/">', page[page.index('id="map-list"') :])
    assert listed == ["mlp", "kan", "zeta"]  # Audio (MLP's main topic), then no topic
    assert circles == [place[paper_id] for paper_id in listed]
    assert svg.count("<path") == 2 and "<circle" not in svg
    assert 'role="img" aria-label="Map of 3 papers"' in svg and "<a " not in svg
    # A point's name is its title and main topic, the topic from its group in the list.
    assert '<ul data-topic="Audio">' in page
    assert page.count("data-topic=") == 1  # "No topic" is no topic
    assert "data-names" not in svg and '<a href="#map-list">' in page


def test_a_map_of_more_papers_than_it_lists_names_its_points_from_files(monkeypatch):
    """Above MAP_LIST_MAX papers the map has no list: map/names/<n>.json hold each point's
    id, title and main topic, MAP_NAMES_PER_FILE a file, in the order the points are drawn."""
    from dataclasses import replace

    import generator.render
    from generator.render import map_pages

    monkeypatch.setattr(generator.render, "MAP_LIST_MAX", 2)
    monkeypatch.setattr(generator.render, "MAP_NAMES_PER_FILE", 2)
    catalog = small_catalog()
    kan, *others = catalog.papers
    catalog = replace(catalog, papers=(replace(kan, topics=()), *others))
    pages = map_pages(catalog)
    assert list(pages) == ["map.md", "map/names/0.json", "map/names/1.json"]
    assert json.loads(pages["map/names/0.json"]) == [
        ["mlp", "MLP-Mixer", "Audio"],
        ["kan", HOSTILE_TITLE, ""],  # no topic
    ]
    assert json.loads(pages["map/names/1.json"]) == [["zeta", "\u00d6l on splines", ""]]
    page = head_of(pages["map.md"])
    assert (
        '<svg viewBox="0 0 1000 700" data-names="names/" data-names-per-file="2" '
        'data-count="3" data-papers="../papers/" data-first-id="mlp" '
        'data-first-title="MLP-Mixer" data-first-topic="Audio" role="img"'
    ) in page
    assert "map-list" not in page and "<li><a href" not in page.split("map-legend")[0]
    assert (
        "each topic's page in the legend below lists its papers, and "
        '<a href="../papers/">All papers</a> lists every one.</p>'
    ) in page
    assert '<a href="../papers/">All papers</a> lists every one.</p></noscript>' in page
    # the first point's name is escaped where it lands, an attribute
    monkeypatch.setattr(generator.render, "MAP_LIST_MAX", 0)
    one = replace(catalog, papers=(replace(kan, topics=()),))
    svg = head_of(map_pages(one)["map.md"])
    assert 'data-first-id="kan" data-first-title="KAN &lt;b&gt;bold&lt;/b&gt;' in svg
    assert 'data-first-topic=""' in svg
    monkeypatch.setattr(generator.render, "MAP_LIST_MAX", 3)  # as many as it lists
    assert list(map_pages(catalog)) == ["map.md"]


def test_a_topic_of_the_map_is_escaped_in_its_list(pages):
    assert '<ul data-topic="Vision &lt;&amp;&gt;">' in head_of(pages["map.md"])


def test_the_home_page_counts_and_lists_the_newest_first(pages):
    home = pages["index.md"]
    assert (
        home.index('<a href="papers/mlp/">')
        < home.index('<a href="papers/kan/">')
        < home.index('<a href="papers/zeta/">')
    )
    assert "[1 paper needs a tag](untagged.md)" in home


def test_counts_of_a_catalog():
    from generator.render import catalog_counts, related_tags, tag_counts, topic_counts

    catalog = small_catalog()
    assert catalog_counts(catalog) == {
        "papers": 3,
        "records": 4,
        "merged": 1,
        "files": 3,
        "titled": 2,
        "abstract_only": 1,
        "tags": 3,
        "topics": 2,
    }
    assert tag_counts(catalog) == {"kans": 2, "mlps": 1, "empty": 0}
    assert topic_counts(catalog) == {"vision": 2, "audio": 1}
    kans = catalog.tag_by_id["kans"]
    assert related_tags(catalog, kans) == [(catalog.tag_by_id["mlps"], 1)]


def test_authors_are_listed_by_family_name_under_its_letter():
    from generator.model import Author
    from generator.render import _letter, author_sort_key, family_of

    assert family_of("Ada King Lovelace") == "Lovelace" and family_of("") == ""
    names = ["\u00c9mile \u00d6ztireli", "Ada Lovelace", "Zoe Adams", "\u674e \u534e", "Bo"]
    authors = [Author(f"a{i}", name, ()) for i, name in enumerate(names)]
    ordered = [author.name for author in sorted(authors, key=author_sort_key)]
    assert ordered == [
        "Zoe Adams",
        "Bo",
        "Ada Lovelace",
        "\u00c9mile \u00d6ztireli",
        "\u674e \u534e",
    ]
    # Listed under the letter of the name's transliteration: Hua under H.
    assert [_letter(family_of(name)) for name in names] == ["O", "L", "A", "H", "B"]
    assert _letter("1984") == "#" and _letter("") == "#"


def test_letters_group_in_listing_order_with_the_rest_first_on_a_page_called_other():
    from generator.render import letter_groups

    groups = letter_groups(["apple", "avocado", "3d", "banana", "(gg) moe"], _first_letter)
    assert [(g.letter, g.slug, g.items) for g in groups] == [
        ("#", "other", ("3d", "(gg) moe")),
        ("A", "a", ("apple", "avocado")),
        ("B", "b", ("banana",)),
    ]


def _first_letter(text):
    from generator.render import _letter

    return _letter(text)


def test_a_pager_shows_the_first_the_last_and_two_pages_either_side():
    from generator.render import pager

    assert pager(1, 1) == [1]
    assert pager(2, 3) == [1, 2, 3]
    assert pager(1, 20) == [1, 2, 3, None, 20]
    assert pager(4, 20) == [1, 2, 3, 4, 5, 6, None, 20]  # 1 and 2 meet: no gap
    assert pager(5, 20) == [1, None, 3, 4, 5, 6, 7, None, 20]
    assert pager(20, 20) == [1, None, 18, 19, 20]


def test_help_wanted_is_split_into_pages_untagged_papers_first(monkeypatch):
    import generator.render
    from generator.render import help_wanted_pages
    from generator.settings import SiteSettings
    from generator.suggest import help_wanted

    monkeypatch.setattr(generator.render, "HELP_WANTED_PER_PAGE", 1)
    catalog = small_catalog()  # zeta has no tag; kan has one; mlp has two
    pages = help_wanted_pages(help_wanted(catalog), catalog, SiteSettings())
    assert sorted(pages) == ["untagged.md", "untagged/2.md"]
    first, second = head_of(pages["untagged.md"]), head_of(pages["untagged/2.md"])
    assert first.startswith("<h1>Help wanted</h1>") and ">Papers without tags (1)<" in first
    assert '<a href="../papers/zeta/">' in first and "papers/kan/" not in first
    assert "Papers with one tag" not in first
    assert second.startswith("<h1>Help wanted: page 2</h1>")
    assert ">Papers with one tag (1)<" in second and "without tags" not in second
    assert '<a href="../../papers/kan/">' in second and '<a href="../../tags/kans/">' in second
    # above and below the list, with names that tell the two landmarks apart
    assert second.count('<nav class="pager" aria-label="Pages of help wanted">') == 1
    assert second.count('<nav class="pager" aria-label="Pages of help wanted, after') == 1
    assert (
        '<a href="../../untagged/" rel="prev">Previous</a> <a href="../../untagged/">1</a> '
        '<a href="../../untagged/2/" aria-current="page">2</a> </nav>'
    ) in second
    assert '<a href="../untagged/2/" rel="next">Next</a></nav>' in first
    title = yaml.safe_load(pages["untagged/2.md"].split("---\n")[1])["title"]
    assert title == "Help wanted: page 2"


def test_one_page_of_help_wanted_has_no_pager_and_says_when_a_list_is_empty():
    from dataclasses import replace

    from generator.render import help_wanted_pages
    from generator.settings import SiteSettings
    from generator.suggest import help_wanted

    catalog = small_catalog()
    kan, mlp, zeta = catalog.papers
    tagged = replace(catalog, papers=(kan, mlp, replace(zeta, tags=("mlps",))))
    page = head_of(help_wanted_pages(help_wanted(tagged), tagged, SiteSettings())["untagged.md"])
    assert "pager" not in page
    assert (
        ">Papers without tags (0)<" in page and "<p>Every paper has at least one tag.</p>" in page
    )
    assert ">Papers with one tag (2)<" in page


def test_a_catalog_without_authors_says_so_on_its_authors_page():
    """Papers with no metadata yet: the authors overview explains, and there is no letter."""
    from dataclasses import replace

    from generator.render import render_site
    from generator.settings import SiteSettings

    settings = SiteSettings("Cat", "https://e.org/curation.yml", "https://e.org/C.md", "")
    pages = render_site(replace(small_catalog(), authors=()), settings)
    assert [path for path in pages if path.startswith("authors/")] == ["authors/index.md"]
    assert (
        "<p>No paper in the catalog has its authors yet: they come from "
        "<code>seeds/metadata.jsonl</code>.</p>"
    ) in head_of(pages["authors/index.md"])


def test_an_author_page_lists_papers_newest_first_and_co_authors_by_papers_shared():
    from generator.model import Author, Catalog, Metadata, Paper, PublicationDate, Record
    from generator.render import render_author

    def written(paper_id, title, year, *names):
        published = PublicationDate(year) if year else None
        record = (Record("001_a.txt", 1, title, "x"),)
        return Paper(
            paper_id, title, "x", record, metadata=Metadata(authors=names, published=published)
        )

    papers = (
        written("p1", "Old", 2020, "Ada Lovelace", "Bob Byte", "Cy Cipher"),
        written("p2", "New", 2023, "Ada Lovelace", "Bob Byte"),
        written("p3", "Undated", None, "Ada Lovelace", "Cy Cipher"),
        written("p4", "Middle", 2021, "Ada Lovelace", "Cy Cipher"),
        written("p5", "Also new", 2023, "Ada Lovelace"),
    )
    authors = (
        Author("ada-lovelace", "Ada Lovelace", ("p1", "p2", "p3", "p4", "p5")),
        Author("bob-byte", "Bob Byte", ("p1", "p2")),
        Author("cy-cipher", "Cy Cipher", ("p1", "p3", "p4")),
    )
    catalog = Catalog(papers, authors=authors)
    head = head_of(render_author(authors[0], catalog))
    titles = re.findall(r'<li><a href="../../papers/p\d/">([^<]*)</a>', head)
    assert titles == ["Also new", "New", "Middle", "Old", "Undated"]  # then by title
    assert re.findall(r'<li><a href="../../authors/[^"]*">([^<]*)</a> \((\d)\)</li>', head) == [
        ("Cy Cipher", "3"),
        ("Bob Byte", "2"),
    ]
    bob = head_of(render_author(authors[1], catalog))
    assert re.findall(r'<a href="../../authors/[^"]*">([^<]*)</a> \((\d)\)', bob) == [
        ("Ada Lovelace", "2"),
        ("Cy Cipher", "1"),
    ]
