import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import ABSTRACT_A, ABSTRACT_B, FROZEN_SEEDS, HEADER
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import sources
from generator.model import CatalogError, Problem, Record
from generator.sources import (
    ABSTRACT_LIST,
    BLANK_GAP_COST,
    BREAK_COST,
    DUMP,
    clean_text,
    detect_format,
    parse_seed,
    read_seeds,
    split_lines,
    title_evidence,
)

TITLE_A = "MLP-Mixer: An all-MLP Architecture for Vision"
TITLE_B = "Transformers learn in-context by gradient descent"


def parse(text: str | bytes, name: str = "001_test.txt"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_seed(name, data)


def test_the_frozen_seeds_hold_684_records_with_provenance():
    records, warnings = read_seeds(FROZEN_SEEDS)
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
    for path in sorted(FROZEN_SEEDS.glob("*.txt")):
        lines = split_lines(path.read_text(encoding="utf-8"))
        expected = ABSTRACT_LIST if path.name.startswith(("000_", "004_")) else DUMP
        assert detect_format(path.name, lines) == expected


def test_the_long_real_title_is_a_title():
    title = (
        "Attention is All You Need? Good Embeddings with Statistics are enough:Large Scale "
        "Audio Understanding without Transformers/ Convolutions/ BERTs/ Mixers/ Attention/ "
        "RNNs or ...."
    )
    assert title_evidence(title) > 0
    assert title_evidence(ABSTRACT_A) < 0


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


def test_subscribe_glued_to_the_header_line_is_removed():
    text = "Get trending papers in your email inbox!Subscribe" + TITLE_A + f"\n{ABSTRACT_A}\n"
    records, warnings = parse(text)
    assert [(r.line, r.title) for r in records] == [(1, TITLE_A)]
    assert warnings == []


def test_subscribe_is_removed_only_from_the_first_title_after_a_header():
    records, warnings = parse(
        HEADER + f"{TITLE_A}\n{ABSTRACT_A}\nSubscribeNet: Churn\n{ABSTRACT_B}\n"
    )
    assert [(r.line, r.title) for r in records] == [(3, TITLE_A), (5, "SubscribeNet: Churn")]
    assert warnings == []


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


def commit(repository, date: str) -> None:
    """Commit everything in `repository` as made at `date` (ISO 8601)."""
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "add", "."], cwd=repository, check=True)
    subprocess.run(["git", *identity, "commit", "-qm", date], cwd=repository, env=env, check=True)


def test_first_seen_dates_come_from_the_commit_of_each_line(tmp_path):
    from generator.sources import FALLBACK_DATE, blame_dates, first_seen_dates

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    seed = tmp_path / "a.txt"
    seed.write_text(f"Abstract:{ABSTRACT_A}\n", encoding="utf-8")
    commit(tmp_path, "2024-03-05T12:00:00Z")
    seed.write_text(f"Abstract:{ABSTRACT_A}\nAbstract:{ABSTRACT_B}\n", encoding="utf-8")
    commit(tmp_path, "2025-07-09T12:00:00Z")
    seed.write_text(f"Abstract:{ABSTRACT_A}\nAbstract:{ABSTRACT_B}\nAbstract:x y\n", "utf-8")
    assert blame_dates(seed) == {1: "2024-03-05", 2: "2025-07-09"}  # line 3: uncommitted
    records = [Record("a.txt", line, None, "text") for line in (1, 2, 3)]
    dates = first_seen_dates(records, {"a.txt": blame_dates(seed)})
    assert [dates[record.ref] for record in records] == ["2024-03-05", "2025-07-09", FALLBACK_DATE]
    assert blame_dates(tmp_path / "not-committed.txt") == {}


# Reading a dump as a sequence (issue 13): short and unusual abstracts are abstracts because
# the alternation says so; real breaks are still found and reported with their line.

TITLE_C = "Scaling Laws for Sparse Mixture-of-Experts Routing"
SHORT_ABSTRACTS = {
    "one sentence": (
        "We propose a simple recipe for training small language models on consumer hardware "
        "that matches much larger models on five reasoning benchmarks with a tenth of the compute."
    ),
    "ends with a URL": (
        "Sparse mixture-of-experts layers scale language models cheaply. We study how tokens "
        "are routed. Code is available at https://github.com/example/moe-routing"
    ),
    "very short": "We release a dataset.",
    "no final full stop": "We release a dataset",
    "Chinese": "我们提出了一种新的图像分类方法，在多个数据集上取得了最好的结果。",  # noqa: RUF001
    "French": (
        "Nous proposons une nouvelle méthode pour la classification d'images qui surpasse "
        "les approches existantes."
    ),
    "withdrawn": "This paper has been withdrawn by the author due to an error in Theorem 2.",
}


