"""`paper-catalog enrich`: the real code paths (arxiv.Client, requests, the cache, the file
writes) against a local stand-in for the arXiv API that answers in its Atom format, and
against a small snapshot file. Nothing here reaches the internet."""

import json
import socket
import textwrap
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Template
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import pytest
import requests

from generator import arxiv_api, enrich
from generator.arxiv_api import ArxivApi, connection_failure
from generator.arxiv_snapshot import Snapshot
from generator.cli import main
from generator.enrich import (
    ABSTRACT_AGREES,
    Verdict,
    enrich_seeds,
    judge,
    papers_to_ask,
    review_text,
    venue_from_journal_ref,
)
from generator.lookup import Candidate, Found
from generator.metadata import Evidence, Metadata, PublicationDate, Venue, parse_metadata
from generator.model import CatalogError, Paper
from generator.text import normalize

FIXTURES = Path(__file__).parent / "enrich"
FEED = Template((FIXTURES / "feed.xml").read_text(encoding="utf-8"))
ENTRY = Template((FIXTURES / "entry.xml").read_text(encoding="utf-8"))
HINT = "try again later: the papers done so far are saved, and a rerun continues"


@dataclass(frozen=True)
class ArxivRecord:
    arxiv_id: str
    title: str
    summary: str
    authors: tuple[str, ...]
    published: str
    doi: str = ""
    journal_ref: str = ""

    def entry(self) -> str:
        authors = "".join(
            f"    <author>\n      <name>{escape(name)}</name>\n    </author>\n"
            for name in self.authors
        )
        doi = journal_ref = ""
        if self.doi:
            doi = (
                '    <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">'
                f"{self.doi}</arxiv:doi>\n"
                f'    <link title="doi" href="http://dx.doi.org/{self.doi}" rel="related"/>\n'
            )
        if self.journal_ref:
            journal_ref = (
                '    <arxiv:journal_ref xmlns:arxiv="http://arxiv.org/schemas/atom">'
                f"{escape(self.journal_ref)}</arxiv:journal_ref>\n"
            )
        return ENTRY.substitute(
            arxiv_id=self.arxiv_id,
            updated="2024-01-15T10:02:11Z",
            published=self.published,
            # wrapped as arXiv wraps them
            title=escape(textwrap.fill(self.title, 70, subsequent_indent="  ")),
            summary=escape(textwrap.fill(self.summary, 78)),
            authors=authors,
            doi=doi,
            journal_ref=journal_ref,
        )


SPARSE_ABSTRACT = (
    "We study sparse mixture-of-experts layers in which each token is routed to a single "
    "expert chosen by a learned gate. The routing keeps the cost of a forward pass constant "
    "while the number of parameters grows with the number of experts. On language modelling "
    "benchmarks, a model with sixty-four experts matches a dense model four times its cost, "
    "and trains twice as fast."
)
PROTEIN_ABSTRACT = (
    "Protein language models learn from sequences alone. We add a contrastive objective that "
    "pulls together the embeddings of homologous proteins and pushes apart unrelated ones, "
    "using alignments from a public database as positives. The resulting representations "
    "improve remote homology detection by eleven points and secondary structure prediction "
    "by two points over masked language modelling alone."
)
TRAFFIC_ABSTRACT = (
    "Road sensors report speeds every five minutes. We model the sensor network as a graph "
    "and forecast speeds an hour ahead with a recurrent graph convolution, which beats "
    "seasonal baselines on two city-scale data sets by a wide margin at rush hour."
)
SURVEY_ABSTRACT = (
    "This survey reviews two decades of work on graph neural networks, from spectral "
    "convolutions to message passing and attention, and lists open problems in expressivity, "
    "scalability and the evaluation of models on benchmark graphs."
)
MIXING_ABSTRACT = (
    "Soft mixing of tokens across sequence positions replaces attention in our encoder, "
    "which then runs in linear time; accuracy on long document classification is unchanged."
)

