import zlib

import pytest
from conftest import ABSTRACT_A, ABSTRACT_B, FROZEN_SEEDS, HEADER, REAL_SEEDS

from generator.dedupe import (
    ABSTRACT_CONFIRMS,
    ABSTRACT_EDITED,
    ABSTRACT_REFUTES,
    ABSTRACT_SAME,
    DedupeRules,
    Normalized,
    UnionFind,
    _decide,
    abstract_similarity,
    blocking_keys,
    cluster,
    dedupe,
    derive_title,
    judge,
    normalize,
    pick_abstract,
    pick_title,
    title_relation,
)
from generator.model import Record
from generator.sources import read_seeds

TITLE = "KAN: Kolmogorov-Arnold Networks"
KAN_ABSTRACT = (
    "Inspired by the Kolmogorov-Arnold representation theorem, we propose Kolmogorov-Arnold "
    "Networks (KANs) as promising alternatives to Multi-Layer Perceptrons (MLPs). While MLPs "
    "have fixed activation functions on nodes, KANs have learnable activation functions on "
    "edges. KANs have no linear weights at all: every weight parameter is replaced by a "
    "univariate function parametrized as a spline."
)
# The same abstract rewritten (87% alike): enough for a matching title (ABSTRACT_EDITED),
# not for a reordered one (ABSTRACT_CONFIRMS) nor alone (ABSTRACT_SAME), far from refuting.
KAN_REWRITTEN = (
    "Motivated by the Kolmogorov-Arnold representation theorem, this work introduces "
    "Kolmogorov-Arnold Networks (KANs) as an alternative to Multi-Layer Perceptrons (MLPs). "
    "MLPs place fixed activation functions on nodes, whereas KANs place learnable activation "
    "functions on edges. KANs use no linear weights: each weight is replaced by a univariate "
    "function parametrized as a spline."
)
# The same abstract trimmed (94% alike): enough for a reordered title, not alone.
KAN_TRIMMED = (
    "Inspired by the Kolmogorov-Arnold representation theorem, we propose Kolmogorov-Arnold "
    "Networks (KANs) as alternatives to Multi-Layer Perceptrons (MLPs). While MLPs have fixed "
    "activations on nodes, KANs have learnable activations on edges. KANs have no linear "
    "weights: every weight is replaced by a univariate function parametrized as a spline."
)
# Three words replaced (97% alike, just below ABSTRACT_SAME).
KAN_REWORDED = (
    KAN_ABSTRACT.replace("promising", "strong")
    .replace("learnable", "trainable")
    .replace("univariate", "single-variable")
)
# ABSTRACT_A rewritten (89% alike).
ABSTRACT_A_REWRITTEN = (
    "We present a simple architecture made entirely of multi-layer perceptrons. It mixes "
    "features across spatial positions and across channels in alternating layers. When "
    "trained on large datasets it reaches competitive accuracy on image classification "
    "while needing far fewer operations than attention models."
)


def similarity(a, b):
    return abstract_similarity(normalize(a), normalize(b))


def test_the_rewritten_abstracts_are_alike_enough_only_with_a_title():
    """The premise of the title tests below: their abstracts alone decide nothing."""
    assert ABSTRACT_EDITED <= similarity(KAN_ABSTRACT, KAN_REWRITTEN) < ABSTRACT_CONFIRMS
    assert ABSTRACT_EDITED <= similarity(ABSTRACT_A, ABSTRACT_A_REWRITTEN) < ABSTRACT_CONFIRMS
    assert ABSTRACT_CONFIRMS <= similarity(KAN_ABSTRACT, KAN_TRIMMED) < ABSTRACT_SAME
    assert similarity(KAN_ABSTRACT, KAN_TRIMMED) < similarity(KAN_ABSTRACT, KAN_REWORDED) < 97
    assert not merged(
        rec(1, "Splines on Edges", KAN_ABSTRACT),
        rec(1, "Learnable Activations", KAN_REWRITTEN, "002_b.txt"),
    )
    assert not merged(
        rec(1, "Splines on Edges", KAN_ABSTRACT),
        rec(1, "Learnable Activations", KAN_TRIMMED, "002_b.txt"),
    )


def rec(line, title, abstract, file="001_a.txt"):
    return Record(file, line, title, abstract)


