"""Benchmark of a build, stage by stage, on the real seeds and on synthetic catalogs.

    python benchmarks/run.py [--sizes real,1000,10000,20000,100000] [--skip-mkdocs-above N]

For each size: write a synthetic seed folder (benchmarks/synthetic.py, committed to a
throw-away git repository as seeds are; "real" is seeds/ as it is), then measure, each in a
fresh subprocess so that no run inherits another's memory:

1. build: `site.generate` exactly as `paper-catalog build` runs it before MkDocs, with the
   pipeline's own `Timings` hook extended to record, per stage (read, dedupe, tag, relate,
   render, write: whatever the pipeline times), wall and CPU seconds and the process's peak
   RSS (VmHWM, a high-water mark) after it; the untimed rest (reading mkdocs.yml, the YAML
   files, the accounting check) is reported as "other". Then the unchanged rebuild:
   `write_generated` again with the same pages, which must rewrite no file;
2. memory: the same under tracemalloc, for the Python heap's peak during each stage
   (tracemalloc slows code down, so its times are not used);
3. mkdocs: `site.mkdocs_build_into` on the written docs/ (strict, as a real build);
4. bare: a plain MkDocs Material build of the same number of pages (title and abstract only,
   the same mkdocs.yml apart from nav), the floor our build is compared against.

Prints one Markdown table per size, then a summary; results also go to WORKDIR/results.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import yaml

BENCHMARKS = Path(__file__).resolve().parent
# The project measured: this checkout, or the frozen copy the parent hands its workers.
SNAPSHOT_VARIABLE = "PAPER_CATALOG_BENCH_PROJECT"
PROJECT = Path(os.environ.get(SNAPSHOT_VARIABLE) or BENCHMARKS.parent)
REAL_SEEDS = PROJECT / "seeds"
# Import this project's generator/, wherever `pip install -e` last pointed the package.
sys.path.insert(0, str(PROJECT))
DEFAULT_SIZES = "real,1000,10000,20000,100000"
STAGE_NAMES = {
    "read": "read (sources: seed files, first-seen dates)",
    "dedupe": "dedupe (dedupe.dedupe)",
    "tag": "tag (tagging.curate)",
    "relate": "relate (related.relate)",
    "render": "render (render.render_catalog_pages, render_related_pages)",
    "write": "write Markdown, cold (site.write_generated)",
    "other": "other: mkdocs.yml, YAML files, accounting check",
    "rewrite": "write Markdown, unchanged rebuild",
    "rebuild": "everything before MkDocs, unchanged rebuild (new process, similarities cached)",
    "mkdocs": "MkDocs build (site.mkdocs_build_into + search index compaction)",
    "bare": "bare MkDocs Material build, plain pages",
}
MB = 1024 * 1024
RETRIES = 3
RETRY_SECONDS = 60


def cpu_time() -> float:
    """CPU seconds of this process and of the worker processes it has waited for (tagging,
    rendering and relating run in forked workers on large catalogs)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def rss_mb() -> float:
    """The process's peak resident set so far, in MB.

    VmHWM, where Linux has it: ru_maxrss would also count the parent's memory at the fork
    that started this worker.
    """
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----------------------------------------------------------------------------- workers


def copy_project(target: Path) -> Path:
    """The site configuration and hand-written pages, without generated pages."""
    from generator.site import copy_site_sources

    return copy_site_sources(PROJECT / "mkdocs.yml", target)


def probe_timings(trace: bool):
    """The pipeline's Timings, also recording CPU time, peak memory and each stage's
    arguments and result."""
    from generator.pipeline import Timings

    class Probe(Timings):
        def __init__(self) -> None:
            super().__init__()
            self.detail: dict[str, dict] = {}
            self.results: dict = {}
            self.arguments: dict = {}

        def run(self, stage: str, work: Callable, *args, **kwargs):
            if trace:
                tracemalloc.reset_peak()
            start, cpu = time.perf_counter(), cpu_time()
            result = super().run(stage, work, *args, **kwargs)
            entry = self.detail.setdefault(stage, {"seconds": 0.0, "cpu_seconds": 0.0})
            entry["seconds"] += time.perf_counter() - start  # some stages run twice
            entry["cpu_seconds"] += cpu_time() - cpu
            entry["rss_mb"] = rss_mb()
            if trace:
                peak = tracemalloc.get_traced_memory()[1] / MB
                entry["py_peak_mb"] = max(peak, entry.get("py_peak_mb", 0.0))
            self.results[stage] = result
            self.arguments[stage] = args
            return result

    return Probe()


