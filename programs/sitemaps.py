"""The programs' pages in /sitemap.xml (ntmportal/sitemaps.py)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Q, Subquery
from django.urls import reverse

from ntmportal.sitemaps import PageSitemap, ViewSitemap

from .models import (
    AdministrativeUnit,
    Conference,
    Document,
    EmulationMovement,
    Indicator,
    IndicatorValue,
    Program,
)


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


PUBLISHED = IndicatorValue.Status.PUBLISHED


def figures_changed(path):
    """When the latest published figure under `path` (a relation to IndicatorValue) changed."""
    return Max(f"{path}__updated_at", filter=Q(**{f"{path}__status": PUBLISHED}))


def last_saved(model):
    """When the object's latest kept version was saved (its history)."""
    versions = model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return Subquery(versions.values("history_date")[:1])


def programs():
    return Program.objects.annotate(lastmod=figures_changed("indicators__values"))


def provinces():
    return AdministrativeUnit.objects.provinces().annotate(
        lastmod=figures_changed("indicator_values")
    )


def indicators():
    return Indicator.objects.annotate(lastmod=figures_changed("values"))


def documents():
    return Document.objects.annotate(lastmod=last_saved(Document))


def conferences():
    return Conference.objects.annotate(lastmod=last_saved(Conference))


# Each page with its lastmod: figure pages when their latest figure changed, documents and
# conferences when last saved, movements when they or their awards were.
sitemaps = {
    "pages": ViewSitemap(
        "programs:home",
        "programs:program_list",
        "programs:province_list",
        "programs:conference_list",
        "programs:document_list",
        "programs:movement_list",
        "programs:award_list",
        "programs:downloads",
    ),
    "programs": PageSitemap(programs, lastmod="lastmod"),
    "provinces": PageSitemap(provinces, lastmod="lastmod"),
    "indicators": PageSitemap(indicators, lastmod="lastmod"),
    "province-indicators": ProvinceIndicatorSitemap(),
    "documents": PageSitemap(documents, lastmod="lastmod"),
    "conferences": PageSitemap(conferences, lastmod="lastmod"),
    "movements": PageSitemap(EmulationMovement.objects.with_last_change, lastmod="last_change"),
}
