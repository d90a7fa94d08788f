"""The stamp stage (generator/stamp.py): pages filled into a prototype MkDocs rendered must be
what MkDocs makes of them, byte for byte, search index and sitemap included."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import HOSTILE, REAL_SEEDS, copy_project, three_tagged_papers

from generator import stamp
from generator.model import CatalogError
from generator.render import _letter, author_letter
from generator.stamp import MARK_CLOSE, MARK_OPEN, Page, Prototype, cut, parse_page

PAPER_PAGE = (
    "---\n"
    'title: "A &amp; B"\n'
    'description: "Short"\n'
    'tags: ["X", "Y"]\n'
    'paper: {"head": "<meta name=\\"citation_title\\" content=\\"A &amp; B\\">"}\n'
    'html: {"foot": "", "head": "<h1>A &amp; B</h1>"}\n'
    "---\n"
    "\n"
    "<p>An abstract &lt;b&gt;.</p>\n"
    "\n"
    '<ul class="paper-index-authors" hidden><li>Ada</li></ul>\n'
)


def files_of(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def assert_same_site(stamped: Path, unstamped: Path) -> None:
    ours, theirs = files_of(stamped), files_of(unstamped)
    assert sorted(ours) == sorted(theirs)
    assert [name for name in theirs if ours[name] != theirs[name]] == []


@pytest.mark.parametrize("corpus", ["real", "hostile"])
def test_a_stamped_site_is_the_site_mkdocs_builds_alone(corpus, tmp_path, request):
    """Every file, both ways: the pages, search/search_index.json and its shards, the
    sitemap and its gzip; no prototype left behind."""
    from generator.build import build

    built = request.getfixturevalue(f"{corpus}_build")
    seeds = REAL_SEEDS if corpus == "real" else HOSTILE / "seeds_ok"
    alone = build(seeds, copy_project(tmp_path / "project"), tmp_path / "site", stamping=False)
    catalog = built.load.catalog
    # every paper and author page, and every page of the letters and of the tags' and
    # topics' listings but their first (however many pages a growing catalog makes)
    site = built.site_dir
    listings = [site / "papers", site / "authors", site / "tags", site / "topics"]
    later = [page for folder in listings for page in folder.glob("*/*/index.html")]
    letters = {_letter(paper.title) for paper in catalog.papers}
    letters |= {f"author {author_letter(author)}" for author in catalog.authors}
    stamped = len(catalog.papers) + len(catalog.authors) + len(letters) + len(later)
    assert built.stamped == stamped > 0
    assert alone.stamped == 0
    assert_same_site(built.site_dir, alone.site_dir)
    assert not list(built.site_dir.glob(f"**/{stamp.PROTOTYPE}*"))


def test_listing_pages_one_folder_down_are_stamped_as_mkdocs_builds_them(tmp_path, monkeypatch):
    """A tag's, a topic's and a letter's later pages (tags/<id>/2/): stamped into a
    prototype of their depth, they are the pages MkDocs builds alone."""
    import generator.render
    from generator.build import build

    monkeypatch.setattr(generator.render, "LISTING_PER_PAGE", 1)
    seeds = three_tagged_papers(tmp_path / "seeds")
    built = build(seeds, copy_project(tmp_path / "a"), tmp_path / "a" / "site")
    alone = build(seeds, copy_project(tmp_path / "b"), tmp_path / "b" / "site", stamping=False)
    later = ["tags/gans/2/", "tags/gans/3/", "papers/a/2/", "papers/a/3/"]
    assert all((built.site_dir / url / "index.html").exists() for url in later)
    # 3 papers, letter A's 3 pages, 2 later pages of the tag and of each of its topics
    topics = len(built.load.catalog.tag_by_id["gans"].topics)
    assert built.stamped == 3 + 3 + 2 + 2 * topics
    assert_same_site(built.site_dir, alone.site_dir)
    assert not list(built.site_dir.glob(f"**/{stamp.PROTOTYPE}*"))


def test_stamped_pages_are_searched_and_in_the_sitemap(real_build):
    """The search worker's documents (search/docs/*.json: location, title, text, tags)."""
    documents = [
        document
        for path in (real_build.site_dir / "search" / "docs").glob("*.json")
        for document in json.loads(path.read_text())
    ]
    locations = {document[0] for document in documents}
    papers = real_build.load.catalog.papers
    assert {paper.url for paper in papers} <= locations
    assert not any(location.startswith("authors/") for location in locations)  # excluded
    sitemap = (real_build.site_dir / "sitemap.xml").read_text()
    assert gzip.decompress((real_build.site_dir / "sitemap.xml.gz").read_bytes()).decode() == (
        sitemap
    )
    assert sitemap.count("<url>") == len(files_of_kind(real_build.site_dir))
    assert f"/{papers[0].url}</loc>" in sitemap