def worker_build(args, trace: bool = False) -> dict:
    from generator.site import generate, write_generated

    config = args.project / "mkdocs.yml"
    probe = probe_timings(trace)
    if trace:
        tracemalloc.start()  # after the imports: the peaks are the data's, not the modules'
    start, cpu = time.perf_counter(), cpu_time()
    load, writes = generate(args.seeds, config, probe)
    generated = {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": cpu_time() - cpu,
        "rss_mb": rss_mb(),
        # The largest forked worker (relate, or a share of tagging and paper pages); its
        # pages shared with this process count in both.
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    if trace:
        generated["py_peak_mb"] = max(entry["py_peak_mb"] for entry in probe.detail.values())
    stages = dict(probe.detail)
    _, pages = probe.arguments["write"]  # (docs folder, every generated file)
    probe.run("rewrite", write_generated, args.project / "docs", pages)
    papers = load.catalog.papers
    return {
        "stages": stages,
        "total": generated,
        "rewrite": {
            **probe.detail["rewrite"],
            "written": len(probe.results["rewrite"].written),
            "unchanged": probe.results["rewrite"].unchanged,
        },
        "records": len(load.records),
        "papers": len(papers),
        "pages": len(pages),
        "written": len(writes.written),
        "tags_per_paper": sum(len(paper.tags) for paper in papers) / max(1, len(papers)),
        "untagged": sum(1 for paper in papers if not paper.tags),
        "load_average": os.getloadavg()[0],
    }


def worker_rebuild(args) -> dict:
    """generate() again on the project the build pass left: docs/ and the similarity cache
    are there, as they are for a maintainer who edits a tag and builds again."""
    from generator.site import generate

    start, cpu = time.perf_counter(), cpu_time()
    _, writes = generate(args.seeds, args.project / "mkdocs.yml")
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": cpu_time() - cpu,
        "rss_mb": rss_mb(),
        "written": len(writes.written),
    }


def worker_memory(args) -> dict:
    return worker_build(args, trace=True)


def worker_mkdocs(args) -> dict:
    """The MkDocs part of site.build: the strict build, then the search index compaction."""
    from generator import site

    site_dir = args.project / "site"
    before = rss_mb()
    start, cpu = time.perf_counter(), cpu_time()
    site.mkdocs_build_into(args.project / "mkdocs.yml", site_dir)
    index = site_dir / "search" / "search_index.json"
    material_bytes = index.stat().st_size if index.exists() else 0
    compact = getattr(site, "compact_search_index_file", None)  # absent in older versions
    if compact:
        compact(site_dir)
    result = built(site_dir, time.perf_counter() - start, cpu_time() - cpu, before)
    return {**result, "material_index_bytes": material_bytes}