@pytest.mark.parametrize("kind", SHORT_ABSTRACTS)
def test_a_short_or_unusual_abstract_between_titles_is_an_abstract(kind):
    abstract = SHORT_ABSTRACTS[kind]
    records, warnings = parse(HEADER + f"{TITLE_A}\n{abstract}\n{TITLE_B}\n{ABSTRACT_B}\n")
    assert records == [
        Record("001_test.txt", 3, TITLE_A, abstract),
        Record("001_test.txt", 5, TITLE_B, ABSTRACT_B),
    ]
    assert warnings == []


@pytest.mark.parametrize("kind", SHORT_ABSTRACTS)
def test_a_new_file_whose_only_paper_has_a_short_abstract_adds_one_paper(seed_dir, kind):
    abstract = SHORT_ABSTRACTS[kind]
    folder = seed_dir({"005_new.txt": HEADER + f"Subscribe{TITLE_C}\n{abstract}\n"})
    records, warnings = read_seeds(folder)
    assert records == [Record("005_new.txt", 3, TITLE_C, abstract)]
    assert warnings == []


def test_a_chinese_dump_pairs_by_characters():
    title = "基于深度学习的图像分类方法研究"
    abstract = (
        "本文提出了一种基于注意力机制的图像分类模型。实验表明该模型在三个公开数据集上优于现有方法。"
    )
    sequel = f"{title}：续篇"  # noqa: RUF001
    records, warnings = parse(HEADER + f"{title}\n{abstract}\n{sequel}\n{abstract}再版。\n")
    assert [(r.line, r.title, r.abstract) for r in records] == [
        (3, title, abstract),
        (5, sequel, f"{abstract}再版。"),
    ]
    assert warnings == []


def test_title_evidence_measures_scripts_without_spaces_in_characters():
    assert title_evidence("基于深度学习的图像分类方法研究") > 0
    assert title_evidence("本文提出了一种模型。" * 10) < -2 * BREAK_COST


def test_a_short_abstract_at_a_break_is_judged_by_its_shape():
    # A lonely title, then a pair: the same number of breaks either way; the shape decides.
    records, warnings = parse(HEADER + f"{TITLE_C}\n{TITLE_A}\nWe release a dataset.\n")
    assert [(r.line, r.title, r.abstract) for r in records] == [
        (3, TITLE_C, None),
        (4, TITLE_A, "We release a dataset."),
    ]
    assert [(w.line, w.message[:30]) for w in warnings] == [(3, "title has no abstract after it")]


def test_a_title_between_titles_stays_a_title_and_both_breaks_are_reported():
    records, warnings = parse(
        HEADER
        + f"{TITLE_C}\nDeep Residual Learning for Image Recognition\n{TITLE_A}\n{ABSTRACT_A}\n"
    )
    assert [(r.line, r.abstract is None) for r in records] == [(3, True), (4, True), (5, False)]
    assert [w.line for w in warnings] == [3, 4]


def evidence_from(table):
    return lambda text: table[text]


@pytest.mark.parametrize(
    ("evidence", "middle_is_title"),
    [(2 * BREAK_COST - 0.5, False), (2 * BREAK_COST + 0.5, True)],
)
def test_a_line_between_two_titles_is_a_title_only_above_two_breaks(
    monkeypatch, evidence, middle_is_title
):
    table = {"T1": 20.0, "X": evidence, "T2": 20.0, "A2": -20.0}
    monkeypatch.setattr(sources, "title_evidence", evidence_from(table))
    records, warnings = parse(HEADER + "T1\nX\nT2\nA2\n")
    if middle_is_title:
        assert [(r.title, r.abstract) for r in records] == [
            ("T1", None),
            ("X", None),
            ("T2", "A2"),
        ]
        assert len(warnings) == 2
    else:
        assert [(r.title, r.abstract) for r in records] == [("T1", "X"), ("T2", "A2")]
        assert warnings == []


