from django import forms
from django.utils.translation import gettext_lazy as _

from . import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)

    def clean_q(self):
        """A query that is too long is shortened, not refused: it may come from a pasted text."""
        return self.cleaned_data["q"][:MAX_QUERY_LENGTH].strip()

    @property
    def shortened(self):
        return len(self.data.get("q", "").strip()) > MAX_QUERY_LENGTH
