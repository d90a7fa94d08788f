"""The Jinja environment: page text lives in generator/templates/, Python passes objects."""

from __future__ import annotations

from functools import cache, lru_cache

import jinja2
from markupsafe import Markup, escape

from .escape import front_matter, html_line, md, xml_text
from .model import PublicationDate
from .settings import GIST_WORDS
from .text import gist


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # no template changes during a build: no stat() per template use
    )
    env.filters["md"] = md
    env.filters["html_line"] = html_line
    env.globals["heading"] = heading
    env.filters["front_matter"] = front_matter
    env.filters["xml"] = xml_text
    env.filters["gist"] = lambda paper: gist(paper.abstract, GIST_WORDS)
    env.filters["date_text"] = date_text
    return env


def heading(anchor: str, text: str) -> Markup:
    """An h2 with its permalink (the `heading` macro of _html.j2). The same few headings
    recur on every page, and a macro call cost more than a fifth of a paper page, so each
    is made once. The arguments are escaped before the cache sees them: a string and the
    Markup of the same characters must not share an entry."""
    return _heading(escape(anchor), escape(text))


@lru_cache(maxsize=4096)
def _heading(anchor: Markup, text: Markup) -> Markup:
    return Markup(environment().get_template("_html.j2").module.heading(anchor, text))


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def date_text(date: PublicationDate) -> str:
    """9 August 2021, August 2021 or 2021: as precise as the date is known."""
    if not date.month:
        return str(date.year)
    month = f"{MONTH_NAMES[date.month - 1]} {date.year}"
    return f"{date.day} {month}" if date.day else month
