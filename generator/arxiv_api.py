"""The arXiv API as a source for `paper-catalog enrich`: one paper, one query, one answer.

Queries go through the `arxiv` package's Client, which keeps arXiv's terms of use: one
request at a time on one connection, `delay_seconds` apart, and retries on failure. Its
HTTP session gets a transport adapter that adds what the client lacks: a timeout (it
sets none, so a silent server would hang a run), and a cache of the raw answers on disk,
keyed by the query, so that a rerun or a resumed run never asks twice. An answer is
cached only when it is a well-formed arXiv Atom feed, and is checked before the client
parses it (feedparser accepts anything, so a broken answer would otherwise read as "no
such paper").
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import socket
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import arxiv
import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPResponse

from .files import write_atomic
from .lookup import Candidate, Found, SourceError
from .metadata import ARXIV_ID, DOI, PublicationDate
from .model import Paper, Problem
from .text import normalize

SOURCE = "arxiv-api"
DELAY_SECONDS = 3.0  # arXiv's terms of use: no more than one request every three seconds
RETRIES = 3
TIMEOUT_SECONDS = 30.0
TITLE_CANDIDATES = 5  # a title query's best few results; the abstract picks among them
QUERY_WORDS = 12  # an abstract query (papers with no title of their own) uses its opening

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
ARXIV = "{http://arxiv.org/schemas/atom}"
ABSTRACT_URL = re.compile(r"^https?://arxiv\.org/abs/(?P<id>\S+?)(?:v\d+)?$")
RETRY_HINT = "try again later: the papers done so far are saved, and a rerun continues"


class NotCached(Exception):
    """The replaying client asked for an answer the cache does not hold."""


class MalformedFeed(Exception):
    """An answer that is not an arXiv Atom feed."""


def check_feed(body: bytes) -> None:
    """Raise MalformedFeed unless `body` is an Atom feed whose entries have what we read."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise MalformedFeed(f"not well-formed XML ({error})") from None
    if root.tag != f"{ATOM}feed":
        raise MalformedFeed(f"its root element is <{root.tag}>, not an Atom <feed>")
    total = root.findtext(f"{OPENSEARCH}totalResults", "").strip()
    if not total.isdigit():
        raise MalformedFeed("it has no opensearch:totalResults")
    for number, entry in enumerate(root.iter(f"{ATOM}entry"), 1):
        entry_id = (entry.findtext(f"{ATOM}id") or "").strip()
        found = ABSTRACT_URL.match(entry_id)
        if not found or not ARXIV_ID.match(found["id"]):
            raise MalformedFeed(f"entry {number} has no arXiv abstract URL as id: {entry_id!r}")
        what = f"entry {number} ({found['id']})"
        for name in ("published", "updated"):
            try:
                datetime.datetime.fromisoformat((entry.findtext(f"{ATOM}{name}") or "").strip())
            except ValueError:
                raise MalformedFeed(f"{what} has no valid <{name}> date") from None
        for name in ("title", "summary"):
            if entry.find(f"{ATOM}{name}") is None:
                raise MalformedFeed(f"{what} has no <{name}>")
        if not [name for name in entry.iterfind(f"{ATOM}author/{ATOM}name") if name.text]:
            raise MalformedFeed(f"{what} has no author")
        if entry.find(f"{ARXIV}primary_category") is None:
            raise MalformedFeed(f"{what} has no arxiv:primary_category")


class ResponseCache:
    """Raw answers on disk, one file per query (the URL's query string, hashed)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, query: str) -> Path:
        return self.folder / f"{hashlib.sha256(query.encode()).hexdigest()}.xml"

    def get(self, query: str) -> bytes | None:
        try:
            return self.path(query).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, query: str, body: bytes) -> None:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return  # arXiv answers in UTF-8; anything else is used once, not kept
        write_atomic(self.path(query), text)


class CachingAdapter(HTTPAdapter):
    """requests' transport, answering from the cache first.

    Without a timeout, an adapter only replays: it never reaches the network (NotCached
    instead). With one, it asks, checks the answer and caches it when it is a good one.
    """

    def __init__(self, cache: ResponseCache, timeout: float | None = None):
        super().__init__()
        self.cache = cache
        self.timeout = timeout
        self.asked = 0  # requests that went to the network

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        query = urlsplit(request.url).query
        body = self.cache.get(query)
        if body is not None:
            try:
                check_feed(body)
            except MalformedFeed:
                body = None  # damaged on disk: ask again
            else:
                headers = {"Content-Type": "application/atom+xml"}
                raw = HTTPResponse(
                    io.BytesIO(body), headers=headers, status=200, preload_content=False
                )
                return self.build_response(request, raw)
        if self.timeout is None:
            raise NotCached(request.url)
        self.asked += 1
        response = super().send(request, stream, self.timeout, verify, cert, proxies)
        if response.status_code == requests.codes.ok:
            check_feed(response.content)
            self.cache.put(query, response.content)
        return response


def client(api_url: str, adapter: CachingAdapter, delay_seconds: float, retries: int):
    found = arxiv.Client(
        page_size=TITLE_CANDIDATES, delay_seconds=delay_seconds, num_retries=retries
    )
    found.query_url_format = api_url + "?{}"
    # The client has no hook for its HTTP; its session is the one place to add the cache
    # and the timeout (tests/test_enrich.py fails if a new arxiv release moves it).
    for prefix in ("http://", "https://"):
        found._session.mount(prefix, adapter)
    return found


def connection_failure(error: requests.exceptions.ConnectionError) -> str:
    """What went wrong, in a few words, from the causes requests and urllib3 chain up."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return "host name not found"
        cause = cause.__cause__ or cause.__context__
    return "connection failed"


