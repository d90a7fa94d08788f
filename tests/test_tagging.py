"""Rules and curation put tags on papers; topics follow from tags."""

from generator.curation import Curation, PaperCuration, Taxonomy
from generator.model import Paper, Record, Tag, Topic
from generator.tagging import Tagger, curate, rule_tags

TOPICS = (Topic("architectures", "Architectures", "d"), Topic("learning", "Learning", "d"))
TAGS = (
    Tag("in-context-learning", "In-context learning", "d", ("learning",), ("in-context learning",)),
    Tag("kans", "KANs", "d", ("architectures",), ("Kolmogorov-Arnold network", "KAN")),
    Tag("mlp-models", "MLP models", "d", ("architectures",), ("MLP-Mixer",), r"\ball-mlp\b"),
)
TAXONOMY = Taxonomy(TOPICS, TAGS)


def paper(title, abstract="", paper_id="p"):
    return Paper(paper_id, title, abstract, (Record("001_a.txt", 3, title, abstract),))


def tags_of(title, abstract=""):
    return rule_tags(paper(title, abstract), Tagger(TAGS))


def test_phrases_match_case_insensitively_on_word_boundaries():
    assert tags_of("Kolmogorov-Arnold Networks for Science") == {"kans"}
    assert tags_of("KAN: a new model") == {"kans"}
    assert tags_of("Kansas weather forecasting") == set()


def test_spaces_hyphens_and_unicode_dashes_are_interchangeable():
    assert tags_of("In context learning in large models") == {"in-context-learning"}
    assert tags_of("In\u2011context learning explained") == {"in-context-learning"}
    assert tags_of("Kolmogorov\u2013Arnold networks") == {"kans"}


def test_plural_of_the_last_word_matches():
    assert tags_of("Two Kolmogorov-Arnold networks compared") == {"kans"}
    assert tags_of("", "We compare MLP-Mixers of many sizes.") == {"mlp-models"}


def test_regex_rules():
    assert tags_of("Sparse all-MLP language models") == {"mlp-models"}


def test_unicode_is_normalised_before_matching():
    assert tags_of("\uff2b\uff21\uff2e for physics") == {"kans"}  # full-width letters


def test_curation_adds_and_removes_tags_and_topics_follow():
    papers = [paper("KAN: a new model", paper_id="kan"), paper("Untitled", paper_id="other")]
    curation = Curation(
        (
            PaperCuration("kan", add=("in-context-learning",), remove=("kans",)),
            PaperCuration(
                "other", title="A Real Title", arxiv_id="2401.00001", add=("mlp-models",)
            ),
        )
    )
    catalog, warnings = curate(papers, TAXONOMY, curation)
    assert warnings == []
    kan = catalog.paper("kan")
    assert (kan.tags, kan.topics) == (("in-context-learning",), ("learning",))
    other = catalog.paper("other")
    assert (other.title, other.arxiv_id, other.tags, other.topics) == (
        "A Real Title",
        "2401.00001",
        ("mlp-models",),
        ("architectures",),
    )
    assert [p.id for p in catalog.papers_with("mlp-models")] == ["other"]
    assert [p.id for p in catalog.papers_in("learning")] == ["kan"]


def test_removing_a_tag_the_rules_do_not_give_is_a_warning():
    catalog, warnings = curate(
        [paper("Plain", paper_id="plain")],
        TAXONOMY,
        Curation((PaperCuration("plain", remove=("kans",)),)),
    )
    assert [w.message for w in warnings] == [
        "paper 'plain': removing tag 'kans', which the rules do not give it"
    ]
    assert catalog.paper("plain").tags == ()
