"""End to end: the real seeds through MkDocs, and the file-system edge of a build."""

import json

import pytest
import yaml
from conftest import (
    ABSTRACT_A,
    FROZEN_SEEDS,
    HEADER,
    REAL_SEEDS,
    copy_project,
    three_tagged_papers,
)

from generator.build import build
from generator.model import CatalogError
from generator.render import _letter
from generator.site import write_generated


def test_real_catalog_builds_one_page_per_paper(real_build):
    site = real_build.site_dir
    catalog = real_build.load.catalog
    assert catalog.record_count == len(real_build.load.records)
    assert len({paper.id for paper in catalog.papers}) == len(catalog.papers)
    pages = sorted(p.parent.name for p in (site / "papers").glob("*/index.html"))
    redirects = [former for p in catalog.papers for former in p.former_ids]
    letters = {_letter(paper.title) for paper in catalog.papers}  # a page per letter
    letter_pages = [letter.lower() if letter != "#" else "other" for letter in letters]
    assert pages == sorted([p.id for p in catalog.papers] + redirects + letter_pages)
    assert (site / "index.html").exists()
    assert (site / "search" / "search_index.json").exists()


def test_papers_json_follows_the_export_contract(real_build):
    papers = json.loads((real_build.site_dir / "papers.json").read_text())
    assert [p["id"] for p in papers] == sorted(p["id"] for p in papers)
    keys = {"id", "title", "abstract", "url", "tags", "topics", "arxiv_id", "sources"}
    assert all(keys <= p.keys() for p in papers)
    sources = [(s["file"], s["line"]) for p in papers for s in p["sources"]]
    assert len(sources) == len(set(sources)) == len(real_build.load.records)
    assert all(p["url"] == f"papers/{p['id']}/" for p in papers)


def test_abstract_only_papers_carry_curated_titles(real_build):
    papers = json.loads((real_build.site_dir / "papers.json").read_text())
    abstract_only = [
        p for p in papers if all(s["file"].startswith(("000_", "004_")) for s in p["sources"])
    ]
    by_title = {p["title"]: p for p in abstract_only}
    assert by_title["Transformers learn in-context by gradient descent"]["arxiv_id"] == "2212.07677"
    assert by_title["Interactive Neural Resonators"]["arxiv_id"] is None
    page = (
        real_build.site_dir / by_title["Interactive Neural Resonators"]["url"] / "index.html"
    ).read_text()
    assert "<h1" in page and "Interactive Neural Resonators" in page


def test_paper_page_shows_title_abstract_and_sources(real_build):
    page = (
        real_build.site_dir
        / "papers"
        / "raftmlp-how-much-can-be-done-without-attention-and-with-less-spatial-locality"
        / "index.html"
    ).read_text()
    assert "RaftMLP: How Much Can Be Done Without Attention and with Less Spatial Locality?" in page
    assert "For the past ten years, CNN has reigned supreme" in page
    assert "001_51149b57d8d96f07.txt</code>, line 3" in page


def test_paper_pages_stay_out_of_the_navigation(real_build):
    home = (real_build.site_dir / "index.html").read_text()
    assert "raftmlp" not in home.lower()


def test_hostile_text_is_shown_literally(tmp_path):
    title = "<script>alert(1)</script> {{ config }} `tick` [x](javascript:alert(1)) # Not a heading"
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "001_x.txt").write_text(
        HEADER + f"{title}\n{ABSTRACT_A} <img src=x onerror=alert(1)>\n"
    )
    config = copy_project(tmp_path / "project")
    result = build(seeds, config, tmp_path / "site")
    [paper] = result.load.catalog.papers
    page = (tmp_path / "site" / paper.url / "index.html").read_text()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ config }}" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_listings_split_into_pages_are_built_by_mkdocs_in_strict_mode(tmp_path, monkeypatch):
    """Pages one level deeper than the first of a listing (tags/<id>/2/, papers/a/2/) pass
    MkDocs' checks (they are in no nav) and link back to the first."""
    import generator.render

    monkeypatch.setattr(generator.render, "LISTING_PER_PAGE", 2)
    seeds = three_tagged_papers(tmp_path / "seeds")
    config = copy_project(tmp_path / "project")
    build(seeds, config, tmp_path / "site")
    site = tmp_path / "site"
    second = (site / "tags" / "gans" / "2" / "index.html").read_text()
    assert "<title>Tag: Generative Adversarial Networks, page 2 - " in second
    assert '<a href="../../../tags/gans/" rel="prev">Previous</a>' in second
    assert '<li><a href="../../../papers/a-study-of-clouds/">A study of clouds</a>' in second
    assert not (site / "tags" / "gans" / "3").exists()
    letter = (site / "papers" / "a" / "2" / "index.html").read_text()
    assert '<p class="listing-range">Papers 3\u20133 of 3, page 2 of 2.</p>' in letter