SPARSE = ArxivRecord(
    "2106.01234",
    "Sparse Mixture Routing for Efficient Transformers",
    SPARSE_ABSTRACT,
    ("Ada Lovelace", "Alan Turing"),
    "2021-06-02T17:58:01Z",
    doi="10.5555/sparse.2021.42",
    journal_ref="Proceedings of ICML 2021, PMLR 139",
)
PROTEIN = ArxivRecord(
    "2203.04567",
    "Contrastive Pretraining of Protein Language Models",
    PROTEIN_ABSTRACT,
    ("Grace Hopper", "Anna Müller"),
    "2022-03-09T08:00:12Z",
)
SURVEY = ArxivRecord(
    "2301.07890",
    "Graph Neural Networks for Traffic Forecasting",
    SURVEY_ABSTRACT,
    ("Edsger Dijkstra",),
    "2023-01-19T12:30:00Z",
)
MIXING = ArxivRecord(
    "1905.11111",
    "Token Mixing Without Attention",
    MIXING_ABSTRACT,
    ("Barbara Liskov",),
    "2019-05-27T23:59:59Z",
    journal_ref="Workshop on Efficient NLP at NeurIPS 2019",
)


def paper(paper_id, title, abstract, arxiv_id=None, title_derived=False) -> Paper:
    return Paper(
        paper_id,
        title,
        abstract,
        records=(),
        title_derived=title_derived,
        metadata=Metadata(arxiv_id=arxiv_id),
    )


SPARSE_PAPER = paper("sparse-mixture-routing", SPARSE.title, SPARSE_ABSTRACT, arxiv_id="2106.01234")
PROTEIN_PAPER = paper("contrastive-protein", PROTEIN.title.upper(), PROTEIN_ABSTRACT)
TRAFFIC_PAPER = paper("graph-traffic", SURVEY.title, TRAFFIC_ABSTRACT)
MIXING_PAPER = paper(
    "soft-mixing-of-tokens", "Soft mixing of tokens across sequence…", MIXING_ABSTRACT, None, True
)

SPARSE_LINE = {
    "id": "sparse-mixture-routing",
    "arxiv_id": "2106.01234",
    "doi": "10.5555/sparse.2021.42",
    "authors": ["Ada Lovelace", "Alan Turing"],
    "published": "2021-06-02",
    "venue": {"name": "ICML", "year": 2021, "type": "conference"},
    "pdf_url": "https://arxiv.org/pdf/2106.01234",
    "evidence": {
        name: {
            "source": "arxiv-api",
            "url": "https://arxiv.org/abs/2106.01234",
            "match": "id",
            "score": 1.0,
        }
        for name in ("arxiv_id", "doi", "authors", "published", "venue", "pdf_url")
    },
}


class StubArxiv:
    """A local arXiv API: answers id_list, ti:"..." and abs:"..." queries from its records,
    or misbehaves as a test asks (status, delay, body)."""

    def __init__(self, records):
        self.records = {record.arxiv_id: record for record in records}
        self.queries: list[str] = []
        self.status = 200
        self.body: bytes | None = None
        self.delay = 0.0
        self.release = threading.Event()  # set at teardown: a sleeping answer stops waiting
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                query = urlsplit(self.path).query
                stub.queries.append(query)
                if stub.delay and stub.release.wait(stub.delay):
                    return
                body = stub.body if stub.body is not None else stub.answer(query)
                self.send_response(stub.status)
                self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/query"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def answer(self, query: str) -> bytes:
        args = parse_qs(query, keep_blank_values=True)
        ids = [i for i in args["id_list"][0].split(",") if i]
        search = args["search_query"][0]
        if ids:
            found = [self.records[i] for i in ids if i in self.records]
        elif search.startswith('ti:"'):
            found = [r for r in self.records.values() if normalize(r.title) == search[4:-1]]
        else:
            phrase = search.removeprefix('abs:"')[:-1]
            found = [r for r in self.records.values() if normalize(r.summary).startswith(phrase)]
        feed = FEED.substitute(
            query=escape(query),
            total=len(found),
            per_page=args["max_results"][0],
            entries="".join(record.entry() for record in found),
        )
        return feed.encode("utf-8")


