"""Numbers typed and shown in the editor's language.

A browser's `type=number` input drops what it cannot read ("62,5" became 625), so figures are
typed in a text input and read on the server by Django's localized DecimalField: in Vietnamese a
decimal comma and dots between thousands (the rule is in vi/formats.py). The API keeps plain
JSON numbers.
"""

from decimal import Decimal

from django import forms
from django.db import models


class NumberInput(forms.TextInput):
    """A text input showing the figure as the language writes it, without a stored figure's
    trailing zeros (62.5000 is shown "62,5"); phones offer their numeric keyboard."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "size": 12, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            value = Decimal(format(value.normalize(), "f"))
        return super().format_value(value)


# For ModelAdmin.formfield_overrides and the admin's own forms.
LOCALIZED_NUMBERS = {models.DecimalField: {"localize": True, "widget": NumberInput}}


def number_field(**kwargs):
    """A form field for a figure, read as the editor's language writes it."""
    return forms.DecimalField(localize=True, widget=NumberInput, **kwargs)