@pytest.mark.parametrize(("evidence", "first_is_title"), [(-0.5, False), (0.5, True)])
def test_at_one_break_either_way_the_sign_of_the_evidence_decides(
    monkeypatch, evidence, first_is_title
):
    monkeypatch.setattr(
        sources, "title_evidence", evidence_from({"X": evidence, "T": 20, "A": -20})
    )
    records, _ = parse(HEADER + "X\nT\nA\n")
    assert records[0] == Record(
        "001_test.txt", 3, "X" if first_is_title else None, None if first_is_title else "X"
    )


def test_a_title_and_abstract_split_by_a_repeated_header_are_two_breaks():
    records, warnings = parse(HEADER + f"{TITLE_A}\n" + HEADER + f"{ABSTRACT_A}\n")
    assert [(r.line, r.title, r.abstract) for r in records] == [
        (3, TITLE_A, None),
        (6, None, ABSTRACT_A),
    ]
    assert [w.line for w in warnings] == [3, 6]


def test_an_abstract_label_on_its_own_line_announces_the_abstract():
    records, warnings = parse(
        HEADER + f"{TITLE_A}\nAbstract:\nWe release a dataset\n{TITLE_B}\nAbstract\n{ABSTRACT_B}\n"
    )
    assert [(r.line, r.title, r.abstract) for r in records] == [
        (3, TITLE_A, "We release a dataset"),
        (6, TITLE_B, ABSTRACT_B),
    ]
    assert warnings == []


@pytest.mark.parametrize("label", ["Abstract:", "Abstract", "abstract.", "  ABSTRACT :  "])
def test_a_title_shaped_line_after_an_abstract_label_is_an_abstract(label):
    records, warnings = parse(HEADER + f"{label}\n{TITLE_B}\n")
    assert records == [Record("001_test.txt", 4, None, TITLE_B)]
    assert warnings[0].message.startswith("abstract has no title before it")


def test_an_abstract_prefix_makes_even_a_title_shaped_line_an_abstract():
    records, _ = parse(HEADER + f"{TITLE_A}\nAbstract: {TITLE_B}\n")
    assert records == [Record("001_test.txt", 3, TITLE_A, TITLE_B)]


def test_a_line_repeated_by_a_copy_paste_is_read_once():
    records, warnings = parse(HEADER + f"{TITLE_A}\n{TITLE_A}\n{ABSTRACT_A}\n{ABSTRACT_A}\n")
    assert records == [Record("001_test.txt", 3, TITLE_A, ABSTRACT_A)]
    assert [(w.line, w.message, w.severity) for w in warnings] == [
        (4, "line repeats line 3; skipped", "warning"),
        (6, "line repeats line 5; skipped", "warning"),
    ]


def test_two_dumps_joined_without_a_line_break():
    joined = HEADER + f"{TITLE_A}\n{ABSTRACT_A}" + HEADER + f"Subscribe{TITLE_B}\n{ABSTRACT_B}\n"
    records, warnings = parse(joined)
    assert [(r.line, r.title, r.abstract) for r in records] == [
        (3, TITLE_A, ABSTRACT_A),
        (6, TITLE_B, ABSTRACT_B),
    ]
    [warning] = warnings
    assert (warning.line, warning.col) == (4, len(ABSTRACT_A) + 1)
    assert warning.message == (
        "a header starts in the middle of this line; the text before it is read on its own"
    )


def test_every_line_ending_and_a_byte_order_mark_from_a_second_file():
    second = "\ufeff" + HEADER + f"Subscribe{TITLE_B}\n{ABSTRACT_B}\n"
    for ending in ("\n", "\r\n", "\r"):
        text = (HEADER + f"Subscribe{TITLE_A}\n{ABSTRACT_A}\n" + second).replace("\n", ending)
        records, warnings = parse(b"\xef\xbb\xbf" + text.encode())
        assert [(r.line, r.title, r.abstract) for r in records] == [
            (3, TITLE_A, ABSTRACT_A),
            (7, TITLE_B, ABSTRACT_B),
        ]
        assert [(w.line, w.message) for w in warnings] == [
            (5, "text changed while reading: invisible characters removed (U+FEFF)")
        ]


def test_editor_whitespace_is_collapsed_without_a_warning():
    title = "\u00a0MLP-Mixer:\tAn all-MLP\u00a0\u00a0Architecture for Vision \u3000 "
    abstract = ABSTRACT_A.replace(". ", ".\u2028", 1) + "  \t"
    records, warnings = parse(HEADER + f"  {title}\n\t{abstract}\n\n   \n\t\n")
    assert records == [Record("001_test.txt", 3, TITLE_A, ABSTRACT_A)]
    assert warnings == []


