"""Stamp: the HTML MkDocs would make of the generated paper and author pages, made without
MkDocs' per-page work.

MkDocs spends about 5 ms on a page (a Markdown instance, PyYAML for the front matter,
Material's templates): most of a build at 100,000 papers, each with a page, and in a real
catalog several author pages a paper. These pages differ from one another only in the
strings of their front matter and in their body, which the generator writes as HTML blocks
that Markdown passes through unchanged. So MkDocs renders one *prototype* page of each kind,
its strings replaced by markers, and this stage fills each page's strings into the
prototype's HTML; it adds the pages' search entries (made by Material's own indexer) and
sitemap entries where MkDocs would have put them, and writes the generated files of folders
(a paper's cite.json, Explore's index), which MkDocs would only copy from docs/. A site built
this way is byte-identical to one MkDocs builds alone: tests/test_stamp.py builds both and
compares every file, and every build checks it on the first page of each kind, which MkDocs
renders too.

A page is stamped only when this stage knows all it holds: a generated page of
STAMPED_DEPTHS (a paper, an author, a letter's pages, the later pages of a tag or topic:
tags/<id>/2.md; not an index), front matter of one JSON value a line with keys of STAMPED_KEYS,
and a body of HTML blocks. Anything else goes to MkDocs as before. Plugins that change a
page after its template (none in mkdocs.yml) would not see stamped pages.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import NoReturn

from markupsafe import escape
from mkdocs.structure.files import get_files

from .model import CatalogError, Problem
from .parallel import parallel_map

# Where the stamped pages are: their folder, and depth 1 for a page directly in it
# (papers/<id>.md), 2 for one a folder down (papers/<letter>/2.md). A tag's and a topic's
# first page stay with MkDocs: the home page and the indexes link them in Markdown, which
# MkDocs checks against the pages it builds.
STAMPED_DEPTHS = {"papers": (1, 2), "authors": (1, 2), "tags": (2,), "topics": (2,)}
# Front matter a stamped page may have: what the generator's paper, author and listing
# pages use. Not a tag's feed: the theme makes its address relative to the page.
STAMPED_KEYS = frozenset({"title", "description", "tags", "paper", "html", "search"})
PROTOTYPE = "_stamp-"  # papers/_stamp-0.md: generated ids are slugs, never start with "_"

# A marker stands for string n of the prototype's front matter. Its "&" shows whether the
# template escaped the string where it landed ("&amp;") or placed it raw ("&").
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
MARKER = re.compile(f"{MARK_OPEN}(\\d+|body|url)(&amp;|&){MARK_CLOSE}")
# A marker's opening character encoded (in JSON, a URL, an HTML character reference): a
# transformation the stage would not repeat.
ENCODED_MARK = re.compile(r"\\ue000|%ee%80%80|&#(?:57344|x0*e000);", re.IGNORECASE)
FRONT_LINE = re.compile(r"([a-z]+): (.*)")
# A body block Markdown passes through as it is: one element on one line, attributes
# plain (no `markdown`, which md_in_html acts on), no block of these kinds inside.
HTML_BLOCK = re.compile(
    r'<(p|ul|ol|div)((?: [a-z-]+(?:="[^"<>]*")?)*)>(?:(?!</?(?:p|ul|ol|div)[\s>]).)*</\1>'
)
# What Markdown or Material would change in a body: control characters (Markdown's own
# placeholders among them), and the data-search-* attributes Material's search acts on.
BODY_CHANGED = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]|data-search-")
# A lone surrogate escaped in JSON: two in a row are one character to JSON, two to YAML.
SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.md")  # a generated page's: its URL needs no quoting


@dataclass(frozen=True)
class Page:
    """A generated page the stamp stage writes. Kept as its text, parsed again where it is
    written: its parts take more memory than its text (a gigabyte at 100,000 papers)."""

    path: str  # in docs/: papers/<id>.md
    text: str
    kind: tuple  # its folder, its depth in it and the shape of its front matter (shape())

    @property
    def url(self) -> str:
        return self.path.removesuffix(".md") + "/"

    def parts(self) -> tuple[dict, str]:
        """(front matter, body as Markdown makes it: its HTML blocks, a blank line between)"""
        return parts_of(self.text)


@dataclass(frozen=True)
class Prototype:
    """The page MkDocs renders for one kind of stamped page: `meta` with markers, and the
    strings (paths into meta) the markers stand for."""

    path: str
    kind: tuple  # the folder, depth and shape of the pages it stands for
    meta: dict
    strings: tuple[tuple, ...]
    witness: Page  # the first page of its kind: MkDocs renders it too, to check the stamp

    @property
    def url(self) -> str:
        return self.path.removesuffix(".md") + "/"

    def markdown(self) -> str:
        front = "".join(f"{key}: {json.dumps(value)}\n" for key, value in self.meta.items())
        return f"---\n{front}---\n\n<div>{marker('body')}</div>\n"


def marker(name) -> str:
    return f"{MARK_OPEN}{name}&{MARK_CLOSE}"


def parse_page(path: str, text: str) -> Page | None:
    """The page, when the stamp stage can reproduce what MkDocs makes of it; else None."""
    kind = page_kind(path, text)
    return Page(path, text, kind) if kind else None


def page_kind(path: str, text: str) -> tuple | None:
    """(folder, depth, shape of the front matter) of a page the stamp stage can reproduce,
    else None. Depth 1 is a page directly in the folder (tags/<id>.md), 2 one folder down
    (tags/<id>/2.md): its links to the theme's files climb one folder more."""
    folder, *names = path.split("/")
    if (
        len(names) not in STAMPED_DEPTHS.get(folder, ())
        or not all(NAME.fullmatch(f"{name}.md") for name in names[:-1])
        or not NAME.fullmatch(names[-1])
        or names[-1] == "index.md"
    ):
        return None
    parts = parts_of(text)
    return (folder, len(names), shape(parts[0])) if parts else None


