"""The site: write the generated pages into docs/, run MkDocs into a temporary folder, swap
the result in when the build is complete.

The file system edge of the build. Generated files are written only when their content
changed (so live reload stays quiet), stale generated files are removed, and the built site
replaces the previous one only once it is complete: a failed or killed build leaves the
previous site as it was.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from . import progress
from .curation import CURATION_PATH
from .identity import moved_papers
from .model import Catalog, CatalogError, Problem
from .search import compact_search_index
from .shards import shard_index
from .sources import FALLBACK_DATE

# Beside mkdocs.yml, as Material's plugins keep theirs in .cache/plugin/; git-ignored.
CACHE_FOLDER = Path(".cache/paper-catalog")
# Paths under docs/ that the generator owns; everything else in docs/ is hand-written.
GENERATED_FOLDERS = ("authors", "explore", "map", "papers", "tags", "topics", "untagged")
GENERATED_FILES = (
    "index.md",
    "papers.json",
    "papers.bib",
    "papers.csl.json",
    "feed.xml",
    "map.md",
    "untagged.md",
    "explore.md",
    "explore.json",
)


def copy_site_sources(config_file: Path, target: Path) -> Path:
    """Copy what a build reads besides the seeds (the MkDocs config, overrides/, hand-written
    pages) into target, leaving out generated pages; returns the copy's config file.

    Tests and benchmarks build in such a copy, so they never touch the project's docs/.
    """
    project = config_file.resolve().parent
    docs = Path(read_config(config_file)["docs_dir"])
    generated = {*GENERATED_FILES, *GENERATED_FOLDERS}
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(config_file, target / config_file.name)
    if (project / "overrides").is_dir():
        shutil.copytree(project / "overrides", target / "overrides")
    shutil.copytree(
        docs,
        target / docs.relative_to(project),
        ignore=lambda folder, names: [n for n in names if Path(folder) == docs and n in generated],
    )
    return target / config_file.name


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    markdown_pages: int = 0  # generated and hand-written: the pages MkDocs will build


def read_config(config_file: Path, **overrides):
    try:
        config = load_config(config_file=str(config_file), **overrides)
    except (ConfigurationError, OSError) as error:
        raise CatalogError(
            [Problem(str(config_file), 0, 0, f"invalid MkDocs config: {error}")]
        ) from None
    if not config["use_directory_urls"]:
        # The generated pages link to one another as folders (../../tags/<id>/); with
        # .html URLs every one of those links would break, and no check would notice.
        raise CatalogError(
            [
                Problem(
                    str(config_file),
                    line_of(config_file, "use_directory_urls"),
                    0,
                    "use_directory_urls: false is not supported: generated pages link to "
                    "papers/<id>/, tags/<id>/ and topics/<id>/ as folders",
                    "remove the use_directory_urls line; true is MkDocs' default",
                )
            ]
        )
    return config


def line_of(config_file: Path, key: str) -> int:
    """The last line that sets `key` at the top level of config_file (YAML keeps the last),
    or 0 when it is set elsewhere (an INHERITed file)."""
    setting = re.compile(rf"""^["']?{re.escape(key)}["']?\s*:""")
    found = 0
    with suppress(OSError, UnicodeDecodeError):
        for number, line in enumerate(config_file.read_text(encoding="utf-8").splitlines(), 1):
            if setting.match(line):
                found = number
    return found


# Temporary folders are private (0700); a published site must be readable.
FOLDER_MODE = 0o755


def write_generated(docs_dir: Path, pages: dict[str, str]) -> WriteReport:
    """Write what changed, remove what is no longer generated, leave the rest alone.

    Files are written in place, not through a temporary file: docs/ is the build's input,
    not what is published (the site is swapped in whole), and a file cut short by a killed
    build differs from what the next build generates, so that build rewrites it.
    """
    report = WriteReport()
    owned = [docs_dir / name for name in GENERATED_FILES] + [
        path for folder in GENERATED_FOLDERS for path in (docs_dir / folder).rglob("*")
    ]
    existing = {path.relative_to(docs_dir).as_posix() for path in owned if path.is_file()}
    folders: set[Path] = set()
    for relative, text in progress.bar(sorted(pages.items()), len(pages), "write"):
        path = docs_dir / relative
        data = text.encode("utf-8")
        if relative in existing:  # only files that exist are read: an open that fails costs
            if path.read_bytes() == data:
                report.unchanged += 1
                continue
        elif path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(data)
        report.written.append(relative)
    for relative in sorted(existing - pages.keys()):
        (docs_dir / relative).unlink()
        report.removed.append(relative)
    for path in sorted(owned, reverse=True):  # emptied folders, deepest first
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    generated_md = sum(1 for relative in pages if relative.endswith(".md"))
    report.markdown_pages = generated_md + sum(1 for _ in hand_written_markdown(docs_dir))
    return report


def hand_written_markdown(docs_dir: Path):
    """Markdown files in docs/ that the generator does not own."""
    for folder, subfolders, files in os.walk(docs_dir):
        if Path(folder) == docs_dir:
            subfolders[:] = [name for name in subfolders if name not in GENERATED_FOLDERS]
        for name in files:
            if name.endswith(".md") and not (Path(folder) == docs_dir and name in GENERATED_FILES):
                yield Path(folder) / name


# Without git history, builds still get a fixed date (never the build time).
FALLBACK_EPOCH = str(int(datetime.fromisoformat(FALLBACK_DATE + "T00:00:00+00:00").timestamp()))


def source_date_epoch(*folders: Path) -> str:
    """The last commit's time, so that two builds of one commit are byte-identical."""
    for folder in folders:
        try:
            result = subprocess.run(
                ["git", "log", "-1", "--format=%ct"],
                cwd=folder,
                capture_output=True,
                text=True,
                check=True,
            )
        except (OSError, subprocess.CalledProcessError):
            continue
        if result.stdout.strip():
            return result.stdout.strip()
    return FALLBACK_EPOCH


def mkdocs_build_into(config_file: Path, site_dir: Path):
    """Run a strict MkDocs build into site_dir and return its config; raise CatalogError
    when it fails."""
    config = read_config(config_file, site_dir=str(site_dir), strict=True)
    log = logging.getLogger("mkdocs")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
        handler.setLevel(logging.WARNING)
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config)
        return config
    except (Abort, MkDocsException) as error:
        raise CatalogError(
            [
                Problem(
                    str(config_file),
                    0,
                    0,
                    f"MkDocs build failed: {error}",
                    "see the MkDocs warnings above; the previous site was left as it was",
                )
            ]
        ) from None
    finally:
        config.plugins.on_shutdown()


