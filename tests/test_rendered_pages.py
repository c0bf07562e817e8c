"""The public pages, rendered from the seed data at a fixed moment, give the HTML recorded in
tests/rendered/: what each page escapes, translates and localises stays as it was when the page was
recorded, whatever changes in the views, templates or helpers behind it.

After a deliberate change to what a page shows, record again and read the diff before committing:
`RECORD_PAGES=1 .venv/bin/python -m pytest tests/test_rendered_pages.py`.
"""

import datetime
import difflib
import os
import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from news.models import Article, Author, Category, Tag
from ntmportal.models import Page
from programs.models import (
    AdministrativeUnit,
    Conference,
    Document,
    EmulationMovement,
    Indicator,
    Program,
)

RECORDED = Path(__file__).parent / "rendered"
MOMENT = datetime.datetime(2026, 6, 5, 9, 30, tzinfo=datetime.UTC)
# A title to be escaped wherever it is shown: what editors write is text, never markup.
HOSTILE = 'Xã <b>"Mường"</b> & <script>alert(1)</script>'


def addresses():
    """Every kind of public page, with the seed's objects that show the most of it."""
    phu_tho = AdministrativeUnit.objects.get(slug="phu-tho", valid_until=None)
    former = AdministrativeUnit.objects.filter(successor=phu_tho).exclude(pk=phu_tho.pk).first()
    indicator = Indicator.objects.filter(values__unit=phu_tho).distinct().first()
    articles = Article.objects.published().order_by("-publish_at")
    pages = {
        "home": reverse("programs:home"),
        "program_list": reverse("programs:program_list"),
        "province_list": reverse("programs:province_list"),
        "province": phu_tho.get_absolute_url(),
        "province_indicator": reverse(
            "programs:province_indicator", args=[phu_tho.slug, indicator.code]
        ),
        "former_province": former.get_absolute_url(),
        "document_list": reverse("programs:document_list"),
        "conference_list": reverse("programs:conference_list"),
        "movement_list": reverse("programs:movement_list"),
        "award_list": reverse("programs:award_list"),
        "downloads": reverse("programs:downloads"),
        "news": reverse("news:article_list"),
        "search": reverse("search") + "?q=nong+thon+moi",
        "search_nothing": reverse("search") + "?q=zzzz",
        "search_empty": reverse("search"),
        "not_found": "/khong-co-trang-nay/",
    }
    for program in Program.objects.all():
        pages[f"program_{program.slug}"] = program.get_absolute_url()
    for name, queryset in [
        ("indicator", Indicator.objects.filter(values__isnull=False).distinct()[:2]),
        ("conference", Conference.objects.all()[:2]),
        ("document", Document.objects.all()[:2]),
        ("movement", EmulationMovement.objects.all()[:2]),
        ("article", articles[:3]),
        ("category", Category.objects.all()[:1]),
        ("tag", Tag.objects.all()[:1]),
        ("author", Author.objects.all()[:1]),
        ("page", Page.objects.all()[:1]),
    ]:
        for number, item in enumerate(queryset):
            pages[f"{name}_{number}"] = item.get_absolute_url()
    return pages


def normalised(html):
    """The page with its insignificant whitespace collapsed (the blank lines and indentation around
    tags, which a browser does not show) and without the ids of the compare form's options, which
    each database numbers its own way."""
    html = re.sub(r'<option value="\d+"', '<option value="id"', html)
    html = re.sub(r"\s+", " ", html)
    return re.sub(r">\s+<", "><", html).replace("><", ">\n<").strip() + "\n"


@pytest.fixture
def seeded(db):
    """The seed loaded, and every page rendered, at one moment."""
    with mock.patch("django.utils.timezone.now", return_value=MOMENT):
        call_command("seed", verbosity=0)
        article = Article.objects.published().order_by("-publish_at").first()
        article.title_vi = HOSTILE
        article.save()
        # The site's own pages come with the migrations, written when the test database was made.
        Page.objects.update(published_at=MOMENT, updated_at=MOMENT)
        yield


def rendered(client, language):
    pages = {}
    for name, address in addresses().items():
        if language == "en":
            address = "/en" + address
        pages[name] = client.get(address).content.decode()
    with translation.override(language):
        pages["server_error"] = render_to_string("500.html")
        pages["unavailable"] = render_to_string("503.html")
    return pages


@pytest.mark.parametrize("language", ["vi", "en"])
def test_public_pages_render_as_recorded(seeded, client, language):
    pages = rendered(client, language)
    differences = []
    for name, html in pages.items():
        path = RECORDED / language / f"{name}.html"
        if os.environ.get("RECORD_PAGES"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(normalised(html))
            continue
        expected = path.read_text()
        if normalised(html) != expected:
            diff = difflib.unified_diff(
                expected.splitlines(), normalised(html).splitlines(), lineterm="", n=1
            )
            differences.append(f"{language}/{name}:\n" + "\n".join(list(diff)[:30]))
    assert not differences, "\n\n".join(differences)
    assert len(pages) > 30