@pytest.fixture
def stub():
    server = StubArxiv([SPARSE, PROTEIN, SURVEY, MIXING])
    server.thread.start()
    yield server
    server.release.set()
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def seeds(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def no_annotations(monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def api(stub_or_url, tmp_path, **options) -> ArxivApi:
    url = stub_or_url if isinstance(stub_or_url, str) else stub_or_url.url
    settings = {"delay_seconds": 0, "retries": 1, "timeout": 5.0} | options
    return ArxivApi(url, tmp_path / "cache", **settings)


def lines(seeds: Path) -> list[dict]:
    text = (seeds / "metadata.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_a_paper_with_an_arxiv_id_is_asked_by_id_and_gets_every_field(stub, seeds, tmp_path):
    tally = enrich_seeds([SPARSE_PAPER], seeds, api(stub, tmp_path))
    assert lines(seeds) == [SPARSE_LINE]
    text = (seeds / "metadata.jsonl").read_text(encoding="utf-8")
    assert parse_metadata("metadata.jsonl", text, {SPARSE_PAPER.id})[1] == []  # build reads it
    assert tally.written == ["sparse-mixture-routing"]
    [query] = stub.queries
    assert parse_qs(query)["id_list"] == ["2106.01234"]


def test_a_paper_without_an_id_is_asked_by_title_and_confirmed_by_its_abstract(
    stub, seeds, tmp_path
):
    enrich_seeds([PROTEIN_PAPER], seeds, api(stub, tmp_path))
    [line] = lines(seeds)
    assert line["arxiv_id"] == "2203.04567"
    assert line["authors"] == ["Grace Hopper", "Anna Müller"]
    assert line["published"] == "2022-03-09"
    assert "doi" not in line and "venue" not in line
    assert line["evidence"]["authors"] == {
        "source": "arxiv-api",
        "url": "https://arxiv.org/abs/2203.04567",
        "match": "title",
        "score": 1.0,
    }
    [query] = stub.queries
    assert parse_qs(query)["search_query"] == [
        'ti:"contrastive pretraining of protein language models"'
    ]


def test_a_paper_with_no_title_of_its_own_is_asked_by_its_abstracts_opening(stub, seeds, tmp_path):
    enrich_seeds([MIXING_PAPER], seeds, api(stub, tmp_path))
    [line] = lines(seeds)
    assert line["arxiv_id"] == "1905.11111"
    assert line["published"] == "2019-05-27"
    assert "venue" not in line  # a workshop at NeurIPS is not NeurIPS
    assert line["evidence"]["arxiv_id"]["match"] == "abstract"
    assert parse_qs(stub.queries[0])["search_query"] == [
        'abs:"soft mixing of tokens across sequence positions replaces attention in our encoder"'
    ]


def test_a_title_match_whose_abstract_disagrees_needs_review_and_writes_nothing(
    stub, seeds, tmp_path, capsys
):
    tally = enrich_seeds([TRAFFIC_PAPER], seeds, api(stub, tmp_path), report=tmp_path / "r.md")
    assert not (seeds / "metadata.jsonl").exists()
    message = (
        "graph-traffic: arXiv 2301.07890 (found by its title) has an abstract that agrees "
        "0.44, below 0.85; compare https://arxiv.org/abs/2301.07890 with the paper, and "
        "curate its metadata in seeds/curation.yml if it is the same paper"
    )
    assert capsys.readouterr().out == f"needs review: {message}\n"
    assert [verdict.paper.id for verdict in tally.review] == ["graph-traffic"]
    assert (tmp_path / "r.md").read_text() == (
        "# paper-catalog enrich\n\n"
        "Looked up 1 of 1 papers: 0 written, 0 unchanged, 1 need review, 0 not found on arXiv.\n\n"
        f"## Need review\n\n- {message}\n"
    )


def test_an_id_match_still_checks_the_abstract(stub, seeds, tmp_path, capsys):
    wrong_id = paper("graph-traffic", TRAFFIC_PAPER.title, TRAFFIC_ABSTRACT, "2106.01234")
    tally = enrich_seeds([wrong_id], seeds, api(stub, tmp_path))
    assert not (seeds / "metadata.jsonl").exists()
    assert "(found by its arXiv id)" in capsys.readouterr().out
    assert tally.review[0].found.candidate.authors == ("Ada Lovelace", "Alan Turing")


def test_a_paper_arxiv_does_not_have_is_reported_not_found(stub, seeds, tmp_path, capsys):
    unknown = paper("unknown", "A Title Nobody Wrote", "An abstract nobody wrote.")
    tally = enrich_seeds([unknown], seeds, api(stub, tmp_path), report=tmp_path / "r.md")
    assert tally.not_found == ["unknown"]
    assert capsys.readouterr().out == ""
    assert (tmp_path / "r.md").read_text().endswith("## Not found on arXiv\n\n- unknown\n")


def candidate_with(abstract: str) -> Found:
    record = Candidate("2106.01234", "T", abstract, ("A B",), PublicationDate(2021, 6, 2))
    return Found(record, "title", "arxiv-api")


def test_the_threshold_accepts_an_abstract_at_it_and_refuses_one_just_below():
    ours = paper("p", "T", "a" * 85 + "b" * 15)
    at = judge(ours, [candidate_with("a" * 85 + "c" * 15)])  # 170 of 200 characters kept
    below = judge(ours, [candidate_with("a" * 84 + "c" * 15)])  # 168 of 199
    assert at.score == ABSTRACT_AGREES == 0.85
    assert at.accepted
    assert below.score == pytest.approx(0.8442, abs=1e-4)
    assert not below.accepted
    hair_below = Verdict(ours, below.found, 0.849)
    assert "agrees 0.84, below 0.85;" in review_text(hair_below)  # never "0.85, below 0.85"


def test_judge_keeps_the_candidate_whose_abstract_agrees_best():
    ours = paper("p", "T", PROTEIN_ABSTRACT)
    verdict = judge(ours, [candidate_with(SURVEY_ABSTRACT), candidate_with(PROTEIN_ABSTRACT)])
    assert verdict.found.candidate.abstract == PROTEIN_ABSTRACT
    assert verdict.score == 1.0
    assert judge(ours, []).found is None


def test_answers_come_from_the_cache_on_a_rerun(stub, seeds, tmp_path):
    enrich_seeds([SPARSE_PAPER, PROTEIN_PAPER], seeds, api(stub, tmp_path))
    first = (seeds / "metadata.jsonl").read_bytes()
    assert len(stub.queries) == 2
    source = api(stub, tmp_path)
    tally = enrich_seeds([SPARSE_PAPER, PROTEIN_PAPER], seeds, source, refresh=True)
    assert len(stub.queries) == 2  # the server was not asked again
    assert (tally.written, tally.unchanged) == ([], 2)
    assert source.summary() == (
        f"0 requests to the arXiv API, 2 answers from the cache in {tmp_path / 'cache'}"
    )
    assert (seeds / "metadata.jsonl").read_bytes() == first


def test_a_damaged_cache_file_is_asked_again(stub, seeds, tmp_path):
    enrich_seeds([SPARSE_PAPER], seeds, api(stub, tmp_path))
    [cached] = (tmp_path / "cache").iterdir()
    cached.write_text("<feed")
    enrich_seeds([SPARSE_PAPER], seeds, api(stub, tmp_path), refresh=True)
    assert len(stub.queries) == 2
    assert cached.read_text().startswith("<?xml")


def test_the_file_is_written_after_each_paper_so_a_rerun_resumes(stub, seeds, tmp_path):
    papers = [PROTEIN_PAPER, SPARSE_PAPER]  # asked in id order: contrastive-protein first
    original = stub.answer
    stub.answer = lambda query: b"<html>busy</html>" if "2106.01234" in query else original(query)
    with pytest.raises(CatalogError):
        enrich_seeds(papers, seeds, api(stub, tmp_path))
    assert [line["id"] for line in lines(seeds)] == ["contrastive-protein"]
    stub.answer = original
    enrich_seeds(papers, seeds, api(stub, tmp_path))
    assert [line["id"] for line in lines(seeds)] == [
        "contrastive-protein",
        "sparse-mixture-routing",
    ]
    asked = [parse_qs(query, True)["id_list"][0] or "title" for query in stub.queries]
    assert asked == ["title", "2106.01234", "2106.01234"]  # the first paper was not asked again


def test_network_requests_keep_the_delay_and_cached_answers_do_not_wait(stub, seeds, tmp_path):
    times = []
    answer = stub.answer
    stub.answer = lambda query: times.append(time.monotonic()) or answer(query)
    papers = [SPARSE_PAPER, PROTEIN_PAPER]
    enrich_seeds(papers, seeds, api(stub, tmp_path, delay_seconds=0.4))
    assert times[1] - times[0] >= 0.4
    started = time.monotonic()
    enrich_seeds(papers, seeds, api(stub, tmp_path, delay_seconds=0.4), refresh=True)
    assert time.monotonic() - started < 0.4
    assert len(times) == 2
    assert arxiv_api.DELAY_SECONDS == 3.0  # arXiv's terms of use, for real runs


@pytest.mark.parametrize(
    ("save_every", "saves"),
    # entries saved: after each change; or the first change, then the rest when it stops
    [(0, [1, 2, 3]), (3600, [1, 3])],
    ids=["each-change", "at-the-end"],
)
def test_the_file_is_saved_per_change_or_in_batches_and_when_the_run_stops(save_every, saves):
    records = {
        "contrastive-protein": PROTEIN,
        "sparse-mixture-routing": SPARSE,
        "soft-mixing-of-tokens": MIXING,
    }

    def find(paper):
        if paper.id == "graph-traffic":
            raise KeyboardInterrupt
        record = records[paper.id]
        published = PublicationDate(*map(int, record.published[:10].split("-")))
        found = Candidate(record.arxiv_id, record.title, record.summary, record.authors, published)
        return [Found(found, "title", "arxiv-api")]

    saved = []
    papers = [PROTEIN_PAPER, SPARSE_PAPER, MIXING_PAPER, TRAFFIC_PAPER]
    steps = enrich.enrich(papers, {}, find, lambda entries: saved.append(len(entries)), save_every)
    with pytest.raises(KeyboardInterrupt), closing(steps):
        for _ in steps:
            pass
    assert saved == saves


def failure(seeds: Path, source: ArxivApi, papers=(SPARSE_PAPER,)) -> str:
    """The one problem a failing run reports; the metadata file must be as it was."""
    (seeds / "metadata.jsonl").write_text("")
    with pytest.raises(CatalogError) as raised:
        enrich_seeds(list(papers), seeds, source)
    assert (seeds / "metadata.jsonl").read_text() == ""
    [problem] = raised.value.problems
    return str(problem)


def test_a_server_that_does_not_answer_in_time(stub, seeds, tmp_path):
    stub.delay = 5
    assert failure(seeds, api(stub, tmp_path, timeout=0.2)) == (
        f"{stub.url}: error: no answer from the arXiv API within 0.2 s, asking for paper "
        f"'sparse-mixture-routing' ({HINT})"
    )


@pytest.mark.parametrize("status", [500, 503])
def test_an_http_error_after_the_retries(stub, seeds, tmp_path, status):
    stub.status = status
    assert failure(seeds, api(stub, tmp_path, retries=2)) == (
        f"{stub.url}: error: the arXiv API answered HTTP {status} (tried 3 times), asking "
        f"for paper 'sparse-mixture-routing' (arXiv may be busy or down; {HINT})"
    )
    assert len(stub.queries) == 3
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (
            b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><entry></feed>',
            "not well-formed XML (mismatched tag: line 2, column 51)",
        ),
        (
            b"<html><body>Sign in to continue</body></html>",
            "its root element is <html>, not an Atom <feed>",
        ),
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title>no counts</title></feed>',
            "it has no opensearch:totalResults",
        ),
        (
            SPARSE.entry()
            .replace("<author>", "<contributor>")
            .replace("</author>", "</contributor>"),
            "entry 1 (2106.01234) has no author",
        ),
    ],
    ids=["not-xml", "html", "no-total", "no-author"],
)
def test_an_answer_that_is_not_an_arxiv_feed(stub, seeds, tmp_path, body, why):
    if isinstance(body, str):  # an entry: wrap it in a real feed
        body = FEED.substitute(query="", total=1, per_page=5, entries=body).encode()
    stub.body = body
    assert failure(seeds, api(stub, tmp_path)) == (
        f"{stub.url}: error: the arXiv API's answer is not an arXiv Atom feed: {why}, asking "
        f"for paper 'sparse-mixture-routing' (check --api-url; {HINT})"
    )
    assert not (tmp_path / "cache").exists()  # nothing broken is cached


