"""Rules and curation put tags on papers; topics follow from tags."""

import re
from dataclasses import replace

import pytest

from generator.curation import Curation, PaperCuration, Taxonomy, curate
from generator.model import Metadata, Paper, Problem, Record, Tag, Topic
from generator.tagging import RegexRule, Tagger, required_literals, rule_tags
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
    assert warnings == [
        Problem(
            "seeds/curation.yml",
            0,
            0,
            "paper 'plain': removing tag 'kans', which the rules do not give it",
            "drop it from 'remove'",
            "warning",
        )
    ]
    assert catalog.paper("plain").tags == ()
    assert (catalog.tags, catalog.topics) == (TAXONOMY.tags, TAXONOMY.topics)


def test_a_title_made_from_the_abstract_is_no_evidence_of_its_own():
    text = "In-context learning in a transformer."
    given = paper(text, "Nothing else.")
    assert rule_tags(given, Tagger(TAGS)) == {"in-context-learning"}
    assert rule_tags(replace(given, title_derived=True), Tagger(TAGS)) == set()


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
    assert evidence("A non-convolution design") == set()
    assert evidence("Convolution-free vision") == set()
    # the denial ends with its clause, and "not only" affirms
    assert evidence("Without labels, transformers learn") == {"transformers"}
    assert evidence("Not only transformers but RNNs") == {"transformers"}


def test_neither_denies_a_mention_within_four_words():
    assert evidence("Neither transformers nor RNNs") == set()
    assert evidence("Neither of the two recurrent models uses transformers") == {"transformers"}


def study(abstract):
    """The tags of a paper whose title names nothing (kans needs one mention)."""
    return evidence("A study", abstract)


def test_a_baseline_after_a_comparison_in_its_clause_does_not_count():
    assert study("We use a KAN.") == {"kans"}
    assert study("Ours outperforms all strong recurrent and KAN baselines.") == set()
    assert study("Ours is compared with seven well known recurrent or KAN models.") == set()
    assert study("It is better than a KAN.") == set()
    assert study("Ours surpassed the best tuned pure KAN.") == set()
    # "versus" compares both sides
    assert study("MLP versus KAN.") == {"kans"}
    # ten words at most, within the clause
    near = "Ours outperforms one two three four five six seven eight nine KAN."
    assert study(near) == set()
    assert study(near.replace("nine", "nine ten")) == {"kans"}
    assert study("Ours outperforms them, and a KAN learns.") == {"kans"}


def test_what_follows_a_comparison_s_setting_word_is_the_paper_s_subject():
    assert study("Ours outperforms MLPs on KAN benchmarks.") == {"kans"}
    assert study("It outperforms MLPs in KAN design.") == {"kans"}
    assert study("It outperforms MLPs for every KAN.") == {"kans"}
    assert study("It outperforms MLPs at scale when a KAN is used.") == {"kans"}
    # "than" before a number compares a quantity
    assert study("We train more than 200 KAN models.") == {"kans"}
    assert study("We train more than KAN models.") == set()


def test_a_comparison_in_a_title_names_the_paper_s_subjects():
    assert evidence("When transformers outperform KANs") == {"transformers", "kans"}
    assert evidence("Transformers better than KANs") == {"transformers", "kans"}
    # denials still count there
    assert evidence("Learning without KANs") == set()


def test_a_web_address_is_no_mention():
    assert study("Code: https://huggingface.co/docs/kan and www.example.org/kan.") == set()
    assert study("See huggingface.co/docs/kan, or arxiv.org/abs/kan).") == set()
    # up to the punctuation that ends it: the sentence after it is read
    lead = "Code at https://example.org/x. A KAN learns."
    assert study(lead) == {"kans"}
    assert study("A KAN, at https://example.org/kan.") == {"kans"}


def test_adjoining_mentions_of_one_tag_are_one_mention():
    assert evidence("A study", "It learns transformer-transformer maps.") == set()
    assert evidence("A study", "It learns transformer to transformer maps.") == {"transformers"}


