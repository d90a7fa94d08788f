from pathlib import Path

import pytest
from conftest import ABSTRACT_A, ABSTRACT_B, HEADER, REAL_SEEDS

from generator.model import CatalogError, Record
from generator.sources import (
    ABSTRACT_LIST,
    DUMP,
    detect_format,
    is_abstract_shaped,
    parse_seed,
    read_seeds,
    split_lines,
)

TITLE_A = "MLP-Mixer: An all-MLP Architecture for Vision"
TITLE_B = "Transformers learn in-context by gradient descent"


def parse(text: str | bytes, name: str = "001_test.txt"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_seed(name, data)


def test_real_seeds_hold_684_records_with_provenance():
    records, warnings = read_seeds(REAL_SEEDS)
    assert len(records) == 684
    assert warnings == []
    assert sum(1 for r in records if r.title) == 664
    first = next(r for r in records if r.file.startswith("001_"))
    assert first.line == 3
    assert (
        first.title
        == "RaftMLP: How Much Can Be Done Without Attention and with Less Spatial Locality?"
    )
    assert first.abstract.startswith("For the past ten years")


def test_real_formats_are_recognised_by_content():
    for path in sorted(REAL_SEEDS.glob("*.txt")):
        lines = split_lines(path.read_text(encoding="utf-8"))
        expected = ABSTRACT_LIST if path.name.startswith(("000_", "004_")) else DUMP
        assert detect_format(path.name, lines) == expected


def test_the_long_real_title_is_a_title():
    title = (
        "Attention is All You Need? Good Embeddings with Statistics are enough:Large Scale "
        "Audio Understanding without Transformers/ Convolutions/ BERTs/ Mixers/ Attention/ "
        "RNNs or ...."
    )
    assert not is_abstract_shaped(title)
    assert is_abstract_shaped(ABSTRACT_A)


def test_dump_pairs_titles_and_abstracts_with_lines():
    records, warnings = parse(
        HEADER + f"Subscribe{TITLE_A}\n{ABSTRACT_A}\n{TITLE_B}\n{ABSTRACT_B}\n"
    )
    assert records == [
        Record("001_test.txt", 3, TITLE_A, ABSTRACT_A),
        Record("001_test.txt", 5, TITLE_B, ABSTRACT_B),
    ]
    assert warnings == []


def test_title_without_abstract_does_not_shift_the_next_record():
    records, warnings = parse(HEADER + f"Lonely Title Without Abstract\n{TITLE_A}\n{ABSTRACT_A}\n")
    assert records == [
        Record("001_test.txt", 3, "Lonely Title Without Abstract", None),
        Record("001_test.txt", 4, TITLE_A, ABSTRACT_A),
    ]
    assert [(w.line, w.severity) for w in warnings] == [(3, "warning")]
    assert "title has no abstract after it" in warnings[0].message


def test_abstract_without_title_does_not_shift_the_next_record():
    records, warnings = parse(
        HEADER + f"{TITLE_A}\n{ABSTRACT_A}\n{ABSTRACT_B}\n{TITLE_B}\n{ABSTRACT_A}\n"
    )
    assert [(r.line, r.title) for r in records] == [(3, TITLE_A), (5, None), (6, TITLE_B)]
    assert records[1].abstract == ABSTRACT_B
    assert "abstract has no title before it" in warnings[0].message
    assert warnings[0].line == 5


def test_title_at_the_end_of_the_file_is_kept():
    records, warnings = parse(HEADER + f"{TITLE_A}\n{ABSTRACT_A}\n{TITLE_B}")
    assert records[-1] == Record("001_test.txt", 5, TITLE_B, None)
    assert warnings[0].line == 5


def test_blank_lines_do_not_shift_pairing():
    records, _ = parse(HEADER + f"\n{TITLE_A}\n\n\n{ABSTRACT_A}\n\n{TITLE_B}\n{ABSTRACT_B}\n\n")
    assert [(r.line, r.title, r.abstract) for r in records] == [
        (4, TITLE_A, ABSTRACT_A),
        (9, TITLE_B, ABSTRACT_B),
    ]


def test_header_repeated_in_the_middle_is_skipped():
    records, warnings = parse(
        HEADER + f"{TITLE_A}\n{ABSTRACT_A}\n" + HEADER + f"Subscribe{TITLE_B}\n{ABSTRACT_B}\n"
    )
    assert [(r.line, r.title) for r in records] == [(3, TITLE_A), (7, TITLE_B)]
    assert warnings == []


def test_crlf_line_ends_and_byte_order_mark():
    text = (HEADER + f"Subscribe{TITLE_A}\n{ABSTRACT_A}\n{TITLE_B}\n{ABSTRACT_B}\n").replace(
        "\n", "\r\n"
    )
    records, warnings = parse(b"\xef\xbb\xbf" + text.encode())
    assert [(r.line, r.title, r.abstract) for r in records] == [
        (3, TITLE_A, ABSTRACT_A),
        (5, TITLE_B, ABSTRACT_B),
    ]
    assert warnings == []


def test_subscribe_glued_to_a_later_title_or_header():
    text = (
        "Get trending papers in your email inbox!Subscribe" + TITLE_A + "\n" + ABSTRACT_A + "\n"
        f"Subscribe{TITLE_B}\n{ABSTRACT_B}\n"
    )
    records, _ = parse(text)
    assert [(r.line, r.title) for r in records] == [(1, TITLE_A), (3, TITLE_B)]


def test_subscriber_in_a_real_title_is_kept():
    records, _ = parse(HEADER + f"Subscriber Models for Streaming\n{ABSTRACT_A}\n")
    assert records[0].title == "Subscriber Models for Streaming"


def test_abstract_list_keeps_each_line():
    records, warnings = parse(f"Abstract:{ABSTRACT_A}\nAbstract: {ABSTRACT_B}\n", "000_list.txt")
    assert records == [
        Record("000_list.txt", 1, None, ABSTRACT_A),
        Record("000_list.txt", 2, None, ABSTRACT_B),
    ]
    assert warnings == []


def test_abstract_list_line_without_prefix_is_kept_with_a_warning():
    records, warnings = parse(
        f"Abstract:{ABSTRACT_A}\n{ABSTRACT_B}\nAbstract:{ABSTRACT_A}\n", "000_list.txt"
    )
    assert len(records) == 3
    assert warnings[0].line == 2
    assert "does not start with 'Abstract:'" in warnings[0].message


def test_binary_file_stops_with_its_name(seed_dir):
    folder = seed_dir(
        {
            "001_ok.txt": HEADER + f"{TITLE_A}\n{ABSTRACT_A}\n",
            "002_bin.txt": b"\x89PNG\r\n\x1a\n\x00\x00",
        }
    )
    with pytest.raises(CatalogError) as error:
        read_seeds(folder)
    [problem] = error.value.problems
    assert problem.file.endswith("002_bin.txt")
    assert problem.message == "this is a binary file, not text (it contains NUL bytes)"


def test_legacy_encoding_names_line_and_column(seed_dir):
    folder = seed_dir(
        {"001_latin1.txt": (HEADER + f"{TITLE_A}\nCaf\xe9 {ABSTRACT_A}\n").encode("latin-1")}
    )
    with pytest.raises(CatalogError) as error:
        read_seeds(folder)
    [problem] = error.value.problems
    assert (problem.line, problem.col) == (4, 4)
    assert problem.message == "the file is not valid UTF-8 (byte 0xe9 cannot be decoded)"
    assert "re-save the file as UTF-8" in problem.hint


def test_unknown_format_stops_with_a_reason(seed_dir):
    folder = seed_dir({"001_notes.txt": "just some notes\nmore notes\n"})
    with pytest.raises(CatalogError) as error:
        read_seeds(folder)
    assert error.value.problems[0].message == "the file matches no known seed format"


def test_empty_file_is_an_error(seed_dir):
    folder = seed_dir({"001_empty.txt": ""})
    with pytest.raises(CatalogError) as error:
        read_seeds(folder)
    assert error.value.problems[0].message == "the file is empty"


def test_every_bad_file_is_reported_in_one_run(seed_dir):
    folder = seed_dir({"001_empty.txt": "", "002_bin.txt": b"\x00"})
    with pytest.raises(CatalogError) as error:
        read_seeds(folder)
    assert [Path(p.file).name for p in error.value.problems] == ["001_empty.txt", "002_bin.txt"]


def test_first_seen_dates_come_from_the_commit_of_each_line(tmp_path):
    import os
    import subprocess

    from generator.sources import FALLBACK_DATE, blame_dates, first_seen_dates

    def commit(date: str) -> None:
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        identity = ["-c", "user.name=t", "-c", "user.email=t@example.invalid"]
        subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
        subprocess.run(["git", *identity, "commit", "-qm", date], cwd=tmp_path, env=env, check=True)

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    seed = tmp_path / "a.txt"
    seed.write_text(f"Abstract:{ABSTRACT_A}\n", encoding="utf-8")
    commit("2024-03-05T12:00:00Z")
    seed.write_text(f"Abstract:{ABSTRACT_A}\nAbstract:{ABSTRACT_B}\n", encoding="utf-8")
    commit("2025-07-09T12:00:00Z")
    seed.write_text(f"Abstract:{ABSTRACT_A}\nAbstract:{ABSTRACT_B}\nAbstract:x y\n", "utf-8")
    assert blame_dates(seed) == {1: "2024-03-05", 2: "2025-07-09"}  # line 3: uncommitted
    records = [Record("a.txt", line, None, "text") for line in (1, 2, 3)]
    dates = first_seen_dates(records, {"a.txt": blame_dates(seed)})
    assert [dates[record.ref] for record in records] == ["2024-03-05", "2025-07-09", FALLBACK_DATE]
    assert blame_dates(tmp_path / "not-committed.txt") == {}
