"""Lighthouse (mobile) on one page of each type of a built site, served as GitHub Pages
serves it (gzip, Cache-Control: max-age=600; benchmarks/pages_server.py).

Needs Node and `npm ci --prefix benchmarks` (Lighthouse 12, pinned in
benchmarks/package.json) and a Chromium (Debian's: /usr/bin/chromium, or CHROME_PATH).
Prints the scores and the metrics behind the performance score, the median of --runs
runs per page, and the audits that cost a point of accessibility.

    paper-catalog build && python benchmarks/lighthouse.py --site-dir site --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pages_server import serve

HERE = Path(__file__).parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
# One page of each type; a paper, tag, topic and author that the real catalog has, and
# letters with some of the longest lists (S: titles, L: family names).
PAGES = {
    "home": "",
    "paper": "papers/raftmlp-how-much-can-be-done-without-attention-and-with-less-spatial-"
    "locality/",
    "tags": "tags/",
    "tag": "tags/transformers/",
    "topics": "topics/",
    "topic": "topics/optimization/",
    "a-z": "papers/",
    "a-z letter": "papers/s/",
    "authors": "authors/",
    "authors letter": "authors/l/",
    "author": "authors/a-atanov/",
    "explore": "explore/",
    "map": "map/",
    "help wanted": "untagged/",  # the first HELP_WANTED_PER_PAGE papers
    "about": "about/",
}
METRICS = {
    "CPU index": None,  # Lighthouse's benchmarkIndex, below
    "FCP s": ("first-contentful-paint", 1000),
    "LCP s": ("largest-contentful-paint", 1000),
    "TBT ms": ("total-blocking-time", 1),
    "CLS": ("cumulative-layout-shift", 1),
    "SI s": ("speed-index", 1000),
    "KB": ("total-byte-weight", 1024),
}


def run_once(url: str, chrome: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--only-categories=performance,accessibility",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": chrome},
        )
        return json.loads(report.read_text())


def summarise(reports: list[dict]) -> dict:
    """Median of each score and metric over the runs; failed accessibility audits."""
    row = {
        "performance": statistics.median(r["categories"]["performance"]["score"] for r in reports),
        "accessibility": statistics.median(
            r["categories"]["accessibility"]["score"] for r in reports
        ),
    }
    for name, (audit, unit) in list(METRICS.items())[1:]:
        row[name] = statistics.median(r["audits"][audit]["numericValue"] / unit for r in reports)
    failed = set()
    for report in reports:
        for ref in report["categories"]["accessibility"]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                failed.add(ref["id"])
    row["failed"] = sorted(failed)
    # Lighthouse's measure of this machine's speed at the time (a quiet desktop is about
    # 1,000-2,000); TBT scales with its inverse, so a busy machine scores lower.
    row["CPU index"] = statistics.median(r["environment"]["benchmarkIndex"] for r in reports)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median shown)")
    parser.add_argument("--pages", help=f"comma-separated, of: {', '.join(PAGES)}")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} not found: run `npm ci --prefix {HERE}` first")
    if not (args.site_dir / "index.html").exists():
        sys.exit(f"{args.site_dir}/index.html not found: run `paper-catalog build` first")
    chosen = args.pages.split(",") if args.pages else list(PAGES)
    base, server = serve(args.site_dir)
    try:
        rows = {}
        for name in chosen:
            reports = [run_once(base + PAGES[name], args.chrome) for _ in range(args.runs)]
            rows[name] = summarise(reports)
            print(f"{name}: done", file=sys.stderr)
    finally:
        server.shutdown()
    print(f"| page | performance | accessibility | {' | '.join(METRICS)} |")
    print("|---|--:|--:|" + "--:|" * len(METRICS))
    for name, row in rows.items():
        metrics = " | ".join(
            f"{row[m]:.3f}"
            if m == "CLS"
            else f"{row[m]:,.0f}"
            if m in ("TBT ms", "KB", "CPU index")
            else f"{row[m]:.1f}"
            for m in METRICS
        )
        scores = f"{row['performance'] * 100:.0f} | {row['accessibility'] * 100:.0f}"
        print(f"| {name} | {scores} | {metrics} |")
    for name, row in rows.items():
        if row["failed"]:
            print(f"{name}: accessibility audits failed: {', '.join(row['failed'])}")


if __name__ == "__main__":
    main()