def test_a_lead_tag_named_in_the_title_as_the_means_is_no_evidence():
    tags = (
        Tag("transformers", "T", "d", ("a",), ("transformer",), evidence="lead"),
        Tag("summaries", "S", "d", ("a",), ("summarisation",)),
        Tag("rnns", "R", "d", ("a",), ("recurrent network",), evidence="lead"),
    )
    tagger = Tagger(tags)
    assert tagger.tags_for("Summarisation using transformers", "") == {"summaries"}
    assert tagger.tags_for("Summarisation via large transformers", "") == {"summaries"}
    assert tagger.tags_for("Summaries through transformers", "") == set()
    assert tagger.tags_for("Improving summarisation by recurrent networks", "") == {
        "summaries",
        "rnns",
    }
    # two words at most before it, and "with" is no such word
    assert tagger.tags_for("Using summarisation for the transformers", "") == {
        "summaries",
        "transformers",
    }
    assert tagger.tags_for("Generating text with recurrent networks", "") == {"rnns"}
    # only tags with evidence: lead; in the abstract a mention counts as before
    assert tagger.tags_for("Transformers using summarisation", "") == {"transformers", "summaries"}
    lead = "A transformer sums up, and a transformer reads."
    assert tagger.tags_for("Summarisation using a transformer", lead) == {
        "summaries",
        "transformers",
    }


def test_a_paper_given_a_tag_and_its_broader_tag_keeps_the_narrower():
    tags = (
        Tag("transformers", "T", "d", ("a",), ("transformer",)),
        Tag("vits", "V", "d", ("a",), ("vit",), broader="transformers"),
        Tag("video", "Video", "d", ("a",), ("video",)),
    )
    tagger = Tagger(tags)
    assert tagger.tags_for("A ViT is a transformer for video", "") == {"vits", "video"}
    assert tagger.tags_for("A transformer for video", "") == {"transformers", "video"}
    # a broader tag with stronger evidence than the narrower one stays
    assert tagger.tags_for("Transformers", "We use a ViT.") == {"transformers"}
    # every broader tag up the chain goes
    chain = (
        Tag("models", "M", "d", ("a",), ("model",)),
        Tag("transformers", "T", "d", ("a",), ("transformer",), broader="models"),
        Tag("vits", "V", "d", ("a",), ("vit",), broader="transformers"),
    )
    assert Tagger(chain).tags_for("A ViT model", "") == {"vits"}
    assert Tagger(chain).tags_for("A transformer model", "") == {"transformers"}


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


def test_an_abstract_names_a_central_subject_in_its_first_sentence_or_two_times_more():
    """Beside a subject in the title (kans), a subject only the abstract names is central when
    its first sentence names it, or when it is named `mentions` + 2 times."""
    later = "We study models. A transformer here, a transformer there"
    assert evidence("A KAN", "Transformers are everywhere. A transformer.") == {
        "kans",
        "transformers",
    }
    assert evidence("A KAN", later + ".") == {"kans"}
    assert evidence("A KAN", later + ", a transformer.") == {"kans"}
    assert evidence("A KAN", later + ", a transformer, a transformer.") == {"kans", "transformers"}
    # the first sentence counts only with enough mentions in all
    assert evidence("A KAN", "Transformers are everywhere. We study models.") == {"kans"}


def test_a_paper_with_no_central_subject_gets_those_its_abstract_mentions_enough():
    mentioned = "We study models. A transformer here, a transformer there. We use a KAN."
    assert evidence("A study", mentioned) == {"transformers", "kans"}
    assert evidence("A study", "We study models. We use a transformer and a KAN.") == {"kans"}


def test_a_lead_tag_needs_the_title_or_the_first_sentence():
    tags = (Tag("attention", "A", "d", ("a",), ("attention layer",), evidence="lead"),)
    tagger = Tagger(tags)
    assert tagger.tags_for("Attention layers", "") == {"attention"}
    assert tagger.tags_for("A study", "Attention layers matter. An attention layer.") == {
        "attention"
    }
    often = "We study models. " + "An attention layer. " * 5
    assert tagger.tags_for("A study", often) == set()  # not even with no other subject
    assert Tagger((replace(tags[0], evidence="abstract"),)).tags_for("A study", often) == {
        "attention"
    }


def test_the_first_sentence_ends_at_a_full_stop_but_not_at_an_abbreviation():
    from generator.tagging import lead_length

    text = "Models, e.g. CNNs, as in Le et al. 2015, vs. others, i.e. all. Then more."
    assert text[: lead_length(text)] == text.removesuffix(" Then more.")
    assert lead_length("Is it? Yes.") == len("Is it?")
    assert lead_length("No stop at all") == len("No stop at all")
    assert lead_length("Version 2.1 works. Then") == len("Version 2.1 works.")


