"""programs/templatetags/programs_tags.py: figures as pages show them."""

import datetime
from decimal import Decimal

from django.utils import translation

from programs.templatetags.programs_tags import sourced_figure
from tests.factories import IndicatorValueFactory


def figure(**kwargs):
    return IndicatorValueFactory.build(
        value=Decimal("6084.0000"),
        source_publisher="Báo <Hải Phòng>",
        source_url="https://example.gov.vn/bao-cao?nam=2025&ky=6",
        source_date=datetime.date(2025, 6, 23),
        **kwargs,
    )


def test_a_figure_links_to_its_source_named_in_its_title():
    with translation.override("vi"):
        html = sourced_figure(figure())
    assert html == (
        '<a class="figure" href="https://example.gov.vn/bao-cao?nam=2025&amp;ky=6" rel="external" '
        'title="Nguồn: Báo &lt;Hải Phòng&gt;, 23/6/2025">6.084</a>'
    )


def test_a_counted_share_shows_its_parts_and_percentage_in_the_language():
    value = figure(numerator=Decimal("6084"), denominator=Decimal("7669"))
    with translation.override("en"):
        html = sourced_figure(value)
    assert html.endswith('>6,084</a> <span class="ratio">(6,084 / 7,669 = 79.3%)</span>')