def merged(*records, rules=None):
    """True when all records form one group."""
    groups = cluster(list(records), rules or DedupeRules())
    assert sum(len(g) for g in groups) == len(records)  # nothing lost, nothing doubled
    return len(groups) == 1


def test_frozen_seeds_make_628_papers_from_684_records():
    records, _ = read_seeds(FROZEN_SEEDS)
    papers = dedupe(records)
    assert len(papers) == 628
    assert sum(len(p.records) for p in papers) == 684
    assert sum(1 for p in papers if p.title_derived) == 16
    assert len({p.id for p in papers}) == 628


@pytest.mark.parametrize(
    "variant",
    [
        "kan: kolmogorov-arnold networks",  # case
        "KAN Kolmogorov Arnold Networks",  # punctuation
        "KAN:   Kolmogorov-Arnold   Networks ",  # whitespace
        "KAN: Kolmogorov\u2013Arnold Networks",  # Unicode en dash
        "KAN: Kolmogorov-Arnold Netwroks",  # two swapped letters
        "KAN: Kolmogorov-Arnold Netwoks",  # one-letter typo
    ],
)
def test_title_spellings_merge(variant):
    assert merged(rec(1, TITLE, KAN_ABSTRACT), rec(1, variant, KAN_REWRITTEN, "002_b.txt"))


def test_quotes_and_ligatures_merge():
    a = rec(1, "\u201cWhy\u201d Should We Trust Classi\ufb01ers?", ABSTRACT_A)
    b = rec(1, '"Why" Should We Trust Classifiers?', ABSTRACT_A_REWRITTEN, "002_b.txt")
    assert merged(a, b)


def test_html_entities_merge():
    a = rec(1, "Attention &amp; Memory in Deep Networks", ABSTRACT_A)
    b = rec(1, "Attention & Memory in Deep Networks", ABSTRACT_A_REWRITTEN, "002_b.txt")
    assert merged(a, b)


def test_same_title_with_lightly_edited_abstract_merges():
    assert merged(rec(1, TITLE, ABSTRACT_A), rec(1, TITLE, ABSTRACT_A_REWRITTEN, "002_b.txt"))


def test_same_title_with_truncated_abstract_merges():
    truncated = KAN_ABSTRACT[:220] + "..."
    assert merged(rec(1, TITLE, KAN_ABSTRACT), rec(1, TITLE, truncated, "002_b.txt"))


def test_abstract_only_record_joins_the_titled_paper():
    assert merged(rec(3, TITLE, KAN_ABSTRACT), rec(1, None, KAN_ABSTRACT, "000_list.txt"))


def test_abstract_only_truncated_record_joins_the_titled_paper():
    assert merged(rec(3, TITLE, KAN_ABSTRACT), rec(1, None, KAN_ABSTRACT[:200], "000_list.txt"))


def test_title_only_record_joins_the_paper():
    assert merged(rec(3, TITLE, KAN_ABSTRACT), rec(9, TITLE, None, "002_b.txt"))


def test_kan_is_not_kan_or_mlp():
    other = rec(1, "KAN or MLP: A Fairer Comparison", ABSTRACT_A, "002_b.txt")
    assert not merged(rec(1, TITLE, KAN_ABSTRACT), other)


def test_kan_is_not_kan_2():
    other = rec(1, "KAN 2.0: Kolmogorov-Arnold Networks Meet Science", ABSTRACT_B, "002_b.txt")
    assert not merged(rec(1, TITLE, KAN_ABSTRACT), other)


def test_numbered_titles_without_abstracts_stay_apart():
    assert not merged(
        rec(1, "Mamba-2 for Long Sequences", None),
        rec(1, "Mamba-3 for Long Sequences", None, "002_b.txt"),
    )


def test_swapped_words_with_a_different_abstract_are_two_papers():
    a = rec(1, "Learning to Optimize Neural Networks", ABSTRACT_A)
    b = rec(1, "Neural Networks to Optimize Learning", ABSTRACT_B, "002_b.txt")
    assert not merged(a, b)


def test_swapped_words_with_a_nearly_identical_abstract_merge():
    a = rec(1, "Learning to Optimize Neural Networks", KAN_ABSTRACT)
    b = rec(1, "Neural Networks to Optimize Learning", KAN_TRIMMED, "002_b.txt")
    assert merged(a, b)


