"""The Explore page's data (generator/explore.py): compact, deterministic, complete."""

import json

import pytest
from conftest import REAL_SEEDS

from generator.build import load_catalog
from generator.explore import (
    CHUNK_FILE,
    DATES_FILE,
    DIGITS,
    HEAD_FILE,
    explore_data,
    explore_files,
    explore_form,
    explore_json,
    split_explore_data,
)
from generator.model import Catalog, Metadata, Paper, PublicationDate, Record, Tag, Topic
from generator.templates import render

# The real catalog's papers cost about 270 bytes each (id, title, tag and author indexes,
# year; a name stored once however many papers it signs); a gist or an abstract would
# multiply that. 20,000 papers stay a few megabytes, about 1 MB gzipped.
MAX_BYTES_PER_PAPER = 350

TOPICS = (Topic("vision", "Vision", "d"), Topic("arch", "Architectures", "d"))
TAGS = (
    Tag("mlps", "MLPs", "d", ("arch",)),
    Tag("vit", "Vision Transformers", "d", ("vision", "arch")),
    Tag("cnn", "CNNs", "d", ("vision", "arch")),
)


def paper(paper_id: str, title: str, tags=(), authors=(), published=None) -> Paper:
    record = Record("001_a.txt", 3, title, "An abstract.")
    date = PublicationDate.parse(published) if published else None
    topics = sorted({topic for tag in TAGS if tag.id in tags for topic in tag.topics})
    return Paper(
        paper_id,
        title,
        "An abstract.",
        (record,),
        tags=tuple(tags),
        topics=tuple(topics),
        metadata=Metadata(authors=tuple(authors), published=date),
    )


def small_catalog(papers=None) -> Catalog:
    papers = papers or (
        paper(
            "zeta",
            "Zeta: <script>alert(1)</script> & “quotes”",
            ["vit", "mlps"],
            ["Zoë Ångström", "ada lovelace", "Bob Byte"],
            "2021-08-09",
        ),
        paper("alpha", "alpha nets", ["cnn"], ["Bob Byte"], "2021-08"),
        paper("beta", "Beta", []),
        paper("gamma", "Gamma", ["cnn"], ["Ada Lovelace"], "2019"),
    )
    return Catalog(papers=tuple(papers), tags=TAGS, topics=TOPICS)


@pytest.fixture(scope="module")
def real_catalog() -> Catalog:
    return load_catalog(REAL_SEEDS).catalog


def test_exact_output_on_a_small_catalog():
    assert explore_json(small_catalog()) == (
        '{"authors":["Ada Lovelace","ada lovelace","Bob Byte","Zoë Ångström"],'
        '"date_order":[2,0,3],'
        '"paper_fields":["id","title","tags","authors","year"],'
        '"papers":[["alpha","alpha nets",[0],[2],2021],["beta","Beta",[],[],null],'
        '["gamma","Gamma",[0],[0],2019],'
        '["zeta","Zeta: <script>alert(1)</script> & “quotes”",[1,2],[3,1,2],2021]],'
        '"tags":[{"id":"cnn","name":"CNNs","topics":["arch","vision"]},'
        '{"id":"mlps","name":"MLPs","topics":["arch"]},'
        '{"id":"vit","name":"Vision Transformers","topics":["arch","vision"]}],'
        '"topics":[{"id":"arch","name":"Architectures"},{"id":"vision","name":"Vision"}],'
        '"version":3}'
    )


def test_structure_and_order():
    data = explore_data(small_catalog())
    # Papers by title, case-insensitively; tags as sorted indexes into "tags".
    assert [row[0] for row in data["papers"]] == ["alpha", "beta", "gamma", "zeta"]
    # Authors once each, by name case-insensitively (two spellings stay two entries); a
    # paper keeps its authors' order.
    assert data["authors"] == ["Ada Lovelace", "ada lovelace", "Bob Byte", "Zoë Ångström"]
    zeta = data["papers"][3]
    assert [data["authors"][i] for i in zeta[3]] == ["Zoë Ångström", "ada lovelace", "Bob Byte"]
    # The year of the publication date, or null: never guessed.
    assert [row[4] for row in data["papers"]] == [2021, None, 2019, 2021]