def kind_in(path: str, pages: dict[str, str]) -> tuple | None:
    return page_kind(path, pages[path])


def parts_of(text: str) -> tuple[dict, str] | None:
    """(front matter, body as Markdown makes it) of a page the stamp stage can reproduce:
    front matter of one JSON value a line with keys of STAMPED_KEYS and a title, and a body
    of HTML blocks; None for any other."""
    if not text.startswith("---\n"):
        return None
    front, separator, body = text[4:].partition("\n---\n")
    if not separator or SURROGATE.search(front) or BODY_CHANGED.search(body):
        return None
    meta = {}
    for line in front.split("\n"):
        match = FRONT_LINE.fullmatch(line)
        if not match or match[1] not in STAMPED_KEYS or match[1] in meta:
            return None
        try:
            meta[match[1]] = json.loads(match[2])
        except ValueError:
            return None
    if not isinstance(meta.get("title"), str) or not meta["title"]:
        return None
    blocks = [block.strip() for block in body.split("\n\n") if block.strip()]
    for block in blocks:
        match = HTML_BLOCK.fullmatch(block)
        if not match or "markdown" in match[2]:
            return None
    return meta, "\n\n".join(blocks)


@dataclass
class Stamped:
    """What the stamp stage writes into the site instead of MkDocs."""

    pages: list[Page] = field(default_factory=list)
    prototypes: list[Prototype] = field(default_factory=list)
    # Generated files in a folder (a paper's cite.json, Explore's index): MkDocs would only
    # copy them from docs/, and no Markdown page links to them. Written as they are.
    files: dict[str, str] = field(default_factory=dict)


