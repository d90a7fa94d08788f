"""The Nu HTML checker (vnu.jar, from the npm package vnu-jar pinned in
benchmarks/package.json) on one page of each type of a built site.

Prints every error and warning, and marks those that come from Material's base.html, which
we do not override (a copy of the whole template would have to follow every Material
release). Exits non-zero when an error is ours. Needs Java 11 or newer.

    npm ci --prefix benchmarks && paper-catalog build && python tools/nu_check.py site
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "benchmarks" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
RAFTMLP = "raftmlp-how-much-can-be-done-without-attention-and-with-less-spatial-locality"
PAGES = [
    "index.html",
    f"papers/{RAFTMLP}/index.html",
    "tags/index.html",
    "tags/transformers/index.html",
    "topics/index.html",
    "topics/optimization/index.html",
    "papers/index.html",
    "authors/index.html",
    "authors/a-atanov/index.html",
    "explore/index.html",
    "map/index.html",
    "untagged/index.html",
    "about/index.html",
    "404.html",
]
# Material's base.html, not a partial we could override: its two toggles are checkboxes
# with autocomplete="off" (to stop Firefox restoring them), which HTML allows only on
# text-like inputs.
THEME = ("Attribute “autocomplete” is only allowed when the input type is",)


def redirect_page(site: Path) -> str | None:
    """A paper's former URL, if the catalog has one."""
    for page in sorted((site / "papers").glob("*/index.html")):
        if "window.location.replace" in page.read_text(encoding="utf-8")[:2000]:
            return str(page.relative_to(site))
    return None


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    if not VNU.exists():
        print(f"{VNU} not found: run `npm ci --prefix benchmarks`", file=sys.stderr)
        return 2
    pages = PAGES + [page for page in [redirect_page(site)] if page]
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", *[str(site / page) for page in pages]],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr)["messages"]
    ours = 0
    for message in messages:
        page = message.get("url", "").split(str(site.resolve()) + "/", 1)[-1]
        theme = message["message"].startswith(THEME)
        ours += message["type"] == "error" and not theme
        where = f"{page}:{message.get('lastLine', 0)}"
        label = "theme " if theme else ""
        print(f"{where}: {label}{message.get('subType', message['type'])}: {message['message']}")
    errors = sum(message["type"] == "error" for message in messages)
    print(
        f"{len(pages)} pages: {errors} errors ({errors - ours} from Material's base.html), "
        f"{len(messages) - errors} other messages"
    )
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main())
