from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from news import sitemaps as news_sitemaps
from ntmportal import sitemaps as portal_sitemaps
from ntmportal.health import healthz
from ntmportal.search.views import SearchView
from ntmportal.views import PageView, not_found
from programs import sitemaps as programs_sitemaps

# The sitemap index: each app's pages, then the portal's own.
sitemaps = programs_sitemaps.sitemaps | news_sitemaps.sitemaps | portal_sitemaps.sitemaps

handler404 = not_found

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("ntmportal.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
]
urlpatterns += i18n_patterns(
    path("news/", include("news.urls")),
    path("search/", SearchView.as_view(), name="search"),
    path("pages/<slug:slug>/", PageView.as_view(), name="page"),
    path("", include("programs.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