def split_pages(pages: dict[str, str]) -> tuple[dict[str, str], Stamped]:
    """(what goes to MkDocs through docs/, prototypes included; what the stamp stage
    writes). Takes the pages out of `pages` as it goes: a page's text and its parts are
    not both kept (a gigabyte at 100,000 papers)."""
    kept: dict[str, str] = {}
    stamped = Stamped()
    # Each page read on every core for large catalogs: the workers only send back its kind.
    markdown = [path for path in pages if path.endswith(".md")]
    kinds = dict(zip(markdown, parallel_map(partial(kind_in, pages=pages), markdown), strict=True))
    for path in list(pages):
        text = pages.pop(path)
        if not path.endswith(".md"):
            if "/" in path:
                stamped.files[path] = text
            else:  # top-level exports: hand-written pages link to them (docs/about.md)
                kept[path] = text
        elif kinds[path] is None:
            kept[path] = text
        else:
            stamped.pages.append(Page(path, text, kinds[path]))
    stamped.prototypes = make_prototypes(stamped.pages)
    for prototype in stamped.prototypes:
        kept[prototype.path] = prototype.markdown()
        kept[prototype.witness.path] = prototype.witness.text
    return kept, stamped


def shape(value):
    """What a template can test of a front matter value without printing it: which strings
    are empty, how long the lists are, the other values themselves."""
    if isinstance(value, str):
        return ("str", bool(value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((key, shape(item)) for key, item in value.items())))
    if isinstance(value, list):
        return ("list", tuple(shape(item) for item in value))
    return (type(value).__name__, value)  # 0, False and None are different shapes


def make_prototypes(pages: list[Page]) -> list[Prototype]:
    """One prototype per folder and shape, made from the first page of that kind."""
    first: dict = {}
    for page in sorted(pages, key=lambda page: page.path):
        first.setdefault(page.kind, page)
    prototypes = []
    for number, (kind, page) in enumerate(first.items()):  # in the first pages' order
        strings: list[tuple] = []
        meta = with_markers(page.parts()[0], (), strings)
        folder, depth, _ = kind
        path = "/".join(
            [folder, *[f"{PROTOTYPE}{number}"] * (depth - 1), f"{PROTOTYPE}{number}.md"]
        )
        prototypes.append(Prototype(path, kind, meta, tuple(strings), page))
    return prototypes


def with_markers(value, where: tuple, strings: list[tuple]):
    """value with each non-empty string replaced by a marker; `strings` gets their paths."""
    if isinstance(value, str) and value:
        strings.append(where)
        return marker(len(strings) - 1)
    if isinstance(value, dict):
        return {key: with_markers(item, (*where, key), strings) for key, item in value.items()}
    if isinstance(value, list):
        return [with_markers(item, (*where, n), strings) for n, item in enumerate(value)]
    return value


def value_at(meta: dict, where: tuple) -> str:
    for key in where:
        meta = meta[key]
    return meta


@dataclass(frozen=True)
class Template:
    """A prototype's HTML cut at its markers: literal text, then (what, escaped) pairs."""

    parts: tuple

    def fill(self, meta: dict, body: str, url: str, prototype: Prototype) -> str:
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            what, escaped = part
            if what == "body":
                text = body
            elif what == "url":
                text = url
            else:
                text = value_at(meta, prototype.strings[int(what)])
            out.append(str(escape(text)) if escaped else text)
        return "".join(out)


def cut(html: str, prototype: Prototype) -> Template:
    """The prototype's HTML as a template, or CatalogError when the theme does to a page's
    strings what this stage cannot repeat (anything but placing them, escaped or not)."""
    html = html.replace(f"<div>{marker('body')}</div>", marker("body"))
    html = html.replace(prototype.url, marker("url"))
    if PROTOTYPE in html:  # its source path (an edit link), or its URL otherwise written
        unstampable(prototype, f"the theme shows the page's path ({prototype.path})")
    parts: list = []
    position = 0
    for match in MARKER.finditer(html):
        parts.append(html[position : match.start()])
        parts.append((match[1], match[2] == "&amp;"))
        position = match.end()
    parts.append(html[position:])
    literal = "".join(part for part in parts if isinstance(part, str))
    if MARK_OPEN in literal or MARK_CLOSE in literal or ENCODED_MARK.search(literal):
        unstampable(prototype, "the theme changes a front matter string before showing it")
    return Template(tuple(parts))


