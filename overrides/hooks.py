"""MkDocs hooks of the catalog's theme (mkdocs.yml: hooks).

`shell_cache`: the parts of the page shell that are the same on every page outside the nav
at one depth (the tabs, the navigation drawer, the search dialog) are rendered once per
build and depth, and copied into the other pages (overrides/partials/nav.html, tabs.html,
search.html). Rendering them for each of the catalog's pages was a third of MkDocs' time.
"""


def on_env(env, config, files):
    env.globals["shell_cache"] = {}
    return env
