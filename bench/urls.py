"""The portal's addresses plus the benchmark's two references (bench/README.md):

bench/minimal/   a small fixed page, no database: the ceiling of a Django view on this machine
bench/values/    the first page of the indicator-values API (page_size=100) as a plain
                 JsonResponse of `.values()`: the same rows and fields, without DRF

Both say `Cache-Control: no-store`, so that the page cache never answers for them: they measure
what a view costs.
"""

from django.db.models import F
from django.http import HttpResponse, JsonResponse
from django.urls import path

from ntmportal import urls
from programs.api import IndicatorValueViewSet
from programs.models import IndicatorValue

MINIMAL_PAGE = "<!doctype html><html lang=vi><title>NTM</title><p>Nông thôn mới</p></html>"
NOT_STORED = {"Cache-Control": "no-store"}


def minimal(request):
    return HttpResponse(MINIMAL_PAGE, headers=NOT_STORED)


def values(request):
    rows = (
        IndicatorValue.objects.published()
        .order_by(*IndicatorValueViewSet.queryset.query.order_by)
        .values(
            "id",
            *IndicatorValue.columns(drop={"indicator", "unit"}),
            "updated_at",
            unit_code=F("unit__code"),
            unit_name=F("unit__name"),
            indicator_code=F("indicator__code"),
            indicator_name=F("indicator__name"),
            measure=F("indicator__measure"),
        )
    )
    return JsonResponse({"results": list(rows[:100])}, headers=NOT_STORED)


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/values/", values),
    *urls.urlpatterns,  # i18n_patterns cannot be include()d
]