def test_no_server_at_all(seeds, tmp_path):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{free.getsockname()[1]}/api/query"
    assert failure(seeds, api(url, tmp_path)) == (
        f"{url}: error: cannot reach the arXiv API: connection refused, asking for paper "
        f"'sparse-mixture-routing' (check the network connection and --api-url; {HINT})"
    )


def test_a_failed_name_lookup_reads_as_such():
    # What requests raises offline (built here: a test must not look a name up).
    lookup = socket.gaierror(-3, "Temporary failure in name resolution")
    error = requests.exceptions.ConnectionError("failed")
    error.__context__ = lookup
    assert connection_failure(error) == "host name not found"
    assert connection_failure(requests.exceptions.ConnectionError("?")) == "connection failed"


def test_curated_values_are_never_overwritten(stub, seeds, tmp_path):
    curated = Evidence("curation", "https://example.org/paper", "curated")
    gathered = Evidence("public-pages", "https://example.org/page", "abstract")
    existing = {
        "id": "sparse-mixture-routing",
        "arxiv_id": "2106.01234",
        "doi": "10.9999/old",
        "authors": ["A. Lovelace", "A. M. Turing"],
        "published": "2021",
        "code_url": "https://example.org/code",
        "evidence": {
            "arxiv_id": {"source": gathered.source, "url": gathered.url, "match": gathered.match},
            "doi": {"source": gathered.source, "url": gathered.url, "match": gathered.match},
            "authors": {"source": curated.source, "url": curated.url, "match": curated.match},
            "published": {"source": curated.source, "url": curated.url, "match": curated.match},
            "code_url": {"source": curated.source, "url": curated.url, "match": curated.match},
        },
    }
    (seeds / "metadata.jsonl").write_text(json.dumps(existing) + "\n")
    enrich_seeds([SPARSE_PAPER], seeds, api(stub, tmp_path), refresh=True)
    [line] = lines(seeds)
    assert line["authors"] == ["A. Lovelace", "A. M. Turing"]
    assert line["published"] == "2021"
    assert line["code_url"] == "https://example.org/code"
    assert line["evidence"]["authors"]["source"] == "curation"
    assert line["doi"] == "10.5555/sparse.2021.42"  # gathered elsewhere: arXiv's replaces it
    assert line["evidence"]["doi"] == SPARSE_LINE["evidence"]["doi"]
    assert line["venue"] == SPARSE_LINE["venue"]


