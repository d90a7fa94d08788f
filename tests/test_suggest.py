"""Help wanted: tags suggested from a paper's nearest papers."""

from generator.model import Catalog, Paper, Tag
from generator.related import Related
from generator.suggest import help_wanted, suggest

TAGS = tuple(Tag(t, t.upper(), "", ()) for t in ("a", "b", "c", "d"))


def catalog(tags_by_paper, related):
    papers = tuple(Paper(pid, pid, "", (), tags=tags) for pid, tags in tags_by_paper.items())
    return Catalog(
        papers,
        TAGS,
        related={pid: tuple(Related(o, s, ()) for o, s in near) for pid, near in related.items()},
    )


def test_tags_of_two_neighbours_or_more_are_suggested_best_first():
    cat = catalog(
        {"p": (), "n1": ("a", "b"), "n2": ("a", "c"), "n3": ("c", "d"), "n4": ("d",)},
        {"p": [("n1", 0.9), ("n2", 0.8), ("n3", 0.2), ("n4", 0.1)]},
    )
    # a: 1.7 from two; c: 1.0 from two; d: 0.3 from two; b: one neighbour only.
    assert [tag.id for tag in suggest(cat.paper("p"), cat)] == ["a", "c", "d"]


def test_a_tag_the_paper_has_is_not_suggested_and_at_most_three_are():
    cat = catalog(
        {"p": ("a",), "n1": ("a", "b", "c", "d"), "n2": ("a", "b", "c", "d")},
        {"p": [("n1", 0.5), ("n2", 0.5)]},
    )
    assert [tag.id for tag in suggest(cat.paper("p"), cat)] == ["b", "c", "d"]


def test_help_wanted_lists_untagged_then_single_tag_papers_with_their_line():
    cat = catalog(
        {"z": (), "y": ("a",), "x": ("a", "b"), "n1": ("b", "c"), "n2": ("b", "c")},
        {"z": [("n1", 0.4), ("n2", 0.3)], "y": [("n1", 0.4)]},
    )
    found = [(s.paper.id, [t.id for t in s.tags], s.curation_line) for s in help_wanted(cat)]
    assert found == [
        ("z", ["b", "c"], "z: {add: [b, c]}"),
        ("y", [], "y: {add: []}"),
    ]
