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