def worker_bare(args) -> dict:
    """MkDocs alone, as `mkdocs build --strict` runs it: the generator is not imported."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = args.project / "site"
    before = rss_mb()
    start, cpu = time.perf_counter(), cpu_time()
    config = load_config(
        config_file=str(args.project / "mkdocs.yml"), site_dir=str(site_dir), strict=True
    )
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return built(site_dir, time.perf_counter() - start, cpu_time() - cpu, before)


def built(site_dir: Path, seconds: float, cpu_seconds: float, rss_before: float) -> dict:
    index = site_dir / "search" / "search_index.json"
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "load_average": os.getloadavg()[0],
        "rss_mb": rss_mb(),
        "rss_before_mb": rss_before,
        "search_index_bytes": index.stat().st_size if index.exists() else 0,
        "html_pages": sum(1 for _ in site_dir.rglob("index.html")),
    }


WORKERS = {
    "build": worker_build,
    "rebuild": worker_rebuild,
    "memory": worker_memory,
    "mkdocs": worker_mkdocs,
    "bare": worker_bare,
}


# ------------------------------------------------------------------------------ parent


def run_worker(kind: str, seeds: Path, project: Path, scratch: Path, output: Path) -> dict:
    """Run one measuring subprocess; what it writes in output is removed before each try."""
    result = scratch / f"{kind}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind]
    command += ["--seeds", str(seeds), "--project", str(project), "--result", str(result)]
    log = scratch / f"{kind}.log"
    for attempt in range(1, RETRIES + 1):
        remove_output(output)
        with log.open("w") as stderr:
            done = subprocess.run(command, cwd=PROJECT, stderr=stderr, stdout=stderr)
        if done.returncode == 0:
            return json.loads(result.read_text())
        print(log.read_text()[-4000:], file=sys.stderr)
        # generator/ may be mid-edit in a working copy; a minute later it usually imports.
        progress(f"worker {kind} failed (attempt {attempt} of {RETRIES})")
        if attempt < RETRIES:
            time.sleep(RETRY_SECONDS)
    raise SystemExit(f"worker {kind} failed {RETRIES} times; see the errors above")


def remove_output(folder: Path) -> None:
    """Remove a built site, or the generated files of a docs/ folder (not the hand-written)."""
    from generator.site import CACHE_FOLDER, GENERATED_FILES, GENERATED_FOLDERS

    if folder.name != "docs":
        shutil.rmtree(folder, ignore_errors=True)
        return
    shutil.rmtree(folder.parent / CACHE_FOLDER, ignore_errors=True)  # a cold build has none
    for name in GENERATED_FOLDERS:
        shutil.rmtree(folder / name, ignore_errors=True)
    for name in GENERATED_FILES:
        (folder / name).unlink(missing_ok=True)


def write_bare_project(target: Path, docs: Path) -> Path:
    """The same mkdocs.yml with a one-page nav, and as many plain pages as our docs/ has.

    One page per paper with its title and abstract, and for every other page of ours (tag,
    topic, overview pages) a page with its title and description: the floor is MkDocs
    Material building the same number of pages with nothing of ours in them.
    """
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = [{"Home": "index.md"}]
    config["not_in_nav"] = "/papers/*.md\n/pages/*.md\n"
    target.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    shutil.copytree(PROJECT / "overrides", target / "overrides")
    papers_dir, pages_dir = target / "docs" / "papers", target / "docs" / "pages"
    papers_dir.mkdir(parents=True)
    pages_dir.mkdir(parents=True)
    (target / "docs" / "index.md").write_text("# Bare catalog\n", encoding="utf-8")
    papers = json.loads((docs / "papers.json").read_text(encoding="utf-8"))
    for paper in papers:
        page = f"# {paper['title']}\n\n{paper['abstract']}\n"
        (papers_dir / f"{paper['id']}.md").write_text(page, encoding="utf-8")
    paper_pages = {docs / "papers" / f"{paper['id']}.md" for paper in papers}
    others = [
        path
        for path in sorted(docs.rglob("*.md"))
        if path not in paper_pages and path != docs / "index.md"  # the bare home page is
    ]
    for number, path in enumerate(others):
        meta = front_matter(path.read_text(encoding="utf-8"))
        title = meta.get("title") or path.stem
        page = f"# {title}\n\n{meta.get('description') or title}\n"
        (pages_dir / f"page-{number}.md").write_text(page, encoding="utf-8")
    return target / "mkdocs.yml"


def front_matter(text: str) -> dict:
    if not text.startswith("---\n"):
        return {}
    meta = yaml.safe_load(text.split("---\n", 2)[1])
    return meta if isinstance(meta, dict) else {}


def commit_seeds(seeds: Path) -> None:
    """A git repository holding the seeds, as the real ones are (dates come from git blame)."""
    when = {"GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z"}
    env = {**os.environ, **when}
    identity = ["-c", "user.name=benchmark", "-c", "user.email=benchmark@example.invalid"]
    for command in (["init", "-q"], ["add", "."], [*identity, "commit", "-q", "-m", "seeds"]):
        subprocess.run(["git", *command], cwd=seeds, env=env, check=True)


def measure(size: str, workdir: Path, skip_mkdocs_above: int | None, memory: bool) -> dict:
    sys.path.insert(0, str(BENCHMARKS))
    from synthetic import write_synthetic

    scratch = workdir / size
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    result: dict = {"size": size}
    if size == "real":
        seeds = REAL_SEEDS
    else:
        seeds = scratch / "seeds"
        progress(f"[{size}] writing the synthetic seeds")
        start = time.perf_counter()
        stats = write_synthetic(REAL_SEEDS, seeds, int(size))
        result["generate_seconds"] = time.perf_counter() - start
        result["synthetic"] = {**vars(stats), "near_duplicates": dict(stats.near_duplicates)}
        commit_seeds(seeds)
    project = scratch / "project"
    copy_project(project)
    docs = project / "docs"
    progress(f"[{size}] build before MkDocs")
    result["build"] = run_worker("build", seeds, project, scratch, output=docs)
    papers = result["build"]["papers"]
    progress(f"[{size}] unchanged rebuild before MkDocs")
    result["rebuild"] = run_worker("rebuild", seeds, project, scratch, output=scratch / "none")
    if memory:
        progress(f"[{size}] memory (tracemalloc)")
        memory_project = scratch / "memory"
        copy_project(memory_project)
        result["memory"] = run_worker(
            "memory", seeds, memory_project, scratch, output=memory_project / "docs"
        )
        shutil.rmtree(memory_project, ignore_errors=True)
    if skip_mkdocs_above is not None and papers > skip_mkdocs_above:
        result["mkdocs_skipped"] = skip_mkdocs_above
    else:
        progress(f"[{size}] MkDocs build of {papers} papers")
        site = project / "site"
        result["mkdocs"] = run_worker("mkdocs", seeds, project, scratch, output=site)
        shutil.rmtree(site, ignore_errors=True)
        progress(f"[{size}] bare MkDocs build, as many plain pages as ours")
        bare = scratch / "bare"
        write_bare_project(bare, docs)
        result["bare"] = run_worker("bare", seeds, bare, scratch, output=bare / "site")
    shutil.rmtree(scratch, ignore_errors=True)
    return result


def snapshot(workdir: Path) -> Path:
    """A frozen copy of the project (code, seeds, site sources) for the whole run.

    generator/ and the seeds may be edited while a long run goes on; measuring a copy keeps
    every size on one version. The seeds are committed in the copy, as they are in the real
    repository, so first-seen dates still come from git blame.
    """
    from generator.site import copy_site_sources

    target = workdir / "project"
    shutil.rmtree(target, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(PROJECT / "generator", target / "generator", ignore=ignore)
    shutil.copytree(PROJECT / "seeds", target / "seeds", ignore=ignore)
    copy_site_sources(PROJECT / "mkdocs.yml", target)
    commit_seeds(target / "seeds")
    (target / "VERSION").write_text(code_version(target) + "\n", encoding="utf-8")
    return target


def use_snapshot(target: Path) -> None:
    """Measure target from now on, in this process and in every worker it starts."""
    global PROJECT, REAL_SEEDS
    PROJECT, REAL_SEEDS = target, target / "seeds"
    os.environ[SNAPSHOT_VARIABLE] = str(target)  # workers put it first on their sys.path
    sys.path.insert(0, str(target))
    for name in [name for name in sys.modules if name.split(".")[0] == "generator"]:
        del sys.modules[name]


def code_version(root: Path | None = None) -> str:
    """The checkout's commit, and a digest of the generator/ measured (edits included)."""
    root = root or PROJECT
    frozen = root / "VERSION"
    if frozen.exists():
        return frozen.read_text(encoding="utf-8").strip()
    digest = hashlib.sha256()
    for path in sorted((root / "generator").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2"):
            digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())

    def git(*command: str) -> str:
        done = subprocess.run(["git", *command], cwd=BENCHMARKS, capture_output=True, text=True)
        return done.stdout.strip()

    edited = " + uncommitted edits" if git("status", "--porcelain", "../generator") else ""
    return (
        f"commit {git('rev-parse', '--short', 'HEAD') or '?'}{edited}, generator/ digest "
        + (digest.hexdigest()[:12])
    )


