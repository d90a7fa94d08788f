"""Benchmark of what a maintainer and a reader pay: the build, the site, and the browser.

    python benchmarks/run.py [--sizes real,20000,100000] [--no-browser] [--output FILE]

For each size: a seed folder (benchmarks/synthetic.py, committed to a throw-away git
repository as seeds are; "real" is seeds/ as it is), then, each in a fresh subprocess:

1. cold build: `generator.build.build` as `paper-catalog build` runs it (no docs/, no cache):
   wall seconds per stage, and peak memory (the largest of the main process's VmHWM and its
   forked workers');
2. the site: bytes and files, every file counted; per paper; a paper page's HTML; the
   search files (the page's search_index.json, the shards, the result documents) and
   explore.json;
3. rebuild after one paper's tags change (a line in seeds/curation.yml), on the project the
   cold build left; `--check-identical` also builds the same seeds clean into another folder
   and compares the two sites byte for byte;
4. the browser (Chromium, as tests/conftest.py launches it; the site served by a local HTTP
   server that counts what it sends, files as they are, no compression): a paper page that
   never searches (bytes downloaded until the network is idle); search (focus the box, type
   a query key by key, seconds from the last keystroke until the result list shows the paper
   the query names, bytes downloaded from focus to then), for a few queries; Explore
   (seconds from navigation until the first results show, bytes). Each unthrottled, and
   throttled by the server to fast 4G (9 Mbit/s shared by all responses, 40 ms before each),
   unless `--no-throttle`.

Prints one table per size and a summary; `--output FILE` writes them to a file and
`--report results.json` prints the tables of an earlier run again.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
PROJECT = BENCHMARKS.parent
REAL_SEEDS = PROJECT / "seeds"
sys.path.insert(0, str(PROJECT))
DEFAULT_SIZES = "real,20000,100000"
MB = 1_000_000
CHROMIUM = os.environ.get("PAPER_CATALOG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FAST_4G = {"latency": 40, "download": 9_000_000 / 8, "upload": 9_000_000 / 8}
QUERIES_PER_SIZE = 4
TYPING_DELAY_MS = 60  # a fast typist
# The goals of issue 14, at 100,000 papers
GOALS = {
    "search_seconds": 1.0,
    "search_throttled_seconds": 2.0,
    "first_query_bytes": 500_000,
    "page_view_bytes": 400_000,
    "explore_seconds": 1.5,
    "explore_bytes": 1_500_000,
    "site_bytes_per_paper": 10_000,
    "cold_build_seconds": 300,
    "cold_build_peak_mb": 4_000,
    "rebuild_seconds": 30,
}


def peak_mb() -> float:
    """The largest peak resident set of this process and of its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        status = Path("/proc/self/status").read_text()
        own = int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        pass
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def cpu_seconds() -> float:
    """CPU seconds of this process and of the workers it waited for: on a shared machine a
    truer measure of a build's cost than its wall time."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


# ----------------------------------------------------------------------------- workers


def worker_build(args) -> dict:
    from generator.build import build
    from generator.progress import Timings

    timings = Timings()
    start, cpu = time.perf_counter(), cpu_seconds()
    result = build(args.seeds, args.project / "mkdocs.yml", args.site, timings)
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": cpu_seconds() - cpu,
        "stages": dict(timings.seconds),
        "peak_mb": peak_mb(),
        "papers": len(result.load.catalog.papers),
        "written": len(result.writes.written),
        "load_average": os.getloadavg()[0],
    }


WORKERS = {"build": worker_build}


def run_worker(kind: str, scratch: Path, **paths: Path) -> dict:
    result = scratch / f"{kind}-{time.monotonic_ns()}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind]
    for name, path in paths.items():
        command += [f"--{name}", str(path)]
    command += ["--result", str(result)]
    log = scratch / f"{kind}.log"
    with log.open("w") as stderr:
        done = subprocess.run(command, cwd=PROJECT, stderr=stderr, stdout=stderr)
    if done.returncode != 0:
        print(log.read_text()[-4000:], file=sys.stderr)
        raise SystemExit(f"worker {kind} failed; see the errors above")
    return json.loads(result.read_text())


# ------------------------------------------------------------------------------ the site


def site_figures(site: Path, papers: int) -> dict:
    total = files = 0
    by_part: dict[str, int] = {}
    pages: list[tuple[int, str]] = []  # (bytes, path) of every HTML page
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            files += 1
            part = path.relative_to(site).parts[0]
            by_part[part] = by_part.get(part, 0) + size
            if path.name == "index.html":
                pages.append((size, path.parent.relative_to(site).as_posix() + "/"))
    paper_pages = sorted(site.glob("papers/*/index.html"))
    sample = paper_pages[:: max(1, len(paper_pages) // 200)]
    search = site / "search"
    full_index = search / "search_index.json"
    return {
        "bytes": total,
        "files": files,
        "bytes_per_paper": total / max(1, papers),
        "largest_parts": sorted(by_part.items(), key=lambda item: -item[1])[:8],
        # what a reader's page view weighs at most: the map, then the others
        "largest_pages": sorted(pages, reverse=True)[:4],
        "paper_page_bytes": sum(p.stat().st_size for p in sample) / max(1, len(sample)),
        "search_index_bytes": full_index.stat().st_size if full_index.exists() else 0,
        "search_bytes": sum(p.stat().st_size for p in search.rglob("*") if p.is_file()),
        "explore_bytes": sum(p.stat().st_size for p in site.glob("explore*.json") if p.is_file())
        + sum(p.stat().st_size for p in (site / "explore").glob("**/*.json")),
    }


def add_tag_to_one_paper(seeds: Path, site: Path) -> str:
    """A curation line giving one paper a tag it lacks: what a maintainer's fix looks like."""
    papers = json.loads((site / "papers.json").read_text(encoding="utf-8"))
    paper = papers[len(papers) // 2]
    taxonomy_tags = sorted({tag for p in papers for tag in p["tags"]})
    tag = next(t for t in taxonomy_tags if t not in paper["tags"])
    curation = seeds / "curation.yml"
    text = curation.read_text(encoding="utf-8") if curation.exists() else ""
    curation.write_text(text + f"\n{paper['id']}:\n  add: [{tag}]\n", encoding="utf-8")
    return paper["id"]


def same_files(a: Path, b: Path) -> list[str]:
    """Paths that differ between two folders (missing on one side, or other bytes)."""
    names_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = sorted(names_a ^ names_b)
    for name in sorted(names_a & names_b):
        if (a / name).read_bytes() != (b / name).read_bytes():
            differ.append(name)
    return differ


# ---------------------------------------------------------------------------- browser


class Server:
    """The site over HTTP on 127.0.0.1, counting the bytes it sends (the worker's fetches
    too, which a page's DevTools session does not see), and when throttled, sending them as
    a fast-4G link would: every response waits the link's latency, and all of them share its
    bandwidth. Files are sent as they are (no compression)."""

    def __init__(self, directory: Path):
        import functools
        import http.server

        self.bytes = 0
        self.throttle = False
        self.lock = threading.Lock()
        self.free_at = 0.0  # when the shared link can send the next byte
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def end_headers(self):
                if server.throttle:
                    time.sleep(FAST_4G["latency"] / 1000)
                super().end_headers()

            def copyfile(self, source, outputfile):
                while chunk := source.read(16_384):
                    server.sent(len(chunk))
                    outputfile.write(chunk)

        handler = functools.partial(Handler, directory=str(directory))
        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def sent(self, size: int) -> None:
        with self.lock:
            self.bytes += size
            if not self.throttle:
                return
            start = max(time.monotonic(), self.free_at)
            self.free_at = start + size / FAST_4G["download"]
            wait = self.free_at - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def take(self) -> int:
        with self.lock:
            sent, self.bytes = self.bytes, 0
        return sent

    def close(self) -> None:
        self.http.shutdown()


def search_queries(site: Path, count: int) -> list[tuple[str, str]]:
    """(query, paper id): the query set on the real catalog; on a synthetic one, three or
    four distinctive words of the titles of a few papers picked at random (seeded)."""
    papers = json.loads((site / "papers.json").read_text(encoding="utf-8"))
    ids = {paper["id"] for paper in papers}
    import yaml

    listed = yaml.safe_load((PROJECT / "tests" / "search_queries.yml").read_text("utf-8"))
    real = [(q["query"], q["paper"]) for q in listed if q["paper"] in ids]
    if len(real) == len(listed):
        return real
    chooser = random.Random(14)
    chosen = []
    for paper in chooser.sample([p for p in papers if not p["title_derived"]], count * 3):
        words = [w for w in paper["title"].replace(":", " ").split() if len(w) > 4]
        if len(words) >= 3:
            chosen.append((" ".join(words[:4]).lower(), paper["id"]))
        if len(chosen) == count:
            break
    return chosen


RESULT_HREFS = "els => els.map(a => a.getAttribute('href'))"
RESULT_LINKS = "li.md-search-result__item > a.md-search-result__link"


def measure_search(browser, server: Server, page_path: str, query: str, paper: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    server.take()
    page.goto(server.url + page_path, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    page_view = server.take()
    focused = time.perf_counter()
    label = page.locator("label.md-header__button[for=__search]")
    if label.is_visible():  # a phone-sized screen: the box opens from the header icon
        label.click()
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=TYPING_DELAY_MS)
    typed = time.perf_counter()
    try:
        page.wait_for_function(
            f"""() => Array.from(document.querySelectorAll({json.dumps(RESULT_LINKS)}))
                 .some(a => a.getAttribute('href').includes('/papers/{paper}/'))""",
            timeout=180_000,
            polling=20,
        )
        shown = time.perf_counter()
        page.wait_for_timeout(500)  # the list may still change: a prefix answered first
        rank = [
            href.split("?")[0] for href in page.eval_on_selector_all(RESULT_LINKS, RESULT_HREFS)
        ]
        rank = next((i for i, href in enumerate(rank, 1) if f"/papers/{paper}/" in href), None)
    except Exception:  # a query that never shows its paper is reported, not fatal
        shown, rank = None, None
    result = {
        "query": query,
        "seconds": None if shown is None else shown - typed,
        "from_focus_seconds": None if shown is None else shown - focused,
        "bytes": server.take(),
        "rank": rank,
        "page_view_bytes": page_view,
    }
    context.close()
    return result


def measure_explore(browser, server: Server) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    server.take()
    start = time.perf_counter()
    page.goto(server.url + "explore/", wait_until="commit")
    page.wait_for_selector(".explore-results li", timeout=180_000)
    shown = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    result = {"seconds": shown, "bytes": server.take()}
    context.close()
    return result


def browser_figures(site: Path, throttle: bool) -> dict:
    from playwright.sync_api import sync_playwright

    server = Server(site)
    papers = sorted(p.parent.name for p in site.glob("papers/*/index.html"))
    page_path = f"papers/{papers[len(papers) // 3]}/"
    queries = search_queries(site, QUERIES_PER_SIZE)
    figures: dict = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for mode in ("fast", "fast-4g") if throttle else ("fast",):
                server.throttle = mode == "fast-4g"
                runs = [
                    measure_search(browser, server, page_path, query, paper)
                    for query, paper in (queries[:2] if server.throttle else queries)
                ]
                figures[mode] = {"searches": runs, "explore": measure_explore(browser, server)}
            browser.close()
    finally:
        server.close()
    figures["queries"] = len(queries)
    return figures


# ------------------------------------------------------------------------------ parent


def commit_seeds(seeds: Path) -> None:
    when = {"GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z"}
    env = {**os.environ, **when}
    identity = ["-c", "user.name=benchmark", "-c", "user.email=benchmark@example.invalid"]
    for command in (["init", "-q"], ["add", "."], [*identity, "commit", "-q", "-m", "seeds"]):
        subprocess.run(["git", *command], cwd=seeds, env=env, check=True)


def progress(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def measure(size: str, workdir: Path, args) -> dict:
    sys.path.insert(0, str(BENCHMARKS))
    from synthetic import write_synthetic

    from generator.site import copy_site_sources

    scratch = workdir / size
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    seeds = scratch / "seeds"
    if size == "real":
        shutil.copytree(REAL_SEEDS, seeds)
    else:
        progress(f"[{size}] writing the synthetic seeds")
        write_synthetic(REAL_SEEDS, seeds, int(size))
    commit_seeds(seeds)
    project = scratch / "project"
    copy_site_sources(PROJECT / "mkdocs.yml", project)
    site = project / "site"
    result: dict = {"size": size}
    progress(f"[{size}] cold build")
    result["build"] = run_worker("build", scratch, seeds=seeds, project=project, site=site)
    papers = result["build"]["papers"]
    result["site"] = site_figures(site, papers)
    if not args.no_browser:
        progress(f"[{size}] browser")
        result["browser"] = browser_figures(site, not args.no_throttle)
    if args.rebuild_up_to is not None and papers > args.rebuild_up_to:
        result["rebuild_skipped"] = args.rebuild_up_to
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
        return result
    progress(f"[{size}] rebuild after one paper's tags change")
    result["changed_paper"] = add_tag_to_one_paper(seeds, site)
    result["rebuild"] = run_worker("build", scratch, seeds=seeds, project=project, site=site)
    if args.check_identical:
        progress(f"[{size}] clean build of the changed seeds, to compare")
        clean = scratch / "clean"
        copy_site_sources(PROJECT / "mkdocs.yml", clean)
        run_worker("build", scratch, seeds=seeds, project=clean, site=clean / "site")
        differ = same_files(site, clean / "site")
        result["identical"] = {"differing_files": len(differ), "examples": differ[:5]}
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return result


# ------------------------------------------------------------------------------ report


def fmt(value, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def median(values: list[float]) -> float | None:
    values = sorted(v for v in values if v is not None)
    return values[len(values) // 2] if values else None


def worst(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return max(values) if values else None


def summary_row(result: dict) -> dict:
    build, site = result["build"], result["site"]
    browser = result.get("browser", {})
    row = {
        "papers": build["papers"],
        "cold_build_seconds": build["seconds"],
        "cold_build_cpu_seconds": build["cpu_seconds"],
        "mkdocs_seconds": build["stages"].get("mkdocs"),
        "stamp_seconds": build["stages"].get("stamp"),
        "cold_build_peak_mb": build["peak_mb"],
        "rebuild_seconds": result["rebuild"]["seconds"] if "rebuild" in result else None,
        "site_bytes": site["bytes"],
        "site_bytes_per_paper": site["bytes_per_paper"],
        "paper_page_bytes": site["paper_page_bytes"],
        "search_index_bytes": site["search_index_bytes"],
        "explore_data_bytes": site["explore_bytes"],
    }
    for mode, suffix in (("fast", ""), ("fast-4g", "_throttled")):
        if mode not in browser:
            continue
        runs = browser[mode]["searches"]
        row[f"search_seconds{suffix}"] = worst([r["seconds"] for r in runs])
        row[f"search_from_focus_seconds{suffix}"] = worst([r["from_focus_seconds"] for r in runs])
        row[f"first_query_bytes{suffix}"] = runs[0]["bytes"] if runs else None
        row[f"query_bytes_max{suffix}"] = worst([r["bytes"] for r in runs])
        row[f"page_view_bytes{suffix}"] = worst([r["page_view_bytes"] for r in runs])
        row[f"worst_rank{suffix}"] = worst([r["rank"] or 99 for r in runs])
        row[f"explore_seconds{suffix}"] = browser[mode]["explore"]["seconds"]
        row[f"explore_bytes{suffix}"] = browser[mode]["explore"]["bytes"]
    if "identical" in result:
        row["identical"] = result["identical"]["differing_files"] == 0
    return row


COLUMNS = [
    ("papers", "papers", 0, 1),
    ("cold build s (CPU)", ("cold_build_seconds", "cold_build_cpu_seconds"), 0, 1),
    ("MkDocs s", "mkdocs_seconds", 0, 1),
    ("stamp s", "stamp_seconds", 0, 1),
    ("peak MB", "cold_build_peak_mb", 0, 1),
    ("rebuild, one tag s", "rebuild_seconds", 0, 1),
    ("site MB", "site_bytes", 0, MB),
    ("site KB/paper", "site_bytes_per_paper", 1, 1000),
    ("paper page KB", "paper_page_bytes", 1, 1000),
    ("page view KB", "page_view_bytes", 0, 1000),
    ("search s (4G)", ("search_seconds", "search_seconds_throttled"), 2, 1),
    ("first query KB (most)", ("first_query_bytes", "query_bytes_max"), 0, 1000),
    ("worst rank", "worst_rank", 0, 1),
    ("Explore s (4G)", ("explore_seconds", "explore_seconds_throttled"), 2, 1),
    ("Explore KB", "explore_bytes", 0, 1000),
]


def summary(results: list[dict]) -> str:
    rows = [summary_row(result) for result in results]
    lines = [
        "| " + " | ".join(name for name, *_ in COLUMNS) + " |",
        "|" + "--:|" * len(COLUMNS),
    ]
    for row in rows:
        cells = []
        for _, key, digits, scale in COLUMNS:
            keys = key if isinstance(key, tuple) else (key,)
            values = [row.get(k) for k in keys]
            parts = [fmt(None if v is None else v / scale, digits) for v in values]
            cells.append(f"{parts[0]} ({parts[1]})" if len(parts) == 2 else parts[0])
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def details(result: dict) -> str:
    build, site = result["build"], result["site"]
    name = "real seeds" if result["size"] == "real" else f"{int(result['size']):,} synthetic"
    lines = [f"#### {name}: {build['papers']:,} papers", ""]
    stages = ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in build["stages"].items())
    lines.append(
        f"- cold build: {build['seconds']:.1f} s wall, {build['cpu_seconds']:.1f} s CPU "
        f"({stages}); peak {build['peak_mb']:,.0f} MB"
    )
    rebuild = result.get("rebuild")
    if rebuild is None:
        lines.append(
            f"- rebuild after one paper's tags change: not measured above "
            f"{result['rebuild_skipped']:,} papers (`--rebuild-up-to`)"
        )
    else:
        stages = ", ".join(f"{stage} {sec:.1f}" for stage, sec in rebuild["stages"].items())
        lines.append(
            f"- rebuild after a tag added to `{result['changed_paper']}`: "
            f"{rebuild['seconds']:.1f} s wall, {rebuild['cpu_seconds']:.1f} s CPU "
            f"({stages}); generated files rewritten: {rebuild['written']}"
        )
    if "identical" in result:
        same = result["identical"]
        lines.append(
            f"- rebuilt site against a clean build of the same seeds: "
            f"{same['differing_files']} files differ {same['examples']}"
        )
    parts = ", ".join(f"{part} {size / MB:,.1f}" for part, size in site["largest_parts"])
    lines.append(
        f"- site: {site['bytes'] / MB:,.1f} MB in {site['files']:,} files "
        f"({site['bytes_per_paper'] / 1000:,.1f} KB per paper); largest parts, MB: {parts}; "
        "largest pages, KB: "
        + ", ".join(f"{path} {size / 1000:,.0f}" for size, path in site.get("largest_pages", []))
    )
    lines.append(
        f"- search files {site['search_bytes'] / MB:,.1f} MB, of which the page's "
        f"search_index.json {site['search_index_bytes']:,} bytes; Explore data "
        f"{site['explore_bytes'] / MB:,.2f} MB"
    )
    for mode, browser in result.get("browser", {}).items():
        if not isinstance(browser, dict):
            continue
        runs = "; ".join(
            f"'{r['query']}': {fmt(r['seconds'], 2)} s after the last key "
            f"({fmt(r['from_focus_seconds'], 2)} s from focus), {r['bytes'] / 1000:,.0f} KB, "
            f"rank {r['rank']}"
            for r in browser["searches"]
        )
        explore = browser["explore"]
        page_view = browser["searches"][0]["page_view_bytes"] / 1000
        lines.append(
            f"- browser, {mode}: page view {page_view:,.0f} KB; {runs}; "
            f"Explore {explore['seconds']:.2f} s, {explore['bytes'] / 1000:,.0f} KB"
        )
    lines.append(f"- load average after the cold build: {build['load_average']:.1f}")
    return "\n".join(lines) + "\n"


def goals(results: list[dict]) -> str:
    largest = max(results, key=lambda r: r["build"]["papers"])
    row = summary_row(largest)
    checks = [
        ("search results within 1.0 s of the last keystroke", "search_seconds", "search_seconds"),
        ("... within 2.0 s on fast 4G", "search_seconds_throttled", "search_throttled_seconds"),
        ("first query downloads at most 500 KB", "query_bytes_max", "first_query_bytes"),
        ("a page view that never searches: at most 400 KB", "page_view_bytes", "page_view_bytes"),
        ("Explore's first results within 1.5 s", "explore_seconds", "explore_seconds"),
        ("Explore downloads at most 1.5 MB", "explore_bytes", "explore_bytes"),
        ("site at most 10 KB per paper", "site_bytes_per_paper", "site_bytes_per_paper"),
        ("cold build at most 300 s", "cold_build_seconds", "cold_build_seconds"),
        ("cold build at most 4 GB", "cold_build_peak_mb", "cold_build_peak_mb"),
        ("rebuild after one tag change at most 30 s", "rebuild_seconds", "rebuild_seconds"),
    ]
    lines = [f"Goals at {row['papers']:,} papers:", ""]
    for text, key, goal in checks:
        value = row.get(key)
        status = "-" if value is None else ("met" if value <= GOALS[goal] else "MISSED")
        lines.append(f"- {text}: {fmt(value, 2)} ({status})")
    if "worst_rank" in row:
        lines.append(f"- every query's paper in the top three: worst rank {row['worst_rank']}")
    if "identical" in row:
        lines.append(f"- rebuild byte-identical to a clean build: {row['identical']}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark the build, the site and the browser at several catalog sizes.",
        epilog="Example: python benchmarks/run.py --sizes real,20000,100000 --output /tmp/b.md",
    )
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"default: {DEFAULT_SIZES}")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser figures")
    parser.add_argument("--no-throttle", action="store_true", help="skip the fast-4G pass")
    parser.add_argument(
        "--check-identical",
        action="store_true",
        help="also build the changed seeds clean and compare the sites byte for byte",
    )
    parser.add_argument(
        "--rebuild-up-to",
        type=int,
        metavar="N",
        help="measure the rebuild only for catalogs of at most N papers",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folders")
    parser.add_argument("--workdir", type=Path, help="scratch folder (default: a temp folder)")
    parser.add_argument("--output", type=Path, help="also write the tables to this file")
    parser.add_argument("--report", type=Path, metavar="RESULTS", help="print a results.json")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    for option in ("--seeds", "--project", "--site", "--result"):
        parser.add_argument(option, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        result = WORKERS[args.worker](args)
        args.result.write_text(json.dumps(result, indent=2), encoding="utf-8")
        return 0

    if args.report:
        results = json.loads(args.report.read_text("utf-8"))
    else:
        workdir = args.workdir or Path(tempfile.mkdtemp(prefix="paper-catalog-bench-"))
        results = []
        for size in args.sizes.split(","):
            results.append(measure(size.strip(), workdir, args))
            (workdir / "results.json").write_text(json.dumps(results, indent=2), "utf-8")
            print(details(results[-1]), flush=True)
        progress(f"results: {workdir / 'results.json'}")
    text = (
        f"### Summary ({os.cpu_count()} cores, Python {sys.version.split()[0]})\n\n"
        + summary(results)
        + "\n"
        + goals(results)
    )
    print(text)
    if args.output:
        args.output.write_text(
            text + "\n### Per size\n\n" + "\n".join(details(r) for r in results), "utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