def test_date_order_is_by_date_as_precisely_as_known_then_by_title():
    catalog = small_catalog(
        [
            paper("d", "D", published="2021-08-09"),
            paper("c", "C", published="2021-08"),  # August 2021: before its days
            paper("b", "B", published="2021"),  # 2021: before its months
            paper("a2", "A2", published="2021-08-09"),  # the same day as D: by title
            paper("e", "E", published="2020-12-31"),
            paper("f", "F"),  # no date: not in the order
        ]
    )
    data = explore_data(catalog)
    titles = [row[1] for row in data["papers"]]
    assert titles == ["A2", "B", "C", "D", "E", "F"]
    assert [titles[i] for i in data["date_order"]] == ["E", "B", "C", "A2", "D"]


def test_compact_and_deterministic():
    text = explore_json(small_catalog())
    assert "\n" not in text and ", " not in text and '": ' not in text
    assert "“quotes”" in text and "Zoë" in text  # not \u escapes
    shuffled = small_catalog(tuple(reversed(small_catalog().papers)))
    assert explore_json(shuffled) == text
    assert explore_json(small_catalog()) == text


def test_tags_missing_from_the_taxonomy_are_left_out():
    data = json.loads(explore_json(small_catalog([paper("p", "P", ["vit", "no-such-tag"])])))
    assert data["papers"] == [["p", "P", [2], [], None]]
    assert data["authors"] == [] and data["date_order"] == []


def test_the_form_lists_topics_by_name_with_their_index_and_count():
    catalog = small_catalog()
    topics = [topic.id for topic in sorted(catalog.topics, key=lambda topic: topic.id)]
    form = explore_form(catalog)
    assert [(c.item.id, c.index, c.count) for c in form.topics] == [
        ("arch", topics.index("arch"), 3),
        ("vision", topics.index("vision"), 3),
    ]
    assert form.years == (2019, 2020, 2021)  # every year between, for a range
    assert explore_form(small_catalog([paper("p", "P")])).years == ()


def test_the_page_holds_the_form_before_the_papers_load():
    catalog = small_catalog()
    page = render("explore.md.j2", counts={"papers": 4}, form=explore_form(catalog))
    data = explore_data(catalog)
    for index, topic in enumerate(data["topics"]):
        assert f'value="{topic["id"]}" data-facet="topic" data-index="{index}"' in page
    assert page.index('value="arch"') < page.index('value="vision"')  # by name
    assert '<select id="explore-from"' in page and '<option value="2019">2019</option>' in page
    assert 'style="--explore-digits: 1"' in page
    assert "inert" in page
    # A blank line would end the raw HTML block: Markdown would then read the rest.
    body = page[page.index('<div id="explore"') :]
    assert "\n\n" not in body.strip()


def test_real_catalog_every_paper_once_with_valid_tags_authors_and_years(real_catalog):
    data = json.loads(explore_json(real_catalog))
    assert sorted(row[0] for row in data["papers"]) == sorted(p.id for p in real_catalog.papers)
    assert len(data["tags"]) == len(real_catalog.tags)
    assert len(data["topics"]) == len(real_catalog.topics)
    topic_ids = {topic["id"] for topic in data["topics"]}
    assert all(set(tag["topics"]) <= topic_ids for tag in data["tags"])
    assert len(set(data["authors"])) == len(data["authors"])
    by_id = {p.id: p for p in real_catalog.papers}
    for paper_id, title, tag_indexes, author_indexes, year in data["papers"]:
        meta = by_id[paper_id].metadata
        assert all(0 <= i < len(data["tags"]) for i in tag_indexes)
        assert title == by_id[paper_id].title
        assert {data["tags"][i]["id"] for i in tag_indexes} == set(by_id[paper_id].tags)
        assert [data["authors"][i] for i in author_indexes] == list(meta.authors)
        assert year == (meta.published.year if meta.published else None)
    dated = [i for i, row in enumerate(data["papers"]) if row[4] is not None]
    assert sorted(data["date_order"]) == dated
    dates = [by_id[data["papers"][i][0]].metadata.published for i in data["date_order"]]
    assert dates == sorted(dates, key=lambda d: (d.year, d.month or 0, d.day or 0))


