"""The page shell (overrides/shell.html, overrides/.icons/): lighter, and drawn the same."""

import re
from pathlib import Path
from types import SimpleNamespace

import material
from conftest import PROJECT

OVERRIDES = PROJECT / "overrides"
MATERIAL_ICONS = Path(material.__file__).parent / "templates" / ".icons"
SPRITE = (OVERRIDES / "assets" / "icons.svg").read_text(encoding="utf-8")
SYMBOL = re.compile(r'<symbol id="([^"]+)" viewBox="([^"]+)">(.*?)</symbol>', re.S)
PAPER = "4-3-phases-of-compute-optimal-neural-scaling-laws"


def test_every_shared_icon_is_materials_own():
    symbols = {ident: (box, body) for ident, box, body in SYMBOL.findall(SPRITE)}
    overridden = sorted(OVERRIDES.glob(".icons/**/*.svg"))
    assert overridden
    for path in overridden:
        name = path.relative_to(OVERRIDES / ".icons").with_suffix("").as_posix()
        original = (MATERIAL_ICONS / f"{name}.svg").read_text(encoding="utf-8").strip()
        box, body = symbols[name.replace("/", "-")]
        assert original == f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}">{body}</svg>'
        assert (
            f'viewBox="{box}"><use href="{{{{ base_url }}}}/assets/icons.svg#' in path.read_text()
        )


def test_a_paper_page_carries_no_icon_drawing_and_no_indentation(real_build):
    page = (real_build.site_dir / "papers" / PAPER / "index.html").read_text(encoding="utf-8")
    assert "<path" not in page  # every icon is a <use> of the shared sprite
    assert page.count('<use href="../../assets/icons.svg#') >= 8
    outside_pre = re.sub(r"<pre.*?</pre>", "", page, flags=re.S)
    header = outside_pre[outside_pre.index("<header") : outside_pre.index("</header>")]
    tabs = outside_pre[outside_pre.index('<nav class="md-tabs"') :]
    tabs = tabs[: tabs.index("</ul>")]
    navigation = outside_pre[outside_pre.index("md-sidebar--primary") :]
    navigation = navigation[: navigation.index("md-sidebar--secondary")]
    for part in (header, tabs, navigation):
        assert not re.search(r"\n {2,}<", part)
    assert len(page.encode()) < 23_000, len(page.encode())


def test_the_bibtex_block_keeps_its_indentation(real_build):
    page = (real_build.site_dir / "papers" / PAPER / "index.html").read_text(encoding="utf-8")
    assert "\n  title = {{4+3 Phases" in page


def site_files(site_dir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site_dir).as_posix(): path.read_bytes()
        for path in sorted(site_dir.rglob("*"))
        if path.is_file()
    }


HOOK = "hooks:\n  - overrides/hooks.py\n"


def build_hostile(folder: Path, edit=lambda text: text) -> Path:
    """The hostile corpus built with the project's configuration as `edit` changes it."""
    from conftest import HOSTILE, copy_project

    from generator.build import build

    config = copy_project(folder)
    text = config.read_text(encoding="utf-8")
    assert HOOK in text
    config.write_text(edit(text), encoding="utf-8")
    return build(HOSTILE / "seeds_ok", config, folder / "site").site_dir


def test_the_parts_rendered_once_per_folder_are_those_each_page_would_render(
    hostile_build, tmp_path
):
    """The same corpus built without the hook that sets up shell_cache (every page then
    renders its own tabs, navigation, search dialog and configuration) gives the same site,
    byte for byte: pages at every depth, in the nav and outside it, the 404 page."""
    uncached = build_hostile(tmp_path, lambda text: text.replace(HOOK, ""))
    cached, plain = site_files(hostile_build.site_dir), site_files(uncached)
    assert cached.keys() == plain.keys()
    pages = [name for name in cached if name.endswith(".html")]
    folders = {name.rsplit("/", 2)[0] for name in pages if name.count("/") >= 2}
    assert {"papers", "tags", "topics"} <= folders
    assert "404.html" in pages
    assert [name for name in pages if cached[name] != plain[name]] == []


def test_a_page_with_a_nav_page_below_it_renders_its_own_parts(hostile_build, tmp_path):
    """With the topics and tags overviews out of the nav and one topic's page in it, the two
    overviews share a folder (the root) but link that topic differently (x/ from topics/,
    ../topics/x/ from tags/): the overview the topic lies below renders its own parts."""
    topic = sorted((hostile_build.site_dir / "topics").iterdir())[0].name
    nav = "  - Topics: topics/index.md\n  - Tags: tags/index.md\n"

    def edit(text):
        assert nav in text
        return text.replace(nav, f"  - A topic: topics/{topic}.md\n")

    cached = site_files(build_hostile(tmp_path / "cached", edit))
    plain = site_files(build_hostile(tmp_path / "plain", lambda text: edit(text).replace(HOOK, "")))
    assert f'href="{topic}/"' in cached["topics/index.html"].decode()
    assert f'href="../topics/{topic}/"' in cached["tags/index.html"].decode()
    assert [name for name in cached if cached[name] != plain[name]] == []


def test_the_hook_gives_each_build_an_empty_cache():
    import importlib.util

    spec = importlib.util.spec_from_file_location("hooks", OVERRIDES / "hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)

    env = SimpleNamespace(globals={"shell_cache": {"tabs.html papers": "stale"}})
    assert hooks.on_env(env, None, None) is env
    assert env.globals["shell_cache"] == {}
