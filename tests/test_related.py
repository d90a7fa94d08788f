"""Related papers and the paper map: TF-IDF neighbours, deterministic."""

import json
import math

import pytest

from generator.model import Catalog, Paper, Record
from generator.related import (
    cache_key,
    map_coordinates,
    relate,
    similarities,
    similarities_from_json,
    similarities_json,
)


def paper(paper_id, title, abstract, tags=()):
    return Paper(paper_id, title, abstract, (Record("001_a.txt", 1, title, abstract),), tags=tags)


PAPERS = (
    paper(
        "a",
        "Kolmogorov-Arnold networks",
        "Splines on edges replace linear weights in networks.",
        ("kans",),
    ),
    paper(
        "b",
        "KAN for physics",
        "Kolmogorov-Arnold networks with splines solve physics problems.",
        ("kans",),
    ),
    paper("c", "Speech synthesis", "A vocoder turns spectrograms into waveforms for speech."),
    paper("d", "Fast vocoders", "Neural vocoder for fast speech waveform generation."),
)


def test_the_most_similar_paper_comes_first_with_shared_tags():
    related = relate(Catalog(PAPERS)).related
    assert related["a"][0].paper_id == "b"
    assert related["a"][0].shared_tags == ("kans",)
    assert related["c"][0].paper_id == "d"
    assert related["c"][0].shared_tags == ()


def test_a_paper_is_never_its_own_neighbour_and_at_most_five():
    related = relate(Catalog(PAPERS)).related
    for paper_id, items in related.items():
        assert paper_id not in [item.paper_id for item in items]
        assert len(items) <= 5


def test_relate_is_deterministic(real_build):
    catalog = real_build.load.catalog
    again = relate(catalog)
    assert again.related == catalog.related
    assert all(len(items) == 5 for items in catalog.related.values())


def test_map_coordinates_are_in_the_unit_square_and_deterministic():
    catalog = Catalog(PAPERS)
    first, second = map_coordinates(catalog), map_coordinates(catalog)
    assert first == second
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())


def test_large_catalogs_find_nearly_the_same_neighbours_from_distinctive_words(monkeypatch):
    """Beyond EXACT_UP_TO papers, only pairs sharing a distinctive word are scored; on the
    real catalog, made to take that path, most neighbours are the exact ones."""
    from conftest import REAL_SEEDS

    from generator import related
    from generator.build import load_catalog

    papers = load_catalog(REAL_SEEDS).catalog.papers
    texts = [(p.id, p.title, p.abstract) for p in papers]
    exact = related.similarities(texts).neighbours
    monkeypatch.setattr(related, "EXACT_UP_TO", 10)
    monkeypatch.setattr(related, "PROPOSER_FREQUENCY", 100)  # a sixth of the catalog
    approximate = related.similarities(texts).neighbours
    assert approximate == related.similarities(texts).neighbours  # deterministic
    shared = sum(
        len({j for j, _ in a} & {j for j, _ in b}) for a, b in zip(exact, approximate, strict=True)
    )
    assert shared / sum(len(a) for a in exact) > 0.75
    # Scores of the neighbours found are whole cosines, not the distinctive words' share
    # (float32 sums in another order: equal to 1e-5).
    exact_scores = {(i, j): s for i, near in enumerate(exact) for j, s in near}
    for i, near in enumerate(approximate):
        for j, score in near:
            if (i, j) in exact_scores:
                assert abs(score - exact_scores[i, j]) < 1e-5


def test_identical_texts_are_each_others_nearest_with_cosine_one():
    """float32 sums of identical texts come out a hair above 1: scores stay 1.0, in place."""
    twin = "Sparse mixtures of experts route tokens to a few experts each, at a fixed cost."
    papers = (
        paper("part-1", "Routing experts", twin),
        paper("part-2", "Routing experts", twin),
        *PAPERS,
    )
    related = relate(Catalog(papers)).related
    assert related["part-1"][0].paper_id == "part-2"
    assert related["part-2"][0].paper_id == "part-1"
    assert all(0 < item.score <= 1 for near in related.values() for item in near)


