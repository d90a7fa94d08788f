"""Rules and curation put tags on papers; topics follow from tags."""

import re

from generator.curation import Curation, PaperCuration, Taxonomy, curate
from generator.model import Metadata, Paper, Record, Tag, Topic
from generator.tagging import Tagger, rule_tags
from generator.tagging import tag as tag_papers

TOPICS = (Topic("architectures", "Architectures", "d"), Topic("learning", "Learning", "d"))
# One mention makes a tag here, so that these tests are about matching alone; the evidence
# rules (how many mentions, negation, longer phrases) have tests of their own below.
TAGS = (
    Tag(
        "in-context-learning",
        "In-context learning",
        "d",
        ("learning",),
        ("in-context learning",),
        mentions=1,
    ),
    Tag("kans", "KANs", "d", ("architectures",), ("Kolmogorov-Arnold network", "KAN"), mentions=1),
    Tag(
        "mlp-models",
        "MLP models",
        "d",
        ("architectures",),
        ("MLP-Mixer",),
        r"\ball-mlp\b",
        mentions=1,
    ),
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


def test_two_word_aliases_match_side_by_side_only():
    """Aliases of two words or more are found by their first two words as a pair."""
    assert tags_of("", "We use an MLP-mixer here.") == {"mlp-models"}  # plural-less, hyphen
    assert tags_of("", "We use MLP mixers here.") == {"mlp-models"}  # plural second word
    assert tags_of("", "An MLP, mixer and more.") == set()  # not side by side
    assert tags_of("", "Mixer MLP designs.") == set()  # the other order
    assert tags_of("", "In-context-learning works.") == {"in-context-learning"}  # 3 words
    assert tags_of("", "In context, learning works.") == set()


def test_aliases_with_other_characters_than_words_match_as_patterns():
    tags = (
        Tag(
            "mlps", "MLPs", "d", ("architectures",), ("multilayer perceptrons (MLPs)",), mentions=1
        ),
        Tag("cpp", "C++", "d", ("architectures",), ("C++",), mentions=1),
    )
    tagger = Tagger(tags)
    assert tagger.tags_for("", "Deep multilayer perceptrons (MLPs) again.") == {"mlps"}
    assert tagger.tags_for("", "Deep multilayer perceptrons for MLPs.") == set()
    assert tagger.tags_for("A C++ library", "") == {"cpp"}
    assert tagger.tags_for("A C library", "") == set()


def test_aliases_match_as_their_documented_pattern_on_random_texts():
    """The word, pair and token shortcuts agree with alias_pattern (the taxonomy header's
    rule), for aliases of plain words and aliases with other characters alike."""
    import random

    from generator.tagging import alias_pattern, match_text

    rng = random.Random(7)
    words = ["ab", "c", "net", "q", "abs", "nets", "\u0130x"]
    separators = [" ", "-", " - ", "&", ".", "+", "(", ")", "/", ", ", "\u2013"]

    def phrase(size):
        parts = [rng.choice(words)]
        for _ in range(size - 1):
            parts += [rng.choice(separators), rng.choice(words)]
        return "".join(parts)

    for case in range(400):
        alias = rng.choice(["", ".", "("]) + phrase(rng.randint(1, 3)) + rng.choice(["", "+", ")"])
        tagger = Tagger([Tag("t", "T", "d", ("architectures",), (alias,), mentions=1)])
        pattern = re.compile(alias_pattern(alias))
        for _ in range(10):
            text = phrase(rng.randint(1, 8))
            expected = pattern.search(match_text(text)) is not None
            assert bool(tagger.tags_for(text, "")) == expected, (case, alias, text)


def test_the_real_taxonomy_gives_a_tag_only_where_one_of_its_rules_matches():
    """The word and pair indexes and the literal test never invent a tag: every tag a real
    paper gets has an alias, regex or title_regex that matches its text."""
    from conftest import REAL_SEEDS

    from generator.build import load_catalog
    from generator.curation import compile_rule, parse_taxonomy, read_optional
    from generator.tagging import alias_pattern, match_text

    taxonomy, _ = parse_taxonomy("t", read_optional(REAL_SEEDS / "taxonomy.yml"))
    tagger = Tagger(taxonomy.tags)
    rules = {
        tag.id: (
            [re.compile(alias_pattern(a)) for a in tag.aliases]
            + ([compile_rule(tag.regex)] if tag.regex else []),
            [compile_rule(tag.title_regex)] if tag.title_regex else [],
        )
        for tag in taxonomy.tags
    }
    for paper_ in load_catalog(REAL_SEEDS).catalog.papers:
        title = match_text(paper_.title)
        text = title + "\n" + match_text(paper_.abstract)
        for tag_id in tagger.tags_for(paper_.title, paper_.abstract):
            patterns, title_patterns = rules[tag_id]
            assert any(p.search(text) for p in patterns) or any(
                p.search(title) for p in title_patterns
            ), (paper_.id, tag_id)


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
                "other",
                title="A Real Title",
                metadata=Metadata(arxiv_id="2401.00001"),
                add=("mlp-models",),
            ),
        )
    )
    catalog, warnings = tag_papers(curate(papers, curation), TAXONOMY, curation)
    assert warnings == []
    kan = catalog.paper("kan")
    assert (kan.tags, kan.topics) == (("in-context-learning",), ("learning",))
    other = catalog.paper("other")
    assert (other.title, other.tags, other.topics) == (
        "A Real Title",
        ("mlp-models",),
        ("architectures",),
    )
    assert [p.id for p in catalog.papers_with("mlp-models")] == ["other"]
    assert [p.id for p in catalog.papers_in("learning")] == ["kan"]