def test_only_papers_whose_line_is_incomplete_are_asked_unless_refreshed():
    complete = Metadata("1", authors=("A",), published=PublicationDate(2020))
    partial = Metadata("1", authors=("A",), code_url="https://example.org/code")
    papers = [paper(name, name, "x") for name in ("d", "c", "b", "a")]
    entries = {"a": complete, "b": partial, "c": Metadata(code_url="https://example.org")}
    assert [p.id for p in papers_to_ask(papers, entries)] == ["b", "c", "d"]
    assert [p.id for p in papers_to_ask(papers, entries, refresh=True)] == ["a", "b", "c", "d"]
    assert [p.id for p in papers_to_ask(papers, entries, refresh=True, limit=2)] == ["a", "b"]


def test_a_value_the_record_does_not_have_stays_as_it_was():
    page = Evidence("public-pages", "https://example.org/page", "abstract")
    line = Metadata(
        doi="10.9999/kept", venue=Venue("ICML", 2021), evidence={"doi": page, "venue": page}
    )
    found = Metadata(arxiv_id="2203.04567", evidence={"arxiv_id": Evidence("arxiv-api")})
    merged = enrich.updated(line, found)
    assert (merged.arxiv_id, merged.doi, merged.venue) == (
        "2203.04567",
        "10.9999/kept",
        Venue("ICML", 2021),
    )
    assert merged.evidence == {"arxiv_id": Evidence("arxiv-api"), "doi": page, "venue": page}


