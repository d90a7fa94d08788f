"""Accessibility of the built site, measured by a third-party checker: axe-core (pinned in
tests/package.json, installed by `npm ci --prefix tests`; .ci/run does it) on one page of
each type, at desktop and phone widths, in light and dark mode. Then the map and the topic
chart by keyboard and by touch, as a reader without a mouse uses them."""

from pathlib import Path

import pytest
from conftest import REAL_SEEDS, REQUIRE_BROWSER, copy_project, serve

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
RAFTMLP = "raftmlp-how-much-can-be-done-without-attention-and-with-less-spatial-locality"

# One page of each type (a paper, tag, topic and author that the real catalog has).
PAGES = {
    "home": "",
    "paper": f"papers/{RAFTMLP}/",
    "tags": "tags/",
    "tag": "tags/transformers/",
    "topics": "topics/",
    "topic": "topics/optimization/",
    "a-z": "papers/",
    "a-z-letter": "papers/a/",
    "authors": "authors/",
    "authors-letter": "authors/l/",
    "author": "authors/a-atanov/",
    "explore": "explore/",
    "map": "map/",
    "help-wanted": "untagged/",
    "about": "about/",
}
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}
MODES = {
    "desktop-light": (DESKTOP, "light"),
    "desktop-dark": (DESKTOP, "dark"),
    "phone-light": (PHONE, "light"),
    "phone-dark": (PHONE, "dark"),
}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        message = f"{AXE} not found: run `npm ci --prefix tests`"
        if REQUIRE_BROWSER:
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def open_page(browser, url: str, mode: str, touch: bool = False):
    viewport, scheme = MODES[mode]
    context = browser.new_context(
        viewport=viewport, color_scheme=scheme, has_touch=touch, is_mobile=touch
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def axe_violations(page, axe_source: str) -> list[str]:
    """Every node axe finds at fault, as 'rule: selector: what is wrong'."""
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations"""
    )
    return [
        f"{rule['id']}: {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1]}"
        for rule in violations
        for node in rule["nodes"]
    ]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation(browser, site_url, axe_source, name, mode):
    page = open_page(browser, site_url + PAGES[name], mode)
    try:
        found = axe_violations(page, axe_source)
        assert found == [], f"{len(found)} violations on {name} ({mode}):\n" + "\n".join(found)
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def not_found_url(real_build, tmp_path_factory):
    """The 404 page, served where GitHub Pages serves it: its links are absolute, under
    the path of site_url in mkdocs.yml (/paper-catalog/)."""
    from urllib.parse import urlparse

    import yaml
    from conftest import PROJECT, serve

    config = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), yaml.BaseLoader)
    prefix = urlparse(config["site_url"]).path.strip("/")
    root = tmp_path_factory.mktemp("pages")
    (root / prefix).symlink_to(real_build.site_dir, target_is_directory=True)
    url, server = serve(root)
    yield f"{url}{prefix}/404.html"
    server.shutdown()


@pytest.mark.parametrize("mode", MODES)
def test_axe_finds_no_violation_on_the_not_found_page(browser, not_found_url, axe_source, mode):
    page = open_page(browser, not_found_url, mode)
    try:
        assert not page.locator("#__search").is_visible()  # the theme's CSS has loaded
        found = axe_violations(page, axe_source)
        assert found == [], f"{len(found)} violations on 404.html ({mode}):\n" + "\n".join(found)
    finally:
        page.context.close()


def test_axe_finds_no_violation_in_search_results_the_map_list_and_a_filter(
    browser, site_url, axe_source
):
    """States a reader opens: the search dialog with results, the map's list of papers,
    Explore with a filter."""
    page = open_page(browser, site_url, "phone-dark")
    try:
        page.click("label.md-header__button[for='__search']")
        page.locator("input.md-search__input").press_sequentially("mixer", delay=5)
        page.wait_for_selector(".md-search-result__item")
        assert axe_violations(page, axe_source) == []
        page.goto(site_url + "map/")
        page.click("#map-list summary")
        assert axe_violations(page, axe_source) == []
        page.goto(site_url + "explore/")  # filtered: chips no paper has, fewer results
        page.wait_for_selector(".explore[data-ready]")
        page.fill("#explore-q", "transformer")
        page.wait_for_selector(".explore-chip.is-empty")
        assert axe_violations(page, axe_source) == []
    finally:
        page.context.close()


@pytest.fixture(scope="session")
def named_map_url(tmp_path_factory):
    """The real catalog built as a catalog of more than MAP_LIST_MAX papers is: no list
    below the map, its points named from map/names/<n>.json."""
    import generator.render
    from generator.build import build

    project = tmp_path_factory.mktemp("named-map")
    config = copy_project(project)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generator.render, "MAP_LIST_MAX", 0)
        patch.setattr(generator.render, "MAP_NAMES_PER_FILE", 100)  # several files
        result = build(REAL_SEEDS, config, project / "site")
    url, server = serve(result.site_dir)
    yield url
    server.shutdown()


@pytest.fixture(params=["listed", "named"])
def map_url(request):
    """The map page, its points named by the list below it, or by files read as needed."""
    site = request.getfixturevalue("site_url" if request.param == "listed" else "named_map_url")
    return site + "map/"


def test_a_map_named_from_files_passes_axe_and_says_when_a_file_cannot_be_read(
    browser, named_map_url, axe_source
):
    """Its first point is named by the page itself, so the map is ready with no file read;
    a file of names that fails leaves focus where it was and says so under the map."""
    page = open_page(browser, named_map_url + "map/", "desktop-dark")
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.wait_for_selector(".paper-map svg a", state="attached")
        assert axe_violations(page, axe_source) == []
        assert not [url for url in requested if "/map/names/" in url]  # none on a page view
        page.route("**/map/names/*.json", lambda route: route.fulfill(status=404))
        page.focus("[data-map-zoom='in']")
        page.keyboard.press("Shift+Tab")
        first = focused(page)
        assert first["inMap"] and first["href"].startswith("../papers/"), first
        for key in ("ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"):
            page.keyboard.press(key)  # each point in another file than the first's
        page.wait_for_function(
            """() => document.querySelector(".map-current").textContent
              === "The papers' names could not be read: try again." """
        )
        assert focused(page) == first and page.errors == []
        page.unroute("**/map/names/*.json")
        page.keyboard.press("ArrowRight")  # asked again, and read this time
        page.wait_for_function(f"document.activeElement.getAttribute('href') !== {first['href']!r}")
        assert focused(page)["inMap"] and page.errors == []
    finally:
        page.context.close()


def focused(page) -> dict:
    return page.evaluate(
        """() => {
          const element = document.activeElement;
          return {
            href: element.getAttribute("href"),
            inMap: !!element.closest(".paper-map svg"),
            inChart: !!element.closest(".chart-bars"),
            name: element.getAttribute("aria-label") || element.textContent,
          };
        }"""
    )


def test_the_map_is_one_tab_stop_and_the_arrow_keys_move_between_papers(browser, map_url):
    page = open_page(browser, map_url, "desktop-light")
    try:
        page.wait_for_selector(".paper-map svg a", state="attached")
        # Into the map from the zoom buttons after it
        page.focus("[data-map-zoom='in']")
        page.keyboard.press("Shift+Tab")
        first = focused(page)
        assert first["inMap"], first
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"document.activeElement.getAttribute('href') !== {first['href']!r}")
        second = focused(page)
        assert second["inMap"] and second["href"] != first["href"]
        assert second["href"].startswith("../papers/") and second["name"]
        # The title of the focused paper shows under the map, and its ring on it.
        assert page.locator(".map-current").inner_text() == second["name"]
        assert page.locator(".map-ring").is_visible()
        # One link in the map, on the current point: each move makes it anew, so that
        # focus moves and a screen reader says the new name.
        assert page.locator(".paper-map svg a").count() == 1
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(
            f"document.activeElement.getAttribute('href') !== {second['href']!r}"
        )
        third = focused(page)
        assert third["inMap"] and third["href"] != second["href"]
        page.keyboard.press("+")
        assert page.locator(".paper-map svg").get_attribute("viewBox") != "0 0 1000 700"
        page.keyboard.press("Tab")  # one tab stop: the next Tab leaves the map
        assert not focused(page)["inMap"]
        page.keyboard.press("Shift+Tab")  # and coming back lands on the last paper visited
        back = focused(page)
        assert back == third
        page.keyboard.press("Enter")
        page.wait_for_url("**/papers/**")
        assert page.url.endswith(back["href"].removeprefix(".."))
        assert page.errors == []
    finally:
        page.context.close()


POINTS = """
  // The map's points in SVG units, in the order they are drawn ("M x yh0" in the paths),
  // and their places on screen.
  const svg = document.querySelector(".paper-map svg");
  const at = [...svg.querySelectorAll(":scope > path.map-points")].flatMap(path =>
    [...path.getAttribute("d").matchAll(/M([^ ]+) ([^h]+)h0/g)].map(m => [+m[1], +m[2]]));
  const onScreen = ([x, y]) => new DOMPoint(x, y).matrixTransform(svg.getScreenCTM());
"""

LONE_POINT = """async () => {
  // The point farthest from its nearest neighbour, its place on screen, and its paper: the
  // link at the same place in the list below the map, or the same line of the names files.
  POINTS
  const links = [...document.querySelectorAll("#map-list li > a")];
  const names = svg.dataset.names, perFile = +svg.dataset.namesPerFile;
  const hrefOf = async i => links.length ? links[i].getAttribute("href") : "../papers/" +
    (await (await fetch(names + Math.floor(i / perFile) + ".json")).json())[i % perFile][0] + "/";
  let best = 0, bestGap = -1;
  at.forEach(([x, y], i) => {
    let gap = Infinity;
    at.forEach(([u, v], j) => { if (i !== j) gap = Math.min(gap, Math.hypot(x - u, y - v)); });
    if (gap > bestGap) { best = i; bestGap = gap; }
  });
  const centre = onScreen(at[best]);
  return {x: centre.x, y: centre.y, href: await hrefOf(best),
          count: at.length, links: links.length || +svg.dataset.count};
}""".replace("  POINTS\n", POINTS)


def test_tapping_a_point_on_a_phone_opens_its_paper(browser, map_url):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = open_page(browser, map_url, "phone-light", touch=True)
    try:
        page.wait_for_selector(".paper-map svg a", state="attached")
        page.locator(".paper-map svg").scroll_into_view_if_needed()
        lone = page.evaluate(LONE_POINT)
        # A finger is not a mouse pointer: a tap a few pixels off the point still opens it,
        # or, when other papers lie within a finger's reach of the tap (a growing catalog
        # crowds even its loneliest point), lists them with it, and the list opens it.
        page.touchscreen.tap(lone["x"] + 6, lone["y"] - 5)
        listed = page.locator(f'.map-nearby a[href="{lone["href"]}"]')
        try:
            page.wait_for_url("**/papers/**", timeout=3000)
        except PlaywrightTimeout:
            listed.tap()
            page.wait_for_url("**/papers/**")
        assert page.url.endswith(lone["href"].removeprefix(".."))
    finally:
        page.context.close()


def test_clicking_a_point_opens_its_paper_and_pointing_at_it_names_it(browser, map_url):
    page = open_page(browser, map_url, "desktop-light")
    try:
        page.wait_for_selector(".paper-map svg a", state="attached")
        page.locator(".paper-map svg").scroll_into_view_if_needed()
        lone = page.evaluate(LONE_POINT)
        assert lone["count"] == lone["links"]  # a point for each paper in the list
        page.mouse.move(lone["x"] - 30, lone["y"])
        page.mouse.move(lone["x"], lone["y"])
        # The point under the mouse has the map's link (a middle click or Ctrl+click opens
        # it in a new tab, as links do) and its title shows under the map.
        page.wait_for_selector(f'.paper-map svg a[href="{lone["href"]}"]', state="attached")
        assert page.locator(".map-current").inner_text() != ""
        page.mouse.click(lone["x"], lone["y"])
        page.wait_for_url("**/papers/**")
        assert page.url.endswith(lone["href"].removeprefix(".."))
        assert page.errors == []
    finally:
        page.context.close()


CROWD = """() => {
  // The place on screen with the most points within 22 px, among those in view.
  POINTS
  const view = svg.getBoundingClientRect();
  const centres = at.map(onScreen).map(p => [p.x, p.y]).filter(([x, y]) =>
    x > view.left + 4 && x < view.right - 4 && y > view.top + 4 && y < view.bottom - 4);
  let best = centres[0], most = 0;
  centres.forEach(([x, y]) => {
    const count = centres.filter(([u, v]) => Math.hypot(x - u, y - v) <= 22).length;
    if (count > most) { most = count; best = [x, y]; }
  });
  return {x: best[0], y: best[1], count: most};
}""".replace("  POINTS\n", POINTS)


CROWD_DRAWN = """() => {
  const svg = document.querySelector(".paper-map svg");
  const crowd = [...svg.querySelectorAll(".map-near path")];
  return {
    count: crowd.map(path => path.getAttribute("d").split("h0").length - 1)
      .reduce((a, b) => a + b, 0),
    crowd: crowd.map(path => getComputedStyle(path).opacity),
    rest: getComputedStyle(svg.querySelector(":scope > path.map-points")).opacity,
  };
}"""


def test_tapping_a_crowd_zooms_in_and_then_lists_the_papers_there(browser, map_url):
    page = open_page(browser, map_url, "phone-light", touch=True)
    try:
        page.wait_for_selector(".paper-map svg a", state="attached")
        svg = page.locator(".paper-map svg")
        svg.scroll_into_view_if_needed()
        for _ in range(4):  # zoomed in on the crowd until few enough are under a finger
            crowd = page.evaluate(CROWD)
            before = svg.get_attribute("viewBox")
            page.touchscreen.tap(crowd["x"], crowd["y"])
            # a list, a paper or a zoom, once the names it needs are read
            page.wait_for_function(
                """before => !document.querySelector(".map-nearby").hidden
                  || location.pathname.includes("/papers/")
                  || document.querySelector(".paper-map svg").getAttribute("viewBox") !== before""",
                arg=before,
            )
            if page.locator(".map-nearby").is_visible() or "/papers/" in page.url:
                break
        assert svg.get_attribute("viewBox") != "0 0 1000 700" or crowd["count"] <= 12
        if "/papers/" not in page.url:
            listed = page.locator(".map-nearby li a")
            assert 2 <= listed.count() <= 12
            # Focus moves to the list's heading, so a screen reader says what appeared.
            assert page.evaluate("document.activeElement.className") == "map-nearby-title"
            # Its papers are drawn again on top, at full strength; the other points dim.
            shown = page.evaluate(CROWD_DRAWN)
            assert shown["count"] >= listed.count()
            assert shown["crowd"] == ["0.85"] * len(shown["crowd"]) and shown["rest"] == "0.2"
            page.locator(".map-nearby button").click()
            assert not page.locator(".map-nearby").is_visible()
        assert page.errors == []
    finally:
        page.context.close()


def test_the_topic_chart_is_one_tab_stop_with_arrow_keys(browser, site_url):
    page = open_page(browser, site_url, "desktop-light")
    try:
        links = page.locator(".chart-bars a")
        assert links.count() > 2
        links.first.focus()
        page.keyboard.press("ArrowDown")
        assert focused(page)["href"] == links.nth(1).get_attribute("href")
        page.keyboard.press("End")
        assert focused(page)["href"] == links.last.get_attribute("href")
        page.keyboard.press("Tab")
        assert not focused(page)["inChart"]
        page.keyboard.press("Shift+Tab")
        assert focused(page)["href"] == links.last.get_attribute("href")
    finally:
        page.context.close()