def test_failed_build_leaves_the_previous_site(tmp_path, real_build):
    config = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "marker.html").write_text("previous site")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "001_bad.txt").write_bytes(b"\x00binary")
    with pytest.raises(CatalogError):
        build(bad, config, site)
    assert (site / "marker.html").read_text() == "previous site"


def test_files_of_every_generated_folder_are_removed_once_no_build_makes_them(tmp_path):
    """A catalog that shrinks keeps no file of an earlier build: a listing's later pages,
    the map's names (written only above MAP_LIST_MAX papers), Explore's chunks."""
    docs = tmp_path / "docs"
    (docs / "about.md").parent.mkdir(parents=True)
    (docs / "about.md").write_text("hand-written")
    stale = ["tags/a/2.md", "map/names/0.json", "explore/papers-1.json", "untagged/2.md"]
    write_generated(docs, {"map.md": "map", **{path: "old" for path in stale}})
    report = write_generated(docs, {"map.md": "map"})
    assert sorted(report.removed) == sorted(stale)
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.*")) == [
        "about.md",
        "map.md",
    ]


def test_unchanged_generation_rewrites_nothing_and_removes_stale_pages(tmp_path):
    docs = tmp_path / "docs"
    pages = {"papers/a.md": "A", "papers/b.md": "B", "index.md": "home"}
    assert len(write_generated(docs, pages).written) == 3
    again = write_generated(docs, pages)
    assert again.written == [] and again.unchanged == 3
    gone = write_generated(docs, {"papers/a.md": "A", "index.md": "home"})
    assert gone.removed == ["papers/b.md"]
    assert not (docs / "papers" / "b.md").exists()


def test_a_rebuild_with_the_same_texts_takes_the_similarities_from_the_cache(tmp_path, monkeypatch):
    import shutil

    from generator import related
    from generator.build import build
    from generator.site import CACHE_FOLDER

    config = copy_project(tmp_path / "project")
    seeds = tmp_path / "seeds"
    shutil.copytree(REAL_SEEDS, seeds)
    build(seeds, config, None)
    cache = config.parent / CACHE_FOLDER / "similarities.json"
    first = json.loads(cache.read_text())
    docs = {path: path.read_bytes() for path in (config.parent / "docs").rglob("*.md")}

    def not_again(papers):
        raise AssertionError("similarities computed again for the same texts")

    monkeypatch.setattr(related, "similarities", not_again)  # forked workers inherit it
    raftmlp = "raftmlp-how-much-can-be-done-without-attention-and-with-less-spatial-locality"
    with (seeds / "curation.yml").open("a") as curation:  # tags change, texts do not
        curation.write(f"{raftmlp}: {{add: [gans]}}\n")
    writes = build(seeds, config, None).writes
    assert f"papers/{raftmlp}.md" in writes.written and "tags/gans.md" in writes.written

    monkeypatch.undo()
    paper_id = first["ids"][0]
    with (seeds / "curation.yml").open("a") as curation:  # a text changes
        curation.write(f"{paper_id}: {{title: A curated title}}\n")
    build(seeds, config, None)
    again = json.loads(cache.read_text())
    assert again["key"] != first["key"] and again["ids"] == first["ids"]
    assert docs.keys() <= {path for path in (config.parent / "docs").rglob("*.md")}


