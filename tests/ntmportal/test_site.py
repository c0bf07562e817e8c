"""The portal's identity in the footer and its fixed pages, edited in the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from ntmportal.models import Page, SiteSettings
from ntmportal.seeding import seed_portal
from tests.factories import SuperUserFactory

pytestmark = pytest.mark.django_db

FIXED_PAGES = ["about", "contact", "accessibility", "privacy", "data-licence"]


@pytest.fixture(autouse=True)
def _portal():
    """What migration 0002 made, again: a transactional test elsewhere may have flushed it."""
    seed_portal(SiteSettings, Page)


@pytest.fixture(autouse=True)
def _vietnamese():
    """Each test starts in the default language (a request under /en/ switches the thread)."""
    with translation.override("vi"):
        yield


def content(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


class TestFooter:
    def test_shows_the_publisher_filled_in_the_admin(self, client):
        settings = SiteSettings.load()
        settings.owner_vi = "Văn phòng Điều phối"
        settings.phone = "024 1234 5678"
        settings.email = "lienhe@example.org"
        settings.data_licence = "CC BY 4.0"
        settings.data_licence_url = "https://creativecommons.org/licenses/by/4.0/"
        settings.save()
        html = content(client, "/")
        assert "Văn phòng Điều phối" in html
        assert 'href="tel:02412345678"' in html
        assert 'href="mailto:lienhe@example.org"' in html
        assert 'rel="license">CC BY 4.0</a>' in html

    def test_hides_the_details_left_blank(self, client):
        html = content(client, "/")
        assert "Cổng thông tin các Chương trình mục tiêu quốc gia" in html
        for label in ("Điện thoại", "Thư điện tử", "Giấy phép", "Người chịu trách nhiệm"):
            assert f"<dt>{label}</dt>" not in html

    def test_links_the_api_the_downloads_and_every_fixed_page(self, client):
        html = content(client, "/")
        assert f'href="{reverse("api:docs")}"' in html
        assert f'href="{reverse("programs:downloads")}"' in html
        for slug in FIXED_PAGES:
            assert f'href="{reverse("page", args=[slug])}"' in html


class TestSiteSettings:
    def test_there_is_only_ever_one_row(self):
        SiteSettings(site_name="Khác").save()
        assert SiteSettings.objects.count() == 1
        assert SiteSettings.load().site_name == "Khác"

    def test_a_second_row_is_refused_by_the_database(self):
        with pytest.raises(IntegrityError):
            SiteSettings.objects.bulk_create([SiteSettings(pk=2, site_name="x")])

    def test_admin_cannot_add_a_second_or_delete(self, client):
        client.force_login(SuperUserFactory())
        assert client.get(reverse("admin:ntmportal_sitesettings_add")).status_code == 403
        url = reverse("admin:ntmportal_sitesettings_delete", args=[1])
        assert client.get(url).status_code == 403

    def test_admin_edits_the_settings(self, client):
        client.force_login(SuperUserFactory())
        url = reverse("admin:ntmportal_sitesettings_change", args=[1])
        assert client.get(url).status_code == 200


class TestPages:
    @pytest.mark.parametrize("slug", FIXED_PAGES)
    def test_each_fixed_page_reads_in_both_languages(self, client, slug):
        page = Page.objects.get(slug=slug)
        assert page.title_vi and page.title_en and page.body_vi and page.body_en
        vi = content(client, page.get_absolute_url())
        en = content(client, "/en" + page.get_absolute_url())
        assert f"<h1>{page.title_vi}</h1>" in vi
        assert f"<h1>{page.title_en}</h1>" in en

    def test_shows_published_and_last_updated(self, client):
        html = content(client, reverse("page", args=["about"]))
        assert "Ngày đăng" in html and "Cập nhật lần cuối" in html

    def test_contact_page_lists_the_contact_details(self, client):
        settings = SiteSettings.load()
        settings.email = "lienhe@example.org"
        settings.save()
        html = content(client, reverse("page", args=["contact"]))
        assert html.count('href="mailto:lienhe@example.org"') == 2  # the page and the footer

    def test_unknown_page_is_404(self, client):
        assert client.get(reverse("page", args=["atlantis"])).status_code == 404

    def test_a_page_without_text_is_invalid(self):
        with pytest.raises(ValidationError):
            Page(slug="empty", title_vi="Trống", body_vi="  ").full_clean()
