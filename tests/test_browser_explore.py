"""The Explore page in headless Chromium: filters, order, the address, layout, the files it
fetches, and speed at 20,000 papers."""

import json
import random
import re
import shutil
import statistics
import unicodedata
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import serve

from generator.explore import explore_json, split_explore_data

pytestmark = pytest.mark.browser

SYNTHETIC_PAPERS = 20_000
KEYSTROKE_BUDGET_MS = 100
TYPED_QUERY = "graph neural network"
PAGE_SIZE = 200  # results explore.js renders before "Show more"
AUTHORS_SHOWN = 3  # then "et al."
# Layout shift while the page loads and the papers fill in (0.1 is "good" for Web Vitals).
MAX_LAYOUT_SHIFT = 0.01


@pytest.fixture(scope="module")
def data(real_build):
    """The whole Explore data the site's files were split from."""
    return json.loads(explore_json(real_build.load.catalog))


@pytest.fixture
def site_with(real_build, tmp_path):
    """A copy of the built site with the Explore data replaced (split into its files, chunks
    of `chunk_size` papers); returns its base URL."""
    servers = []

    def make(explore: dict, **split) -> str:
        root = tmp_path / f"site{len(servers)}"
        shutil.copytree(real_build.site_dir, root)
        for path in (root / "explore").glob("*.json"):
            path.unlink()
        for name, text in split_explore_data(explore, **split).items():
            (root / name).write_text(text, encoding="utf-8")
        url, server = serve(root)
        servers.append(server)
        return url

    yield make
    for server in servers:
        server.shutdown()


LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe", "\u0131": "i"}
    | {"þ": "th"}
)


def fold(text: str) -> str:
    decomposed = re.sub("[\u0300-\u036f]", "", unicodedata.normalize("NFKD", text))
    return decomposed.lower().translate(LETTERS)


def order(data, sort: str = "") -> list[int]:
    """Paper indexes as listed: by title (the JSON's order), or by date with the undated last."""
    if not sort:
        return list(range(len(data["papers"])))
    dated = data["date_order"] if sort == "date-asc" else data["date_order"][::-1]
    return dated + [i for i in range(len(data["papers"])) if i not in set(dated)]


def expected_ids(
    data, text="", topics=(), tags=(), author="", years=(None, None), sort=""
) -> list[str]:
    """The filter's meaning, written again in Python: words AND author (every word in one
    name) AND years (a known year in the range) AND tags (all) AND topics (any)."""
    words = fold(text).split()
    author_words = fold(author).split()
    matching = [all(word in fold(name) for word in author_words) for name in data["authors"]]
    low, high = years
    tag_index = {tag["id"]: i for i, tag in enumerate(data["tags"])}
    wanted_tags = {tag_index[t] for t in tags}
    ids = []
    for i in order(data, sort):
        paper_id, title, paper_tags, authors, year = data["papers"][i]
        names = [data["tags"][t]["name"] for t in paper_tags]
        haystack = fold("\n".join([title, *names]))
        paper_topics = {topic for t in paper_tags for topic in data["tags"][t]["topics"]}
        in_years = (low is None and high is None) or (
            year is not None and (low is None or year >= low) and (high is None or year <= high)
        )
        if (
            all(word in haystack for word in words)
            and (not author_words or any(matching[a] for a in authors))
            and in_years
            and wanted_tags <= set(paper_tags)
            and (not topics or paper_topics & set(topics))
        ):
            ids.append(paper_id)
    return ids


def undated(data) -> int:
    return sum(1 for row in data["papers"] if row[4] is None)


def open_explore(page, base_url: str, query: str = ""):
    page.goto(f"{base_url}explore/{query}")
    page.wait_for_selector("#explore[data-ready]")


def settled(page) -> None:
    """Waits until the papers the filters need are in (a filter's first use loads them)."""
    page.wait_for_selector("#explore[data-ready] .explore-results:not([aria-busy])")


def listed(page) -> list[dict]:
    """The rendered results: id (from the link), title, tag names, the author line, the
    authors marked as matching, and the year."""
    settled(page)
    return page.eval_on_selector_all(
        ".explore-results > li.explore-result",
        """items => items.map(li => ({
            id: li.querySelector('a').getAttribute('href').split('/').filter(Boolean).pop(),
            title: li.querySelector('a').textContent,
            tags: Array.from(li.querySelectorAll('button[data-tag]'), b => b.textContent),
            authors: li.querySelector('.explore-result-authors')?.textContent ?? null,
            marked: Array.from(li.querySelectorAll('.explore-result-authors mark'),
                               m => m.textContent),
            year: li.querySelector('.explore-result-year')?.textContent ?? null,
        }))""",
    )