def test_swapped_words_with_a_rewritten_abstract_are_two_papers():
    a = rec(1, "Learning to Optimize Neural Networks", KAN_ABSTRACT)
    b = rec(1, "Neural Networks to Optimize Learning", KAN_REWRITTEN, "002_b.txt")
    assert not merged(a, b)


def test_identical_titles_refuted_by_different_abstracts():
    assert not merged(rec(1, TITLE, KAN_ABSTRACT), rec(1, TITLE, ABSTRACT_B, "002_b.txt"))


def test_abstract_only_records_sharing_an_opening_sentence_are_two_papers():
    opening = "Transformers have become the dominant model in deep learning. "
    a = rec(1, None, opening + ABSTRACT_A, "000_list.txt")
    b = rec(2, None, opening + ABSTRACT_B, "000_list.txt")
    assert not merged(a, b)


def test_title_only_record_never_bridges_two_papers():
    one = rec(1, TITLE, KAN_ABSTRACT)
    two = rec(3, TITLE, ABSTRACT_B)
    bare = rec(1, TITLE, None, "002_b.txt")
    groups = cluster([one, two, bare])
    assert len(groups) == 2


def test_curation_forces_records_together():
    a = rec(1, "Deep Residual Learning", ABSTRACT_A)
    b = rec(1, "ResNets Revisited", ABSTRACT_B, "002_b.txt")
    assert merged(a, b, rules=DedupeRules(same=(("001_a.txt:1", "002_b.txt:1"),)))


def test_curation_keeps_records_apart():
    a = rec(1, TITLE, KAN_ABSTRACT)
    b = rec(1, TITLE, KAN_ABSTRACT, "002_b.txt")
    assert not merged(a, b, rules=DedupeRules(different=(("001_a.txt:1", "002_b.txt:1"),)))


def test_normalize_folds_what_does_not_identify_a_title():
    assert (
        normalize("Padé Approximants \u2014 \ufb01ne &amp; \u201cfast\u201d")
        == "pade approximants fine fast"
    )


def test_derived_title_is_the_first_words():
    assert derive_title(
        "We present MELODI, a novel memory architecture designed to efficiently process long documents. More."
    ) == (
        "We present MELODI, a novel memory architecture designed to efficiently process long\u2026"
    )
    assert derive_title("Short opening sentence. Then more.") == "Short opening sentence"


def test_ids_are_slugs_and_collisions_get_a_suffix():
    papers = dedupe([rec(1, TITLE, KAN_ABSTRACT), rec(1, TITLE, ABSTRACT_B, "002_b.txt")])
    ids = sorted(p.id for p in papers)
    assert ids[0] == "kan-kolmogorov-arnold-networks"
    assert ids[1].startswith("kan-kolmogorov-arnold-networks-") and len(ids[1]) == len(ids[0]) + 7
    assert all(p.id == p.url.split("/")[1] for p in papers)


def test_adding_a_seed_file_keeps_existing_ids(seed_dir):
    first = seed_dir(
        {"001_a.txt": HEADER + f"{TITLE}\n{KAN_ABSTRACT}\nMLP-Mixer Revisited\n{ABSTRACT_A}\n"}
    )
    before = {p.id: p.title for p in dedupe(read_seeds(first)[0])}
    seed_dir(
        {
            "005_new.txt": HEADER
            + f"{TITLE}\n{ABSTRACT_B}\nAn Entirely New Paper\n{ABSTRACT_B[:300]} Different ending here.\n"
        }
    )
    after = {p.id: p.title for p in dedupe(read_seeds(first)[0])}
    assert before.items() <= after.items()
    assert len(after) == len(before) + 2


def test_ids_of_the_real_catalog_are_stable_across_runs():
    records, _ = read_seeds(REAL_SEEDS)
    assert [p.id for p in dedupe(records)] == [p.id for p in dedupe(list(reversed(records)))]


def test_long_titles_give_bounded_ids():
    title = "A " + " ".join(["very long title word"] * 30)
    [paper] = dedupe([rec(1, title, ABSTRACT_A)])
    assert len(paper.id) <= 80
    assert paper.id.replace("-", "").isalnum() and paper.id == paper.id.lower()


