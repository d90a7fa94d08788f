"""The search worker in Chromium ranks like generator/shards.py, which ranks like lunr."""

import json
import re
from pathlib import Path

import pytest
import yaml
from rapidfuzz.distance import OSA

from generator import shards

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text())

# Talk to the worker as Material's bundle does: SETUP with the page's search_index.json,
# then QUERY; resolve with the RESULT's items.
ASK_WORKER = """async ([queries]) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const index = await (await fetch(new URL("search/search_index.json", new URL(config.base, location)))).json();
  const worker = new Worker(new URL(config.search, location));
  const next = () => new Promise(resolve => worker.addEventListener("message", e => resolve(e.data), { once: true }));
  worker.postMessage({ type: 0, data: { ...index, options: { suggest: false } } });
  await next();
  const answers = [];
  for (const query of queries) {
    worker.postMessage({ type: 2, data: query });
    const message = await next();
    answers.push(message.data.items.map(group => group.map(item => [item.location, item.score])));
  }
  worker.terminate();
  return answers;
}"""


def site_files(site: Path) -> dict[str, bytes]:
    search = site / "search"
    return {
        path.relative_to(search).as_posix(): path.read_bytes()
        for path in search.rglob("*")
        if path.is_file()
    }


def test_the_worker_gives_the_scores_and_order_of_the_reference(page, site_url, real_build):
    files = site_files(real_build.site_dir)
    page.goto(site_url)
    answers = page.evaluate(ASK_WORKER, [[query["query"] for query in QUERIES]])
    for query, groups in zip(QUERIES, answers, strict=True):
        # The worker groups a page's sections under it, its best match first.
        best: dict[str, tuple[str, float]] = {}
        for location, score in shards.search(files, query["query"], limit=10):
            best.setdefault(location.split("#")[0], (location, score))
        expected = list(best.values())
        pages = [group[0] for group in groups][: len(expected)]
        assert [location for location, _ in pages] == [location for location, _ in expected], query
        assert [score for _, score in pages] == pytest.approx([s for _, s in expected], rel=1e-9)
        assert any(f"papers/{query['paper']}/" == location for location, _ in pages[:3]), query


WORKER = Path(__file__).parent.parent / "overrides" / "assets" / "search-worker.js"


def worker_as_page_script(page, site_url):
    """The worker's script run as a page's (a blank page of the site's origin), so that its
    functions can be called."""
    page.route(
        f"{site_url}blank/",
        lambda route: route.fulfill(
            body="<!doctype html><title>b</title>", content_type="text/html"
        ),
    )
    page.goto(f"{site_url}blank/")
    page.add_script_tag(content=WORKER.read_text(encoding="utf-8"))


def test_the_workers_edit_distance_and_corrections_are_the_python_ones(page, site_url):
    """The worker's typo corrections (its own optimal string alignment distance, as there is
    no library in a worker) against rapidfuzz's and shards.corrections, on random words and
    their random misspellings, with letters outside the Basic Multilingual Plane."""
    import random

    worker_as_page_script(page, site_url)
    draw = random.Random(7)
    letters = "abcé\U0001d51e"  # é, and a mathematical fraktur a (two UTF-16 units)
    words = ["".join(draw.choices(letters, k=draw.randint(0, 11))) for _ in range(150)]
    pairs = [[draw.choice(words), draw.choice(words)] for _ in range(600)]
    pairs += [["transformer", "tarnsfomrer"], ["ab", "ba"], ["abc", "ca"], ["", "abc"]]
    for limit in (1, 2, 3):
        theirs = page.evaluate(
            "([pairs, limit]) => pairs.map(([a, b]) => edits(Array.from(a), Array.from(b), limit))",
            [pairs, limit],
        )
        ours = [min(OSA.distance(a, b), limit + 1) for a, b in pairs]
        assert theirs == ours

    def misspelt(word):
        at = draw.randrange(len(word) + 1)
        edit = draw.choice(["insert", "delete", "replace", "swap"])
        if edit == "insert" or not word:
            return word[:at] + draw.choice(letters) + word[at:]
        at = min(at, len(word) - 1)
        if edit == "delete":
            return word[:at] + word[at + 1 :]
        if edit == "replace":
            return word[:at] + draw.choice(letters) + word[at + 1 :]
        return word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :] if at else word

    vocabulary = [word for word in words if len(word) >= 5]
    typos = [misspelt(misspelt(word)) for word in vocabulary[:80]] + [
        "model2",
        "cannot",
        "hopfeild",
    ]
    vocabulary += ["hopfield", "cannon", "models"]
    found = page.evaluate(
        "([typos, terms]) => typos.map(word => corrections(word, terms))", [typos, vocabulary]
    )
    expected = [shards.corrections(word, vocabulary) for word in typos]
    assert found == expected
    assert sum(1 for terms in expected if terms) > 40  # most typos found a correction


@pytest.mark.parametrize(
    "query",
    [q["query"] for q in QUERIES]
    + [
        "https://arxiv.org/abs/2203.09893?context=cs",
        "arxiv.org/abs/2203.09893v2#S3",
        "https://doi.org/10.48550/arXiv.2203.09893",
        "hep-th/9901001v2 Model²",
        "dx.doi.org/10.1145/3498361.3538933 Trauble",
    ],
)
def test_the_worker_splits_a_query_as_the_python_reference(page, site_url, real_build, query):
    config = json.loads((real_build.site_dir / "search" / "search_index.json").read_text())
    worker_as_page_script(page, site_url)
    terms = page.evaluate(
        "([query, pattern]) => { separator = new RegExp(pattern); "
        "return parseQuery(query).map(clause => clause.term); }",
        [query, config["config"]["separator"]],
    )
    separator = re.compile(config["config"]["separator"])
    assert terms == shards.query_words(query, separator)