def count_text(page) -> str:
    settled(page)
    return page.locator(".explore-count").inner_text()


def note_text(page) -> str:
    settled(page)
    return page.locator(".explore-note").inner_text()


def url_params(page) -> dict:
    return parse_qs(urlparse(page.url).query)


def test_loads_without_console_errors_or_foreign_requests(page, site_url):
    page.goto(site_url + "explore/")
    page.wait_for_load_state("networkidle")
    assert page.console_errors == [] and page.foreign_requests == []


def test_lists_every_paper_with_a_count_and_show_more(page, site_url, data):
    open_explore(page, site_url)
    total = len(data["papers"])
    assert count_text(page) == f"{total} of {total} papers"
    assert [p["id"] for p in listed(page)] == [p[0] for p in data["papers"][:PAGE_SIZE]]
    page.click(".explore-more")
    assert len(listed(page)) == min(total, 2 * PAGE_SIZE)
    first = page.locator(".explore-results a").first
    assert first.get_attribute("href").endswith(f"/papers/{data['papers'][0][0]}/")


def test_filters_by_tag(page, site_url, data):
    open_explore(page, site_url)
    tag = next(t for t in data["tags"] if t["id"] == "graph-neural-networks")
    chip = page.locator(".explore-chip", has=page.locator(f"input[value='{tag['id']}']"))
    chip.click()
    want = expected_ids(data, tags=[tag["id"]])
    assert 0 < len(want) < len(data["papers"])
    assert count_text(page) == f"{len(want)} of {len(data['papers'])} papers"
    shown = listed(page)
    assert [p["id"] for p in shown] == want[:PAGE_SIZE]
    assert all(tag["name"] in p["tags"] for p in shown)
    assert page.is_checked(f"input[value='{tag['id']}']")
    page.wait_for_function("() => new URLSearchParams(location.search).has('tag')")
    assert url_params(page) == {"tag": [tag["id"]]}


def test_filters_by_text_on_each_keystroke(page, site_url, data):
    open_explore(page, site_url)
    box = page.locator("#explore-q")
    box.press_sequentially("neural", delay=20)
    after_one_word = len(listed(page))
    assert (
        count_text(page) == f"{len(expected_ids(data, 'neural'))} of {len(data['papers'])} papers"
    )
    box.press_sequentially(" network", delay=20)
    want = expected_ids(data, "neural network")
    assert 0 < len(want) <= after_one_word
    shown = listed(page)
    assert [p["id"] for p in shown] == want[:PAGE_SIZE]
    for p in shown:
        text = " ".join([p["title"], *p["tags"]]).lower()
        assert "neural" in text and "network" in text, p
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('text') === 'neural network'"
    )


def test_topics_combine_with_or_and_tags_with_and(page, site_url, data):
    topics = ["audio", "vision"]
    assert {t["id"] for t in data["topics"]} >= set(topics)
    open_explore(page, site_url, "?topic=audio&topic=vision")
    either = expected_ids(data, topics=topics)
    assert len(either) > max(len(expected_ids(data, topics=[t])) for t in topics)
    assert [p["id"] for p in listed(page)] == either[:PAGE_SIZE]
    # A result's tag chip adds that tag; two tags narrow to papers with both.
    page.locator(".explore-results button[data-tag]", has_text="Data Augmentation").first.click()
    page.locator(".explore-chip", has=page.locator("input[value='image-classification']")).click()
    tags = ["data-augmentation", "image-classification"]
    both = expected_ids(data, topics=topics, tags=tags)
    assert both and [p["id"] for p in listed(page)] == both[:PAGE_SIZE]
    page.click(".explore-clear")
    assert count_text(page) == f"{len(data['papers'])} of {len(data['papers'])} papers"


def test_a_filter_from_the_url_shows_checked_while_its_papers_load(page, site_url, data):
    held = []  # the paper chunks, answered only once the form has been looked at
    page.route("**/explore/papers-*.json", lambda route: held.append(route))
    tag = "attention-mechanisms"
    open_explore(page, site_url, f"?tag={tag}")
    assert page.is_checked(f"input[value='{tag}']")
    assert page.locator(".explore-count").inner_text() == "Loading papers…"
    for route in held:
        route.continue_()
    page.unroute("**/explore/papers-*.json")
    want = expected_ids(data, tags=[tag])
    assert [p["id"] for p in listed(page)] == want[:PAGE_SIZE]
    assert page.is_checked(f"input[value='{tag}']")