def test_decomposed_accents_are_composed_silently():
    records, warnings = parse(HEADER + f"Cafe\u0301 Networks\n{ABSTRACT_A}\n")
    assert records[0].title == "Caf\u00e9 Networks"
    assert warnings == []


# Subscribe: the page's button text glued to the first title after the header.

LOWERCASE_TITLES = [
    "iCaRL: Incremental Classifier and Representation Learning",
    "mixup: Beyond Empirical Risk Minimization",
    "wav2vec 2.0: A Framework for Self-Supervised Learning of Speech Representations",
    "γ-MoD: Exploring Mixture-of-Depth Adaptation for Multimodal Large Language Models",  # noqa: RUF001
    "β-VAE: Learning Basic Visual Concepts with a Constrained Variational Framework",
    "pNLP-Mixer: an Efficient all-MLP Architecture for Language",
    "tinyCLAP: Distilling Constrastive Language-Audio Pretrained Models",
    "iSTFTNet: Fast and Lightweight Mel-Spectrogram Vocoder",
    "rKAN: Rational Kolmogorov-Arnold Networks",
    "sMLP: Sparse MLP for Image Recognition",
    "…and the Title That Starts With an Ellipsis",
    "«Quoted» Titles in French",
]


@pytest.mark.parametrize("title", LOWERCASE_TITLES)
def test_subscribe_glued_to_a_title_starting_with_any_character(title):
    records, warnings = parse(HEADER + f"Subscribe{title}\n{ABSTRACT_A}\n")
    assert records == [Record("001_test.txt", 3, title, ABSTRACT_A)]
    assert [(w.line, w.col, w.message, w.severity) for w in warnings] == [
        (
            3,
            1,
            "text changed while reading: the page's 'Subscribe' button text removed from "
            "the start of the first title",
            "warning",
        )
    ]


@pytest.mark.parametrize(
    "title",
    [
        "Subscriber Models for Streaming",
        "Subscribers, Churn and Recommendation",
        "Subscribed Users Matter",
        "Subscribe to Learn: Online Curricula",
        "Subscribes: A Dataset",
    ],
)
def test_a_first_title_that_starts_with_the_word_subscribe_is_kept(title):
    records, warnings = parse(HEADER + f"{title}\n{ABSTRACT_A}\n")
    assert records[0].title == title
    assert warnings == []


def test_subscribe_glued_to_a_title_that_starts_with_the_word():
    records, warnings = parse(HEADER + f"SubscribeSubscriber Models for Streaming\n{ABSTRACT_A}\n")
    assert records[0].title == "Subscriber Models for Streaming"
    assert warnings == []


def test_subscribe_on_its_own_line_after_the_header_is_part_of_the_header():
    records, warnings = parse(HEADER + f"Subscribe\n{TITLE_A}\n{ABSTRACT_A}\n")
    assert records == [Record("001_test.txt", 4, TITLE_A, ABSTRACT_A)]
    assert warnings == []


def test_subscribe_after_a_repeated_header_is_removed_too():
    records, warnings = parse(
        HEADER + f"{TITLE_A}\n{ABSTRACT_A}\n" + HEADER + f"SubscribemixupV2\n{ABSTRACT_B}\n"
    )
    assert [(r.line, r.title) for r in records] == [(3, TITLE_A), (7, "mixupV2")]
    assert [w.line for w in warnings] == [7]


# One place cleans seed text: entities once, control and invisible characters, with a warning.


def test_html_entities_are_decoded_once_with_a_warning():
    records, warnings = parse(
        HEADER
        + f"Q&amp;A over Tables &#8212; a Benchmark\n{ABSTRACT_A} Written as &amp;lt;b&amp;gt;.\n"
    )
    assert records == [
        Record(
            "001_test.txt",
            3,
            "Q&A over Tables — a Benchmark",
            f"{ABSTRACT_A} Written as &lt;b&gt;.",
        )
    ]
    assert [(w.line, w.message) for w in warnings] == [
        (3, "text changed while reading: HTML entities decoded (&amp; → &, &#8212; → —)"),
        (4, "text changed while reading: HTML entities decoded (&amp; → &)"),
    ]


@pytest.mark.parametrize(
    "text", ["R&D for AT&T", "Q & A", "&parameter and &copy without semicolons", "&unknown;"]
)
def test_ampersands_that_are_not_entities_are_kept(text):
    assert clean_text(text) == (text, [])


