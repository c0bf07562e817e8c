"""Filter forms of the public pages. They read the query string: whatever is missing or invalid
falls back to its default and the page says why, never a server error."""

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from ntmportal.vietnamese import vietnamese_order

from .models import AdministrativeUnit, Document, EmulationMovement, IndicatorValue, Program


class DocumentFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All programs"),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Document.Kind.choices]
        # Years as text: a localised number would read 2.025.
        self.fields["year"].choices = [("", _("All years")), *((str(y), str(y)) for y in years)]

    def filter(self, documents):
        """The documents matching every valid field."""
        self.is_valid()
        choice = self.cleaned_data
        if choice.get("kind"):
            documents = documents.filter(kind=choice["kind"])
        if choice.get("program"):
            documents = documents.filter(programs=choice["program"])
        if choice.get("year"):
            documents = documents.filter(issued_on__year=choice["year"])
        return documents


class ProvinceComparisonForm(forms.Form):
    SORTS = {
        "-value": _("Highest first"),
        "value": _("Lowest first"),
        "name": _("Province name"),
    }

    period = forms.ChoiceField(label=_("Period"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def __init__(self, *args, periods, **kwargs):
        """`periods`: (start, end) pairs with figures, the most recent first."""
        super().__init__(*args, **kwargs)
        self.periods = {self.key(start, end): (start, end) for start, end in periods}
        self.fields["period"].choices = [
            (key, IndicatorValue(period_start=start, period_end=end).period_label)
            for key, (start, end) in self.periods.items()
        ]

    @staticmethod
    def key(start, end):
        """ "2025-06-30" for a reference date, "2024-01-01_2024-12-31" for a period."""
        return end.isoformat() if start == end else f"{start.isoformat()}_{end.isoformat()}"

    def selection(self):
        """The chosen period key (None when there is no figure at all) and sort."""
        self.is_valid()
        period = self.cleaned_data.get("period") or next(iter(self.periods), None)
        return period, self.cleaned_data.get("sort") or "-value"


class AwardFilterForm(forms.Form):
    movement = forms.ModelChoiceField(
        label=_("Movement"),
        queryset=EmulationMovement.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All movements"),
    )
    decision = forms.ModelChoiceField(
        label=_("Decision"),
        queryset=Document.objects.filter(awards__isnull=False).distinct(),
        to_field_name="slug",
        required=False,
        empty_label=_("All decisions"),
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=AdministrativeUnit.objects.provinces().current(),
        to_field_name="slug",
        required=False,
        empty_label=_("All provinces"),
    )

    def filter(self, awards):
        """The awards matching every valid field; a province takes in the former provinces that
        merged into it."""
        self.is_valid()
        choice = self.cleaned_data
        if choice.get("movement"):
            awards = awards.filter(movement=choice["movement"])
        if choice.get("decision"):
            awards = awards.filter(decision=choice["decision"])
        if choice.get("province"):
            awards = awards.filter(province__in=choice["province"].ids_with_predecessors())
        return awards


class ProvinceCompareForm(forms.Form):
    """Provinces, current or former, whose histories an indicator page draws together: today's
    first (on every database: PostgreSQL sorts empty dates last, SQLite first), then the former."""

    compare = forms.ModelMultipleChoiceField(
        label=_("Compare provinces"),
        queryset=AdministrativeUnit.objects.provinces().order_by(
            F("valid_until").asc(nulls_first=True), vietnamese_order("name")
        ),
        required=False,
    )

    def __init__(self, *args, most, **kwargs):
        super().__init__(*args, **kwargs)
        self.most = most
        self.fields["compare"].help_text = _("Up to %(most)s; hold Ctrl to choose several.") % {
            "most": most
        }

    def clean_compare(self):
        chosen = self.cleaned_data["compare"]
        if len(chosen) > self.most:
            raise forms.ValidationError(
                _("Choose at most %(most)s provinces."), params={"most": self.most}
            )
        return chosen

    def chosen(self):
        """The valid choice, or none."""
        return list(self.cleaned_data["compare"]) if self.is_valid() else []