def test_real_catalog_paper_topics_are_the_topics_of_its_tags(real_catalog):
    """The JSON leaves a paper's topics out: the page derives them from its tags."""
    tag_by_id = real_catalog.tag_by_id
    for p in real_catalog.papers:
        assert set(p.topics) == {t for tag in p.tags for t in tag_by_id[tag].topics}, p.id


def test_real_catalog_bytes_per_paper(real_catalog):
    size = len(explore_json(real_catalog).encode("utf-8"))
    per_paper = size / len(real_catalog.papers)
    print(f"\nexplore.json: {size} bytes, {per_paper:.0f} bytes per paper")
    assert per_paper < MAX_BYTES_PER_PAPER


def test_the_files_split_the_data_exactly():
    data = explore_data(small_catalog())
    files = split_explore_data(data, chunk_size=3, first_page=2)
    assert sorted(files) == [
        HEAD_FILE,
        DATES_FILE,
        "explore/papers-0.json",
        "explore/papers-1.json",
    ]
    head = json.loads(files[HEAD_FILE])
    # The first page by title, with only the authors it names, their indexes into that table.
    assert head["papers"] == [
        ["alpha", "alpha nets", [0], [0], 2021],
        ["beta", "Beta", [], [], None],
    ]
    assert head["authors"] == ["Bob Byte"]
    assert (head["total"], head["chunk_size"], head["chunks"]) == (4, 3, 2)
    assert (head["chunk_file"], head["dates_file"]) == (CHUNK_FILE, DATES_FILE)
    # Papers per tag (cnn, mlps, vit) and per topic (arch, vision): the counts with no filter.
    assert head["tag_counts"] == [2, 1, 1]
    assert head["topic_counts"] == [3, 3]
    assert head["digits"] == DIGITS and head["index"] is None  # small: read whole
    assert {key: head[key] for key in ("paper_fields", "tags", "topics", "version")} == {
        key: data[key] for key in ("paper_fields", "tags", "topics", "version")
    }
    assert json.loads(files["explore/papers-1.json"]) == {
        "authors": ["ada lovelace", "Bob Byte", "Zoë Ångström"],
        "papers": [["zeta", "Zeta: <script>alert(1)</script> & “quotes”", [1, 2], [2, 0, 1], 2021]],
    }
    # date_order is [gamma, alpha, zeta]: places 2, 0 (no date), 1, 3, one digit each.
    assert json.loads(files[DATES_FILE]) == {
        "width": 1,
        "papers": DIGITS[2] + DIGITS[0] + DIGITS[1] + DIGITS[3],
        "years": [[2019, 1], [2021, 2]],
    }
    assert "\n" not in "".join(files.values())


def test_the_index_files_of_a_small_catalog_exactly():
    data = explore_data(small_catalog())  # alpha, beta, gamma, zeta by title
    files = split_explore_data(data, chunk_size=3, first_page=2, load_all_bytes=0)
    head = json.loads(files[HEAD_FILE])
    assert head["index"] == {
        "tags_file": "explore/tags.json",
        "words_file": "explore/words.json",
        "word_shard_file": "explore/words-{}.json",
        "tag_chunk_file": "explore/tag-{tag}-{n}.json",
        "tag_chunk_size": 25,
        "untagged_chunk_file": "explore/untagged-{}.json",
        "date_chunk_file": "explore/date-{}.json",
        "date_chunk_size": 200,
    }
    # Tags by papers (cnn 2, then mlps and vit by index) are codes 0, 1, 2: one digit each.
    assert json.loads(files["explore/tags.json"]) == {
        "codes": [0, 1, 2],
        "escapes": 0,
        "papers": "#  # $%",
    }
    # The words of the titles as written, by their case-folded spelling, each with the gaps
    # between its papers' indexes.
    assert json.loads(files["explore/words.json"]) == {
        "words": [
            "&",
            "<script>alert(1)</script>",
            "alpha",
            "Beta",
            "Gamma",
            "nets",
            "Zeta:",
            "“quotes”",
        ],
        "shards": [0],
    }
    assert json.loads(files["explore/words-0.json"]) == [[3], [3], [0], [1], [2], [0], [3], [3]]
    ids = lambda path: [row[0] for row in json.loads(files[path])["papers"]]  # noqa: E731
    assert ids("explore/tag-cnn-0.json") == ["alpha", "gamma"]
    assert ids("explore/tag-vit-0.json") == ids("explore/tag-mlps-0.json") == ["zeta"]
    assert ids("explore/untagged-0.json") == ["beta"]
    assert ids("explore/date-0.json") == ["gamma", "alpha", "zeta", "beta"]  # undated last
    assert json.loads(files["explore/tag-vit-0.json"])["authors"] == [
        "ada lovelace",
        "Bob Byte",
        "Zoë Ångström",
    ]
    index_files = {name for name in files if name not in split_explore_data(data, 3, 2)}
    assert index_files == {
        "explore/tags.json",
        "explore/words.json",
        "explore/words-0.json",
        "explore/tag-cnn-0.json",
        "explore/tag-mlps-0.json",
        "explore/tag-vit-0.json",
        "explore/untagged-0.json",
        "explore/date-0.json",
    }