def test_control_characters_are_replaced_and_the_title_is_valid_xml():
    import xml.etree.ElementTree as ElementTree
    from xml.sax.saxutils import escape

    title = "Bell\x07 and\x1b[31m Escape\x0bCodes \x93Quoted\x94\x81 \x7fTitle\ufffe"
    records, warnings = parse(HEADER + f"{title}\n{ABSTRACT_A}\n")
    assert records[0].title == "Bell and [31m Escape Codes “Quoted” Title"
    ElementTree.fromstring(f"<title>{escape(records[0].title)}</title>")
    assert [(w.line, w.message) for w in warnings] == [
        (
            3,
            "text changed while reading: control characters replaced (U+0007 → space, "
            "U+001B → space, U+000B → space, U+0093 → “, U+0094 → ”, U+0081 → space, "
            "U+007F → space, U+FFFE → space)",
        )
    ]


def test_control_characters_written_as_entities_are_removed_too():
    assert clean_text("A&#x1b;B &#147;C&#148;") == (
        "AB “C”",
        ["HTML entities decoded (&#x1b; → nothing, &#147; → “, &#148; → ”)"],
    )


def test_invisible_characters_are_removed_with_a_warning():
    text, changes = clean_text("Zero\u200bWidth Soft\u00adHyphen \u202eOverride\u202c Joiner\u200d")
    assert text == "ZeroWidth SoftHyphen Override Joiner\u200d"
    assert changes == ["invisible characters removed (U+200B, U+00AD, U+202E, U+202C)"]


def test_an_abstract_list_is_cleaned_in_the_same_place():
    records, warnings = parse("Abstract:Q&amp;A\x07 systems answer questions.\n", "000_list.txt")
    assert records == [Record("000_list.txt", 1, None, "Q&A systems answer questions.")]
    assert [w.message for w in warnings] == [
        "text changed while reading: HTML entities decoded (&amp; → &); "
        "control characters replaced (U+0007 → space)"
    ]


# Property: any dump built from titles, abstracts and the real kinds of breaks is read with
# every content line in exactly one record, every title followed by its abstract paired.

STRONG_TITLES = [
    TITLE_A,
    TITLE_C,
    "RaftMLP: How Much Can Be Done Without Attention and with Less Spatial Locality?",
    "mixup: Beyond Empirical Risk Minimization",
    "iCaRL: Incremental Classifier and Representation Learning",
    "γ-MoD: Exploring Mixture-of-Depth Adaptation for Multimodal Large Language Models",  # noqa: RUF001
    "wav2vec 2.0: A Framework for Self-Supervised Learning of Speech Representations",
    "Deep Residual Learning for Image Recognition",
    "Are We Done with ImageNet?",
    "We Need to Talk About Random Splits",
    "GPT-4 Technical Report",
    "Q&A: A Benchmark for Question Answering over Tables",
    "Subscriber Models for Streaming",
    "基于深度学习的图像分类方法研究",
]
STRONG_ABSTRACTS = [
    ABSTRACT_A,
    ABSTRACT_B,
    SHORT_ABSTRACTS["one sentence"],
    SHORT_ABSTRACTS["ends with a URL"],
    "本文提出了一种基于注意力机制的语音识别模型。实验表明该模型在三个公开数据集上优于现有方法。",
    "In this work, we show that attention is not needed. We replace it with a fixed mixing "
    "layer and match the accuracy of transformers on three benchmarks.",
]
# Abstracts that look like titles or barely like abstracts: paired when the alternation holds.
WEAK_ABSTRACTS = [
    SHORT_ABSTRACTS["very short"],
    SHORT_ABSTRACTS["no final full stop"],
    SHORT_ABSTRACTS["Chinese"],
    SHORT_ABSTRACTS["French"],
    "Code and models are available.",
    "Code: https://github.com/example/repo",
    "Extended version of our NeurIPS paper.",
    "Large language models can be steered by activation vectors, which we show generalise",
]
# Whitespace that editors and scrapers add; the reader removes it without a word.
NOISE = [
    lambda text: text,
    lambda text: text + "  \t",
    lambda text: "\t" + text,
    lambda text: text.replace(" ", "\u00a0", 1),
    lambda text: text.replace(" ", "  "),
]