def test_a_paper_titled_index_does_not_take_the_listing_page():
    [paper] = dedupe([rec(1, "Index", ABSTRACT_A)])
    assert paper.id.startswith("index-") and paper.id != "index"


AMERICAN = (
    "Normalization layers stabilize optimization; we analyze how normalizing the behavior of "
    "each layer changes the color of the loss landscape, and we characterize when modeling "
    "choices favor generalization in practice across many benchmark settings and models."
)
BRITISH = (
    "Normalisation layers stabilise optimisation; we analyse how normalising the behaviour of "
    "each layer changes the colour of the loss landscape, and we characterise when modelling "
    "choices favour generalisation in practice across many benchmark settings and models."
)


def spelling_pair():
    return [
        Record("001_a.txt", 3, "Normalization Layers Stabilize Optimization", AMERICAN),
        Record("002_b.txt", 3, "Normalisation Layers Stabilise Optimisation", BRITISH),
    ]


def test_british_and_american_spellings_of_one_paper_merge():
    assert [len(p.records) for p in dedupe(spelling_pair())] == [2]


def test_without_the_spelling_fold_the_pair_is_never_compared(monkeypatch):
    """The fold decides: without it no blocking key is shared, so two papers stay."""
    from generator import dedupe as module

    monkeypatch.setattr(module, "american", lambda text: text)
    assert [len(p.records) for p in dedupe(spelling_pair())] == [1, 1]


def test_spelling_fold_rules():
    from generator.dedupe import american

    assert american("normalisation colour centre modelling analyse defence grey") == (
        "normalization color center modeling analyze defense gray"
    )
    # A stem shorter than three letters is left alone ("our", "rise"), and the shown text
    # never changes: only the comparison folds.
    assert american("our rise tour") == "our rise tour"


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("kolmogorov arnold networks", "kolmogorov arnold networks", "same"),
        ("kolmogorov arnold networks", "kolmogorov arnold nxtwxrks", "near"),  # two edits
        ("kolmogorov arnold networks", "kolmogorov arnold nxtwxrkx", "different"),  # three
        ("abcdefghijkl", "abcdefghijkx", "near"),  # MIN_TYPO_TITLE_CHARS: a typo counts
        ("abcdefghijk", "abcdefghijx", "different"),  # one shorter: must match exactly
        ("networks for kolmogorov arnold", "kolmogorov arnold networks for", "reordered"),
        ("gpt 3 language models", "gpt 4 language models", "different"),
        ("kan 2 0 networks", "kan 2 networks", "different"),
        ("scaling 2 models 3", "scaling 3 models 2", "reordered"),
        ("resnet v1 2 layers", "resnet v2 1 layers", "different"),  # numbers in another order
    ],
)
def test_title_relation(a, b, relation):
    assert title_relation(a, b) == relation
    assert title_relation(b, a) == relation


def test_abstract_similarity_counts_a_truncated_copy_from_150_characters():
    long = "a" * 150 + "b" * 150
    assert abstract_similarity("a" * 150, long) == 100
    assert abstract_similarity(long, "a" * 150) == 100
    assert abstract_similarity("a" * 149, long) == pytest.approx(100 * 2 * 149 / 449)
    assert abstract_similarity("a" * 150, "a" * 150) == 100


def test_a_truncated_copy_with_an_edit_is_still_a_truncated_copy():
    """The shorter text is compared with the start of the longer, whichever sorts first."""
    assert abstract_similarity("a" * 149 + "c", "a" * 150 + "b" * 150) == pytest.approx(
        100 * 298 / 300
    )


def test_abstract_similarity_below_the_cutoff_is_zero():
    assert abstract_similarity("a" * 60 + "b" * 40, "a" * 60 + "c" * 40) == 60
    assert abstract_similarity("a" * 60 + "b" * 40, "a" * 60 + "c" * 40, cutoff=61) == 0
    long = "a" * 150 + "b" * 150
    assert abstract_similarity("a" * 150, long, cutoff=97) == 100


