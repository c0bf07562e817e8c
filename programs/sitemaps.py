"""The programs' pages in /sitemap.xml (ntmportal/sitemaps.py)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
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
    "programs": PageSitemap(Program.objects.all),
    "provinces": PageSitemap(AdministrativeUnit.objects.provinces),
    "indicators": PageSitemap(Indicator.objects.all),
    "province-indicators": ProvinceIndicatorSitemap(),
    "documents": PageSitemap(Document.objects.all),
    "conferences": PageSitemap(Conference.objects.all),
    "movements": PageSitemap(EmulationMovement.objects.all),
}