def test_mentions_in_a_list_of_examples_do_not_count():
    assert evidence("A study", "We use models such as a transformer, or a transformer.") == set()
    assert (
        evidence("A study", "It holds for models, e.g., a transformer and a transformer.") == set()
    )
    assert evidence("A study", "Results hold for many models, including KANs.") == set()
    assert evidence("A study", "For example transformers, for instance transformers.") == set()
    # the list ends with its sentence, clause or bracket
    assert evidence("A study", "Models (e.g. CNNs) matter: a transformer, a transformer.") == {
        "transformers"
    }
    assert evidence("A study", "Use models such as CNNs. Transformers, transformers.") == {
        "transformers"
    }


def test_a_list_of_examples_reaches_twelve_tokens():
    from generator.tagging import EXAMPLE_WINDOW

    assert EXAMPLE_WINDOW == 12
    assert evidence("A study", "Models such as " + "x " * 11 + "KAN.") == set()
    assert evidence("A study", "Models such as " + "x " * 12 + "KAN.") == {"kans"}


def test_regex_matches_are_judged_like_alias_mentions():
    tags = (
        Tag("cnns", "C", "d", ("a",), regex=r"\bconvolution\w*", exclude=("graph convolution",)),
        Tag("llms", "L", "d", ("a",), title_regex=r"\bllms?\b", exclude=("audio llm",)),
        Tag("vits", "V", "d", ("a",), ("vision transformer",)),
        Tag("transformers", "T", "d", ("a",), regex=r"\btransformers?\b"),
    )
    tagger = Tagger(tags)
    assert tagger.tags_for("Convolutions for images", "") == {"cnns"}
    assert tagger.tags_for("Graph convolution networks", "") == set()  # excluded
    assert tagger.tags_for("Learning without convolutions", "") == set()  # denied
    assert tagger.tags_for("LLM hallucinations", "") == {"llms"}
    assert tagger.tags_for("Audio LLM hallucinations", "") == set()
    assert tagger.tags_for("Vision transformers at scale", "") == {"vits"}  # a longer alias
    assert tagger.tags_for("A study", "Models such as transformers, or transformers.") == set()
    assert tagger.tags_for("A study", "Transformers matter. So do transformers.") == {
        "transformers"
    }


def test_a_paper_keeps_the_three_tags_named_most_title_first_and_ties():
    from generator.tagging import MAX_TAGS

    assert MAX_TAGS == 3
    tags = tuple(
        Tag(name, name, "d", ("a",), (name,), mentions=1)
        for name in ("alpha", "beta", "gamma", "delta")
    )
    tagger = Tagger(tags)
    title = "Alpha, beta, gamma and delta"
    assert tagger.tags_for(title, "Alpha alpha. Beta beta. Gamma.") == {"alpha", "beta", "gamma"}
    assert tagger.tags_for(title, "Alpha. Beta. Gamma. Delta.") == {
        "alpha",
        "beta",
        "gamma",
        "delta",
    }
    assert tagger.tags_for("Alpha, beta and gamma", "Delta delta delta delta. Alpha.") == {
        "alpha",
        "beta",
        "gamma",
    }
    assert tagger.tags_for("Alpha and beta", "Gamma gamma. Delta.") == {"alpha", "beta", "gamma"}


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"\bconvolution\w*", ("convolution",)),
        ("Graph", ("graph",)),  # texts are casefolded
        ("ab", ()),  # too short to be worth an `in` test
        ("abc", ("abc",)),
        ("abc(?!x)def", ("abcdef",)),  # a lookaround matches no text
        (r"(?:abc|def)ghi", ("ghi",)),  # of equally long choices, the one with fewer strings
        (r"zzz(?:abcd|efgh)", ("abcd", "efgh")),  # one of the longer strings, whichever
        (r"(?:abc|d)efgh", ("efgh",)),  # a branch with nothing worth testing is no choice
        (r"(?:graph)+", ("graph",)),
        (r"(?:graph){1,3}", ("graph",)),
        (r"(?:graph)*nets", ("nets",)),  # what may repeat no time is not required
        (r"x(?:abcd)?yz", ()),
        ("(", ()),  # no pattern: the expression runs and reports the error
    ],
)
def test_a_rule_is_tried_only_on_texts_with_the_strings_every_match_contains(pattern, literals):
    assert required_literals(pattern) == literals
    if pattern not in ("abc(?!x)def", "("):  # RE2 refuses these (validate says so)
        rule = RegexRule.compile("t", pattern)
        assert rule.literals == literals
        assert rule.could_match("some text") == (not literals)
        assert rule.could_match(" ".join(literals)) is True