def test_scores_a_hair_above_one_keep_their_rows_and_rank_first():
    import numpy as np

    from generator.related import best_per_row

    rows, columns, scores = best_per_row(
        np.array([0, 0, 1, 1]), np.array([1, 2, 0, 2]), np.array([1.0000007, 0.5, 0.25, 1.0]), 5
    )
    assert rows.tolist() == [0, 0, 1, 1]
    assert columns.tolist() == [1, 2, 2, 0]
    assert scores.tolist() == [1.0, 0.5, 1.0, 0.25]


TEXTS = [(p.id, p.title, p.abstract) for p in PAPERS]


def test_texts_with_no_word_to_compare_by_have_no_neighbours():
    """Only stop words (or none): scikit-learn finds no vocabulary; the build goes on."""
    found = similarities([("a", "The", "and of the"), ("b", "On", "it is"), ("c", "A", "")])
    assert found.neighbours == [[], [], []]
    assert set(found.positions.values()) == {(0.5, 0.5)}
    one_word = similarities([("a", "Graph", "graph"), ("b", "Graph", "graph"), ("c", "Graph", "")])
    assert set(one_word.positions.values()) == {(0.5, 0.5)}  # one word: no map to draw


def test_similarities_come_back_unchanged_from_the_cache_format():
    found = similarities(TEXTS)
    key = cache_key(TEXTS)
    ids = [paper_id for paper_id, _, _ in TEXTS]
    assert similarities_from_json(similarities_json(found, key), key, ids) == found


def test_the_cache_key_changes_with_any_text_and_with_their_order():
    key = cache_key(TEXTS)
    assert cache_key(list(TEXTS)) == key
    assert cache_key(TEXTS[::-1]) != key
    changed = [*TEXTS[:-1], (TEXTS[-1][0], TEXTS[-1][1], TEXTS[-1][2] + " More.")]
    assert cache_key(changed) != key


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: data.update(key="another"),
        lambda data: data["ids"].reverse(),  # the right key, other papers
        lambda data: data["neighbours"][0].append([99, 0.5]),  # no paper 99
        lambda data: data["neighbours"][0].append([0, 0.5]),  # a paper its own neighbour
        lambda data: data["neighbours"][0].append(["1", 0.5]),
        lambda data: data["neighbours"][0].append([True, 0.5]),
        lambda data: data["neighbours"][0].append([1, 7.5]),  # not a cosine
        lambda data: data["neighbours"][0].append([1, float("inf")]),
        lambda data: data["neighbours"][0].append([float("inf"), 0.5]),
        lambda data: data["neighbours"].pop(),
        lambda data: data["positions"].pop("a"),
        lambda data: data["positions"].update(a=[2.0, 0.5]),
        lambda data: data["positions"].update(a=[10**400, 0.5]),
        lambda data: data.update(ids=None),
        lambda data: data.clear(),
    ],
)
def test_a_cache_for_other_texts_or_not_as_written_is_not_used(spoil):
    key = cache_key(TEXTS)
    ids = [paper_id for paper_id, _, _ in TEXTS]
    data = json.loads(similarities_json(similarities(TEXTS), key))
    spoil(data)
    assert similarities_from_json(json.dumps(data), key, ids) is None


def test_a_cache_that_does_not_parse_is_not_used():
    key = cache_key(TEXTS)
    ids = [paper_id for paper_id, _, _ in TEXTS]
    assert similarities_from_json("{not json", key, ids) is None
    assert similarities_from_json("[" * 100_000, key, ids) is None  # too deep for the parser
    assert similarities_from_json("[]", key, ids) is None