def test_the_property_pools_have_the_shapes_they_claim():
    assert min(map(title_evidence, STRONG_TITLES)) > 2 * BREAK_COST
    assert max(map(title_evidence, STRONG_ABSTRACTS)) < -2 * BREAK_COST
    assert max(map(title_evidence, WEAK_ABSTRACTS)) < 2 * BREAK_COST
    assert title_evidence(SHORT_ABSTRACTS["no final full stop"]) > 0


@st.composite
def dumps(draw, titles, abstracts, breaks):
    """(file bytes, expected records, expected Subscribe warning lines) for a random dump.

    `breaks`: whether titles without abstract and abstracts without title are drawn.
    """
    count = draw(st.integers(1, min(10, len(titles), len(abstracts))))
    title_texts = draw(
        st.lists(st.sampled_from(titles), min_size=count, max_size=count, unique=True)
    )
    abstract_texts = draw(
        st.lists(st.sampled_from(abstracts), min_size=count, max_size=count, unique=True)
    )
    kinds = ["pair", "title", "abstract"] if breaks else ["pair"]
    lines = HEADER.splitlines()
    expected, subscribe_warnings = [], []
    after_header = True
    for index in range(count):
        kind = draw(st.sampled_from(kinds))
        separator = draw(st.sampled_from(["", "", "blank", "header"] if index else [""]))
        if separator == "blank":
            lines.extend([""] * draw(st.integers(1, 2)))
        elif separator == "header":
            lines.extend(HEADER.splitlines())
            after_header = True
        if kind in ("pair", "title"):
            title = title_texts[index]
            glue = after_header and draw(st.booleans())
            lines.append(draw(st.sampled_from(NOISE))(("Subscribe" if glue else "") + title))
            if glue and not title[0].isupper():
                subscribe_warnings.append(len(lines))
            expected.append([len(lines), title, None, separator])
        if kind in ("pair", "abstract"):
            abstract = abstract_texts[index]
            if kind == "pair" and draw(st.booleans()):
                lines.extend([""] * draw(st.integers(0, 2)))
            style = draw(st.sampled_from(["plain", "plain", "prefix", "label"]))
            if style == "label":
                lines.append(draw(st.sampled_from(["Abstract:", "Abstract"])))
            prefix = "Abstract: " if style == "prefix" else ""
            lines.append(draw(st.sampled_from(NOISE))(prefix + abstract))
            if kind == "pair":
                expected[-1][2] = abstract
            else:
                expected.append([len(lines), None, abstract, separator])
        after_header = False
    # A title followed by an abstract is a pair, whatever the generator meant by them,
    # unless a header comes between them.
    records = []
    for line, title, abstract, separator in expected:
        follows_title = records and records[-1][1] and records[-1][2] is None
        if title is None and follows_title and separator != "header":
            records[-1][2] = abstract
        else:
            records.append([line, title, abstract])
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    data = bom + ending.join(lines).encode() + draw(st.sampled_from([b"", ending.encode()]))
    return data, [Record("001_test.txt", *record) for record in records], subscribe_warnings


def texts_of(records):
    return Counter(text for record in records for text in (record.title, record.abstract) if text)


@settings(max_examples=300, deadline=None, database=None)
@given(dumps(STRONG_TITLES, STRONG_ABSTRACTS, breaks=True))
def test_any_dump_of_clear_titles_and_abstracts_is_read_exactly(dump):
    data, expected, subscribe_warnings = dump
    records, warnings = parse(data)
    assert texts_of(records) == texts_of(expected)  # every content line in one record
    assert records == expected
    breaks = [w.line for w in warnings if w.message.startswith(("title has no", "abstract has no"))]
    assert breaks == [r.line for r in expected if r.title is None or r.abstract is None]
    assert [w.line for w in warnings if w.message.endswith("first title")] == subscribe_warnings
    assert len(warnings) == len(breaks) + len(subscribe_warnings)


@settings(max_examples=300, deadline=None, database=None)
@given(dumps(STRONG_TITLES, STRONG_ABSTRACTS + WEAK_ABSTRACTS, breaks=True))
def test_every_title_followed_by_its_abstract_is_paired(dump):
    data, expected, _ = dump
    records, warnings = parse(data)
    assert texts_of(records) == texts_of(expected)
    # A pair whose abstract barely looks like one (evidence within a blank line's price of
    # 0) may be read otherwise when the lines around it break the alternation.
    for pair in expected:
        if pair.title and pair.abstract and title_evidence(pair.abstract) < -BLANK_GAP_COST:
            assert pair in records
    unpaired = [r.line for r in records if r.title is None or r.abstract is None]
    breaks = [w.line for w in warnings if w.message.startswith(("title has no", "abstract has no"))]
    assert breaks == unpaired


