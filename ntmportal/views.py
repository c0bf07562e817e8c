from django.views.generic import DetailView

from .models import Page


class PageView(DetailView):
    model = Page
    template_name = "page.html"
    context_object_name = "page"

    def get_context_data(self, **kwargs):
        # The contact page lists the settings' contact details under its text.
        return super().get_context_data(show_contact=self.object.slug == "contact", **kwargs)
