"""Settings: what the site is called and where it lives (from mkdocs.yml), and the numbers
that shape its pages. mkdocs.yml stays the one place a maintainer configures the site."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from .curation import CURATION_PATH

# How many items the pages and feeds list.
FEED_ENTRIES = 100
NEWEST_ON_HOME = 10
TOP_TAGS_ON_HOME = 24
RELATED_TAGS = 6  # "tags often seen with this one" on a tag page
GIST_WORDS = 30  # a one-line gist of an abstract on listings
HELP_WANTED_PER_PAGE = 100  # papers on each page of help wanted
# Papers or authors on each page of a listing (a tag, a topic, a letter): at 100,000 papers
# one page of a tag held 20,000 papers, megabytes that a phone lays out before it scrolls.
LISTING_PER_PAGE = 300
# The map lists its papers below it (which names and links its points) up to this many; a
# larger catalog's map reads its points' names from files of MAP_NAMES_PER_FILE as needed
# (100,000 titles below the map made a page of 19 MB).
MAP_LIST_MAX = 2000
MAP_NAMES_PER_FILE = 500


@dataclass(frozen=True)
class SiteSettings:
    site_name: str = "Paper Catalog"
    curation_edit_url: str = ""  # opens seeds/curation.yml for editing on GitHub
    contributing_url: str = ""
    site_url: str = ""  # absolute, ends with "/"; feeds and metadata need absolute URLs


def branch_of(edit_uri: str) -> str:
    """The branch in an edit_uri like "edit/main/docs/" (GitHub's form), or "main"."""
    parts = [part for part in edit_uri.split("/") if part]
    return parts[1] if len(parts) >= 2 and parts[0] in ("edit", "blob") else "main"


def site_settings(config) -> SiteSettings:
    """From a loaded MkDocs config: site name and URL, and links into the repository."""
    repo_url = (config.get("repo_url") or "").rstrip("/")
    edit_uri = config.get("edit_uri") or ""
    edit_url = contributing = ""
    if repo_url and edit_uri:
        # edit_uri points into docs/; the curation file sits in seeds/ beside it.
        docs_edit = urljoin(repo_url + "/", edit_uri)
        edit_url = urljoin(docs_edit.rstrip("/") + "/", "../" + CURATION_PATH)
    if repo_url:
        contributing = f"{repo_url}/blob/{branch_of(edit_uri)}/CONTRIBUTING.md"
    site_url = config.get("site_url") or ""
    return SiteSettings(
        site_name=config["site_name"],
        curation_edit_url=edit_url,
        contributing_url=contributing,
        site_url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
    )