def test_the_index_is_written_once_the_chunks_and_dates_are_larger_than_the_limit():
    data = explore_data(small_catalog())
    whole = sum(
        len(text.encode("utf-8"))
        for name, text in split_explore_data(data, chunk_size=3).items()
        if name != HEAD_FILE
    )
    at = split_explore_data(data, chunk_size=3, load_all_bytes=whole)
    above = split_explore_data(data, chunk_size=3, load_all_bytes=whole - 1)
    assert json.loads(at[HEAD_FILE])["index"] is None and "explore/tags.json" not in at
    assert json.loads(above[HEAD_FILE])["index"] and "explore/tags.json" in above


def number(text: str) -> int:
    value = 0
    for digit in text:
        value = value * len(DIGITS) + DIGITS.index(digit)
    return value


def decode_tags(column: dict) -> list[list[int]]:
    single = len(DIGITS) - column["escapes"]
    papers = []
    for text in column["papers"].split(" "):
        tags, k = [], 0
        while k < len(text):
            code = DIGITS.index(text[k])
            if code >= single:
                k += 1
                code = single + (code - single) * len(DIGITS) + DIGITS.index(text[k])
            tags.append(column["codes"][code])
            k += 1
        papers.append(tags)
    return papers


@pytest.mark.parametrize("escapes", [0, 1, 2])
def test_the_tag_column_gives_each_paper_its_tags_with_one_or_two_digits(escapes):
    """Enough tags that the rarest need an escape digit (91 one-digit codes, then 91 per
    escape digit): every paper's tags come back, the commonest in one digit."""
    count = {0: 3, 1: 120, 2: 200}[escapes]
    tags = tuple(Tag(f"t{n:03}", f"T{n}", "d", ("arch",)) for n in range(count))
    papers = [
        paper(f"p{n:03}", f"P{n:03}", [tags[n].id, tags[(n * 7) % count].id] * (n % 3 > 0))
        for n in range(count)
    ]
    catalog = Catalog(papers=tuple(papers), tags=tags, topics=TOPICS)
    data = explore_data(catalog)
    column = json.loads(split_explore_data(data, load_all_bytes=0)["explore/tags.json"])
    assert column["escapes"] == escapes
    assert decode_tags(column) == [row[2] for row in data["papers"]]
    assert len(column["codes"]) == count == len(set(column["codes"]))