@pytest.mark.parametrize(
    ("journal_ref", "venue"),
    [
        ("Proceedings of ICML 2021, PMLR 139", Venue("ICML", 2021, "conference")),
        ("Advances in Neural Information Processing Systems 35 (2022)", Venue("NeurIPS", 2022)),
        ("Accepted at CVPR", Venue("CVPR", None, "conference")),
        ("TMLR, 2023", Venue("TMLR", 2023, "journal")),
        ("ACL-IJCNLP 2021 (long papers)", Venue("ACL", 2021)),
        ("Findings of ACL 2023", None),
        ("NeurIPS 2019 Workshop on Efficient NLP", None),
        ("Submitted to ICLR 2024", None),
        ("ICML 2020 and ICLR 2021", None),  # two venues: which one?
        ("Phys. Rev. B 85, 115117 (2012)", None),  # a real venue we do not know
        ("NAACL 2019", Venue("NAACL", 2019)),  # not ACL
        ("NeurIPS 2019, published in 2020", Venue("NeurIPS", None)),  # which year?
        (None, None),
    ],
)
def test_a_venue_is_taken_only_when_the_journal_ref_clearly_names_one(journal_ref, venue):
    assert venue_from_journal_ref(journal_ref) == venue


SNAPSHOT_LINES = [
    {
        "id": "2106.01234",
        "submitter": "Ada Lovelace",
        "authors": "Ada Lovelace and Alan Turing",
        "title": "Sparse Mixture Routing for\n  Efficient Transformers",
        "comments": "12 pages",
        "journal-ref": "Proceedings of ICML 2021, PMLR 139",
        "doi": "10.5555/sparse.2021.42",
        "report-no": None,
        "categories": "cs.LG stat.ML",
        "license": "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
        "abstract": "  " + textwrap.fill(SPARSE_ABSTRACT, 78) + "\n",
        "versions": [
            {"version": "v1", "created": "Wed, 2 Jun 2021 17:58:01 GMT"},
            {"version": "v2", "created": "Tue, 14 Sep 2021 09:00:00 GMT"},
        ],
        "update_date": "2021-09-14",
        "authors_parsed": [["Lovelace", "Ada", ""], ["Turing", "Alan", ""]],
    },
    '{"id": "0704.0001", "title": "Calculation of prompt diphoton',
    {
        "id": "2203.04567",
        "authors": 'Grace Hopper and Anna M\\"uller',
        "title": "Contrastive Pretraining of Protein Language Models",
        "journal-ref": None,
        "doi": None,
        "abstract": PROTEIN_ABSTRACT,
        "versions": [{"version": "v1", "created": "Wed, 9 Mar 2022 08:00:12 GMT"}],
        "authors_parsed": [["Hopper", "Grace", ""], ['M\\"uller', "Anna", ""]],
    },
    {
        "id": "2301.07890",
        "title": "Graph Neural Networks for Traffic Forecasting",
        "abstract": SURVEY_ABSTRACT,
        "versions": [{"version": "v1", "created": "Thu, 19 Jan 2023 12:30:00 GMT"}],
        "authors_parsed": [["Dijkstra", "Edsger", ""]],
    },
    {"id": "1905.11111", "title": "Token Mixing Without Attention", "abstract": MIXING_ABSTRACT},
    {
        "id": "0704.0002",
        "title": "An unrelated paper",
        "abstract": "Nothing here concerns the catalog.",
        "versions": [],
        "authors_parsed": [],
    },
]