def test_removing_a_tag_the_rules_do_not_give_is_a_warning():
    catalog, warnings = tag_papers(
        [paper("Plain", paper_id="plain")],
        TAXONOMY,
        Curation((PaperCuration("plain", remove=("kans",)),)),
    )
    assert [w.message for w in warnings] == [
        "paper 'plain': removing tag 'kans', which the rules do not give it"
    ]
    assert catalog.paper("plain").tags == ()


EVIDENCE = (
    Tag("transformers", "Transformers", "d", ("architectures",), ("transformer",)),
    Tag("vits", "ViTs", "d", ("architectures",), ("vision transformer",)),
    Tag(
        "cnns",
        "CNNs",
        "d",
        ("architectures",),
        ("convolution", "CNN"),
        exclude=("graph convolution",),
    ),
    Tag("asr", "ASR", "d", ("architectures",), ("speech recognition", "ASR"), mentions=2),
    Tag("kans", "KANs", "d", ("architectures",), ("KAN",), mentions=1),
    Tag("broad", "Broad", "d", ("architectures",), ("language model",), mentions=3),
)


def evidence(title, abstract=""):
    return Tagger(EVIDENCE).tags_for(title, abstract)


def test_a_title_mention_is_enough():
    assert evidence("Transformers for everything") == {"transformers"}


def test_one_mention_in_the_abstract_is_not_enough_for_a_broad_tag():
    assert evidence("A study", "We compare with a transformer baseline.") == set()
    assert evidence("A study", "A transformer, and a second transformer.") == {"transformers"}


def test_a_tag_says_how_many_abstract_mentions_it_needs():
    assert evidence("A study", "We use a KAN.") == {"kans"}  # mentions: 1
    two = "A language model and a language model."
    assert evidence("A study", two) == set()  # mentions: 3
    assert evidence("A study", two + " Another language model.") == {"broad"}


def test_denied_or_contrasted_mentions_do_not_count():
    assert evidence("How much can be done without transformers?") == set()
    assert evidence("Unlike transformers, our model is recurrent") == set()
    assert evidence("A model that does not need a transformer") == set()
    assert evidence("Faster than transformers") == set()
    assert evidence("A non-convolution design") == set()
    assert evidence("Convolution-free vision") == set()
    # the denial ends with its clause, and "not only" affirms
    assert evidence("Without labels, transformers learn") == {"transformers"}
    assert evidence("Not only transformers but RNNs") == {"transformers"}


def test_a_mention_inside_a_longer_phrase_of_another_tag_or_an_excluded_phrase_does_not_count():
    assert evidence("Vision transformers at scale") == {"vits"}
    assert evidence("Graph convolution networks") == set()
    assert evidence("Convolution on graphs") == {"cnns"}


def test_a_name_and_its_abbreviation_are_one_mention():
    assert evidence("A study", "We use an automatic speech recognition (ASR) model.") == set()
    assert evidence("A study", "Speech recognition matters; ASR is hard.") == {"asr"}


def test_overlapping_aliases_of_one_tag_are_one_mention():
    tags = (Tag("t", "T", "d", ("a",), ("text-to-audio", "audio generation")),)
    assert Tagger(tags).tags_for("A study", "It helps text-to-audio generation.") == set()


def test_a_title_made_from_the_abstract_is_no_evidence():
    derived = Paper("p", "Transformers are used", "Transformers are used here.", (), True)
    assert rule_tags(derived, Tagger(EVIDENCE)) == set()
