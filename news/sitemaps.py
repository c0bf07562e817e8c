"""/sitemap.xml: every public page of the site, in both languages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from programs.models import (
    AdministrativeUnit,
    Conference,
    Document,
    EmulationMovement,
    Indicator,
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
            "news:article_list",
        ]

    def location(self, name):
        return reverse(name)


class ProvinceIndicatorSitemap(Sitemap):
    """The history page of each provincial indicator in each province, current or former."""

    i18n = True
    alternates = True

    def items(self):
        codes = list(Indicator.objects.filter(at_province=True).values_list("code", flat=True))
        return [(unit, code) for unit in AdministrativeUnit.objects.provinces() for code in codes]

    def location(self, item):
        unit, code = item
        name = "former_province_indicator" if unit.is_former else "province_indicator"
        return reverse(f"programs:{name}", args=[unit.slug, code])


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
}