def write_snapshot(path: Path) -> Path:
    rows = [row if isinstance(row, str) else json.dumps(row) for row in SNAPSHOT_LINES]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_snapshot_is_streamed_and_its_broken_lines_reported(seeds, tmp_path, capsys):
    snapshot = write_snapshot(tmp_path / "arxiv-metadata-oai-snapshot.json")
    # A paper with an arXiv id is only ever that record, even when another has its title.
    wrong_id = paper("protein-under-another-id", PROTEIN.title, PROTEIN_ABSTRACT, "2299.00001")
    papers = [SPARSE_PAPER, PROTEIN_PAPER, TRAFFIC_PAPER, MIXING_PAPER, wrong_id]
    source = Snapshot(snapshot)
    tally = enrich_seeds(papers, seeds, source)
    written = lines(seeds)
    assert [line["id"] for line in written] == ["contrastive-protein", "sparse-mixture-routing"]
    sparse = written[1]
    assert sparse | {"evidence": None} == SPARSE_LINE | {"evidence": None}
    assert sparse["evidence"]["authors"] == {
        "source": "arxiv-snapshot",
        "url": "https://arxiv.org/abs/2106.01234",
        "match": "id",
        "score": 1.0,
    }
    assert written[0]["authors"] == ["Grace Hopper", "Anna Müller"]  # TeX accents as letters
    assert written[0]["evidence"]["authors"]["match"] == "title"
    assert [verdict.paper.id for verdict in tally.review] == ["graph-traffic"]
    assert tally.not_found == ["protein-under-another-id", "soft-mixing-of-tokens"]
    out, err = capsys.readouterr()
    assert err == (
        f"{snapshot}:2:30: warning: not JSON: Unterminated string starting\n"
        f"{snapshot}:5: warning: arXiv record '1905.11111': it has no 'authors_parsed' list\n"
    )
    assert out.startswith("needs review: graph-traffic: arXiv 2301.07890 (found by its title)")
    assert source.summary() == f"Read 6 lines of {snapshot}"