@pytest.mark.parametrize(
    ("relation", "similarity", "same"),
    [
        ("different", ABSTRACT_SAME, True),  # abstracts this alike decide alone
        ("different", ABSTRACT_SAME - 0.01, False),
        (None, ABSTRACT_SAME, True),
        (None, ABSTRACT_CONFIRMS, True),  # no title to compare: the abstract must confirm
        (None, ABSTRACT_CONFIRMS - 0.01, False),
        (None, None, False),
        ("same", None, True),  # no abstract to compare: the title decides
        ("near", None, True),
        ("reordered", None, False),
        ("different", None, False),
        ("same", ABSTRACT_EDITED, True),
        ("same", ABSTRACT_EDITED - 0.01, False),
        ("near", ABSTRACT_EDITED, True),
        ("near", ABSTRACT_EDITED - 0.01, False),
        ("reordered", ABSTRACT_CONFIRMS, True),
        ("reordered", ABSTRACT_CONFIRMS - 0.01, False),
        ("different", 0, False),
    ],
)
def test_each_rule_decides_at_its_threshold(relation, similarity, same):
    assert _decide(relation, similarity)[0] is same


def test_the_thresholds_are_the_documented_ones():
    assert (ABSTRACT_SAME, ABSTRACT_CONFIRMS, ABSTRACT_EDITED, ABSTRACT_REFUTES) == (97, 90, 70, 60)


def norm(title, abstract):
    return Normalized(title, abstract)


def test_abstracts_below_60_refute_matching_titles_only():
    at_60 = "a" * 60 + "b" * 40, "a" * 60 + "c" * 40
    below = "a" * 59 + "b" * 41, "a" * 59 + "c" * 41
    title = "kolmogorov arnold networks"
    assert judge(norm(title, below[0]), norm(title, below[1]))[2] is True
    assert judge(norm(title, at_60[0]), norm(title, at_60[1]))[2] is False
    reordered = "networks kolmogorov arnold"
    assert judge(norm(title, below[0]), norm(reordered, below[1]))[2] is True
    assert judge(norm(title, at_60[0]), norm(reordered, at_60[1]))[2] is False
    assert judge(norm(title, below[0]), norm("other words", below[1]))[2] is False
    assert judge(norm(title, below[0]), norm(title, None))[2] is False
    assert judge(norm(None, below[0]), norm(title, below[1]))[2] is True


def test_judge_compares_what_both_records_have():
    text = "x" * 200
    assert judge(norm("a title here", text), norm("a title here", None))[:1] == (True,)
    assert judge(norm(None, text), norm("another title", text))[:1] == (True,)
    assert judge(norm("one title here", None), norm(None, text))[:1] == (False,)


def test_the_stronger_of_two_exclusive_matches_wins():
    """A record alike to two papers kept apart joins the one it is more alike to, whatever
    the order of the records."""
    same_abstract = rec(1, "Splines on Edges", KAN_ABSTRACT, "001_a.txt")
    nearly = rec(
        1, "Learnable Activations", KAN_ABSTRACT.replace("promising", "strong"), "002_b.txt"
    )
    bare = rec(1, None, KAN_ABSTRACT, "003_c.txt")
    apart = DedupeRules(different=(("001_a.txt:1", "002_b.txt:1"),))
    for records in ([same_abstract, nearly, bare], [nearly, same_abstract, bare]):
        assert sorted(cluster(records, apart)) == [[same_abstract, bare], [nearly]]


def test_a_title_only_record_joins_the_paper_with_the_same_title_before_a_near_one():
    exact = rec(1, "Kolmogorov Arnold Networks", KAN_ABSTRACT, "002_b.txt")
    typo = rec(1, "Kolmogorov Arnold Netwroks", ABSTRACT_B, "001_a.txt")  # refuted by exact
    bare = rec(1, "Kolmogorov Arnold Networks", None, "003_c.txt")
    groups = cluster([typo, exact, bare])
    assert sorted(groups) == sorted([[typo], [exact, bare]])


def test_an_abstract_only_record_joins_the_paper_it_is_more_alike_to():
    full = rec(1, "Splines on Edges", KAN_ABSTRACT, "002_b.txt")  # 94% alike to KAN_TRIMMED
    reworded = rec(1, "Activations", KAN_REWORDED, "001_a.txt")
    bare = rec(1, None, KAN_TRIMMED, "003_c.txt")  # 92% alike to reworded
    apart = DedupeRules(different=(("001_a.txt:1", "002_b.txt:1"),))
    groups = cluster([reworded, full, bare], apart)
    assert sorted(groups) == sorted([[reworded], [full, bare]])