def test_restores_filters_from_the_url(page, site_url, data):
    text, tag = "transformer", "attention-mechanisms"
    open_explore(page, site_url, f"?text={text}&tag={tag}&tag=no-such-tag")
    assert page.input_value("#explore-q") == text
    assert page.is_checked(f"input[value='{tag}']")
    want = expected_ids(data, text, tags=[tag])
    assert want
    assert count_text(page) == f"{len(want)} of {len(data['papers'])} papers"
    assert [p["id"] for p in listed(page)] == want[:PAGE_SIZE]
    # The unknown tag is dropped from the address; Material's search box stays closed.
    page.wait_for_function("() => !location.search.includes('no-such-tag')")
    assert url_params(page) == {"text": [text], "tag": [tag]}
    page.reload()
    page.wait_for_selector("#explore[data-ready]")
    assert page.input_value("#explore-q") == text
    assert [p["id"] for p in listed(page)] == want[:PAGE_SIZE]


def explore_requests(page) -> list[str]:
    """The paths the page asks for from now on, in order (a list that fills in)."""
    paths: list[str] = []
    page.on("request", lambda request: paths.append(urlparse(request.url).path))
    return paths


def data_file(path: str) -> bool:
    return path.startswith("/explore/") and path.endswith(".json")


CHUNKED_FILTERS = [
    "",
    "?sort=date",
    "?sort=date-asc&from=2021",
    "?text=graph",
    "?text=neural%20net&sort=date",
    "?author=li",
    "?tag=graph-neural-networks",
    "?topic=audio&topic=vision",
    "?topic=vision&tag=image-classification&to=2022",
]


