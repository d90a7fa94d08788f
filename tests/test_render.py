"""What rendering promises: one path per page, pages where links expect them, data escaped
where it lands, links relative to the page."""

import pytest

from generator.model import CatalogError
from generator.render import Pages


def test_two_pages_can_never_claim_one_path():
    pages = Pages({"a.md": "A"})
    pages["b.md"] = "B"
    with pytest.raises(CatalogError) as error:
        pages.update({"c.md": "C", "b.md": "other"})
    assert str(error.value) == "b.md: error: two pages would be written to this path (rename one)"
    assert pages == {"a.md": "A", "b.md": "B", "c.md": "C"}


def test_topic_chart_is_a_list_of_links_with_bars_as_shares_of_the_longest():
    from generator.layouts import topic_chart
    from generator.model import Topic

    topics = [Topic("vision", "Vision <&>", ""), Topic("audio", "Audio", "")]
    chart = topic_chart(topics, {"vision": 8, "audio": 3})
    assert chart.count("<li>") == 2
    assert '<a href="topics/vision/"><span class="chart-label">Vision &lt;&amp;&gt;</span>' in chart
    assert 'style="--share: 100.0%"' in chart and 'style="--share: 37.5%"' in chart
    assert '8<span class="visually-hidden"> papers</span>' in chart
    assert "<svg" not in chart and 'data-roving="vertical"' in chart


def test_a_former_url_names_and_links_the_page_it_moved_to():
    import yaml

    from generator.render import redirect

    page = redirect("tags/vision-transformers/", 'Tag: "ViT" <b>')
    front = yaml.safe_load(page.split("---")[1])
    assert front == {
        "template": "redirect.html",
        "title": 'Tag: "ViT" <b>',  # raw here; overrides/redirect.html escapes it
        "url": "tags/vision-transformers/",
        "location": "../vision-transformers/",
        "search": {"exclude": True},
    }
