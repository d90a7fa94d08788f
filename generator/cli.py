"""The paper-catalog command line. Errors print as file:line:col: message, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .model import CatalogError
from .progress import report

DEFAULT_SEEDS = Path("seeds")
DEFAULT_CONFIG = Path("mkdocs.yml")
DEFAULT_SITE = Path("site")


def seeds_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seeds",
        type=Path,
        default=DEFAULT_SEEDS,
        metavar="DIR",
        help="folder with the seed files and the curation files (default: seeds)",
    )


def config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG,
        metavar="FILE",
        help="the MkDocs configuration (default: mkdocs.yml)",
    )


def command_build(args: argparse.Namespace) -> int:
    from .build import build

    result = build(args.seeds, args.config, args.site_dir)
    report(result.load.warnings)
    catalog = result.load.catalog
    records = len(result.load.records)
    untagged = sum(1 for paper in catalog.papers if not paper.tags)
    times = ", ".join(
        f"{stage} {seconds:.2f}s" for stage, seconds in result.timings.seconds.items()
    )
    writes = result.writes
    summary = [
        f"Built {len(catalog.papers)} papers from {records} raw records "
        f"({records - len(catalog.papers)} merged as duplicates).",
        f"Tags: {len(catalog.tags)}, topics: {len(catalog.topics)}, untagged papers: {untagged}; "
        f"authors: {len(catalog.authors)}.",
        f"Warnings: {len(result.load.warnings)}. Generated files written: "
        f"{len(writes.written)}, unchanged: {writes.unchanged}, removed: {len(writes.removed)}.",
        f"Time: {times} (total {sum(result.timings.seconds.values()):.1f}s).",
        f"Open {result.site_dir / 'index.html'} "
        f"(or run: python -m http.server -d {args.site_dir} and visit http://127.0.0.1:8000/)",
    ]
    print("\n".join(summary))
    return 0


def command_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    from .build import build

    result = build(args.seeds, args.config, None)
    report(result.load.warnings)
    serve(config_file=str(args.config), dev_addr=args.dev_addr, livereload=True)
    return 0


def command_export(args: argparse.Namespace) -> int:
    from .build import load_catalog
    from .exports import papers_json

    load = load_catalog(args.seeds)
    report(load.warnings)
    sys.stdout.write(papers_json(load.catalog) + "\n")
    return 0


def command_validate(args: argparse.Namespace) -> int:
    from .build import load_catalog

    load = load_catalog(args.seeds)
    report(load.warnings)
    print(
        f"OK: {len(load.catalog.papers)} papers, {len(load.catalog.tags)} tags, "
        f"{len(load.catalog.topics)} topics; {len(load.warnings)} warnings."
    )
    return 0


def command_search(args: argparse.Namespace) -> int:
    import json

    from .build import load_catalog
    from .search import build_index, search, settings_from_mkdocs
    from .site import read_config

    settings = settings_from_mkdocs(read_config(args.config))
    catalog = load_catalog(args.seeds).catalog
    hits = search(catalog, build_index(catalog, settings), args.query, settings, args.limit)
    if args.json:
        rows = [
            {"id": h.paper.id, "title": h.paper.title, "url": h.paper.url, "score": h.score}
            for h in hits
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for hit in hits:
            print(f"{hit.score:8.3f}  {hit.paper.id}\n          {hit.paper.title}")
        if not hits:
            print(f"No paper matches {args.query!r}.", file=sys.stderr)
    return 0 if hits else 1


def command_diff(args: argparse.Namespace) -> int:
    import json

    from .build import load_catalog
    from .diff import catalog_at, compare, markdown
    from .exports import papers_json

    before = catalog_at(args.base, Path.cwd())
    load = load_catalog(args.seeds)
    report(load.warnings)
    sys.stdout.write(markdown(compare(before, json.loads(papers_json(load.catalog))), args.base))
    return 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="paper-catalog",
        description="Build a searchable static website from raw lists of research papers.",
        epilog="Example: paper-catalog build && python -m http.server -d site",
    )
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="generate the pages and build the site",
        description="Read the seeds, merge duplicates, tag, write the Markdown pages into "
        "docs/ and build the site with MkDocs (strict). The previous site is replaced only "
        "when the new one is complete.",
        epilog="Example: paper-catalog build --site-dir public",
    )
    seeds_argument(build)
    config_argument(build)
    build.add_argument(
        "--site-dir",
        type=Path,
        default=DEFAULT_SITE,
        metavar="DIR",
        help="where the built site goes (default: site)",
    )
    build.set_defaults(run=command_build)

    serve = commands.add_parser(
        "serve",
        help="generate the pages and serve a live preview",
        description="Generate the pages, then serve the site with live reload.",
        epilog="Example: paper-catalog serve --dev-addr 127.0.0.1:8001",
    )
    seeds_argument(serve)
    config_argument(serve)
    serve.add_argument(
        "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="where to serve"
    )
    serve.set_defaults(run=command_serve)

    export = commands.add_parser(
        "export",
        help="print the catalog as JSON",
        description="Print a JSON array to stdout: one object per deduplicated paper, sorted "
        "by id, with its text, tags, topics, metadata (authors, date, venue, identifiers) "
        "and where each came from: the export contract in README.md.",
        epilog="Example: paper-catalog export --seeds seeds > papers.json",
    )
    seeds_argument(export)
    export.set_defaults(run=command_export)

    validate = commands.add_parser(
        "validate",
        help="check the seed, taxonomy, curation and metadata files",
        description="Check every input file and report every problem as "
        "file:line:col: message. Inside GitHub Actions, problems also become annotations "
        "on the pull request.",
        epilog="Example: paper-catalog validate --seeds seeds",
    )
    seeds_argument(validate)
    validate.set_defaults(run=command_validate)

    search = commands.add_parser(
        "search",
        help="search the catalog from the terminal",
        description="Rank papers for a query with lunr.py, using the site's search settings "
        "from mkdocs.yml (separator, pipeline, field boosts: title, then tags, then the "
        "abstract). An arXiv or DOI address stands for its identifier, and a word that "
        "matches nothing for the nearest words (a typo), as on the site. Prints score, id "
        "and title, or JSON. Exits 1 when nothing matches.",
        epilog='Example: paper-catalog search "kolmogorov arnold" --limit 5 --json',
    )
    search.add_argument(
        "query", help="words to look for, in any order and case, or an arXiv id or DOI"
    )
    search.add_argument("--limit", type=int, default=10, metavar="N", help="at most N results")
    search.add_argument("--json", action="store_true", help="print JSON instead of text")
    seeds_argument(search)
    config_argument(search)
    search.set_defaults(run=command_search)
    diff = commands.add_parser(
        "diff",
        help="what a change does to the catalog, against a git ref",
        description="Build the catalog as the git ref BASE has it (its code and seeds) and as "
        "the working tree has it, and print what changed, as Markdown: papers added, "
        "removed, merged, split or given a new id, and each paper's title, tags, topics and "
        "metadata changes. CI writes it to a pull request's job summary.",
        epilog="Example: paper-catalog diff origin/main",
    )
    diff.add_argument("base", metavar="BASE", help="a branch, tag or commit to compare with")
    seeds_argument(diff)
    diff.set_defaults(run=command_diff)

    from .enrich import add_enrich_command

    add_enrich_command(commands)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except CatalogError as error:
        report(error.problems)
        count = sum(1 for problem in error.problems if problem.severity == "error")
        print(f"paper-catalog: stopped on {count} error(s).", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("paper-catalog: interrupted; the previous site was left as it was.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