def test_a_one_line_curation_shows_on_the_paper_and_tag_pages(tmp_path):
    import shutil

    from generator.build import load_catalog
    from generator.render import render_site
    from generator.settings import SiteSettings

    seeds = tmp_path / "seeds"
    shutil.copytree(REAL_SEEDS, seeds)
    paper_id = "raftmlp-how-much-can-be-done-without-attention-and-with-less-spatial-locality"
    before = load_catalog(seeds).catalog.paper(paper_id)
    assert "gans" not in before.tags
    with (seeds / "curation.yml").open("a") as curation:
        curation.write(f"{paper_id}: {{add: [gans]}}\n")
    catalog = load_catalog(seeds).catalog
    assert "gans" in catalog.paper(paper_id).tags
    pages = render_site(catalog, SiteSettings())
    paper_html = front_matter(pages[f"papers/{paper_id}.md"])["html"]["head"]
    assert '<a class="md-tag" href="../../tags/gans/">' in paper_html
    assert (
        f'<a href="../../papers/{paper_id}/">'
        in front_matter(pages["tags/gans.md"])["html"]["head"]
    )


def front_matter(page: str) -> dict:
    return yaml.safe_load(page.split("---\n")[1])


def test_frozen_catalog_counts():
    from generator.build import load_catalog

    load = load_catalog(FROZEN_SEEDS)
    catalog = load.catalog
    assert (len(load.records), len(catalog.papers)) == (684, 628)
    assert sum(1 for paper in catalog.papers if paper.former_ids) == 16
    assert sum(1 for paper in catalog.papers if paper.title_derived) == 0


def test_real_catalog_tag_coverage_is_at_least_95_percent(real_build):
    papers = real_build.load.catalog.papers
    tagged = sum(1 for paper in papers if paper.tags)
    assert tagged / len(papers) >= 0.95
    help_wanted = real_build.site_dir / "untagged"
    untagged_pages = "".join(page.read_text() for page in help_wanted.rglob("index.html"))
    for paper in papers:
        if not paper.tags:
            assert paper.url in untagged_pages


def test_tag_and_topic_pages_exist_for_the_whole_taxonomy(real_build):
    catalog = real_build.load.catalog
    site = real_build.site_dir
    assert 60 <= len(catalog.tags) <= 250 and 12 <= len(catalog.topics) <= 30
    for tag in catalog.tags:
        page = (site / tag.url / "index.html").read_text()
        for paper in catalog.papers_with(tag.id):
            assert f"../../{paper.url}" in page
    for topic in catalog.topics:
        assert (site / topic.url / "index.html").exists()
    assert (site / "tags" / "index.html").exists() and (site / "topics" / "index.html").exists()


def test_renamed_papers_keep_their_old_url_as_a_redirect(real_build):
    paper = real_build.load.catalog.paper("uncovering-mesa-optimization-algorithms-in-transformers")
    assert paper.former_ids == (
        "transformers-have-become-the-dominant-model-in-deep-learning-but-the-reason",
    )
    old = (real_build.site_dir / "papers" / paper.former_ids[0] / "index.html").read_text()
    assert 'content="0; url=../uncovering-mesa-optimization-algorithms-in-transformers/"' in old
    assert "<title>Moved: Uncovering mesa-optimization" in old


def test_the_map_draws_every_paper_and_lists_it(real_build):
    """The points are segments of one path per topic (overrides/assets/catalog.js gives
    the map its one link, named from the list below), and the list holds every paper."""
    page = (real_build.site_dir / "map" / "index.html").read_text(encoding="utf-8")
    start = page.index('<figure class="paper-map">')
    svg = page[start : page.index("</svg>", start)]
    papers = real_build.load.catalog.papers
    assert 'role="img"' in svg and "<a " not in svg
    topics = real_build.load.catalog.topics
    assert svg.count("h0") == len(papers) and svg.count("<path ") <= len(topics) + 1
    listed = page[page.index('<details id="map-list"') :]
    assert listed.count('<li><a href="../papers/') == len(papers)


def test_search_index_is_lean_and_skips_listing_pages(real_build):
    search = real_build.site_dir / "search"
    catalog = real_build.load.catalog
    raw = sum(len(p.title) + len(p.abstract) for p in catalog.papers)
    # what a page view downloads: the config only; the shards and documents come by query
    assert json.loads((search / "search_index.json").read_text())["docs"] == []
    size = sum(path.stat().st_size for path in search.rglob("*") if path.is_file())
    papers = len(catalog.papers)
    print(f"\nsearch files: {size / papers:.0f} bytes per paper, raw text {raw / papers:.0f}")
    assert size < 0.85 * raw
    locations = [
        doc[0]
        for path in sorted((search / "docs").glob("*.json"))
        for doc in json.loads(path.read_text())
    ]
    assert not [loc for loc in locations if loc.startswith(("tags/", "topics/", "explore", "map"))]
    assert len([loc for loc in locations if loc.startswith("papers/")]) == len(catalog.papers)


