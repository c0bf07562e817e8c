from django.utils.functional import SimpleLazyObject

from .models import SiteSettings


def site_settings(request):
    """The portal's identity for the footer, read only by pages that show it."""
    return {"site_settings": SimpleLazyObject(SiteSettings.load)}
