"""Every main page in real Chromium at 360 and 1280 px: no sideways scroll, no console error,
and no serious or critical accessibility violation found by axe-core.

axe-core comes from the npm registry: `npm ci` in tests/browser/ (package-lock.json pins it).
"""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from ntmportal.models import Page, SiteSettings
from ntmportal.seeding import seed_portal
from programs.models import IndicatorValue
from tests.factories import (
    ArticleFactory,
    AwardFactory,
    BridgeFactory,
    ConferenceFactory,
    DocumentFactory,
    FormerProvinceFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    NationFactory,
    ProgramFactory,
    ProvinceFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
D = datetime.date


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm ci` in tests/browser/")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def site_pages():
    """A small site with a national series (a target and a projection), a province formed
    from a former one, a conference with bridges, documents and an article."""
    seed_portal(SiteSettings, Page)
    nation = NationFactory()
    decision = DocumentFactory(number="263/QĐ-TTg", title_vi="Phê duyệt Chương trình")
    program = ProgramFactory(
        code="NTM", name_vi="Chương trình xây dựng nông thôn mới", decided_by=decision
    )
    indicator = IndicatorFactory(
        code="ntm-communes", name_vi="Số xã đạt chuẩn nông thôn mới", program=program
    )
    TargetFactory(indicator=indicator, unit=nation, value=6000, document=decision)
    for day, value in [(D(2021, 12, 31), 5200), (D(2023, 12, 31), 5800), (D(2025, 6, 30), 6084)]:
        IndicatorValueFactory(
            indicator=indicator, unit=nation, value=value, period_start=day, period_end=day
        )
    IndicatorValueFactory(
        indicator=indicator,
        unit=nation,
        value=6200,
        period_start=D(2025, 12, 31),
        period_end=D(2025, 12, 31),
        value_status=IndicatorValue.ValueStatus.PROJECTION,
    )
    can_tho = ProvinceFactory(code="92", name_vi="Cần Thơ", parent=nation)
    soc_trang = FormerProvinceFactory(code="94", name_vi="Sóc Trăng", successor=can_tho)
    IndicatorValueFactory(indicator=indicator, unit=soc_trang, value=80)
    IndicatorValueFactory(
        indicator=indicator,
        unit=can_tho,
        value=150,
        period_start=D(2025, 12, 31),
        period_end=D(2025, 12, 31),
    )
    conference = ConferenceFactory(title_vi="Hội nghị toàn quốc tổng kết 15 năm")
    conference.programs.add(program)
    BridgeFactory(conference=conference, name_vi="Điểm cầu Cần Thơ", unit=can_tho)
    AwardFactory(province=soc_trang, conference=conference, decision=decision)
    article = ArticleFactory(title_vi="Sóc Trăng tổng kết nông thôn mới")
    article.units.add(soc_trang)
    indicator_url = indicator.get_absolute_url()
    return {
        "home": "/",
        "program": program.get_absolute_url(),
        "province": can_tho.get_absolute_url(),
        "former-province": soc_trang.get_absolute_url(),
        "indicator-chart": f"{indicator_url}?view=chart",
        "indicator-map": f"{indicator_url}?view=map",
        "indicator-map-63": f"{indicator_url}?view=map&period=2025-06-30",
        "indicator-table": f"{indicator_url}?view=table",
        "indicator-compare": f"{indicator_url}?compare={soc_trang.pk}&compare={can_tho.pk}",
        "conference": conference.get_absolute_url(),
        "documents": reverse("programs:document_list"),
        "document": decision.get_absolute_url(),
        "search": f"{reverse('search')}?q=soc+trang",
        "movements": reverse("programs:movement_list"),
        "awards": reverse("programs:award_list"),
        "about": reverse("page", args=["about"]),
        "english-indicator": f"/en{indicator_url}?view=map",
    }


PAGES = [
    "home",
    "program",
    "province",
    "former-province",
    "indicator-chart",
    "indicator-map",
    "indicator-map-63",
    "indicator-table",
    "indicator-compare",
    "conference",
    "documents",
    "document",
    "search",
    "movements",
    "awards",
    "about",
    "english-indicator",
]


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_the_screen_logs_no_error_and_passes_axe(
    live_server, page, screenshot, site_pages, axe_source, name
):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(live_server.url + site_pages[name])
    assert response.status == 200
    screenshot(name)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    assert errors == []
    # Evaluated, not added as a <script>: the pages' CSP rightly refuses inline scripts.
    page.evaluate(axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']][:3]}"
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []


def test_first_headline_figure_is_above_the_fold_on_a_phone(live_server, browser, site_pages):
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="vi-VN")
    phone = context.new_page()
    phone.goto(live_server.url + "/")
    box = phone.locator(".headline-fact").first.bounding_box()
    context.close()
    assert box is not None and box["y"] + box["height"] <= 800
