"""Layouts: the pictures on the site: the topic chart (bar lengths, in per cent of the
longest) and the paper map (points in SVG units)."""

from __future__ import annotations

from markupsafe import Markup

from .model import Catalog, Paper, Topic
from .templates import render

MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 1000, 700, 12
MAP_COLOURS = 20  # overrides/assets/catalog.css defines .topic-0 ... .topic-19


def topic_chart(topics: list[Topic], counts: dict[str, int]) -> Markup:
    """A bar chart of papers per topic: a list of links whose bars CSS draws (so it reflows
    on a phone, reads as a list, and follows dark mode)."""
    most = max(counts.values(), default=0) or 1
    bars = [
        {
            "name": topic.name,
            "href": topic.url,
            "count": counts[topic.id],
            "share": round(100 * counts[topic.id] / most, 1),
        }
        for topic in topics
    ]
    return Markup(render("topic_chart.html.j2", bars=bars).strip())


def main_topic(paper: Paper, topic_sizes: dict[str, int]) -> str | None:
    """The topic a paper is drawn in: the largest of its topics, ties by id."""
    return min(paper.topics, key=lambda t: (-topic_sizes.get(t, 0), t), default=None)


def map_points(catalog: Catalog, topics: list[Topic], sizes: dict[str, int]) -> list[dict]:
    """Each paper as a point of the paper map, in SVG units, coloured by its main topic
    (`topics` in the order their colours are given)."""
    from .related import map_coordinates  # set by the relate stage; computed here without it

    coordinates = map_coordinates(catalog)
    colour_of = {topic.id: index % MAP_COLOURS for index, topic in enumerate(topics)}
    name_of = {topic.id: topic.name for topic in topics}
    points = []
    for paper in catalog.papers:
        x, y = coordinates[paper.id]
        topic = main_topic(paper, sizes)
        points.append(
            {
                "id": paper.id,
                "title": paper.title,
                "topic": topic,
                "topic_name": name_of.get(topic),
                "colour": colour_of.get(topic, "none"),
                "x": round(MAP_MARGIN + x * (MAP_WIDTH - 2 * MAP_MARGIN), 1),
                "y": round(MAP_MARGIN + (1 - y) * (MAP_HEIGHT - 2 * MAP_MARGIN), 1),
            }
        )
    return points