def files_of_kind(site: Path) -> list[Path]:
    return [path for path in site.rglob("index.html") if path.parent.name != "404"]


def test_a_generated_paper_page_is_parsed_into_its_front_matter_and_body():
    page = parse_page("papers/a-b.md", PAPER_PAGE)
    meta = {
        "title": "A &amp; B",
        "description": "Short",
        "tags": ["X", "Y"],
        "paper": {"head": '<meta name="citation_title" content="A &amp; B">'},
        "html": {"foot": "", "head": "<h1>A &amp; B</h1>"},
    }
    assert page.parts() == (
        meta,
        # Markdown puts a blank line between two raw HTML blocks
        '<p>An abstract &lt;b&gt;.</p>\n\n<ul class="paper-index-authors" hidden><li>Ada</li></ul>',
    )
    assert page == Page("papers/a-b.md", PAPER_PAGE, ("papers", 1, stamp.shape(meta)))
    deeper = parse_page("papers/a/2.md", PAPER_PAGE)  # a letter's second page
    assert deeper.kind == ("papers", 2, stamp.shape(meta)) and deeper.url == "papers/a/2/"
    assert stamp.shape(meta) == (
        "dict",
        (
            ("description", ("str", True)),
            ("html", ("dict", (("foot", ("str", False)), ("head", ("str", True))))),
            ("paper", ("dict", (("head", ("str", True)),))),
            ("tags", ("list", (("str", True), ("str", True)))),
            ("title", ("str", True)),
        ),
    )
    # what a template can tell apart is a different shape
    assert len({stamp.shape(value) for value in (0, False, None, "", 1, True, [], {})}) == 8
    assert page.url == "papers/a-b/"


@pytest.mark.parametrize(
    "path, text",
    [
        ("papers/index.md", PAPER_PAGE),  # an index page: in the nav, other neighbours
        ("tags/a-b.md", PAPER_PAGE),  # a tag's first page: the indexes link it in Markdown
        ("topics/a-b.md", PAPER_PAGE),
        ("map/a/b.md", PAPER_PAGE),  # not a stamped folder
        ("papers/a/b/c.md", PAPER_PAGE),  # two folders down
        ("papers/A/2.md", PAPER_PAGE),  # a folder MkDocs would quote in the URL
        ("tags/a/index.md", PAPER_PAGE),
        ("papers/a-b.md", PAPER_PAGE.replace("title:", "template:")),  # a key MkDocs uses
        ("papers/a-b.md", PAPER_PAGE.replace('title: "A &amp; B"', 'title: ""')),
        ("papers/a-b.md", PAPER_PAGE.replace('"Short"', "Short")),  # YAML, not JSON
        ("papers/a-b.md", PAPER_PAGE.replace("tags:", "search:\n  exclude: true\ntags:")),
        ("papers/a-b.md", PAPER_PAGE.replace("<p>An abstract", "An *abstract*")),  # Markdown
        ("papers/a-b.md", PAPER_PAGE.replace("</p>\n", "\n</p>\n")),  # a block over lines
        ("papers/a-b.md", PAPER_PAGE.replace("---\n\n", "--\n\n")),  # no end of front matter
        ("papers/A b.md", PAPER_PAGE),  # a name MkDocs would quote in the URL
        ("papers/_stamp-0.md", PAPER_PAGE),
        # bodies Markdown or Material would change
        ("papers/a-b.md", PAPER_PAGE.replace("</p>\n\n<ul", "</p><ul")),  # two on a line
        ("papers/a-b.md", PAPER_PAGE.replace("&lt;b&gt;.</p>", "&lt;b&gt;.</p> x</p>")),
        (
            "papers/a-b.md",
            PAPER_PAGE.replace("<p>An", '<div markdown="1">An').replace(".</p>", ".</div>"),
        ),
        ("papers/a-b.md", PAPER_PAGE.replace("<p>An", "<p><p>An")),  # nested
        ("papers/a-b.md", PAPER_PAGE.replace("An abstract", "An\x02abstract")),  # Markdown's
        ("papers/a-b.md", PAPER_PAGE.replace("An abstract", "An\tabstract")),
        ("papers/a-b.md", PAPER_PAGE.replace("<p>An", '<p data-search-exclude="">An')),
        # two escaped surrogates: one character to JSON, two lone ones to YAML
        ("papers/a-b.md", PAPER_PAGE.replace('"Short"', '"\\ud83d\\ude00"')),
    ],
)
def test_a_page_the_stamp_stage_cannot_reproduce_is_left_to_mkdocs(path, text):
    assert parse_page(path, text) is None
    kept, stamped = stamp.split_pages({path: text})
    assert (kept, stamped) == ({path: text}, stamp.Stamped())


