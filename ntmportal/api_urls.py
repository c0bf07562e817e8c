"""The REST API v1: one router for both apps, the token endpoint, the schema and its viewers."""

from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework import routers
from rest_framework.reverse import reverse
from rest_framework.routers import DefaultRouter

from news import api as news_api
from ntmportal.api import TokenView
from ntmportal.security import csp_override
from programs import api as programs_api

app_name = "api"


class APIRootView(routers.APIRootView):
    """The API's lists, then its full dump, schema and guides, and the licence of its data and
    whom to write to."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data = {
            **response.data,
            "dump": reverse("api:dump", request=request),
            "schema": reverse("api:schema", request=request),
            "docs": reverse("api:docs", request=request),
            "licence": settings.API_LICENSE,
            "contact": settings.API_CONTACT,
        }
        return response


class Router(DefaultRouter):
    include_format_suffixes = False  # `?format=csv`, never `.csv` paths
    APIRootView = APIRootView


router = Router()
router.register("programs", programs_api.ProgramViewSet, basename="program")
router.register("documents", programs_api.DocumentViewSet, basename="document")
router.register("units", programs_api.AdministrativeUnitViewSet, basename="unit")
router.register("indicators", programs_api.IndicatorViewSet, basename="indicator")
router.register("indicator-values", programs_api.IndicatorValueViewSet, basename="indicator-value")
router.register("targets", programs_api.TargetViewSet, basename="target")
router.register("conferences", programs_api.ConferenceViewSet, basename="conference")
router.register("movements", programs_api.MovementViewSet, basename="movement")
router.register("awards", programs_api.AwardViewSet, basename="award")
router.register("articles", news_api.ArticleViewSet, basename="article")
router.register("categories", news_api.CategoryViewSet, basename="category")
router.register("tags", news_api.TagViewSet, basename="tag")
router.register("authors", news_api.AuthorViewSet, basename="author")

# The viewers' scripts come from the sidecar's static files (Swagger UI's start-up script too,
# through the split view); they need inline styles, and ReDoc a worker made from a blob.
VIEWER_CSP = {
    **settings.SECURE_CSP,
    "style-src": ["'self'", "'unsafe-inline'"],
    "worker-src": ["'self'", "blob:"],
}

urlpatterns = [
    path("", include(router.urls)),
    path("token/", TokenView.as_view(), name="token"),
    path("dump/", programs_api.DumpView.as_view(), name="dump"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        csp_override(VIEWER_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path(
        "redoc/",
        csp_override(VIEWER_CSP)(
            SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
        ),
        name="redoc",
    ),
]