def test_real_catalog_index_holds_the_whole_data(real_catalog):
    """The index's files, read back: each paper's tags, its place in the date order and its
    year, the papers of every title word, and the rows by tag, untagged and by date."""
    data = explore_data(real_catalog)
    files = split_explore_data(data, chunk_size=100, load_all_bytes=0)
    papers = data["papers"]
    assert decode_tags(json.loads(files["explore/tags.json"])) == [row[2] for row in papers]
    dates = json.loads(files[DATES_FILE])
    width = dates["width"]
    places = [number(dates["papers"][k : k + width]) for k in range(0, len(papers) * width, width)]
    assert (
        sorted(range(len(papers)), key=lambda i: places[i])[-len(data["date_order"]) :]
        == (data["date_order"])
    )
    assert places.count(0) == len(papers) - len(data["date_order"])
    for i, place in enumerate(places):
        if place:
            year = max((start, year) for year, start in dates["years"] if start <= place)[1]
            assert year == papers[i][4]
    vocabulary = json.loads(files["explore/words.json"])
    starts = vocabulary["shards"] + [len(vocabulary["words"])]
    found = {}
    for s in range(len(starts) - 1):
        shard = json.loads(files[f"explore/words-{s}.json"])
        assert len(shard) == starts[s + 1] - starts[s]
        for word, gaps in zip(vocabulary["words"][starts[s] : starts[s + 1]], shard, strict=True):
            found[word] = [sum(gaps[: k + 1]) for k in range(len(gaps))]
    for i, row in enumerate(papers):
        for word in row[1].split():
            assert i in found[word], (word, row[0])
    assert sum(map(len, found.values())) == sum(len(set(row[1].split())) for row in papers)
    index = json.loads(files[HEAD_FILE])["index"]

    def rows(path: str) -> list[str]:
        ids, n = [], 0
        while path.format(n) in files:
            ids += [row[0] for row in json.loads(files[path.format(n)])["papers"]]
            n += 1
        return ids

    for t, tag in enumerate(data["tags"]):
        path = index["tag_chunk_file"].replace("{tag}", tag["id"]).replace("{n}", "{}")
        assert rows(path) == [row[0] for row in papers if t in row[2]], tag["id"]
    assert rows(index["untagged_chunk_file"]) == [row[0] for row in papers if not row[2]]
    undated = [row[0] for i, row in enumerate(papers) if i not in set(data["date_order"])]
    by_date = [papers[i][0] for i in data["date_order"]] + undated
    assert rows(index["date_chunk_file"]) == by_date


def chunks_of(files: dict) -> list[dict]:
    head = json.loads(files[HEAD_FILE])
    return [json.loads(files[head["chunk_file"].format(n)]) for n in range(head["chunks"])]


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 4, 5, 100])
def test_the_chunks_hold_every_paper_once_in_title_order_with_its_authors(chunk_size):
    data = explore_data(small_catalog())
    files = split_explore_data(data, chunk_size=chunk_size)
    rows = []
    for chunk in chunks_of(files):
        assert 1 <= len(chunk["papers"]) <= chunk_size
        # by name, case aside, then as written ("ada lovelace" and "Ada Lovelace" differ)
        assert sorted(set(chunk["authors"]), key=lambda n: (n.casefold(), n)) == chunk["authors"]
        for row in chunk["papers"]:
            rows.append([*row[:3], [chunk["authors"][a] for a in row[3]], row[4]])
    whole = [[*row[:3], [data["authors"][a] for a in row[3]], row[4]] for row in data["papers"]]
    assert rows == whole
    assert len(files) == 2 + -(-len(whole) // chunk_size)


def test_real_catalog_files_hold_the_whole_data(real_catalog):
    files = explore_files(real_catalog)
    data = explore_data(real_catalog)
    head = json.loads(files[HEAD_FILE])
    rows = [
        [*row[:3], [chunk["authors"][a] for a in row[3]], row[4]]
        for chunk in chunks_of(files)
        for row in chunk["papers"]
    ]
    assert rows == [
        [*row[:3], [data["authors"][a] for a in row[3]], row[4]] for row in data["papers"]
    ]
    assert [row[0] for row in head["papers"]] == [row[0] for row in data["papers"][:200]]
    assert head["total"] == len(real_catalog.papers)
    assert head["tag_counts"] == [len(real_catalog.papers_with(tag["id"])) for tag in data["tags"]]
    assert head["topic_counts"] == [len(real_catalog.papers_in(t["id"])) for t in data["topics"]]
    assert head["index"] is None  # about 160 KB: read whole on the first filter
    assert explore_files(real_catalog) == files