def test_one_prototype_per_folder_and_shape():
    """Shape: which strings are empty and how long the lists are, as templates test them."""
    pages = {
        "papers/b.md": PAPER_PAGE,
        "papers/a.md": PAPER_PAGE.replace('"Short"', '"Other"'),  # same shape
        "papers/c.md": PAPER_PAGE.replace('"Short"', '""'),  # no description
        "papers/d.md": PAPER_PAGE.replace('["X", "Y"]', '["X"]'),  # one tag
        "authors/a.md": PAPER_PAGE,
        "tags/a.md": "# A tag\n",
        "tags/a/2.md": PAPER_PAGE,  # one folder down: links to the theme climb one more
        "papers/m/2.md": PAPER_PAGE,
        "papers/b/cite.json": "{}",
        "papers.json": "[]",
    }
    names = set(pages)
    kept, stamped = stamp.split_pages(pages)
    prototypes = stamped.prototypes
    assert pages == {}  # taken out as they were parsed
    assert sorted(page.path for page in stamped.pages) == sorted(
        names - {"tags/a.md", "papers/b/cite.json", "papers.json"}
    )
    assert stamped.files == {"papers/b/cite.json": "{}"}  # copied by MkDocs otherwise
    assert [prototype.path for prototype in prototypes] == [
        "authors/_stamp-0.md",
        "papers/_stamp-1.md",
        "papers/_stamp-2.md",
        "papers/_stamp-3.md",
        "papers/_stamp-4/_stamp-4.md",  # at the depth of its pages
        "tags/_stamp-5/_stamp-5.md",
    ]
    witnesses = {"authors/a.md", "papers/a.md", "papers/c.md", "papers/d.md", "papers/m/2.md"}
    witnesses |= {"tags/a/2.md"}  # MkDocs renders them too
    assert [prototype.witness.path for prototype in prototypes] == sorted(witnesses)
    assert set(kept) == {"tags/a.md", "papers.json", *witnesses, *(p.path for p in prototypes)}
    first = prototypes[1]  # made from papers/a.md, the first of its shape
    assert first.meta["title"] == f"{MARK_OPEN}0&{MARK_CLOSE}"
    assert first.meta["tags"] == [f"{MARK_OPEN}2&{MARK_CLOSE}", f"{MARK_OPEN}3&{MARK_CLOSE}"]
    assert first.meta["html"] == {"foot": "", "head": f"{MARK_OPEN}5&{MARK_CLOSE}"}  # "" stays
    assert first.strings == (
        ("title",),
        ("description",),
        ("tags", 0),
        ("tags", 1),
        ("paper", "head"),
        ("html", "head"),
    )
    assert kept[first.path] == (
        "---\n"
        + "".join(f"{key}: {json.dumps(value)}\n" for key, value in first.meta.items())
        + f"---\n\n<div>{MARK_OPEN}body&{MARK_CLOSE}</div>\n"
    )


def prototype_of(meta: dict) -> Prototype:
    strings: list[tuple] = []
    marked = stamp.with_markers(meta, (), strings)
    kind = ("papers", stamp.shape(meta))
    witness = Page("papers/a-b.md", PAPER_PAGE, kind)
    return Prototype("papers/_stamp-0.md", kind, marked, tuple(strings), witness)


def test_a_prototype_page_is_cut_at_its_markers_and_filled_escaped_where_the_theme_escapes():
    prototype = prototype_of({"title": "T", "html": {"head": "H"}})
    title, head = prototype.meta["title"], prototype.meta["html"]["head"]
    escaped_title = title.replace("&", "&amp;")
    html = (
        f'<title>{title} - Site</title><meta content="{escaped_title}">'
        f'<link rel="canonical" href="https://x.org/papers/_stamp-0/">{head}'
        f"<div>{MARK_OPEN}body&{MARK_CLOSE}</div><footer>"
    )
    template = cut(html, prototype)
    meta = {"title": 'A "b" & <c>', "html": {"head": "<h1>A</h1>"}}
    assert template.fill(meta, "<p>x</p>", "papers/p-q/", prototype) == (
        '<title>A "b" & <c> - Site</title><meta content="A &#34;b&#34; &amp; &lt;c&gt;">'
        '<link rel="canonical" href="https://x.org/papers/p-q/"><h1>A</h1><p>x</p><footer>'
    )


