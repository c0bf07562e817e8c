from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NtmPortalConfig(AppConfig):
    """The portal itself: who publishes it (SiteSettings) and its fixed pages (Page)."""

    name = "ntmportal"
    verbose_name = _("Portal")

    def ready(self):
        from ntmportal import pagecache

        pagecache.watch(self)