def progress(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------ report


def fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def add(*measured: dict) -> dict:
    return {key: sum(m[key] for m in measured) for key in ("seconds", "cpu_seconds")}


def ratio(ours: dict, bare: dict, key: str) -> str:
    return f"{ours[key] / bare[key]:.2f}x"


def other(build: dict) -> dict:
    """What generate() spent outside the timed stages."""
    timed = add(*build["stages"].values())
    return {key: build["total"][key] - timed[key] for key in timed}


def table(result: dict) -> str:
    build = result["build"]
    memory = result.get("memory", {})
    papers = build["papers"]
    name = "real seeds" if result["size"] == "real" else f"{int(result['size']):,} synthetic"
    lines = [
        f"#### {name}: {build['records']:,} records → {papers:,} papers, "
        f"{build['pages']:,} generated files",
        "",
        "| stage | wall s | CPU s | µs per paper (wall) | Python peak MB (tracemalloc) "
        "| process peak RSS MB |",
        "|---|--:|--:|--:|--:|--:|",
    ]

    def row(label: str, measured: dict, py_peak: float | None = None):
        seconds = measured["seconds"]
        lines.append(
            f"| {label} | {fmt(seconds)} | {fmt(measured['cpu_seconds'])} "
            f"| {fmt(seconds / papers * 1e6, 0)} | {fmt(py_peak, 0)} "
            f"| {fmt(measured.get('rss_mb'), 0)} |"
        )

    for stage, measured in build["stages"].items():
        peak = memory.get("stages", {}).get(stage, {}).get("py_peak_mb")
        row(STAGE_NAMES.get(stage, stage), measured, peak)
    row(STAGE_NAMES["other"], other(build))
    row("**everything before MkDocs**", build["total"], memory.get("total", {}).get("py_peak_mb"))
    row(STAGE_NAMES["rewrite"], build["rewrite"], memory.get("rewrite", {}).get("py_peak_mb"))
    if "rebuild" in result:
        row(STAGE_NAMES["rebuild"], result["rebuild"])
    mkdocs, bare = result.get("mkdocs"), result.get("bare")
    if mkdocs:
        whole = add(build["total"], mkdocs)
        row(STAGE_NAMES["mkdocs"], mkdocs)
        row("**whole build** (before MkDocs + MkDocs)", whole)
        row(STAGE_NAMES["bare"], bare)
    else:
        skipped = f"skipped (`--skip-mkdocs-above {result['mkdocs_skipped']:,}`)"
        lines.append(f"| {STAGE_NAMES['mkdocs']} | {skipped} | | | | |")
        lines.append(f"| {STAGE_NAMES['bare']} | {skipped} | | | | |")
    lines.append("")
    rewrite = build["rewrite"]
    notes = [
        f"unchanged rebuild: write_generated {fmt(rewrite['seconds'])} s against "
        f"{fmt(build['stages']['write']['seconds'])} s cold; files rewritten: "
        f"{rewrite['written']} (unchanged: {rewrite['unchanged']:,})",
    ]
    if "rebuild" in result:
        notes.append(
            f"unchanged rebuild in a new process, before MkDocs: "
            f"{fmt(result['rebuild']['seconds'])} s against {fmt(build['total']['seconds'])} s "
            f"cold (similarities from the cache); files rewritten: {result['rebuild']['written']}"
        )
    if mkdocs:
        notes += [
            f"whole build / bare MkDocs: **{ratio(whole, bare, 'seconds')}** wall "
            f"({fmt(whole['seconds'], 1)} s / {fmt(bare['seconds'], 1)} s), "
            f"{ratio(whole, bare, 'cpu_seconds')} CPU; MkDocs alone / bare: "
            f"{ratio(mkdocs, bare, 'cpu_seconds')} CPU",
            f"search index: {mkdocs['search_index_bytes'] / papers:,.0f} bytes per paper "
            f"({mkdocs['search_index_bytes'] / MB:,.1f} MB; Material wrote "
            f"{mkdocs.get('material_index_bytes', 0) / papers:,.0f} before our compaction; "
            f"bare: {bare['search_index_bytes'] / papers:,.0f} bytes per paper)",
        ]
    if build["total"].get("worker_rss_mb"):
        notes.append(
            f"largest worker process (relate, or a share of tagging and paper pages): peak RSS "
            f"{build['total']['worker_rss_mb']:,.0f} MB (memory shared with the main process "
            f"counts in both)"
        )
    notes.append(f"tags per paper: {build['tags_per_paper']:.2f}, untagged: {build['untagged']:,}")
    if "synthetic" in result:
        synthetic = result["synthetic"]
        kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(synthetic["near_duplicates"].items()))
        notes.append(
            f"synthetic input: {synthetic['papers']:,} distinct papers "
            f"({synthetic['abstract_only_papers']:,} without title) + "
            f"{sum(synthetic['near_duplicates'].values()):,} near-duplicates ({kinds}) in "
            f"{synthetic['files']:,} files; the dedupe found {papers:,} papers"
        )
    loads = [result[k]["load_average"] for k in ("build", "mkdocs", "bare") if k in result]
    notes.append(
        "1-minute load average after each timed pass: "
        + ", ".join(f"{load:.1f}" for load in loads)
        + " (above 1, other processes shared the machine's cores; wall times suffer most)"
    )
    notes.append(f"code: {result['code']}")
    lines += [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def summary(results: list[dict]) -> str:
    lines = [
        "| papers | before MkDocs s (wall / CPU) | MkDocs s (CPU) | bare MkDocs s (CPU) "
        "| whole / bare (wall, CPU) | dedupe s (wall / CPU) | dedupe peak MB (Python / process) "
        "| search index B/paper |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for result in results:
        build = result["build"]
        papers = build["papers"]
        dedupe = build["stages"]["dedupe"]
        mkdocs, bare = result.get("mkdocs"), result.get("bare")
        py_peak = result.get("memory", {}).get("stages", {}).get("dedupe", {}).get("py_peak_mb")
        label = f"{papers:,}" + (" (real)" if result["size"] == "real" else "")
        if mkdocs:
            whole = add(build["total"], mkdocs)
            ratios = f"{ratio(whole, bare, 'seconds')}, {ratio(whole, bare, 'cpu_seconds')}"
            index = f"{mkdocs['search_index_bytes'] / papers:,.0f}"
            mk, bk = fmt(mkdocs["cpu_seconds"], 1), fmt(bare["cpu_seconds"], 1)
        else:
            ratios = index = mk = bk = "skipped"
        lines.append(
            f"| {label} | {fmt(build['total']['seconds'])} / "
            f"{fmt(build['total']['cpu_seconds'])} | {mk} | {bk} | {ratios} | "
            f"{fmt(dedupe['seconds'])} / {fmt(dedupe['cpu_seconds'])} | {fmt(py_peak, 0)} / "
            f"{fmt(dedupe['rss_mb'], 0)} | {index} |"
        )
    measured = [r for r in results if r.get("mkdocs")]
    if measured and any("mkdocs_skipped" in r for r in results):
        largest = max(measured, key=lambda r: r["build"]["papers"])
        base = largest["build"]["papers"]
        per_page = largest["mkdocs"]["seconds"] / base
        for result in results:
            if "mkdocs_skipped" in result:
                papers = result["build"]["papers"]
                lines.append(
                    f"\nMkDocs skipped at {papers:,} papers: at the {base:,}-paper rate "
                    f"({per_page * 1e3:.1f} ms wall per paper) it would take about "
                    f"{per_page * papers / 60:.0f} minutes (a linear estimate)."
                )
    return "\n".join(lines) + "\n"


# -------------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark a build stage by stage on the real seeds and synthetic catalogs.",
        epilog="Example: python benchmarks/run.py --sizes real,1000,20000 --skip-mkdocs-above "
        "50000",
    )
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help=f"comma-separated paper counts; 'real' is seeds/ as it is (default: {DEFAULT_SIZES})",
    )
    parser.add_argument(
        "--skip-mkdocs-above",
        type=int,
        metavar="N",
        help="skip both MkDocs builds for catalogs of more than N papers",
    )
    parser.add_argument(
        "--no-tracemalloc", action="store_true", help="skip the tracemalloc memory pass"
    )
    parser.add_argument("--workdir", type=Path, help="scratch folder (default: a temp folder)")
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="measure the checkout as it changes, not a copy frozen at the start",
    )
    parser.add_argument("--output", type=Path, help="also write the tables to this file")
    parser.add_argument(
        "--report", type=Path, metavar="RESULTS", help="print the tables of a results.json again"
    )
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    for option in ("--seeds", "--project", "--result"):
        parser.add_argument(option, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        result = WORKERS[args.worker](args)
        args.result.write_text(json.dumps(result, indent=2), encoding="utf-8")
        return 0

    results = json.loads(args.report.read_text("utf-8")) if args.report else run_all(args)
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {results[0]['code']}"
    text = f"### Summary ({machine})\n\n" + summary(results)
    print(text)
    if args.output:
        tables = "\n".join(table(result) for result in results)
        args.output.write_text(f"{text}\n### Per size\n\n{tables}", encoding="utf-8")
    return 0


def run_all(args) -> list[dict]:
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="paper-catalog-bench-"))
    if not args.in_place:
        use_snapshot(snapshot(workdir))
        progress(f"measuring a frozen copy: {PROJECT} ({code_version()})")
    results = []
    for size in args.sizes.split(","):
        result = measure(size.strip(), workdir, args.skip_mkdocs_above, not args.no_tracemalloc)
        result["code"] = code_version()
        results.append(result)
        (workdir / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        print(table(result), flush=True)
    progress(f"results: {workdir / 'results.json'}")
    return results


if __name__ == "__main__":
    sys.exit(main())