def test_a_missing_snapshot_stops_before_anything_is_written(seeds, tmp_path):
    missing = tmp_path / "nowhere.json"
    with pytest.raises(CatalogError) as raised:
        enrich_seeds([SPARSE_PAPER], seeds, Snapshot(missing))
    assert str(raised.value) == (
        f"{missing}: error: cannot read the snapshot: No such file or directory (download "
        "arxiv-metadata-oai-snapshot.json from Kaggle's arXiv dataset, or leave out "
        "--snapshot to ask the arXiv API)"
    )
    assert not (seeds / "metadata.jsonl").exists()


def test_a_metadata_file_with_problems_stops_the_run_before_any_request(stub, seeds, tmp_path):
    (seeds / "metadata.jsonl").write_text('{"id": "sparse-mixture-routing", "authors": []}\n')
    with pytest.raises(CatalogError) as raised:
        enrich_seeds([SPARSE_PAPER], seeds, api(stub, tmp_path))
    assert str(raised.value).startswith(f"{seeds / 'metadata.jsonl'}:1: error: 'authors'")
    assert stub.queries == []


def test_the_command_line(stub, seeds, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(enrich, "load_papers", lambda seed_dir: [TRAFFIC_PAPER, PROTEIN_PAPER])
    cache = tmp_path / "cache"
    argv = ["enrich", "--seeds", str(seeds), "--api-url", stub.url, "--cache", str(cache)]
    assert main([*argv, "--limit", "1"]) == 0  # the first paper by id
    assert [line["id"] for line in lines(seeds)] == ["contrastive-protein"]
    assert capsys.readouterr().out == (
        "Looked up 1 papers (0 already complete): 1 written, 0 unchanged, 0 need review, "
        f"0 not found on arXiv. 1 requests to the arXiv API, 0 answers from the cache in {cache}.\n"
    )
    assert main([*argv, "--report", str(tmp_path / "report.md")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("needs review: graph-traffic:")
    assert out.endswith(
        "Looked up 1 papers (1 already complete): 0 written, 0 unchanged, 1 need review, "
        f"0 not found on arXiv. 1 requests to the arXiv API, 0 answers from the cache in {cache}.\n"
    )
    assert "## Need review\n\n- graph-traffic:" in (tmp_path / "report.md").read_text()


def test_the_command_line_reports_a_failure_without_a_traceback(
    stub, seeds, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(enrich, "load_papers", lambda seed_dir: [SPARSE_PAPER])
    stub.body = b"<html>maintenance</html>"
    argv = ["enrich", "--seeds", str(seeds), "--api-url", stub.url, "--cache", str(tmp_path)]
    assert main(argv) == 1
    assert capsys.readouterr().err == (
        f"{stub.url}: error: the arXiv API's answer is not an arXiv Atom feed: its root "
        "element is <html>, not an Atom <feed>, asking for paper 'sparse-mixture-routing' "
        f"(check --api-url; {HINT})\npaper-catalog: stopped on 1 error(s).\n"
    )
    assert not (seeds / "metadata.jsonl").exists()


def test_an_interrupted_run_keeps_the_papers_done(stub, seeds, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(enrich, "load_papers", lambda seed_dir: [PROTEIN_PAPER, SPARSE_PAPER])
    real_find = ArxivApi.find

    def find(self, paper):
        if paper.id == "sparse-mixture-routing":
            raise KeyboardInterrupt
        return real_find(self, paper)

    monkeypatch.setattr(arxiv_api.ArxivApi, "find", find)
    argv = ["enrich", "--seeds", str(seeds), "--api-url", stub.url, "--cache", str(tmp_path)]
    assert main(argv) == 130
    assert capsys.readouterr().err == (
        "paper-catalog enrich: interrupted; the papers done so far are saved in "
        f"{seeds / 'metadata.jsonl'}, and a rerun continues from there.\n"
    )
    assert [line["id"] for line in lines(seeds)] == ["contrastive-protein"]


def test_the_help_says_what_it_does_with_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["enrich", "--help"])
    text = capsys.readouterr().out
    assert "Example: paper-catalog enrich --limit 20" in text
    assert "abstract agrees with the paper's (similarity 0.85 or more)" in " ".join(text.split())


def test_bad_options_are_refused_by_argparse(capsys):
    with pytest.raises(SystemExit):
        main(["enrich", "--api-url", "export.arxiv.org/api/query"])
    assert "'export.arxiv.org/api/query' is not an http(s) URL" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["enrich", "--only-missing", "--refresh"])