@settings(max_examples=200, deadline=None, database=None)
@given(dumps(STRONG_TITLES, STRONG_ABSTRACTS + WEAK_ABSTRACTS, breaks=False))
def test_without_breaks_every_abstract_is_paired_however_it_looks(dump):
    data, expected, subscribe_warnings = dump
    records, warnings = parse(data)
    assert records == expected
    assert [w.line for w in warnings] == subscribe_warnings


def test_first_seen_dates_follow_each_line_through_interleaved_commits(tmp_path, monkeypatch):
    """Lines of one commit apart from each other, and several lines added at once, each get
    their commit's date, in UTC whatever the machine's time zone; a file nobody blamed gets
    the fallback date."""
    import time

    from generator.sources import FALLBACK_DATE, blame_dates, first_seen_dates

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    seed = tmp_path / "a.txt"
    seed.write_text("one\ntwo\nthree\nfour\n", encoding="utf-8")
    commit(tmp_path, "2024-03-05T23:30:00Z")  # 2024-03-06 east of UTC+0:30
    seed.write_text("one\nTWO\nthree\nFOUR\nfive\nsix\n", encoding="utf-8")
    commit(tmp_path, "2025-07-09T12:00:00Z")
    monkeypatch.setenv("TZ", "Etc/GMT-14")  # UTC+14
    time.tzset()
    try:
        dates = blame_dates(seed)
    finally:
        monkeypatch.undo()
        time.tzset()
    old, new = "2024-03-05", "2025-07-09"
    assert dates == {1: old, 2: new, 3: old, 4: new, 5: new, 6: new}
    records = [Record("a.txt", 3, None, "x"), Record("b.txt", 1, None, "y")]
    found = first_seen_dates(records, {"a.txt": dates})
    assert found == {records[0].ref: old, records[1].ref: FALLBACK_DATE}


ABSTRACT_LIST_WITH_FLAWS = (
    "Abstract:We study sparse routing in mixtures of experts at scale.\n"
    "\n"
    "We propose a dataset of sonar images with labels.\n"
    "Abstract:\n"
    "Abstract:Neural vocoders\x07 turn spectrograms into speech waveforms.\n"
    "Abstract:   \n"
)
CHANGED_HINT = "the site shows the changed text; correct the line in the seed file if it is wrong"


def test_an_abstract_list_keeps_unlabelled_lines_and_skips_empty_ones_saying_where():
    records, warnings = parse(ABSTRACT_LIST_WITH_FLAWS, "a.txt")
    assert records == [
        Record("a.txt", 1, None, "We study sparse routing in mixtures of experts at scale."),
        Record("a.txt", 3, None, "We propose a dataset of sonar images with labels."),
        Record("a.txt", 5, None, "Neural vocoders turn spectrograms into speech waveforms."),
    ]
    kept = "line does not start with 'Abstract:'; kept as an abstract"
    label = "start every line of an abstract list with 'Abstract:'"
    controls = "text changed while reading: control characters replaced (U+0007 \u2192 space)"
    assert warnings == [
        Problem("a.txt", 3, 1, kept, label, "warning"),
        Problem("a.txt", 4, 1, "empty abstract skipped", "delete the line", "warning"),
        Problem("a.txt", 5, 1, controls, CHANGED_HINT, "warning"),
        Problem("a.txt", 6, 1, "empty abstract skipped", "delete the line", "warning"),
    ]


def test_reading_a_folder_names_each_file_by_its_path_and_reports_every_bad_file(tmp_path):
    with pytest.raises(CatalogError) as empty:
        read_seeds(tmp_path)
    assert empty.value.problems == [
        Problem(
            str(tmp_path),
            0,
            0,
            "no seed files found",
            "put the paper lists (*.txt) in this folder or pass --seeds DIR",
        )
    ]
    (tmp_path / "b.txt").write_text(ABSTRACT_LIST_WITH_FLAWS, encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"Abstract:{ABSTRACT_A}\n", encoding="utf-8")
    records, warnings = read_seeds(tmp_path)
    assert [(record.file, record.line) for record in records] == [
        ("a.txt", 1),  # records name their file; sorted by file, then line
        ("b.txt", 1),
        ("b.txt", 3),
        ("b.txt", 5),
    ]
    assert [(w.file, w.line) for w in warnings] == [
        (str(tmp_path / "b.txt"), n) for n in (3, 4, 5, 6)
    ]
    (tmp_path / "c.txt").write_bytes(b"Abstract:\xff bad\n")
    (tmp_path / "d.txt").write_bytes(b"Abstract:\xfe bad\n")
    with pytest.raises(CatalogError) as bad:
        read_seeds(tmp_path)
    assert [(p.file, p.line, p.col) for p in bad.value.problems] == [
        (str(tmp_path / "c.txt"), 1, 10),
        (str(tmp_path / "d.txt"), 1, 10),
    ]


