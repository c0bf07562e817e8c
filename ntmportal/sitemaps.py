"""The sitemap's building blocks and the portal's own pages; each app lists its pages in its
sitemaps.py, and ntmportal/urls.py puts them together as /sitemap.xml, in both languages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Page


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
    """Pages without an object (lists), by URL name."""

    i18n = True
    alternates = True

    def __init__(self, *names):
        self.names = list(names)

    def items(self):
        return self.names

    def location(self, name):
        return reverse(name)


sitemaps = {"portal-pages": PageSitemap(Page.objects.all, lastmod="updated_at")}
