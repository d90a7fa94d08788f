"""The hostile corpus (tests/hostile/): each bad input gets a clear message with file and line;
odd but valid text is shown literally and never becomes markup or script."""

import html
import re
import shutil

import pytest
from conftest import HEADER, HOSTILE

from generator.curation import parse_curation, parse_taxonomy
from generator.model import CatalogError
from generator.pipeline import Timings, check_accounting
from generator.sources import read_seeds

BAD = HOSTILE / "bad"


def read_bad(tmp_path, name):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(BAD / name, folder / name)
    return folder, read_seeds(folder)


@pytest.mark.parametrize(
    ("name", "line", "col", "message"),
    [
        ("empty.txt", 0, 0, "the file is empty"),
        ("binary.txt", 3, 0, "this is a binary file, not text (it contains NUL bytes)"),
        ("latin1.txt", 3, 18, "the file is not valid UTF-8 (byte 0xe9 cannot be decoded)"),
        ("cp1252.txt", 3, 3, "the file is not valid UTF-8 (byte 0x93 cannot be decoded)"),
        ("unknown_format.txt", 1, 0, "the file matches no known seed format"),
    ],
)
def test_bad_seed_files_stop_with_file_line_and_reason(tmp_path, name, line, col, message):
    with pytest.raises(CatalogError) as error:
        read_bad(tmp_path, name)
    [problem] = error.value.problems
    assert (problem.file, problem.line, problem.col, problem.message) == (
        str(tmp_path / "seeds" / name),
        line,
        col,
        message,
    )
    assert problem.hint


def test_records_out_of_step_are_kept_and_reported(tmp_path):
    _, (records, warnings) = read_bad(tmp_path, "out_of_step.txt")
    assert [(r.line, r.title, bool(r.abstract)) for r in records] == [
        (3, "Title One Without Abstract", False),
        (4, "Title Two", True),
        (6, None, True),
        (7, "Title Three At The End", False),
    ]
    assert [(w.line, w.severity) for w in warnings] == [
        (3, "warning"),
        (6, "warning"),
        (7, "warning"),
    ]


def test_extremely_long_line_is_refused(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "001_long.txt").write_text(HEADER + "A Title\n" + "word " * 10_000 + "\n")
    with pytest.raises(CatalogError) as error:
        read_seeds(folder)
    [problem] = error.value.problems
    assert (problem.line, problem.message) == (
        4,
        "line is 50,000 characters long; the longest allowed is 20,000",
    )


def test_yaml_that_constructs_python_objects_is_refused():
    _, problems = parse_curation(
        "curation.yml", (BAD / "python_object.yml").read_text(), {"some-paper"}, set()
    )
    assert next((p.line, p.col, p.message) for p in problems) == (
        1,
        13,
        "the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    )


def test_duplicate_yaml_keys_are_refused():
    _, problems = parse_curation(
        "curation.yml", (BAD / "duplicate_keys.yml").read_text(), {"some-paper"}, {"x", "y"}
    )
    assert [(p.line, p.message) for p in problems] == [
        (2, "duplicate key 'some-paper' (first defined on line 1)")
    ]


def test_ids_that_escape_a_folder_are_refused():
    _, problems = parse_curation(
        "curation.yml", (BAD / "escape_ids.yml").read_text(), {"some-paper"}, {"x"}
    )
    assert [(p.line, p.message) for p in problems] == [
        (1, "'../../etc/passwd' is not a valid paper id"),
        (2, "unknown tag '../x' in 'add' of paper 'some-paper'"),
    ]
    _, problems = parse_taxonomy("taxonomy.yml", (BAD / "escape_taxonomy.yml").read_text())
    assert [(p.line, p.message) for p in problems] == [
        (2, "'../up' is not a valid topic id"),
        (6, "'../../tag' is not a valid tag id"),
    ]


def test_a_lost_record_fails_the_build_loudly(hostile_build):
    catalog = hostile_build.load.catalog
    records = (
        *hostile_build.load.records,
        catalog.papers[0].records[0].__class__("001_x.txt", 99, "Lost", None),
    )
    with pytest.raises(CatalogError) as error:
        check_accounting(records, catalog)
    assert (
        error.value.problems[0].message
        == "internal error: this record was lost during deduplication"
    )
    assert Timings  # the accounting check runs in every build (pipeline.load_catalog)


def html_files(site):
    return [path for path in site.rglob("*.html")]


def test_no_markup_from_the_data_reaches_any_page(hostile_build):
    for path in html_files(hostile_build.site_dir):
        text = path.read_text()
        assert "<script>alert" not in text, path
        assert "<img src=x" not in text, path
        assert "<b onmouseover" not in text, path
        assert 'href="javascript:' not in text, path
        assert "material/tags -->" not in text.replace("&lt;!-- material/tags --&gt;", ""), path


def test_hostile_titles_are_shown_literally(hostile_build):
    site = hostile_build.site_dir
    for paper in hostile_build.load.catalog.papers:
        page = (site / paper.url / "index.html").read_text()
        [h1] = re.findall(r"<h1[^>]*>(.*?)</h1>", page)
        assert html.unescape(h1) == paper.title
        title = re.search(r"<title>(.*?)</title>", page).group(1)
        assert html.unescape(title).startswith(paper.title)


def test_hostile_tag_and_topic_text_is_shown_literally(hostile_build):
    site = hostile_build.site_dir
    tag_page = (site / "tags" / "evil-tag" / "index.html").read_text()
    [h1] = re.findall(r"<h1[^>]*>(.*?)</h1>", tag_page)
    assert html.unescape(h1) == "<script>alert('tag')</script> Tag"
    assert "&lt;b onmouseover=alert(&#39;desc&#39;)&gt;HTML&lt;/b&gt;" in tag_page
    topic_page = (site / "topics" / "evil-topic" / "index.html").read_text()
    assert "{{ config }}" in topic_page
