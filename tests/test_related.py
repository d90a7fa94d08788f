"""Related papers and the paper map: TF-IDF neighbours, deterministic."""

from generator.model import Catalog, Paper, Record
from generator.related import map_coordinates, relate


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
