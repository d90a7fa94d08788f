"""MkDocs hooks of the catalog's theme (mkdocs.yml: hooks).

`shell_cache`: the parts of the page shell that are the same on every page outside the nav
in one folder (the tabs, the navigation drawer, the search dialog, the configuration
script) are rendered once per build and folder, and copied into the other pages
(overrides/partials/shell-cache.html). Emptied here at the start of each build.
"""


def on_env(env, config, files):
    env.globals["shell_cache"] = {}
    return env