def unstampable(prototype: Prototype, why: str) -> NoReturn:
    raise CatalogError(
        [
            Problem(
                "overrides/",
                0,
                0,
                f"cannot stamp pages like {prototype.path}: {why}",
                "place front matter strings as they are (or escaped) in the templates, "
                "or leave such pages to MkDocs (generator/stamp.py: STAMPED_KEYS)",
            )
        ]
    )


def stamp_site(site: Path, config, stamped: Stamped) -> dict | None:
    """Write the stamped pages and files into the site MkDocs built in `site`, with the
    pages' sitemap entries, and remove the prototypes; return the site's search index with
    the pages' entries (search/search_index.json as MkDocs alone would write it, which the
    search stage splits and replaces: at 100,000 papers 100 MB not written and read back),
    or None when the site has no search. Large catalogs use every core."""
    pages, prototypes = stamped.pages, stamped.prototypes
    templates = {}
    for prototype in prototypes:
        template = cut(built_page(site, prototype, prototype.url), prototype)
        check_witness(site, prototype, template)
        templates[prototype.kind] = (prototype, template)
    indexer = search_indexer(config)
    entries = parallel_map(
        partial(stamp_page, site=site, templates=templates, indexer=indexer), pages
    )
    order = page_order(config, pages, prototypes)
    index = None
    material_index = site / "search" / "search_index.json"
    if indexer and material_index.exists():
        by_url = {page.url: found for page, found in zip(pages, entries, strict=True)}
        index_json = material_index.read_text(encoding="utf-8")
        index = with_search_entries(index_json, by_url, prototypes, order)
    sitemap = site / "sitemap.xml"
    if sitemap.exists() and config.get("site_url"):
        text = sitemap.read_text(encoding="utf-8")
        base = config["site_url"]
        write_sitemap(sitemap, with_sitemap_entries(text, base, pages, prototypes, order))
    for prototype in prototypes:
        (site / prototype.url / "index.html").unlink()
        folder = site / prototype.url
        while folder.name.startswith(PROTOTYPE):  # and the folder above it, one folder down
            folder.rmdir()
            folder = folder.parent
    made = {(site / page.url).as_posix() for page in pages}  # folders stamp_page made
    parallel_map(partial(write_file, site=site, made=made), list(stamped.files.items()))
    return index


def write_file(item: tuple[str, str], site: Path, made: set[str]) -> None:
    """Write a generated file; its folder is made unless known to exist (a mkdir that
    finds the folder there costs as much as the write on a slow file system)."""
    path, text = item
    target = site / path
    if target.parent.as_posix() not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))


def built_page(site: Path, prototype: Prototype, url: str) -> str:
    """The HTML MkDocs built for url, or CatalogError when it built none (exclude_docs)."""
    try:
        return (site / url / "index.html").read_text(encoding="utf-8")
    except FileNotFoundError:
        unstampable(prototype, f"MkDocs built no page {url} (does exclude_docs leave it out?)")


def check_witness(site: Path, prototype: Prototype, template: Template) -> None:
    """The stamp of the first page of a kind must be the page MkDocs built of it."""
    page = prototype.witness
    built = built_page(site, prototype, page.url)
    meta, body = page.parts()
    stamped = template.fill(meta, body, page.url, prototype)
    if stamped != built:
        at = next(
            (n for n, (a, b) in enumerate(zip(stamped, built, strict=False)) if a != b),
            min(len(stamped), len(built)),
        )
        unstampable(
            prototype,
            f"its stamp of {page.path} differs from the page MkDocs built at character {at} "
            f"(stamped {stamped[at : at + 40]!r}, built {built[at : at + 40]!r})",
        )


def stamp_page(page: Page, site: Path, templates: dict, indexer) -> list[dict]:
    """Write one page; return its search entries (none when the site has no search)."""
    prototype, template = templates[page.kind]
    meta, body = page.parts()
    target = site / page.url / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    html = template.fill(meta, body, page.url, prototype)
    target.write_bytes(html.encode("utf-8", errors="xmlcharrefreplace"))  # as MkDocs does
    if indexer is None:
        return []
    search_index = indexer()
    search_index.add_entry_from_context(
        SimpleNamespace(meta=meta, content=body, toc=[], url=page.url, title=meta["title"])
    )
    return search_index.entries