def candidate(result: arxiv.Result) -> Candidate:
    published = result.published.astimezone(datetime.UTC)
    return Candidate(
        arxiv_id=ABSTRACT_URL.match(result.entry_id)["id"],
        title=" ".join(result.title.split()),
        abstract=" ".join(result.summary.split()),
        authors=tuple(" ".join(author.name.split()) for author in result.authors),
        published=PublicationDate(published.year, published.month, published.day),
        doi=result.doi.strip() if result.doi and DOI.match(result.doi.strip()) else None,
        journal_ref=" ".join(result.journal_ref.split()) if result.journal_ref else None,
    )


class ArxivApi:
    """Finds each paper on arXiv: by its arXiv id, else by its title, else by its abstract's
    opening words (papers with no title of their own)."""

    source = SOURCE

    def __init__(
        self,
        api_url: str,
        cache_dir: Path,
        delay_seconds: float = DELAY_SECONDS,
        retries: int = RETRIES,
        timeout: float = TIMEOUT_SECONDS,
    ):
        self.api_url = api_url
        self.timeout = timeout
        self.retries = retries
        self.cache_dir = cache_dir
        cache = ResponseCache(cache_dir)
        self.network = CachingAdapter(cache, timeout)
        # Answers already cached come through a client with no delay: a resumed run does
        # not wait three seconds for each paper it already has the answer for.
        self.replay = client(api_url, CachingAdapter(cache), 0, 0)
        self.live = client(api_url, self.network, delay_seconds, retries)
        self.from_cache = 0

    @property
    def asked(self) -> int:
        return self.network.asked

    def prepare(self, papers: Sequence[Paper]) -> list[Problem]:
        return []  # each paper is asked for when its turn comes

    def summary(self) -> str:
        return (
            f"{self.asked} requests to the arXiv API, "
            f"{self.from_cache} answers from the cache in {self.cache_dir}"
        )

    def search(self, paper: Paper) -> tuple[arxiv.Search, str] | None:
        """The query for a paper, and what it searches by (Evidence.match)."""
        if paper.arxiv_id:
            return arxiv.Search(id_list=[paper.arxiv_id], max_results=1), "id"
        title = "" if paper.title_derived else normalize(paper.title)
        if title:
            return arxiv.Search(query=f'ti:"{title}"', max_results=TITLE_CANDIDATES), "title"
        opening = " ".join(normalize(paper.abstract).split()[:QUERY_WORDS])
        if opening:
            return arxiv.Search(query=f'abs:"{opening}"', max_results=TITLE_CANDIDATES), "abstract"
        return None

    def find(self, paper: Paper) -> Sequence[Found]:
        query = self.search(paper)
        if query is None:
            return ()
        search, match = query
        return tuple(Found(candidate(result), match, SOURCE) for result in self.results(search))

    def results(self, search: arxiv.Search) -> list[arxiv.Result]:
        try:
            found = list(self.replay.results(search))
        except NotCached:
            pass
        else:
            self.from_cache += 1
            return found
        try:
            return list(self.live.results(search))
        except arxiv.HTTPError as error:
            raise SourceError(
                self.api_url,
                f"the arXiv API answered HTTP {error.status} (tried {self.retries + 1} times)",
                f"arXiv may be busy or down; {RETRY_HINT}",
            ) from None
        except requests.exceptions.Timeout:
            raise SourceError(
                self.api_url, f"no answer from the arXiv API within {self.timeout:g} s", RETRY_HINT
            ) from None
        except requests.exceptions.ConnectionError as error:
            raise SourceError(
                self.api_url,
                f"cannot reach the arXiv API: {connection_failure(error)}",
                f"check the network connection and --api-url; {RETRY_HINT}",
            ) from None
        except MalformedFeed as error:
            raise SourceError(
                self.api_url,
                f"the arXiv API's answer is not an arXiv Atom feed: {error}",
                f"check --api-url; {RETRY_HINT}",
            ) from None
        except (requests.exceptions.RequestException, arxiv.ArxivError) as error:
            raise SourceError(
                self.api_url, f"the request to the arXiv API failed: {error}", RETRY_HINT
            ) from None