@pytest.mark.parametrize(
    "shown",
    [
        lambda marker: marker.replace("&", "&amp;amp;"),  # escaped twice
        lambda marker: marker[:-1],  # truncated
        lambda marker: json.dumps(marker),  # as JSON: \ue000...
        lambda marker: quote(marker),  # in a URL: %EE%80%80...
        lambda marker: marker.encode("ascii", "xmlcharrefreplace").decode(),  # &#57344;
    ],
)
def test_a_theme_that_transforms_a_string_stops_the_build(shown):
    prototype = prototype_of({"title": "T"})
    with pytest.raises(CatalogError) as error:
        cut(f"<title>{shown(prototype.meta['title'])}</title>", prototype)
    assert str(error.value) == (
        "overrides/: error: cannot stamp pages like papers/_stamp-0.md: the theme changes a "
        "front matter string before showing it (place front matter strings as they are (or "
        "escaped) in the templates, or leave such pages to MkDocs (generator/stamp.py: "
        "STAMPED_KEYS))"
    )


def test_pages_are_ordered_as_mkdocs_walks_docs(tmp_path):
    """walk_key sorts paths as mkdocs.structure.files.get_files lists them."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    docs = tmp_path / "docs"
    names = [
        "index.md", "a.md", "b/index.md", "b/a.md", "b/c/index.md", "b/_stamp-0.md",
        "b-c.md", "B.md", "z/README.md", "z/0.md", "ab/x.md", "c.md",
    ]  # fmt: skip
    for name in names:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("# x\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    listed = [file.src_uri for file in get_files(config).documentation_pages()]
    assert sorted(names, key=stamp.walk_key) == listed


def test_a_theme_that_shows_the_page_path_stops_the_build():
    prototype = prototype_of({"title": "T"})
    with pytest.raises(CatalogError, match=r"the theme shows the page's path"):
        cut('<a href="https://x.org/edit/main/docs/papers/_stamp-0.md">Edit</a>', prototype)


def test_a_stamp_that_differs_from_mkdocs_page_stops_the_build_and_keeps_the_site(
    tmp_path, monkeypatch
):
    """MkDocs builds the first page of each kind too; the stamp stage checks its own page
    of it against MkDocs' before writing any. A failed build leaves the site as it was."""
    from generator.build import build

    config = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    build(HOSTILE / "seeds_ok", config, site)
    before = files_of(site)
    fill = stamp.Template.fill
    monkeypatch.setattr(
        stamp.Template, "fill", lambda *args: fill(*args).replace("</title>", " </title>")
    )
    with pytest.raises(CatalogError) as error:
        build(HOSTILE / "seeds_ok", config, site)
    [problem] = error.value.problems
    assert problem.message.startswith("cannot stamp pages like papers/_stamp-0.md: its stamp of")
    assert "differs from the page MkDocs built at character" in problem.message
    assert files_of(site) == before
    assert {path.name for path in tmp_path.iterdir()} == {"project", "site"}  # nothing left


def test_stamping_on_every_core_gives_the_same_site(hostile_build, tmp_path, monkeypatch):
    """Forked workers write the pages of large catalogs; forced here for a small one."""
    from generator import parallel
    from generator.build import build

    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    forked = build(HOSTILE / "seeds_ok", copy_project(tmp_path / "project"), tmp_path / "site")
    assert_same_site(forked.site_dir, hostile_build.site_dir)


def test_search_entries_go_where_mkdocs_would_put_them_and_the_first_page_is_checked():
    prototype = prototype_of({"title": "T"})  # its witness: papers/a-b.md
    material = {
        "config": {"lang": ["en"]},
        "docs": [
            {"location": "", "title": "Home", "text": "h"},
            {"location": "#part", "title": "Part", "text": "p"},
            {"location": "papers/_stamp-0/", "title": "x", "text": "x"},
            {"location": "papers/a-b/", "title": "A", "text": "a"},
            {"location": "tags/t/", "title": "T", "text": "t"},
        ],
    }
    stamped = {
        "papers/a-b/": [{"location": "papers/a-b/", "title": "A", "text": "a"}],
        "papers/c/": [{"location": "papers/c/", "title": "C", "text": "c"}],
    }
    order = ["", "papers/a-b/", "papers/c/", "tags/t/"]
    index = stamp.with_search_entries(json.dumps(material), stamped, [prototype], order)
    assert [entry["location"] for entry in index["docs"]] == [
        "", "#part", "papers/a-b/", "papers/c/", "tags/t/",
    ]  # fmt: skip
    assert index["config"] == {"lang": ["en"]}
    stamped["papers/a-b/"] = [{"location": "papers/a-b/", "title": "A", "text": "other"}]
    with pytest.raises(CatalogError, match="its search entries for papers/a-b/ differ"):
        stamp.with_search_entries(json.dumps(material), stamped, [prototype], order)
