from django.http import JsonResponse
from django.utils import translation
from django.views import defaults
from django.views.generic import DetailView
from rest_framework.exceptions import NotFound

from .models import Page


class PageView(DetailView):
    model = Page
    template_name = "page.html"
    context_object_name = "page"

    def get_context_data(self, **kwargs):
        # The contact page lists the settings' contact details under its text.
        return super().get_context_data(show_contact=self.object.slug == "contact", **kwargs)


def not_found(request, exception):
    """An address that matches nothing: under /api/, the JSON the API's own 404s give, in the
    language of Accept-Language as all the API's text, so that a client reads one error whatever
    the cause; elsewhere the site's page."""
    if request.path.startswith("/api/"):
        with translation.override(translation.get_language_from_request(request)):
            return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)