def test_shared_tags_are_the_tags_both_papers_have():
    papers = (
        paper("a", "Kolmogorov-Arnold networks", PAPERS[0].abstract, ("kans", "splines", "z")),
        paper("b", "KAN for physics", PAPERS[1].abstract, ("physics", "kans", "z")),
        *PAPERS[2:],
    )
    related = relate(Catalog(papers)).related
    assert related["a"][0].paper_id == "b"
    assert related["a"][0].shared_tags == ("kans", "z")
    assert related["b"][0].shared_tags == ("kans", "z")
    assert [(item.paper_id, item.shared_tags) for item in related["c"]] == [("d", ())]


def test_scores_are_cosines_rounded_to_four_digits_best_first():
    related = relate(Catalog(PAPERS)).related
    for items in related.values():
        scores = [item.score for item in items]
        assert scores == sorted(scores, reverse=True)
        assert all(score == round(score, 4) and 0 < score <= 1 for score in scores)


def common_word_texts(total, common, half):
    """`total` texts with a word of their own each; the first `common` share "common", the
    last `half` share "half"."""
    texts = []
    for i in range(total):
        words = [f"unique{i}x"]
        if i < common:
            words.append("common")
        if i >= total - half:
            words.append("half")
        texts.append((f"p{i:02d}", " ".join(words), ""))
    return texts


def test_words_in_more_than_half_the_papers_do_not_relate_them():
    """MAX_DOCUMENT_FREQUENCY: "common" is in 12 of 22 papers and says nothing; "half", in
    11 of 22, still relates them."""
    found = similarities(common_word_texts(22, 12, 11))
    assert [len(near) for near in found.neighbours] == [0] * 11 + [5] * 11
    assert {j for near in found.neighbours for j, _ in near} <= set(range(11, 22))


def test_small_catalogs_keep_their_common_words():
    """Up to 20 papers a word in all of them is not dropped: too few to tell."""
    assert [len(near) for near in similarities(common_word_texts(20, 20, 0)).neighbours] == [5] * 20
    assert [len(near) for near in similarities(common_word_texts(21, 21, 0)).neighbours] == [0] * 21


def test_neighbours_do_not_depend_on_the_block_size(monkeypatch):
    """Similarities are computed BLOCK_ROWS rows at a time: rows of later blocks keep their
    own index (a paper is never its own neighbour)."""
    from generator import related as module

    texts = [(p.id, p.title, p.abstract) for p in PAPERS] + [
        ("e", "Kolmogorov-Arnold splines", "Spline networks for speech."),
        ("f", "Vocoder networks", "Kolmogorov-Arnold vocoder for speech waveforms."),
    ]
    whole = similarities(texts).neighbours
    monkeypatch.setattr(module, "BLOCK_ROWS", 2)
    assert similarities(texts).neighbours == whole
    for index, near in enumerate(whole):
        assert index not in [j for j, _ in near]
    monkeypatch.setattr(module, "EXACT_UP_TO", 3)
    monkeypatch.setattr(module, "PROPOSER_FREQUENCY", 10)
    approximate = similarities(texts).neighbours
    monkeypatch.setattr(module, "BLOCK_ROWS", 2048)
    assert similarities(texts).neighbours == approximate
    for index, near in enumerate(approximate):
        assert index not in [j for j, _ in near]


def test_documents_count_the_title_twice():
    from generator.related import documents

    assert documents([("a", "T", "An abstract."), ("b", "U", "")]) == [
        "T\nT\nAn abstract.",
        "U\nU\n",
    ]


def test_at_most_five_neighbours_the_best_ones():
    texts = [(f"p{i}", f"graph networks {'x' * (i + 2)}", "graph") for i in range(8)]
    found = similarities(texts)
    assert [len(near) for near in found.neighbours] == [5] * 8


def test_relate_refuses_similarities_of_other_papers():
    found = similarities(TEXTS[::-1])
    with pytest.raises(ValueError, match="other papers, or in another order"):
        relate(Catalog(PAPERS), found)
    again = relate(Catalog(PAPERS), similarities(TEXTS))
    assert again.related == relate(Catalog(PAPERS)).related
    assert again.positions == similarities(TEXTS).positions