def test_a_record_joins_the_paper_whose_title_matches_and_abstract_is_more_alike():
    record = rec(1, TITLE, KAN_ABSTRACT, "003_c.txt")
    rewritten = rec(1, TITLE, KAN_REWRITTEN, "001_a.txt")  # 87% alike to KAN_ABSTRACT
    trimmed = rec(1, TITLE, KAN_TRIMMED, "002_b.txt")  # 94%
    apart = DedupeRules(different=(("001_a.txt:1", "002_b.txt:1"),))
    assert sorted(cluster([rewritten, trimmed, record], apart)) == [[rewritten], [trimmed, record]]


def test_a_record_joins_the_paper_with_reordered_words_and_a_more_alike_abstract():
    record = rec(1, "Kolmogorov-Arnold Networks: KAN", KAN_ABSTRACT, "003_c.txt")
    trimmed = rec(1, TITLE, KAN_TRIMMED, "001_a.txt")  # 94% alike to KAN_ABSTRACT
    reworded = rec(1, TITLE, KAN_REWORDED, "002_b.txt")
    apart = DedupeRules(different=(("001_a.txt:1", "002_b.txt:1"),))
    assert sorted(cluster([trimmed, reworded, record], apart)) == [[trimmed], [reworded, record]]


def test_more_than_max_block_records_with_one_title_still_meet():
    """Fuzzy blocks beyond MAX_BLOCK records are dropped; an exact title's never is."""
    records = [rec(line, "Attention Is All You Need", None) for line in range(1, 203)]
    assert merged(*records)


def test_a_typo_in_a_three_word_title_is_found_without_abstracts():
    assert merged(
        rec(1, "Kolmogorov Arnold Networks", None),
        rec(1, "Kolmogorov Arnold Netwroks", None, "002_b.txt"),
    )


def test_curated_decisions_reach_the_papers():
    a = rec(1, "Deep Residual Learning", ABSTRACT_A)
    b = rec(1, "ResNets Revisited", ABSTRACT_B, "002_b.txt")
    rules = DedupeRules(same=(("001_a.txt:1", "002_b.txt:1"),))
    assert [len(paper.records) for paper in dedupe([a, b], rules)] == [2]


def test_sets_kept_apart_stay_apart_after_joining_others():
    for first, second in ((0, 1), (1, 0)):
        groups = UnionFind(3)
        groups.keep_apart(1, 2)
        groups.join(first, second)
        assert not groups.can_join(0, 2) and not groups.can_join(2, 0)
        assert groups.can_join(0, 1)
    groups = UnionFind(4)
    groups.keep_apart(0, 3)
    groups.join(1, 2)
    assert groups.can_join(1, 3) and groups.can_join(0, 2)


def test_pick_title_takes_the_most_common_spelling_then_the_earliest():
    def titled(*titles):
        return [rec(line, title, None) for line, title in enumerate(titles, 1)]

    assert pick_title(titled("B", "A", "A")) == "A"
    assert pick_title(titled("B", "A", None, "A", "B", "C")) == "B"
    assert pick_title(titled("C", "B")) == "C"
    assert pick_title(titled(None, "B")) == "B"
    assert pick_title(titled(None)) is None


def test_pick_abstract_takes_the_longest_then_the_earliest():
    def with_abstracts(*abstracts):
        return [rec(line, "T", abstract) for line, abstract in enumerate(abstracts, 1)]

    assert pick_abstract(with_abstracts("zz", "the longest one", "longer")) == "the longest one"
    assert pick_abstract(with_abstracts("bbb", "aaa", None)) == "bbb"
    assert pick_abstract(with_abstracts(None, "")) == ""


def test_a_merged_paper_shows_the_longest_abstract_and_the_most_common_title():
    truncated = rec(1, "Kan: Kolmogorov-Arnold Networks", KAN_ABSTRACT[:220], "001_a.txt")
    full = rec(5, TITLE, KAN_ABSTRACT, "002_b.txt")
    again = rec(9, TITLE, None, "003_c.txt")
    [paper] = dedupe([truncated, full, again])
    assert (paper.title, paper.abstract) == (TITLE, KAN_ABSTRACT)
    assert paper.records == (truncated, full, again)
    assert paper.id == "kan-kolmogorov-arnold-networks" and not paper.title_derived