def test_compact_text_keeps_every_searchable_word():
    import re

    from generator.search import compact_text

    separator = re.compile(r'[\s\-,:!?=\[\]()"/]+|\.(?!\d)|&[lg]t;')
    text = "<p>We propose a model. The model uses spline edges. Edges are learnable splines.</p>"
    compact = compact_text(text, "KAN", separator)
    assert compact == "<p>We propose a model.</p><p hidden>uses spline edges learnable splines</p>"


def test_published_files_are_readable_by_a_web_server(real_build):
    site = real_build.site_dir
    assert site.stat().st_mode & 0o755 == 0o755
    assert (site / "search" / "search_index.json").stat().st_mode & 0o644 == 0o644
    assert (site / "index.html").stat().st_mode & 0o644 == 0o644


def test_two_pages_can_never_claim_one_path():
    from generator.model import CatalogError
    from generator.render import Pages

    pages = Pages()
    pages["papers/a.md"] = "first"
    with pytest.raises(CatalogError) as error:
        pages["papers/a.md"] = "second"
    assert error.value.problems[0].message == "two pages would be written to this path"


def test_a_redirect_cannot_take_the_url_of_a_paper():
    from generator.curation import parse_curation

    text = "kan-networks: {redirect_from: [mlp-networks]}\n"
    _, problems = parse_curation("c.yml", text, {"kan-networks", "mlp-networks"}, set())
    assert [p.message for p in problems] == [
        "'mlp-networks' in 'redirect_from' of paper 'kan-networks' is the id of a paper in the catalog"
    ]


def test_headings_escape_text_whatever_was_cached_before():
    from markupsafe import Markup

    from generator.templates import heading

    assert "<i>" in heading(Markup("<i>x</i>"), Markup("<i>t</i>"))  # already safe
    plain = heading("<i>x</i>", "<i>t</i>")  # the same characters, as text
    assert "<i>" not in plain and "&lt;i&gt;t&lt;/i&gt;" in plain


def test_md_filter_escapes_for_markdown_and_html():
    from generator.escape import md

    assert (
        md("<b>*x*</b> & [a](b) # `c`") == "&lt;b&gt;\\*x\\*&lt;/b&gt; &amp; \\[a\\](b) # \\`c\\`"
    )
    assert md("1. not a list") == "1&#46; not a list"
    assert md("# not a heading") == "&#35; not a heading"
    assert md("~~~ not a fence") == "&#126;~~ not a fence"


def test_a_new_site_replaces_the_old_one_which_a_detached_process_removes(tmp_path):
    import time

    from generator.site import new_site, swap_in

    site = tmp_path / "site"
    first = tmp_path / "first"
    first.mkdir()
    (first / "index.html").write_text("one")
    assert swap_in(first, site) is None  # nothing to remove
    second = tmp_path / "second"
    second.mkdir()
    (second / "index.html").write_text("two")
    remover = swap_in(second, site)
    assert (site / "index.html").read_text() == "two"
    assert remover.wait(timeout=30) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
    # a previous site whose removal was cut short is removed by the next build
    stale = tmp_path / ".site.old-cut"
    (stale / "site").mkdir(parents=True)
    (stale / "site" / "index.html").write_text("one")
    with new_site(site) as building:
        (building / "index.html").write_text("three")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(list(tmp_path.iterdir())) > 1:
        time.sleep(0.05)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
    assert (site / "index.html").read_text() == "three"


def test_a_site_that_cannot_take_the_old_one_s_place_puts_the_old_one_back(tmp_path):
    from generator.site import swap_in

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    built = tmp_path / "built"  # missing: its rename fails
    with pytest.raises(FileNotFoundError):
        swap_in(built, site)
    assert (site / "index.html").read_text() == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