@contextmanager
def environment(name: str, value: str):
    """Set an environment variable for the duration of a block (unless the user set it)."""
    if name in os.environ:
        yield
        return
    os.environ[name] = value
    try:
        yield
    finally:
        del os.environ[name]


SEARCH_INDEX = Path("search") / "search_index.json"


def write_search_shards(site: Path, index: dict | None) -> None:
    """The site's search index (stamp.stamp_site's: Material's with every page's entries),
    its paper texts compacted (search.compact_search_index), split into the shards our
    search worker fetches by query word (shards.shard_index); search/search_index.json
    keeps only its config. Nothing without an index (no search plugin)."""
    if index is None:
        return
    folder = (site / SEARCH_INDEX).parent
    made = set()  # tens of thousands of files in a few folders: each made once
    for relative, data in shard_index(compact_search_index(index)).items():
        target = folder / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)


# Run by remove_later in a process of its own.
REMOVE = "import shutil, sys\nfor folder in sys.argv[1:]: shutil.rmtree(folder, ignore_errors=True)"


def swap_in(built: Path, site_dir: Path) -> subprocess.Popen | None:
    """Replace site_dir with the finished build in two renames: the previous site moves to
    a name of its own (.site.old-<random>), put back if the new one cannot take its place.
    A process of its own removes it, which the build does not wait for (tens of thousands of
    files: a minute at 100,000 papers); returns that process, if any."""
    if not site_dir.exists():
        os.replace(built, site_dir)
        return None
    old = site_dir.with_name(f".{site_dir.name}.old-{uuid.uuid4().hex}")
    os.replace(site_dir, old)
    try:
        os.replace(built, site_dir)
    except OSError:
        os.replace(old, site_dir)
        raise
    return remove_later(old)


def remove_later(*folders: Path) -> subprocess.Popen:
    """Remove `folders` in a detached process; one cut short is removed by the next build."""
    return subprocess.Popen(
        [sys.executable, "-c", REMOVE, *map(str, folders)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # not stopped with the build's terminal or job
    )


def id_change_warnings(site_dir: Path, catalog: Catalog) -> list[Problem]:
    """Papers whose id changed since the site in site_dir was built: their old URL breaks."""
    try:
        previous = json.loads((site_dir / "papers.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [
        Problem(
            CURATION_PATH,
            0,
            0,
            f"paper {old_id!r} is now {new_id!r}; its old URL papers/{old_id}/ will break",
            f"add  {new_id}: {{redirect_from: [{old_id}]}}  to {CURATION_PATH}",
            "warning",
        )
        for old_id, new_id in moved_papers(previous if isinstance(previous, list) else [], catalog)
    ]


@contextmanager
def new_site(site_dir: Path):
    """A temporary folder beside site_dir to build into, which replaces site_dir when the
    block ends without an error; otherwise it is removed and site_dir stays as it was.
    Yields the folder; site_dir resolved is the site's path afterwards."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in site_dir.parent.glob(f".{site_dir.name}.building-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a build that was killed
    old_sites = sorted(site_dir.parent.glob(f".{site_dir.name}.old-*"))
    if old_sites:  # previous sites whose removal was cut short, or is still going on
        remove_later(*old_sites)
    building = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    building.chmod(FOLDER_MODE)
    try:
        yield building
        swap_in(building, site_dir)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def build_with_mkdocs(config_file: Path, building: Path, pages: int, seed_dir: Path):
    """MkDocs (strict) into the folder `building`; returns the config it built with.
    `pages`: how many the progress bar counts."""
    # MkDocs reads it for the sitemap's dates and the gzip header of sitemap.xml.gz.
    epoch = source_date_epoch(config_file.resolve().parent, seed_dir.resolve())
    with (
        environment("SOURCE_DATE_EPOCH", epoch),
        progress.watch_folder(building, "**/index.html", pages, "mkdocs"),
    ):
        return mkdocs_build_into(config_file, building)
