"""Layouts: the pictures on the site, placed in SVG units (the topic chart, the paper map)."""

from __future__ import annotations

from markupsafe import Markup

from .model import Catalog, Paper, Topic
from .templates import render

CHART_WIDTH, CHART_LABEL_WIDTH, CHART_BAR_HEIGHT, CHART_GAP = 640, 250, 16, 5
MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 1000, 700, 12
MAP_COLOURS = 20  # overrides/assets/catalog.css defines .topic-0 ... .topic-19


def topic_chart(topics: list[Topic], counts: dict[str, int]) -> Markup:
    """A bar chart of papers per topic, as inline SVG (coloured by CSS, so dark mode works)."""
    most = max(counts.values(), default=0) or 1
    room = CHART_WIDTH - CHART_LABEL_WIDTH - 40
    bars = [
        {
            "name": topic.name,
            "href": topic.url,
            "count": counts[topic.id],
            "y": index * (CHART_BAR_HEIGHT + CHART_GAP),
            "length": round(room * counts[topic.id] / most, 1),
        }
        for index, topic in enumerate(topics)
    ]
    return Markup(
        render(
            "topic_chart.svg.j2",
            bars=bars,
            width=CHART_WIDTH,
            height=len(bars) * (CHART_BAR_HEIGHT + CHART_GAP),
            label_width=CHART_LABEL_WIDTH,
            bar_height=CHART_BAR_HEIGHT,
        ).strip()
    )


def main_topic(paper: Paper, topic_sizes: dict[str, int]) -> str | None:
    """The topic a paper is drawn in: the largest of its topics, ties by id."""
    return min(paper.topics, key=lambda t: (-topic_sizes.get(t, 0), t), default=None)


def map_points(catalog: Catalog, topics: list[Topic], sizes: dict[str, int]) -> list[dict]:
    """Each paper as a point of the paper map, in SVG units, coloured by its main topic
    (`topics` in the order their colours are given)."""
    from .related import map_coordinates  # set by the relate stage; computed here without it

    coordinates = map_coordinates(catalog)
    colour_of = {topic.id: index % MAP_COLOURS for index, topic in enumerate(topics)}
    points = []
    for paper in catalog.papers:
        x, y = coordinates[paper.id]
        topic = main_topic(paper, sizes)
        points.append(
            {
                "id": paper.id,
                "title": paper.title,
                "colour": colour_of.get(topic, "none"),
                "x": round(MAP_MARGIN + x * (MAP_WIDTH - 2 * MAP_MARGIN), 1),
                "y": round(MAP_MARGIN + (1 - y) * (MAP_HEIGHT - 2 * MAP_MARGIN), 1),
            }
        )
    return points
