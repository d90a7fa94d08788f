"""BibTeX that compiles: the real build's papers.bib through pdflatex, bibtex and pdflatex
with natbib's plainnat, entries made of the characters that break BibTeX, and every
character escape.latex writes.

Needs TeX: pdflatex, bibtex, natbib.sty and plainnat.bst (Debian's texlive-latex-base has
them all). Without it the tests skip, saying why; in CI (PAPER_CATALOG_REQUIRE_BROWSER=1, set
by .ci/run, which installs TeX) they fail instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.escape import UNKNOWN, latex
from generator.exports import bibtex_keys, papers_bib
from generator.model import Catalog, Metadata, Paper, PublicationDate, Record, Venue
from generator.settings import SiteSettings

REQUIRED = os.environ.get("PAPER_CATALOG_REQUIRE_BROWSER") == "1"
TEX_FILES = ("natbib.sty", "plainnat.bst", "t1enc.def")
PREAMBLE = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage{natbib}
"""
DOCUMENT = (
    PREAMBLE
    + r"""\begin{document}
\nocite{*}
\bibliographystyle{plainnat}
\bibliography{papers}
\end{document}
"""
)
TIMEOUT = 600  # seconds per run; the first run on a machine also makes the fonts


@pytest.fixture(scope="module")
def tex():
    """Skip (fail in CI) unless pdflatex, bibtex and the files the documents load are there."""
    missing = [tool for tool in ("pdflatex", "bibtex", "kpsewhich") if not shutil.which(tool)]
    if not missing:
        found = subprocess.run(
            ["kpsewhich", *TEX_FILES], capture_output=True, text=True
        ).stdout.split()
        missing = [name for name in TEX_FILES if not any(f.endswith(name) for f in found)]
    if missing:
        message = (
            f"TeX is not installed (missing: {', '.join(missing)});"
            " on Debian: apt-get install texlive-latex-base"
        )
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class Compiled:
    latex_errors: list[str]  # "! ..." lines of the last pdflatex run
    bibtex_errors: list[str]
    warnings: list[str]  # bibtex's "Warning--..." lines, without the prefix
    bibitems: int
    log: str


def run(folder: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=folder, capture_output=True, text=True, errors="replace", timeout=TIMEOUT
    )


def latex_errors(log: str) -> list[str]:
    return re.findall(r"^! .*$", log, re.MULTILINE)


def compile_bibliography(folder: Path, bib: str) -> Compiled:
    """pdflatex, bibtex, pdflatex: how a paper that cites the file is built."""
    (folder / "papers.bib").write_text(bib, encoding="utf-8")
    (folder / "doc.tex").write_text(DOCUMENT, encoding="utf-8")
    run(folder, "pdflatex", "-interaction=nonstopmode", "doc.tex")
    bibtex = run(folder, "bibtex", "doc")
    run(folder, "pdflatex", "-interaction=nonstopmode", "doc.tex")
    log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace")
    blg = (folder / "doc.blg").read_text(encoding="utf-8", errors="replace")
    bbl = (folder / "doc.bbl").read_text(encoding="utf-8", errors="replace")
    # bibtex exits 1 for warnings, 2 for errors; its messages name the .bib line.
    bibtex_errors = [] if bibtex.returncode < 2 else [bibtex.stdout]
    return Compiled(
        latex_errors=latex_errors(log),
        bibtex_errors=bibtex_errors,
        warnings=re.findall(r"^Warning--(.*)$", blg, re.MULTILINE),
        bibitems=bbl.count(r"\bibitem"),
        log=log,
    )


def test_the_real_bibliography_compiles(tex, real_build, tmp_path):
    catalog = real_build.load.catalog
    compiled = compile_bibliography(tmp_path, (real_build.site_dir / "papers.bib").read_text())
    print(
        f"\npapers.bib, {len(catalog.papers)} entries: {len(compiled.latex_errors)} LaTeX errors,"
        f" {len(compiled.bibtex_errors)} bibtex errors, {len(compiled.warnings)} bibtex warnings"
    )
    assert compiled.latex_errors == [] and compiled.bibtex_errors == []
    assert compiled.bibitems == len(catalog.papers)
    assert (tmp_path / "doc.pdf").exists()
    # The only warnings are about what is not known: a paper without a date has no year,
    # one with a venue but no authors (an article or inproceedings) has no author.
    keys = bibtex_keys(catalog.papers)
    no_year = {
        keys[p.id]
        for p in catalog.papers
        if not p.metadata.published and not (p.metadata.venue and p.metadata.venue.year)
    }
    no_author = {keys[p.id] for p in catalog.papers if not p.metadata.authors and p.metadata.venue}
    expected = {f"empty year in {key}" for key in no_year}
    expected |= {f"empty author in {key}" for key in no_author}
    assert set(compiled.warnings) == expected
    unknown = {keys[p.id] for p in catalog.papers if not p.metadata.authors}
    unknown |= {keys[p.id] for p in catalog.papers if not p.metadata.published}
    assert {warning.split(" in ")[-1] for warning in compiled.warnings} <= unknown


