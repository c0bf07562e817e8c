"""/sitemap.xml: every public page of the site, in both languages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from ntmportal.models import Page
from programs.models import (
    AdministrativeUnit,
    Conference,
    Document,
    EmulationMovement,
    Indicator,
    IndicatorValue,
    Program,
)

from .models import Article, Author, Category, Tag


class PageSitemap(Sitemap):
    """The pages of the objects `items()` returns; called per request, so it is never stale."""

    i18n = True
    alternates = True

    def __init__(self, items, lastmod=None):
        self.get_items = items
        self.lastmod_field = lastmod

    def items(self):
        return self.get_items()

    def lastmod(self, obj):
        return getattr(obj, self.lastmod_field) if self.lastmod_field else None


class ViewSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return [
            "programs:home",
            "programs:program_list",
            "programs:province_list",
            "programs:conference_list",
            "programs:document_list",
            "programs:movement_list",
            "programs:award_list",
            "programs:downloads",
            "news:article_list",
        ]

    def location(self, name):
        return reverse(name)


class ProvinceIndicatorSitemap(Sitemap):
    """The history page of each provincial indicator in each province, current or former, that
    has a published figure of its own; last modified when its latest figure was."""

    i18n = True
    alternates = True

    def items(self):
        rows = (
            IndicatorValue.objects.published()
            .filter(indicator__at_province=True, unit__level=AdministrativeUnit.Level.PROVINCE)
            .values("unit", "indicator__code")
            .annotate(lastmod=Max("updated_at"))
            .order_by("unit", "indicator__code")
        )
        units = AdministrativeUnit.objects.provinces().in_bulk({row["unit"] for row in rows})
        return [(units[row["unit"]], row["indicator__code"], row["lastmod"]) for row in rows]

    def location(self, item):
        unit, code, _lastmod = item
        name = "former_province_indicator" if unit.is_former else "province_indicator"
        return reverse(f"programs:{name}", args=[unit.slug, code])

    def lastmod(self, item):
        return item[2]


sitemaps = {
    "pages": ViewSitemap(),
    "articles": PageSitemap(Article.objects.published, lastmod="updated_at"),
    "categories": PageSitemap(Category.objects.all),
    "tags": PageSitemap(
        lambda: Tag.objects.filter(pk__in=Article.objects.published().values("tags"))
    ),
    "authors": PageSitemap(
        lambda: Author.objects.filter(pk__in=Article.objects.published().values("authors"))
    ),
    "programs": PageSitemap(Program.objects.all),
    "provinces": PageSitemap(AdministrativeUnit.objects.provinces),
    "indicators": PageSitemap(Indicator.objects.all),
    "province-indicators": ProvinceIndicatorSitemap(),
    "documents": PageSitemap(Document.objects.all),
    "conferences": PageSitemap(Conference.objects.all),
    "movements": PageSitemap(EmulationMovement.objects.all),
    "portal-pages": PageSitemap(Page.objects.all, lastmod="updated_at"),
}