def test_a_paper_without_a_title_gets_one_from_its_abstract():
    [paper] = dedupe([rec(1, None, "We study graphs. More follows.")])
    assert (paper.title, paper.title_derived, paper.id) == (
        "We study graphs",
        True,
        "we-study-graphs",
    )


@pytest.mark.parametrize(
    ("abstract", "title"),
    [
        (
            "One two three four five six seven eight nine ten eleven twelve. Next.",
            "One two three four five six seven eight nine ten eleven twelve",
        ),
        (
            "One two three four five six seven eight nine ten eleven twelve thirteen.",
            "One two three four five six seven eight nine ten eleven twelve\u2026",
        ),
        (
            "One two three four five six seven eight nine ten eleven, twelve thirteen",
            "One two three four five six seven eight nine ten eleven, twelve\u2026",
        ),
        (
            "One two three four five six seven eight nine ten eleven twelve, thirteen",
            "One two three four five six seven eight nine ten eleven twelve\u2026",
        ),
        ("Is it? Yes.", "Is it?"),
        ("Wow! it works.", "Wow!"),
        ("Done.\nNext line.", "Done"),
        ("Ends with dots...", "Ends with dots"),
        ("Meet model X. Then more.", "Meet model X"),
        (
            "One two three four five six seven eight nine ten eleven X, thirteen",
            "One two three four five six seven eight nine ten eleven X\u2026",
        ),
        ("e.g. this one. That", "e.g"),  # looser than text.first_sentence: ids depend on it
    ],
)
def test_derived_titles(abstract, title):
    assert derive_title(abstract) == title


def minhash_keys(words):
    """The min-hash keys as documented: the crc32 of every run of 4 consecutive words (all
    words when fewer), the 4 smallest, in bands of 2."""
    runs = {" ".join(words[i : i + 4]) for i in range(max(1, len(words) - 3))}
    lowest = sorted(zlib.crc32(run.encode()) for run in runs)[:4]
    return ["h:" + "-".join(map(str, lowest[i : i + 2])) for i in range(0, len(lowest), 2)]


def test_blocking_keys_of_a_title_and_an_abstract():
    abstract = "we study graph neural networks on large sparse graphs"
    keys = list(blocking_keys(Normalized("graph neural networks", abstract)))
    assert keys == [
        "t:graph neural networks",
        "s:graph networks neural",
        "d:neural networks",
        "d:graph networks",
        "d:graph neural",
        "p:" + abstract,
        *minhash_keys(abstract.split()),
    ]


@pytest.mark.parametrize(
    "abstract",
    [
        "transformers learn in context by gradient descent on linear regression tasks",
        "kolmogorov arnold networks replace weights with splines on edges",
    ],
)
def test_min_hash_keys_are_those_of_the_four_word_runs(abstract):
    keys = [key for key in blocking_keys(Normalized(None, abstract)) if key.startswith("h:")]
    assert keys == minhash_keys(abstract.split())


def test_blocking_keys_of_short_and_long_texts():
    assert list(blocking_keys(Normalized("ab cd", "two words"))) == [
        "t:ab cd",
        "s:ab cd",
        "p:two words",
        *minhash_keys(["two", "words"]),
    ]
    words = [f"w{i}x" for i in range(50)]  # only the first SHINGLE_SPAN (40) words count
    assert list(blocking_keys(Normalized(None, " ".join(words)))) == [
        "p:" + " ".join(words[:12]),
        *minhash_keys(words[:40]),
    ]
    assert list(blocking_keys(Normalized(None, None))) == []


def titled_block(others):
    """Two titles a typo apart that meet only in the block of "learning sparse models",
    which `others` more titles share."""
    records = [rec(i, f"Learning Sparse Models {i}", None) for i in range(1, others + 1)]
    records += [
        rec(1, "Learning Sparse Models Networks", None, "002_b.txt"),
        rec(1, "Learning Sparse Models Netwroks", None, "003_c.txt"),
    ]
    return records


def test_fuzzy_blocks_up_to_max_block_records_are_compared():
    groups = cluster(titled_block(198))  # 200 in the block
    assert len(groups) == 199


def test_fuzzy_blocks_beyond_max_block_records_carry_no_information():
    groups = cluster(titled_block(199))  # 201 in the block
    assert len(groups) == 201
