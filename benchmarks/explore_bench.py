"""Explore at scale without a whole build: its data files for a synthetic catalog, put into a
copy of a built site's Explore page, measured in Chromium as benchmarks/run.py measures it.

    python benchmarks/explore_bench.py --site-dir site [--sizes real,100000] [--metadata]
        [--before REV] [--no-throttle]

For each size: the catalog (`real` is seeds/; a number, a synthetic seed folder made by
benchmarks/synthetic.py, loaded up to the tagged catalog; `--metadata` gives each synthetic
paper authors and a date, which the synthetic seeds lack), its Explore files as this working
tree writes them (and, with `--before REV`, as that commit wrote them, with that commit's
explore.js), the page's form for that catalog spliced into the built page, then in Chromium,
unthrottled and on fast 4G (benchmarks/run.py's server): seconds from navigation to the
first results and the bytes until the network is idle; then the first filter (the text box:
"graph"), seconds until its results show and the bytes it fetched; then a second filter
(a tag chip), seconds until its results show; then, each on a fresh page, the other first
filters: the first tag chip shown, the first topic (by name), the middle year of the form
as "from" (when papers have dates), the order by date, newest first.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
PROJECT = BENCHMARKS.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(BENCHMARKS))

from run import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402

from generator.build import load_catalog  # noqa: E402
from generator.explore import explore_files, explore_form  # noqa: E402
from generator.model import Catalog, PublicationDate  # noqa: E402
from generator.render import catalog_counts  # noqa: E402
from generator.templates import render  # noqa: E402

# What an Explore page view reads besides the data (the rest of the site is left out).
SITE_PARTS = ("assets", "search", "explore")


def catalog_of(size: str, workdir: Path, metadata: bool) -> Catalog:
    """The catalog, kept in workdir (a pickle) for the next run."""
    import pickle

    kept = workdir / f"catalog-{size}{'-metadata' if metadata and size != 'real' else ''}.pkl"
    if kept.exists():
        return pickle.loads(kept.read_bytes())
    catalog = make_catalog(size, workdir, metadata)
    kept.write_bytes(pickle.dumps(catalog))
    return catalog


def make_catalog(size: str, workdir: Path, metadata: bool) -> Catalog:
    if size == "real":
        return load_catalog(PROJECT / "seeds").catalog
    from synthetic import write_synthetic

    seeds = workdir / f"seeds-{size}"
    if not seeds.exists():
        write_synthetic(PROJECT / "seeds", seeds, int(size))
    catalog = load_catalog(seeds).catalog
    return with_synthetic_metadata(catalog) if metadata else catalog


def with_synthetic_metadata(catalog: Catalog) -> Catalog:
    """Authors (1 to 12, from a pool of three names a paper made of the real given and family
    names) and a date from 2012 to 2025 (none for one paper in twenty), seeded."""
    real = load_catalog(PROJECT / "seeds").catalog
    names = sorted({name for paper in real.papers for name in paper.metadata.authors})
    givens = sorted({name.split()[0] for name in names})
    families = sorted({name.split()[-1] for name in names})
    rng = random.Random(14)
    pool = sorted(
        {f"{rng.choice(givens)} {rng.choice(families)}" for _ in range(3 * len(catalog.papers))}
    )
    papers = []
    for paper in catalog.papers:
        count = rng.choice([1, 2, 3, 3, 4, 4, 5, 6, 8, 12])
        authors = tuple(dict.fromkeys(rng.choice(pool) for _ in range(count)))
        date = None
        if rng.random() >= 0.05:
            date = PublicationDate(rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28))
        metadata = replace(paper.metadata, authors=authors, published=date)
        papers.append(replace(paper, metadata=metadata))
    return replace(catalog, papers=tuple(papers))


def before_files(catalog: Catalog, revision: str, workdir: Path) -> tuple[dict[str, str], str]:
    """The Explore files and explore.js as commit `revision` wrote them."""
    tree = workdir / f"tree-{revision}"
    if not tree.exists():
        tree.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", revision, "generator", "overrides/assets/explore.js"],
            cwd=PROJECT,
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", tree], input=archive.stdout, check=True)
    script = (
        "import json,pickle,sys;from generator import explore;c=pickle.load(sys.stdin.buffer);"
        "f=explore.explore_files(c) if hasattr(explore,'explore_files') else "
        "{'explore.json':explore.explore_json(c)};print(json.dumps(f))"
    )
    import pickle

    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tree,
        input=pickle.dumps(catalog),
        capture_output=True,
        check=True,
    )
    return json.loads(result.stdout), (tree / "overrides/assets/explore.js").read_text("utf-8")


def make_site(built: Path, out: Path, catalog: Catalog, files: dict[str, str], script: str):
    if out.exists():
        shutil.rmtree(out)
    for part in SITE_PARTS:
        shutil.copytree(built / part, out / part)
    for path in (out / "explore").glob("*.json"):
        path.unlink()
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    (out / "assets" / "explore.js").write_text(script, encoding="utf-8")
    shutil.copy(PROJECT / "overrides/assets/explore.css", out / "assets" / "explore.css")
    page = render("explore.md.j2", counts=catalog_counts(catalog), form=explore_form(catalog))
    block = page[page.index('<div id="explore"') :].rstrip()
    html = (built / "explore" / "index.html").read_text("utf-8")
    start = html.index('<div id="explore"')
    end = html.index("</noscript>", start) + len("</noscript>\n</div>")
    (out / "explore" / "index.html").write_text(html[:start] + block + html[end:], "utf-8")


def shown(page) -> None:
    """Waits until the list shows the results of the filters as they stand, all of its page."""
    page.wait_for_function(
        "() => !document.querySelector('.explore-results').hasAttribute('aria-busy')"
        " && document.querySelector('.explore-count').textContent.includes(' of ')",
        timeout=300_000,
        polling=20,
    )


def timed(page, server: Server, action) -> dict:
    """Seconds from the action until the list shows the first results of the new filters
    (explore.js counts its lists in window.__exploreListed), until it shows all of its page,
    and the bytes fetched until the network is idle."""
    listed = page.evaluate("window.__exploreListed")  # None: an explore.js without it
    server.take()
    start = time.perf_counter()
    action(page)
    if listed is not None:
        page.wait_for_function(
            f"() => window.__exploreListed > {listed}"
            " && document.querySelector('.explore-count').textContent.includes(' of ')",
            timeout=300_000,
            polling=20,
        )
    screen = time.perf_counter() - start
    shown(page)
    seconds = time.perf_counter() - start
    if listed is None:
        screen = seconds  # it shows the whole page at once
    count = page.inner_text(".explore-count")
    page.wait_for_load_state("networkidle")
    return {"screen": screen, "seconds": seconds, "bytes": server.take(), "count": count}


def middle_year(page) -> str | None:
    years = page.eval_on_selector_all("#explore-from option", "os => os.map(o => o.value)")
    years = [year for year in years if year]
    return years[len(years) // 2] if years else None


def tag_chip(page) -> None:
    page.locator(".explore-chip:not([hidden]) input[data-facet=tag]").first.check()


# The first filters, each measured on a fresh page: what each does.
FIRST_FILTERS = {
    'words "graph"': lambda page: page.fill("#explore-q", "graph"),
    "the first tag chip": tag_chip,
    "the first topic": lambda page: page.locator("input[data-facet=topic]").first.check(),
    "the middle year, from": lambda page: page.select_option("#explore-from", middle_year(page)),
    "by date, newest first": lambda page: page.select_option("#explore-sort", "date"),
}


def measure(browser, server: Server) -> list[dict]:
    """The page view, then each first filter on a fresh page (after the words, a tag chip as
    the next filter)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    server.take()
    start = time.perf_counter()
    page.goto(server.url + "explore/", wait_until="commit")
    page.wait_for_selector(".explore-results li", timeout=300_000)
    first = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    steps = [{"step": "page view", "screen": first, "seconds": first, "bytes": server.take()}]
    context.close()
    for name, choose in FIRST_FILTERS.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(server.url + "explore/")
        page.wait_for_selector("#explore[data-ready]", timeout=300_000)
        page.wait_for_load_state("networkidle")
        if "year" in name and middle_year(page) is None:
            context.close()
            continue  # no paper has a date
        steps.append({"step": name, **timed(page, server, choose)})
        if name.startswith("words"):
            steps.append({"step": "then a tag chip", **timed(page, server, tag_chip)})
        context.close()
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, default=PROJECT / "site", help="a built site")
    parser.add_argument("--sizes", default="real,100000")
    parser.add_argument("--metadata", action="store_true", help="synthetic authors and dates")
    parser.add_argument("--before", metavar="REV", help="also measure this commit's Explore")
    parser.add_argument("--no-throttle", action="store_true")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="explore-bench-"))
    rows = []
    for size in args.sizes.split(","):
        catalog = catalog_of(size, workdir, args.metadata)
        script = (PROJECT / "overrides/assets/explore.js").read_text("utf-8")
        versions = {"after": (explore_files(catalog), script)}
        if args.before:
            versions["before"] = before_files(catalog, args.before, workdir)
        for name, (files, script) in sorted(versions.items(), reverse=True):
            site = workdir / f"site-{size}-{name}"
            make_site(args.site_dir, site, catalog, files, script)
            data_bytes = sum(len(text.encode()) for text in files.values())
            server = Server(site)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for throttle in (False,) if args.no_throttle else (False, True):
                    server.throttle = throttle
                    row = {"size": size, "version": name, "fast_4g": throttle}
                    row |= {"papers": len(catalog.papers), "data_bytes": data_bytes}
                    row |= {"head_bytes": len(files["explore.json"].encode())}
                    row["steps"] = measure(browser, server)
                    print(json.dumps(row), flush=True)
                    rows.append(row)
                browser.close()
            server.close()
    (workdir / "explore-results.json").write_text(json.dumps(rows, indent=2), "utf-8")
    print("| papers | version | link | data MB | step | results shown s | all 200 s | KB |")
    print("|--:|---|---|--:|---|--:|--:|--:|")
    for row in rows:
        for step in row["steps"]:
            print(
                f"| {row['papers']:,} | {row['version']}"
                f" | {'fast 4G' if row['fast_4g'] else 'local'}"
                f" | {row['data_bytes'] / 1e6:,.1f} | {step['step']}"
                f" | {step['screen']:.2f} | {step['seconds']:.2f} | {step['bytes'] / 1000:,.0f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
