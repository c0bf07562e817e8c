"""The main pages in English, in real Chromium at 360 and 1280 px: the page says it is English,
no sideways scroll, no console error, no serious or critical axe-core violation (which checks
that every lang attribute is valid), and the Vietnamese text left untranslated is marked.

The site and the checks are those of test_site_audit.py; screenshots are kept as en-<page>.
"""

import pytest

from tests.browser.test_site_audit import axe_source, site_pages  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "home",
    "program",
    "province",
    "former-province",
    "indicator-chart",
    "indicator-map",
    "indicator-map-63",
    "indicator-table",
    "conference",
    "documents",
    "search",
]

# Vietnamese letters outside an element marked lang="vi" (English never uses them).
UNMARKED_VIETNAMESE = """() => {
  const letters = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!letters.test(node.data) || parent.closest("script, style, option, title")) continue;
    if (parent.closest("[lang]").getAttribute("lang") !== "vi") found.push(node.data.trim());
  }
  return found;
}"""


@pytest.mark.parametrize("name", PAGES)
def test_english_page_fits_logs_no_error_passes_axe_and_marks_vietnamese(
    live_server,
    page,
    screenshot,
    site_pages,  # noqa: F811 - the imported fixture
    axe_source,  # noqa: F811 - the imported fixture
    name,
):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(f"{live_server.url}/en{site_pages[name]}")
    assert response.status == 200
    screenshot(f"en-{name}")
    assert page.locator("html").get_attribute("lang") == "en"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    assert errors == []
    page.evaluate(axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']][:3]}"
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    assert page.evaluate(UNMARKED_VIETNAMESE) == []