def paper(paper_id: str, title: str, **metadata) -> Paper:
    return Paper(
        paper_id,
        title,
        "An abstract.",
        (Record("001_a.txt", 1, title, "An abstract."),),
        metadata=Metadata(**metadata),
    )


# What breaks a .bib file or pdflatex: a lone brace (bibtex counts braces even after a
# backslash), LaTeX's special characters, commands only packages define (double-struck
# letters, Cyrillic), characters with no LaTeX at all, a comma or an "and" in a name, an
# accent Unicode keeps apart from its letter.
HOSTILE = (
    paper("brace", "An open { brace", authors=("Ada Lovelace",)),
    paper("close", "A close } brace and a \\ backslash", authors=("Smith, Jr., John",)),
    paper("specials", '50% of $x$ & #1 ~ ^ _ @ "quoted"', authors=("Research and Development",)),
    paper("math", "Functions on \u211d and \u2102: \u03b1\u2192\u03b2 \u2264 \u221e"),
    paper("scripts", "\u041f\u0440\u0438\u0432\u0435\u0442 \u4e2d\u6587 \U0001f600 \u0250\u0259"),
    paper(
        "accents",
        "Zo\u00eb, x\u0301, \u01ce, \u0219, \u0142, \u00f8",
        authors=("\u0141ukasz Kaiser", "Ond\u0159ej Du\u0161ek", "Bogdan Ionu\u021b"),
        published=PublicationDate(2021, 8, 9),
        venue=Venue("Proc. of {X} & Y", 2022, "conference"),
        doi="10.1007/978-3-031-19809-0_1",
    ),
    paper(
        "journal",
        "A journal paper",
        authors=("Plato",),
        published=PublicationDate(2020),
        venue=Venue("J. 100% Sure", None, "journal"),
        doi="10.1000/a_b#c",
    ),
)


def test_entries_made_of_what_breaks_bibtex_compile(tex, tmp_path):
    catalog = Catalog(HOSTILE)
    bib = papers_bib(catalog, SiteSettings(site_url="https://example.org/a_b~c/"))
    compiled = compile_bibliography(tmp_path, bib)
    assert compiled.latex_errors == [] and compiled.bibtex_errors == [], compiled.log[-3000:]
    assert compiled.bibitems == len(HOSTILE)  # no entry swallowed by an open brace
    keys = bibtex_keys(catalog.papers)
    undated = ("brace", "close", "specials", "math", "scripts")
    assert sorted(compiled.warnings) == sorted(f"empty year in {keys[p]}" for p in undated)
    bbl = (tmp_path / "doc.bbl").read_text()
    assert r"Smith, Jr., John" in bbl and "Research and Development" in bbl


def test_every_character_latex_writes_compiles_in_a_plain_document(tex, tmp_path):
    """Every assigned character up to U+2FFFF that latex() writes as more than a "?"."""
    lines = []
    for codepoint in range(0x20, 0x30000):
        char = chr(codepoint)
        if unicodedata.category(char) in ("Cn", "Co", "Cs"):
            continue
        written = latex(char)
        if written not in (UNKNOWN, ""):
            lines.append(f"% U+{codepoint:04X}\nx{written}x\\par")
    (tmp_path / "chars.tex").write_text(
        PREAMBLE + "\\begin{document}\n" + "\n".join(lines) + "\n\\end{document}\n",
        encoding="ascii",
    )
    run(tmp_path, "pdflatex", "-interaction=nonstopmode", "chars.tex")
    log = (tmp_path / "chars.log").read_text(encoding="utf-8", errors="replace")
    print(f"\n{len(lines)} characters written as LaTeX")
    assert len(lines) > 10_000
    assert latex_errors(log) == []
    assert "Missing character" not in log