def length_points(units: float) -> float:
    """The documented length curve: 14 points up to 12 words, half a point less per word to
    24, a point less per word to 40, then on down to -40."""
    if units <= 12:
        return 14.0
    if units <= 24:
        return 14.0 - (units - 12) * 0.5
    if units <= 40:
        return 8.0 - (units - 24)
    return max(-40.0, -8.0 - (units - 40))


@pytest.mark.parametrize("count", [1, 11, 12, 13, 23, 24, 25, 39, 40, 41, 50, 64])
def test_title_evidence_falls_with_length_along_the_documented_curve(count):
    """Words of three small letters have no other feature but the ending in a letter (+4)."""
    assert title_evidence(" ".join(["abc"] * count)) == length_points(count) + 4


def test_title_evidence_of_texts_without_spaces_and_at_the_limits():
    assert title_evidence("   ") == 0.0
    # Two CJK characters make a word: 30 characters, 15 words.
    assert title_evidence("\u6f22\u5b57" * 15) == length_points(15) + 4
    # 512 characters are 64 units, the most that other features still weigh against.
    assert title_evidence("a" * 512) == length_points(64) + 4
    assert title_evidence("a" * 513) == -40.0
    # Beyond 64 words, nothing but length counts (not even the ending).
    assert title_evidence(" ".join(["abc"] * 65)) == length_points(65)


@pytest.mark.parametrize(
    ("text", "points"),
    [
        # 14 for a short text, then each feature: the numbers are title_evidence's weights.
        ("Deep nets revisited", 14 + 4),  # ends in a letter or digit
        ("Deep nets (revisited)", 14 - 1),  # a closing bracket or quote
        ("Deep nets, revisited;", 14 - 2),  # other punctuation
        ("Deep nets see https://x.org here", 14 + 4 - 6),  # a URL inside
        ("deep nets www.example.org", 14 - 10),  # a URL at the end ("Code at ...")
        ("RaftMLP: how much", 14 + 4 + 3),  # a name and a colon
        ("Deep Neural Networks Revisited", 14 + 4 + 6),  # Title Case
        ("Deep nets with Some More Words", 14 + 4 + 2),  # half the words capitalised
        ("deep neural networks seem simple functions quite often", 14 + 4 - 2),  # none
        ("deep nets show that deep nets work", 14 + 4 - 2 - 2),  # "show that"
        ("Deep nets we us our propose", 14 + 4 - 6 - 2),  # first person (two at most), a verb
    ],
)
def test_title_evidence_weighs_how_a_text_ends_its_capitals_and_its_words(text, points):
    assert title_evidence(text) == points


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", Problem("x.txt", 0, 0, "the file is empty", "add records to it or delete it")),
        (
            f"Abstract:{'a' * 20_005}\n".encode(),
            Problem(
                "x.txt",
                1,
                20_001,
                "line is 20,014 characters long; the longest allowed is 20,000",
                "a title or abstract never gets this long: check that the export kept its "
                "line ends",
            ),
        ),
        (
            b"\x00\x01binary\x00",
            Problem(
                "x.txt",
                1,
                0,
                "this is a binary file, not text (it contains NUL bytes)",
                "the files of the seed folder are UTF-8 text; remove this one or replace it "
                "with a text export",
            ),
        ),
        (
            b"PK\x03\x04zipfile",
            Problem(
                "x.txt",
                1,
                0,
                "the file matches no known seed format",
                "expected a trending-papers dump (title line, then abstract line) or an "
                "abstract list (one 'Abstract:<text>' per line)",
            ),
        ),
    ],
)
def test_a_file_that_cannot_be_read_says_why_and_what_to_do(data, problem):
    with pytest.raises(CatalogError) as error:
        parse(data, "x.txt")
    assert error.value.problems == [problem]