def test_the_head_answers_the_page_with_no_filter_and_filters_load_every_chunk_once(
    page, site_with, data
):
    """Split into chunks of 100 papers: the page with no filter reads the head alone, "Show
    more" the chunks it shows, and a filter every chunk and the date order, once."""
    url = site_with(data, chunk_size=100)
    chunks = -(-len(data["papers"]) // 100)
    requests = explore_requests(page)
    open_explore(page, url)
    total = len(data["papers"])
    assert count_text(page) == f"{total} of {total} papers"
    assert [p["id"] for p in listed(page)] == [row[0] for row in data["papers"][:PAGE_SIZE]]
    assert [path for path in requests if path.endswith(".json") and "search" not in path] == [
        "/explore.json"
    ]
    page.click(".explore-more")  # papers 200-399: chunks 2 and 3 (the head holds 0 to 199)
    assert [p["id"] for p in listed(page)] == [row[0] for row in data["papers"][: 2 * PAGE_SIZE]]
    assert sorted(path for path in requests if data_file(path)) == [
        f"/explore/papers-{n}.json" for n in (2, 3)
    ]
    page.fill("#explore-q", "graph")
    assert count_text(page) == f"{len(expected_ids(data, 'graph'))} of {total} papers"
    page.fill("#explore-q", "")
    page.select_option("#explore-sort", "date")
    assert [p["id"] for p in listed(page)] == expected_ids(data, sort="date")[:PAGE_SIZE]
    files = [path for path in requests if data_file(path)]
    assert sorted(files) == sorted(
        [f"/explore/papers-{n}.json" for n in range(chunks)] + ["/explore/dates.json"]
    )
    assert page.console_errors == []


@pytest.mark.parametrize("index", [False, True], ids=["whole", "index"])
@pytest.mark.parametrize("query", CHUNKED_FILTERS)
def test_chunked_data_gives_the_same_results_as_the_whole(page, site_with, data, query, index):
    """The results, counts and notes of a set of filters, split into chunks of 100 papers
    (read whole on the first filter, or through the index), are those of the whole data:
    the filter's meaning written again in Python."""
    url = site_with(data, chunk_size=100, **({"load_all_bytes": 0} if index else {}))
    open_explore(page, url, query)
    params = parse_qs(urlparse(query).query)
    one = lambda name: params.get(name, [""])[0]  # noqa: E731
    year = lambda name: int(one(name)) if one(name) else None  # noqa: E731
    want = expected_ids(
        data,
        one("text"),
        params.get("topic", ()),
        params.get("tag", ()),
        one("author"),
        (year("from"), year("to")),
        one("sort"),
    )
    assert count_text(page) == f"{len(want)} of {len(data['papers'])} papers"
    shown = listed(page)
    assert [p["id"] for p in shown] == want[:PAGE_SIZE]
    rows = {row[0]: row for row in data["papers"]}
    for p in shown:  # each paper's authors and year from the table of the file it came from
        _, title, tags, authors, year = rows[p["id"]]
        names = [data["authors"][a] for a in authors]
        assert (p["title"], p["year"]) == (title, None if year is None else str(year))
        assert p["tags"] == [data["tags"][t]["name"] for t in tags]
        if one("author"):
            assert p["authors"].startswith(names[0]), p
        else:
            line = ", ".join(names[:AUTHORS_SHOWN]) + (" et al." if len(names) > 3 else "")
            assert p["authors"] == (line if names else None), p
    assert page.console_errors == []


FIRST_ROWS = 20  # explore.js: results whose rows are fetched first


def row_files(
    split: dict, data, loaded: set, shown: list[int], tags_in: bool, dates_in: bool, waves=False
):
    """The files explore.js reads for the rows of the papers `shown` (indexes by title, in the
    list's order), written again in Python: in two waves, the first for the first FIRST_ROWS
    papers, each wave choosing the file with the largest share of its rows among the wave's
    papers still missing (then the most papers, then the first named), among each paper's
    chunk by title, by tag or untagged (once the tag column is in) and by date (once the
    dates are in). Adds the papers of the files read to `loaded`. With `waves`, the two
    waves apart."""
    head = json.loads(split["explore.json"])
    index = head["index"]
    total, size = len(data["papers"]), head["chunk_size"]
    tag_size, date_size = index["tag_chunk_size"], index["date_chunk_size"]
    tag_papers = [[] for _ in data["tags"]]
    for i, row in enumerate(data["papers"]):
        for t in row[2]:
            tag_papers[t].append(i)
    untagged = [i for i, row in enumerate(data["papers"]) if not row[2]]
    dated = set(data["date_order"])
    by_date = data["date_order"] + [i for i in range(total) if i not in dated]
    files: dict[str, tuple[int, list[int], set[int]]] = {}

    def add(path, held, i):
        files.setdefault(path, (len(held), held, set()))[2].add(i)

    def chunk(path, papers, i, chunk_size):
        k = papers.index(i) // chunk_size
        add(path.format(k), papers[k * chunk_size : (k + 1) * chunk_size], i)

    missing = [i for i in shown if i not in loaded]
    for i in missing:
        chunk("/explore/papers-{}.json", list(range(total)), i, size)
        if tags_in:
            for t in data["papers"][i][2]:
                tag = data["tags"][t]["id"]
                chunk(f"/explore/tag-{tag}-{{}}.json", tag_papers[t], i, tag_size)
            if not data["papers"][i][2]:
                chunk("/explore/untagged-{}.json", untagged, i, tag_size)
        if dates_in:
            chunk("/explore/date-{}.json", by_date, i, date_size)

    def pick(counted: set[int]) -> list[str]:
        chosen = []
        while True:
            best, best_count = None, 0
            for path, (rows, _, covered) in files.items():
                count = len(covered & counted)
                if count and (
                    best is None
                    or count * files[best][0] > best_count * rows
                    or (count * files[best][0] == best_count * rows and count > best_count)
                ):
                    best, best_count = path, count
            if best is None:
                return chosen
            chosen.append(best)
            taken = set(files[best][2])
            loaded.update(files[best][1])
            for _, _, covered in files.values():
                covered -= taken

    first = pick(set(missing[:FIRST_ROWS]) & set(shown[:FIRST_ROWS]))
    rest = pick(set(missing))
    return (first, rest) if waves else first + rest


def word_shards(split: dict, word: str) -> list[str]:
    """The shards holding the words of the titles that contain `word`."""
    vocabulary = json.loads(split["explore/words.json"])
    starts = vocabulary["shards"]
    shards = {
        max(s for s, start in enumerate(starts) if start <= k)
        for k, title_word in enumerate(vocabulary["words"])
        if word in fold(title_word)
    }
    return [f"/explore/words-{s}.json" for s in sorted(shards)]


def test_the_index_reads_only_the_files_each_filter_needs(page, site_with, data):
    """With the index (chunks of 100 papers by title, the rest as the site has them): the
    words box reads the tag column, the words and the shards of the words that hold its
    word; an order or a year, the dates; every step the fewest rows that show its results;
    an author, every chunk by title not read yet. Each step's files, exactly."""
    split = split_explore_data(data, chunk_size=100, load_all_bytes=0)
    url = site_with(data, chunk_size=100, load_all_bytes=0)
    total = len(data["papers"])
    ids = [row[0] for row in data["papers"]]
    requests = explore_requests(page)
    open_explore(page, url)
    assert [p["id"] for p in listed(page)] == ids[:PAGE_SIZE]
    assert [p for p in requests if p.startswith("/explore") and p.endswith(".json")] == [
        "/explore.json"
    ]
    loaded = set(range(PAGE_SIZE))  # the head's rows
    read: set[str] = set()
    tags_in = dates_in = False
    steps = [
        (lambda: page.fill("#explore-q", "graph"), {"text": "graph"}),
        (lambda: page.fill("#explore-q", ""), {}),
        (lambda: page.select_option("#explore-sort", "date"), {"sort": "date"}),
        (
            lambda: page.locator(".explore-chip", has=page.locator("input[value='audio']")).click(),
            {"topics": ["audio"], "sort": "date"},
        ),
        (lambda: page.select_option("#explore-sort", ""), {"topics": ["audio"]}),
        (
            lambda: page.select_option("#explore-from", "2021"),
            {"topics": ["audio"], "years": (2021, None)},
        ),
    ]
    for action, filters in steps:
        before = len(requests)
        action()
        want = expected_ids(data, **filters)
        assert count_text(page) == f"{len(want)} of {total} papers", filters
        assert [p["id"] for p in listed(page)] == want[:PAGE_SIZE], filters
        files = []
        if filters.get("text") and not tags_in:
            files += ["/explore/tags.json", "/explore/words.json"]
            files += word_shards(split, filters["text"])
            tags_in = True
        if (filters.get("sort") or filters.get("years")) and not dates_in:
            files.append("/explore/dates.json")
            dates_in = True
        shown = [ids.index(paper_id) for paper_id in want[:PAGE_SIZE]]
        files += row_files(split, data, loaded, shown, tags_in, dates_in)
        got = [path for path in requests[before:] if data_file(path)]
        assert sorted(got) == sorted(files), filters
        read.update(got)
    assert any("/tag-" in path for path in read) and any("/date-" in path for path in read)
    # An author: every chunk by title not read yet (the names are in the rows only).
    before = len(requests)
    page.fill("#explore-author", "li")
    want = expected_ids(data, topics=["audio"], author="li", years=(2021, None))
    assert count_text(page) == f"{len(want)} of {total} papers"
    assert [p["id"] for p in listed(page)] == want[:PAGE_SIZE]
    titles = {f"/explore/papers-{n}.json" for n in range(-(-total // 100))}
    assert sorted(p for p in requests[before:] if data_file(p)) == sorted(titles - read)
    assert page.console_errors == []


def test_the_first_screen_shows_while_the_rest_of_the_page_loads(page, site_with, data):
    """The rows of the first 20 results come first: the list shows them (not dimmed, no "Show
    more" yet) while the other files are held back, then the whole page."""
    split = split_explore_data(data, chunk_size=100, load_all_bytes=0)
    url = site_with(data, chunk_size=100, load_all_bytes=0)
    want = expected_ids(data, years=(2024, None), sort="date-asc")
    ids = [row[0] for row in data["papers"]]
    shown = [ids.index(paper_id) for paper_id in want[:PAGE_SIZE]]
    first, rest = row_files(split, data, set(range(PAGE_SIZE)), shown, True, True, waves=True)
    assert first and rest
    held = []

    def hold(route):
        if urlparse(route.request.url).path in first:
            route.continue_()
        else:
            held.append(route)

    page.route(re.compile(r".*/explore/(papers|tag|untagged|date)-.*\.json$"), hold)
    open_explore(page, url, "?from=2024&sort=date-asc")
    page.wait_for_selector(".explore-results[data-partial][aria-busy=true]")
    listed_now = page.eval_on_selector_all(
        ".explore-results > li a", "links => links.map(a => a.href.split('/').at(-2))"
    )
    assert FIRST_ROWS <= len(listed_now) < PAGE_SIZE and listed_now == want[: len(listed_now)]
    assert page.evaluate("getComputedStyle(document.querySelector('.explore-results')).opacity")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.explore-results')).opacity") == "1"
        and page.locator(".explore-more").is_hidden()
    )
    page.wait_for_timeout(200)
    assert sorted(urlparse(route.request.url).path for route in held) == sorted(rest)
    for route in held:
        route.continue_()
    assert [p["id"] for p in listed(page)] == want[:PAGE_SIZE]
    assert page.locator(".explore-results[data-partial]").count() == 0
    assert page.locator(".explore-more").is_visible() == (len(want) > PAGE_SIZE)


def test_a_short_word_being_typed_waits_for_a_pause_before_reading_most_of_the_index(
    page, site_with, data
):
    """Typed key by key, "g" would read most shards: the page reads only those of the words
    as they stand once typing pauses, unless they need eight shards or fewer. A pause on a
    single letter reads its shards and shows its results."""
    split = split_explore_data(data, chunk_size=100, load_all_bytes=0, word_shard_bytes=1000)
    url = site_with(data, chunk_size=100, load_all_bytes=0, word_shard_bytes=1000)
    narrow = {
        shard
        for typed in ("g", "gr", "gra", "grap", "graph")
        if len(word_shards(split, typed)) <= 8
        for shard in word_shards(split, typed)
    }
    assert len(word_shards(split, "g")) > 8 and set(word_shards(split, "graph")) <= narrow
    open_explore(page, url)
    requests = explore_requests(page)
    page.locator("#explore-q").press_sequentially("graph", delay=60)
    want = expected_ids(data, "graph")
    assert count_text(page) == f"{len(want)} of {len(data['papers'])} papers"
    assert [p["id"] for p in listed(page)] == want[:PAGE_SIZE]
    shards = {path for path in requests if "/words-" in path}
    assert set(word_shards(split, "graph")) <= shards <= narrow
    page.fill("#explore-q", "")
    page.locator("#explore-q").press_sequentially("g")
    want = expected_ids(data, "g")
    assert count_text(page) == f"{len(want)} of {len(data['papers'])} papers"
    assert [p["id"] for p in listed(page)] == want[:PAGE_SIZE]
    assert set(word_shards(split, "g")) <= {path for path in requests if "/words-" in path}
    assert page.console_errors == []


def test_other_pages_are_left_alone(page, site_url):
    """explore.js is the Explore page's alone: other pages neither fetch nor run it."""
    requests = explore_requests(page)
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.__exploreTimings") == "undefined"
    assert "/assets/catalog.js" in requests and "/assets/explore.js" not in requests
    page.goto(site_url + "explore/")
    page.wait_for_selector("#explore[data-ready]")
    assert requests.count("/assets/explore.js") == 1


def test_titles_and_names_are_shown_as_text_never_as_html(page, site_with, data):
    evil = '<img src=x onerror="window.__pwned = 1">Evil & <b>bold</b>'
    name = '<img src=y onerror="window.__pwned = 2">Mallory & <i>Co</i>'
    papers = [
        ["evil", evil, [0], [0], 2020],
        *([*row[:3], [], row[4]] for row in data["papers"][:3]),
    ]
    url = site_with({**data, "papers": papers, "authors": [name], "date_order": [0]})
    open_explore(page, url, "?author=mallory")
    [shown] = listed(page)
    assert (shown["title"], shown["authors"], shown["marked"]) == (evil, name, [name])
    assert page.locator(".explore-results img, .explore-results b, .explore-results i").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_a_year_range_keeps_out_papers_without_a_date_and_says_so(page, site_url, data):
    total = len(data["papers"])
    open_explore(page, site_url, "?from=2020&to=2022")
    want = expected_ids(data, years=(2020, 2022))
    assert 0 < len(want) < total
    assert count_text(page) == f"{len(want)} of {total} papers"
    shown = listed(page)
    assert [p["id"] for p in shown] == want[:PAGE_SIZE]
    assert all(2020 <= int(p["year"]) <= 2022 for p in shown)
    assert undated(data) > 1
    assert note_text(page) == f"{undated(data)} papers without a known date are not shown."
    assert (page.input_value("#explore-from"), page.input_value("#explore-to")) == ("2020", "2022")
    # Moving one end past the other moves both: the range never runs backwards.
    page.select_option("#explore-from", "2023")
    assert page.input_value("#explore-to") == "2023"
    assert count_text(page) == f"{len(expected_ids(data, years=(2023, 2023)))} of {total} papers"
    page.wait_for_function("() => new URLSearchParams(location.search).get('from') === '2023'")
    assert url_params(page) == {"from": ["2023"], "to": ["2023"]}
    # One end only: every known year from it on.
    page.select_option("#explore-to", "")
    assert count_text(page) == f"{len(expected_ids(data, years=(2023, None)))} of {total} papers"
    page.click(".explore-clear")
    assert page.input_value("#explore-from") == "" and note_text(page) == ""
    assert count_text(page) == f"{total} of {total} papers"


def test_author_filter_matches_any_author_whatever_the_case_and_accents(page, site_url, data):
    open_explore(page, site_url)
    page.get_by_label("Author (any author of the paper)", exact=True).press_sequentially(
        "bengio", delay=20
    )
    want = expected_ids(data, author="bengio")
    assert len(want) > 1
    shown = listed(page)
    assert [p["id"] for p in shown] == want[:PAGE_SIZE]
    # The matching author is shown and marked, even when not among the first three.
    assert all(p["marked"] and all("bengio" in fold(m) for m in p["marked"]) for p in shown)
    page.wait_for_function("() => new URLSearchParams(location.search).get('author') === 'bengio'")
    # Every word in one name: a first name narrows the list.
    page.fill("#explore-author", "samy BENGIO")
    narrower = expected_ids(data, author="samy bengio")
    assert 0 < len(narrower) < len(want)
    assert [p["id"] for p in listed(page)] == narrower
    # Typed without its accents, a name with accents still matches.
    name = next(n for n in data["authors"] if fold(n) != n.lower() and n.split()[-1].isalpha())
    typed = fold(name.split()[-1]).upper()
    page.fill("#explore-author", typed)
    accented = expected_ids(data, author=typed)
    assert accented and [p["id"] for p in listed(page)] == accented[:PAGE_SIZE]
    assert name in {m for p in listed(page) for m in p["marked"]}


def test_results_show_three_authors_then_et_al_and_the_year(page, site_url, data):
    open_explore(page, site_url)
    rows = {row[0]: row for row in data["papers"][:PAGE_SIZE]}
    for shown in listed(page):
        _, _, _, authors, year = rows[shown["id"]]
        names = [data["authors"][a] for a in authors]
        line = ", ".join(names[:AUTHORS_SHOWN]) + (" et al." if len(names) > 3 else "")
        assert shown["authors"] == (line if names else None), shown["id"]
        assert shown["year"] == (str(year) if year is not None else None), shown["id"]


def test_sorts_by_date_newest_or_oldest_first_with_undated_papers_last(page, site_url, data):
    open_explore(page, site_url, "?sort=date")
    assert page.input_value("#explore-sort") == "date"
    want = expected_ids(data, sort="date")
    shown = listed(page)
    assert [p["id"] for p in shown] == want[:PAGE_SIZE]
    years = [int(p["year"]) for p in shown]
    assert years == sorted(years, reverse=True)
    assert note_text(page) == f"{undated(data)} papers without a known date come last."
    while page.locator(".explore-more").is_visible():
        page.click(".explore-more")
    shown = listed(page)
    assert [p["id"] for p in shown] == want
    assert all(p["year"] is None for p in shown[-undated(data) :])
    page.select_option("#explore-sort", "date-asc")
    oldest = expected_ids(data, sort="date-asc")
    assert [p["id"] for p in listed(page)] == oldest[:PAGE_SIZE]
    page.wait_for_function("() => new URLSearchParams(location.search).get('sort') === 'date-asc'")
    page.select_option("#explore-sort", "")
    assert [p["id"] for p in listed(page)] == [row[0] for row in data["papers"][:PAGE_SIZE]]
    assert note_text(page) == ""
    page.wait_for_function("() => !new URLSearchParams(location.search).has('sort')")


def test_every_filter_round_trips_through_the_address(page, site_url, data):
    text, author, years, sort = "network", "li", (2019, 2024), "date"
    # A tag, and one of its topics, that some paper matching the rest has.
    found = expected_ids(data, text, author=author, years=years)
    rows = {row[0]: row for row in data["papers"]}
    tag_index = max(
        {t for paper_id in found for t in rows[paper_id][2]},
        key=lambda t: (sum(t in rows[paper_id][2] for paper_id in found), -t),
    )
    tag = data["tags"][tag_index]
    topic = tag["topics"][0]
    want = expected_ids(data, text, [topic], [tag["id"]], author, years, sort)
    assert want
    query = (
        f"?text={text}&topic={topic}&tag={tag['id']}&from={years[0]}&to={years[1]}"
        f"&author={author}&sort={sort}"
    )
    open_explore(page, site_url, query)
    assert page.input_value("#explore-q") == text
    assert page.input_value("#explore-author") == author
    assert page.input_value("#explore-from") == str(years[0])
    assert page.input_value("#explore-to") == str(years[1])
    assert page.input_value("#explore-sort") == sort
    assert page.is_checked(f"input[value='{topic}']") and page.is_checked(
        f"input[value='{tag['id']}']"
    )
    assert [p["id"] for p in listed(page)] == want[:PAGE_SIZE]
    page.wait_for_timeout(400)  # the address is rewritten once typing pauses
    assert urlparse(page.url).query == query[1:]
    page.reload()
    page.wait_for_selector("#explore[data-ready]")
    assert [p["id"] for p in listed(page)] == want[:PAGE_SIZE]


def test_an_address_with_odd_values_is_read_sensibly(page, site_url, data):
    open_explore(page, site_url, "?from=2023&to=2019&sort=sideways&author=%20&to2=x")
    assert (page.input_value("#explore-from"), page.input_value("#explore-to")) == ("2019", "2023")
    assert page.input_value("#explore-sort") == ""
    assert [p["id"] for p in listed(page)] == expected_ids(data, years=(2019, 2023))[:PAGE_SIZE]
    page.wait_for_function("() => !location.search.includes('sideways')")
    assert url_params(page) == {"from": ["2019"], "to": ["2023"], "to2": ["x"]}


def test_filters_are_labelled_and_reached_by_keyboard(page, site_url):
    open_explore(page, site_url)
    fields = {
        "Words in the title or tags": "explore-q",
        "Author (any author of the paper)": "explore-author",
        "From": "explore-from",
        "to": "explore-to",
        "Sort by": "explore-sort",
    }
    for label, element_id in fields.items():
        assert page.get_by_label(label, exact=True).get_attribute("id") == element_id
    assert page.evaluate("document.querySelector('.explore-form').inert") is False
    page.focus("#explore-q")
    for element_id in list(fields.values())[1:]:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == element_id
    page.keyboard.press("ArrowDown")  # the focused sort box: the next order
    assert page.input_value("#explore-sort") == "date"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first topic chip
    assert page.evaluate("document.activeElement.dataset.facet") == "topic"
    assert page.evaluate("document.activeElement.checked") is True


LAYOUT_SHIFT = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("query", ["", "?from=2020&to=2022&author=li&sort=date&topic=vision"])
def test_nothing_moves_while_the_papers_fill_in(page, site_url, width, query):
    """The form is in the page before the papers load (explore.md.j2): the results fill in
    below it, and a topic's count keeps its width when it changes."""
    page.set_viewport_size({"width": width, "height": 900})
    page.add_init_script(LAYOUT_SHIFT)
    open_explore(page, site_url, query)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__layoutShift") < MAX_LAYOUT_SHIFT


def synthetic(data, n: int) -> dict:
    """n papers made from the real ones: titles varied by shuffling words and adding one;
    authors, year and place in the date order those of the paper each is made from."""
    rng = random.Random(20_000)
    vocabulary = sorted({word for row in data["papers"] for word in row[1].split()})
    date_rank = {paper: rank for rank, paper in enumerate(data["date_order"])}
    papers = []
    for i in range(n):
        source = i % len(data["papers"])
        paper_id, title, tags, authors, year = data["papers"][source]
        words = title.split()
        if i >= len(data["papers"]):
            rng.shuffle(words)
            words.insert(rng.randrange(len(words) + 1), rng.choice(vocabulary))
        papers.append(([f"{paper_id}-{i}", " ".join(words), tags, authors, year], source))
    papers.sort(key=lambda p: (p[0][1].casefold(), p[0][0]))
    dated = [i for i, (_, source) in enumerate(papers) if source in date_rank]
    dated.sort(key=lambda i: (date_rank[papers[i][1]], i))
    return {**data, "papers": [row for row, _ in papers], "date_order": dated}


def test_keystroke_time_at_20000_papers(page, site_with, data):
    # Read whole (no index): every paper in memory, before the keystrokes.
    url = site_with(synthetic(data, SYNTHETIC_PAPERS), load_all_bytes=10**9)
    open_explore(page, url, "?sort=date")
    page.select_option("#explore-sort", "")
    assert count_text(page) == f"{SYNTHETIC_PAPERS:,} of {SYNTHETIC_PAPERS:,} papers"
    ready_ms = page.evaluate("window.__exploreReadyMs")
    page.evaluate("window.__exploreTimings.length = 0")
    page.locator("#explore-q").press_sequentially(TYPED_QUERY, delay=80)
    page.wait_for_function(
        f"() => __exploreTimings.length === {len(TYPED_QUERY)}"
        " && __exploreTimings.every(t => t.painted !== null)"
    )
    timings = page.evaluate("window.__exploreTimings")
    assert timings[-1]["query"] == TYPED_QUERY
    assert timings[-1]["results"] == len(
        expected_ids(synthetic(data, SYNTHETIC_PAPERS), TYPED_QUERY)
    )
    work = [t["ms"] for t in timings]
    painted = [t["painted"] for t in timings]
    print(
        f"\nExplore at {SYNTHETIC_PAPERS} papers, {len(timings)} keystrokes of {TYPED_QUERY!r}:"
        f"\n  filter+render: median {statistics.median(work):.1f} ms, max {max(work):.1f} ms"
        f"\n  input event to painted frame: median {statistics.median(painted):.1f} ms,"
        f" max {max(painted):.1f} ms"
        f" (slowest: {max(timings, key=lambda t: t['painted'])['query']!r})"
        f"\n  load+prepare explore.json: {ready_ms:.0f} ms"
    )
    assert statistics.median(work) < KEYSTROKE_BUDGET_MS
    assert statistics.median(painted) < KEYSTROKE_BUDGET_MS
