"""The hostile corpus (tests/hostile/): each bad input gets a clear message with file and line;
odd but valid text is shown literally and never becomes markup or script."""

import html
import re
import shutil

import pytest
from conftest import HEADER, HOSTILE

from generator.build import check_accounting, load_catalog
from generator.curation import parse_curation, parse_taxonomy
from generator.model import CatalogError
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


def test_an_editors_and_a_scrapers_mess_is_read_with_a_warning_per_change(tmp_path):
    """CRLF, byte order marks (one mid-file, from two files joined), trailing tabs, NBSP,
    zero-width space, entities, Word's vertical tab and smart quotes as C1 codes, a line
    pasted twice, Subscribe glued to lowercase titles, an "Abstract:" label on its own line,
    a header glued to the end of an abstract, short abstracts, Chinese, a lost title."""
    folder, (records, warnings) = read_bad(tmp_path, "editor_and_scraper_mess.txt")
    assert [(r.line, r.title, r.abstract and r.abstract[:24]) for r in records] == [
        (
            3,
            "iCaRL: Incremental Classifier and Representation Learning",
            "We release iCaRL, a trai",
        ),
        (5, "Q&A over Tables: A Benchmark", "We release a dataset."),
        (
            7,
            "Vertical Tab and \u201cSmart Quotes\u201d from a Word Document",
            "Sparse mixture-of-expert",
        ),
        (
            11,
            "基于深度学习的图像分类方法研究",
            "本文提出了一种基于注意力机制的图像分类模型。实验",
        ),
        (13, "A Title Whose Abstract Was Lost", None),
        (16, "mixup: Beyond Empirical Risk Minimization", "Large deep networks memo"),
        (19, None, "This abstract lost its t"),
        (
            21,
            "RaftMLP: How Much Can Be Done Without Attention and with Less Spatial Locality?",
            "For the past ten years, ",
        ),
    ]
    assert records[0].abstract.endswith("from a stream of classes.")
    assert records[6].abstract.endswith("confirm the theory on real data.")
    changed = "text changed while reading: "
    subscribe = (
        changed + "the page's 'Subscribe' button text removed from the start of the first title"
    )
    word = (
        changed
        + "control characters replaced (U+000B \u2192 space, U+0093 \u2192 \u201c, U+0094 \u2192 \u201d)"
    )
    assert [(w.file, w.severity) for w in warnings] == [
        (str(folder / "editor_and_scraper_mess.txt"), "warning")
    ] * 10
    assert [(w.line, w.col, w.message) for w in warnings] == [
        (3, 1, subscribe),
        (
            5,
            1,
            changed
            + "HTML entities decoded (&amp; \u2192 &); invisible characters removed (U+200B)",
        ),
        (7, 1, word),
        (8, 1, "line repeats line 7; skipped"),
        (8, 1, word),
        (
            13,
            1,
            "title has no abstract after it; kept as a paper without abstract: "
            "'A Title Whose Abstract Was Lost'",
        ),
        (14, 1, changed + "invisible characters removed (U+FEFF)"),
        (16, 1, subscribe),
        (19, 1, "abstract has no title before it; kept as a paper known by its abstract"),
        (
            19,
            174,
            "a header starts in the middle of this line; the text before it is read on its own",
        ),
    ]


def test_the_feed_is_valid_xml_whatever_the_titles_hold(hostile_build):
    from xml.etree import ElementTree

    feed = ElementTree.parse(hostile_build.site_dir / "feed.xml").getroot()
    titles = [element.text for element in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "\u03b3-Bell Escape [0m and Q&A \u201cQuoted\u201d in a Title" in titles
    assert "A Short Abstract Is Still an Abstract" in titles


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


@pytest.mark.parametrize(
    ("name", "parse", "line", "col", "message"),
    [
        ("alias_bomb.yml", "curation", 6, 8, "aliases expand this file by more than 10,000 values"),
        (
            "recursive_alias.yml",
            "curation",
            3,
            12,
            "the alias *entry is inside the value it names, a loop",
        ),
        (
            "tab_indent.yml",
            "taxonomy",
            3,
            1,
            "a tab is used for indentation; YAML indents with spaces only",
        ),
        (
            "nbsp_indent.yml",
            "taxonomy",
            4,
            1,
            "the line is indented with a no-break space (U+00A0); YAML indents with ordinary "
            "spaces only",
        ),
        (
            "control_character.yml",
            "curation",
            2,
            18,
            "the control character U+0008 is not allowed in YAML",
        ),
    ],
)
def test_hostile_yaml_stops_with_line_column_and_reason(name, parse, line, col, message):
    text = (BAD / name).read_text(encoding="utf-8")
    if parse == "curation":
        _, problems = parse_curation(name, text, {"some-paper"}, {"x"})
    else:
        _, problems = parse_taxonomy(name, text)
    assert [(p.file, p.line, p.col, p.message) for p in problems] == [(name, line, col, message)]
    assert problems[0].hint


def test_a_yaml_file_in_a_legacy_encoding_stops_like_a_seed_file(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "001_ok.txt").write_text(HEADER + "A Title\nWe study a simple question. It works.\n")
    shutil.copy(BAD / "latin1.yml", folder / "taxonomy.yml")
    with pytest.raises(CatalogError) as error:
        load_catalog(folder)
    [problem] = error.value.problems
    assert (problem.file, problem.line, problem.col, problem.message) == (
        str(folder / "taxonomy.yml"),
        3,
        14,
        "the file is not valid UTF-8 (byte 0xe9 cannot be decoded)",
    )


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