def test_scores_are_tf_idf_cosines_with_sublinear_counts_and_the_title_twice():
    """Worked by hand: a term counted n times weighs 1 + ln n, times its smoothed inverse
    document frequency 1 + ln((1 + papers) / (1 + papers with it)); rows have length 1."""
    texts = [
        ("a", "alpha beta", "alpha alpha gamma"),  # alpha 4 times, beta 2, gamma 1
        ("b", "alpha delta", "delta"),  # alpha 2, delta 3
        ("c", "epsilon zeta", "zeta"),
    ]

    def idf(papers_with_it):
        return 1 + math.log((1 + 3) / (1 + papers_with_it))

    a = {"alpha": (1 + math.log(4)) * idf(2), "beta": (1 + math.log(2)) * idf(1), "gamma": idf(1)}
    b = {"alpha": (1 + math.log(2)) * idf(2), "delta": (1 + math.log(3)) * idf(1)}
    cosine = a["alpha"] * b["alpha"] / math.hypot(*a.values()) / math.hypot(*b.values())
    found = similarities(texts)
    assert found.neighbours[0] == [(1, round(cosine, 6))]
    assert found.neighbours[1] == [(0, round(cosine, 6))]
    assert found.neighbours[2] == []


def test_two_papers_on_one_subject_are_each_others_neighbour():
    found = similarities(TEXTS[:2])
    assert [[index for index, _ in near] for near in found.neighbours] == [[1], [0]]


def two_subjects(count):
    kans = "Kolmogorov-Arnold networks put learnable spline activations on the edges"
    speech = "A neural vocoder turns mel spectrograms into speech waveforms"
    return [
        *[paper(f"kan-{n}", f"KAN variant {n}", f"{kans}, variant {n}.") for n in range(count)],
        *[paper(f"voc-{n}", f"Vocoder {n}", f"{speech}, variant {n}.") for n in range(count)],
    ]


@pytest.mark.parametrize("count", [2, 5])
def test_the_map_keeps_a_subject_together_and_fills_the_square(count):
    """Papers on one subject sit closer to each other than to any paper on the other; each
    axis runs from 0 to 1 (the outer 1% is clipped, so the extremes land on the edges)."""
    papers = two_subjects(count)
    for positions in (
        map_coordinates(Catalog(tuple(papers))),
        similarities([(p.id, p.title, p.abstract) for p in papers]).positions,
    ):
        kans = [p.id for p in papers if p.id.startswith("kan")]
        vocoders = [p.id for p in papers if p.id.startswith("voc")]
        within = max(
            math.dist(positions[a], positions[b])
            for group in (kans, vocoders)
            for a in group
            for b in group
        )
        across = min(math.dist(positions[a], positions[b]) for a in kans for b in vocoders)
        assert within < across
        for axis in (0, 1):
            values = [place[axis] for place in positions.values()]
            assert min(values) == 0.0 and max(values) == 1.0


def test_three_papers_are_enough_for_a_map():
    papers = PAPERS[:3]
    assert len(set(map_coordinates(Catalog(papers)).values())) == 3
    assert len(set(similarities(TEXTS[:3]).positions.values())) == 3


def test_the_cache_format_is_compact_json():
    found = similarities(TEXTS[:2])
    text = similarities_json(found, "k")
    assert text.startswith('{"key":"k","ids":["a","b"],"neighbours":[[[1,')
    assert ", " not in text and ": " not in text


def test_the_cache_key_changes_with_the_version_of_each_library(monkeypatch):
    from generator import related

    versions = {"numpy": "1", "scipy": "1", "scikit-learn": "1"}
    monkeypatch.setattr(related.metadata, "version", lambda name: versions[name])
    key = cache_key(TEXTS)
    for library in list(versions):
        versions[library] = "2"
        assert cache_key(TEXTS) != key, library
        versions[library] = "1"
    assert cache_key(TEXTS) == key
