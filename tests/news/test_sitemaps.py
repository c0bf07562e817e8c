import pytest
from django.utils import timezone

from ntmportal.models import Page, SiteSettings
from ntmportal.seeding import seed_portal
from programs.models import Award, EmulationMovement, IndicatorValue
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    AwardFactory,
    ConferenceFactory,
    DocumentFactory,
    FormerProvinceFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MovementFactory,
    ProgramFactory,
    ProvinceFactory,
    TagFactory,
)

from .conftest import parse_xml

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = parse_xml(response.content)
    return {loc.text for loc in root.iter(f"{SITEMAP}loc")}


def test_sitemap_covers_every_kind_of_public_page_in_both_languages(client):
    author, tag = AuthorFactory(), TagFactory()
    article = ArticleFactory(authors=[author])
    article.tags.add(tag)
    pages = [
        article,
        article.category,
        author,
        tag,
        ProgramFactory(),
        ProvinceFactory(),
        FormerProvinceFactory(),
        IndicatorFactory(),
        DocumentFactory(),
        ConferenceFactory(),
        MovementFactory(),
    ]
    urls = sitemap_urls(client)
    for page in pages:
        path = page.get_absolute_url()
        assert f"http://testserver{path}" in urls, path
        assert f"http://testserver/en{path}" in urls, path
    assert "http://testserver/" in urls
    assert "http://testserver/news/" in urls
    for listing in ("programs", "provinces", "conferences", "documents"):
        assert f"http://testserver/{listing}/" in urls


def test_sitemap_lists_the_provincial_histories_with_figures_and_their_lastmod(client):
    current = ProvinceFactory(name_vi="Cần Thơ")
    former = FormerProvinceFactory(name_vi="Sóc Trăng", successor=current)
    provincial = IndicatorFactory(code="ntm-communes")
    IndicatorFactory(code="empty")
    figure = IndicatorValueFactory(indicator=provincial, unit=former)
    IndicatorValueFactory(
        indicator=provincial, unit=current, status=IndicatorValue.Status.DRAFT, value=1
    )
    response = client.get("/sitemap.xml")
    urls = sitemap_urls(client)
    assert f"http://testserver/en/provinces/former/{former.slug}/indicators/ntm-communes/" in urls
    assert f"http://testserver/provinces/{current.slug}/indicators/ntm-communes/" not in urls
    assert not any("/indicators/empty/" in url and "/provinces/" in url for url in urls)
    entry = response.content.decode().split(f"/provinces/former/{former.slug}/indicators/")[1]
    assert entry.split("<lastmod>")[1].startswith(timezone.localdate(figure.updated_at).isoformat())


def lastmod_of(content, path):
    """The lastmod of the sitemap entry of `path` (Vietnamese address), or None."""
    entry = content.split(f"<loc>http://testserver{path}</loc>")[1].split("</url>")[0]
    return entry.split("<lastmod>")[1].split("<")[0] if "<lastmod>" in entry else None


def test_figure_pages_documents_and_conferences_have_their_lastmod(client):
    program = ProgramFactory()
    indicator = IndicatorFactory(program=program)
    province = ProvinceFactory()
    figure = IndicatorValueFactory(indicator=indicator, unit=province)
    IndicatorValue.objects.filter(pk=figure.pk).update(
        updated_at=timezone.make_aware(timezone.datetime(2025, 7, 2, 12))
    )
    IndicatorValueFactory(  # a later draft changes no public page
        indicator=indicator,
        unit=province,
        status=IndicatorValue.Status.DRAFT,
        value=1,
        period_start=timezone.datetime(2025, 12, 31).date(),
        period_end=timezone.datetime(2025, 12, 31).date(),
    )
    document, conference = DocumentFactory(), ConferenceFactory()
    without_figures = ProgramFactory()
    content = client.get("/sitemap.xml").content.decode()
    for page in (program, indicator, province):
        assert lastmod_of(content, page.get_absolute_url()) == "2025-07-02", page
    for page in (document, conference):
        saved = timezone.localdate(page.history.latest("history_date").history_date)
        assert lastmod_of(content, page.get_absolute_url()) == saved.isoformat(), page
    assert lastmod_of(content, without_figures.get_absolute_url()) is None


def test_a_movement_was_last_modified_when_it_or_one_of_its_awards_was_saved(client):
    def on(day):
        return timezone.make_aware(timezone.datetime(2025, 7, day, 12))

    quiet, awarded = MovementFactory(), MovementFactory()
    award = AwardFactory(movement=awarded)
    EmulationMovement.objects.update(updated_at=on(2))
    Award.objects.filter(pk=award.pk).update(updated_at=on(9))
    content = client.get("/sitemap.xml").content.decode()
    assert lastmod_of(content, quiet.get_absolute_url()) == "2025-07-02"
    assert lastmod_of(content, awarded.get_absolute_url()) == "2025-07-09"
    page = client.get(awarded.get_absolute_url()).content.decode()
    assert '<time datetime="2025-07-09T12:00:00+07:00">' in page


def test_sitemap_lists_the_portal_pages(client):
    seed_portal(SiteSettings, Page)
    urls = sitemap_urls(client)
    for slug in ("about", "contact", "accessibility", "privacy", "data-licence"):
        assert f"http://testserver/pages/{slug}/" in urls


def test_sitemap_leaves_out_hidden_articles_and_authors_of_drafts_only(client, hidden_articles):
    lonely = AuthorFactory()
    hidden_articles[0].authors.add(lonely)
    urls = sitemap_urls(client)
    for article in hidden_articles:
        assert f"http://testserver{article.get_absolute_url()}" not in urls
    assert f"http://testserver{lonely.get_absolute_url()}" not in urls


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()