def walk_key(src: str) -> tuple:
    """Where MkDocs puts a page among the others (mkdocs.structure.files.get_files walks
    docs/ top-down, folders sorted, a folder's files first, index.md first among them)."""
    *folders, name = PurePosixPath(src).parts
    stem = os.path.splitext(name)[0]
    return (*((1, folder) for folder in folders), (0, stem not in ("index", "README"), name))


def page_order(config, pages: list[Page], prototypes: list[Prototype]) -> list[str]:
    """Every page's URL in MkDocs' order: the pages MkDocs built and the stamped ones."""
    skipped = {prototype.path for prototype in prototypes}
    urls = {
        file.src_uri: file.url
        for file in get_files(config).documentation_pages()
        if file.src_uri not in skipped
    }
    urls.update((page.path, page.url) for page in pages)
    return [urls[src] for src in sorted(urls, key=walk_key)]


def search_indexer(config):
    """Material's SearchIndex, when its search plugin is on; else None."""
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
            return SearchIndex
    return None


def with_search_entries(index_json: str, stamped: dict[str, list], prototypes, order) -> dict:
    """Material's search/search_index.json with the stamped pages' entries (made by
    Material's own SearchIndex from what its plugin would have seen) in their place."""
    index = json.loads(index_json)
    entries: dict[str, list] = {}
    for entry in index["docs"]:
        entries.setdefault(entry["location"].partition("#")[0], []).append(entry)
    for prototype in prototypes:
        entries.pop(prototype.url, None)
        witness = prototype.witness.url
        if entries.get(witness, []) != stamped[witness]:
            unstampable(prototype, f"its search entries for {witness} differ from Material's")
    entries.update(stamped)
    index["docs"] = [entry for url in order for entry in entries.pop(url, ())]
    index["docs"] += [entry for rest in entries.values() for entry in rest]
    return index


def xml_url(url: str) -> str:
    """A URL as MkDocs' sitemap template writes it (Jinja's `e`)."""
    return str(escape(url))


SITEMAP_URL = re.compile(r"\n    <url>\n         <loc>([^<]*)</loc>.*?</url>", re.S)


def with_sitemap_entries(text: str, base: str, pages, prototypes, order: list[str]) -> str:
    """MkDocs' sitemap.xml with the stamped pages' entries in their place (base: site_url)."""
    blocks = {match[1]: match[0] for match in SITEMAP_URL.finditer(text)}
    models = {}
    for prototype in prototypes:
        models[prototype.path] = blocks.pop(xml_url(base + prototype.url))
    start = min(text.index(block) for block in (*blocks.values(), *models.values()))
    urls = {xml_url(base + url): url for url in order}
    by_url = {urls[loc]: block for loc, block in blocks.items() if loc in urls}
    by_kind = {prototype.kind: prototype for prototype in prototypes}
    for page in pages:
        prototype = by_kind[page.kind]
        by_url[page.url] = models[prototype.path].replace(
            xml_url(base + prototype.url), xml_url(base + page.url)
        )
    rest = [block for loc, block in blocks.items() if loc not in urls]
    return (
        text[:start]
        + "".join(by_url[url] for url in order if url in by_url)
        + "".join(rest)
        + text[text.rindex("\n</urlset>") :]
    )


def write_sitemap(path: Path, text: str) -> None:
    """sitemap.xml, and sitemap.xml.gz as MkDocs writes it (its header's time kept)."""
    path.write_text(text, encoding="utf-8")
    gz = path.with_name(path.name + ".gz")
    if gz.exists():
        mtime = int.from_bytes(gz.read_bytes()[4:8], "little")
        with (
            open(gz, "wb") as file,
            gzip.GzipFile(fileobj=file, filename=str(gz), mode="wb", mtime=mtime) as zipped,
        ):
            zipped.write(text.encode("utf-8"))
