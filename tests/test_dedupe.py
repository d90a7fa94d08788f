import pytest
from conftest import ABSTRACT_A, ABSTRACT_B, FROZEN_SEEDS, HEADER, REAL_SEEDS

from generator.dedupe import DedupeRules, cluster, dedupe, derive_title, normalize
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
    assert merged(rec(1, TITLE, KAN_ABSTRACT), rec(1, variant, KAN_ABSTRACT, "002_b.txt"))


def test_quotes_and_ligatures_merge():
    a = rec(1, "\u201cWhy\u201d Should We Trust Classi\ufb01ers?", ABSTRACT_A)
    b = rec(1, '"Why" Should We Trust Classifiers?', ABSTRACT_A, "002_b.txt")
    assert merged(a, b)


def test_html_entities_merge():
    a = rec(1, "Attention &amp; Memory in Deep Networks", ABSTRACT_A)
    b = rec(1, "Attention & Memory in Deep Networks", ABSTRACT_A, "002_b.txt")
    assert merged(a, b)


def test_same_title_with_lightly_edited_abstract_merges():
    edited = ABSTRACT_A.replace("far fewer operations", "much fewer operations").replace(
        "competitive accuracy", "competitive top-1 accuracy"
    )
    assert merged(rec(1, TITLE, ABSTRACT_A), rec(1, TITLE, edited, "002_b.txt"))


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


def test_swapped_words_with_the_same_abstract_merge():
    a = rec(1, "Learning to Optimize Neural Networks", ABSTRACT_A)
    b = rec(1, "Neural Networks to Optimize Learning", ABSTRACT_A, "002_b.txt")
    assert merged(a, b)


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
