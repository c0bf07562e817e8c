"""What editors type is read as they meant it, and shown back as their language writes it:
ntmportal/formats/ (dates and numbers in vi and en) and the admin's figure fields."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from ntmportal.formats.fields import NumberInput, number_field
from programs.models import Indicator, IndicatorValue, Target
from tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    NationFactory,
    SuperUserFactory,
)

LANGUAGES = ["vi", "en"]
JUNE_5 = datetime.date(2025, 6, 5)


class DatesForm(forms.Form):
    day = forms.DateField()
    moment = forms.DateTimeField()


def read(language, field, text):
    with translation.override(language):
        form = DatesForm({"day": "2025-01-01", "moment": "2025-01-01 00:00", field: text})
        return form.cleaned_data[field] if form.is_valid() else form.errors[field]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("text", ["05/06/2025", "2025-06-05", "5/6/2025"])
def test_dates_are_read_day_first_or_iso(language, text):
    assert read(language, "day", text) == JUNE_5


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_day_above_twelve_is_accepted(language):
    assert read(language, "day", "31/12/2025") == datetime.date(2025, 12, 31)


@pytest.mark.parametrize("language", LANGUAGES)
def test_month_first_dates_are_refused(language):
    assert read(language, "day", "12/31/2025") != datetime.date(2025, 12, 31)
    assert isinstance(read(language, "day", "12/31/2025"), list)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_scheduled_moment_is_read_day_first(language):
    moment = read(language, "moment", "05/12/2026 08:00")
    assert timezone.localtime(moment).replace(tzinfo=None) == datetime.datetime(2026, 12, 5, 8)


@pytest.mark.parametrize(
    ("language", "text", "number"),
    [
        ("vi", "62,5", Decimal("62.5")),
        ("vi", "6.084", Decimal("6084")),
        ("vi", "6,084", Decimal("6.084")),
        ("vi", "1.234.567,25", Decimal("1234567.25")),
        ("vi", "6084", Decimal("6084")),
        ("en", "62.5", Decimal("62.5")),
        ("en", "6,084", Decimal("6084")),
        ("en", "1,234,567.25", Decimal("1234567.25")),
    ],
)
def test_numbers_are_read_with_the_languages_separators(language, text, number):
    with translation.override(language):
        assert number_field().clean(text) == number


@pytest.mark.parametrize(("language", "text"), [("vi", "62,5,1"), ("en", "six"), ("vi", "")])
def test_what_is_not_a_number_is_refused(language, text):
    with translation.override(language), pytest.raises(forms.ValidationError):
        number_field().clean(text)


@pytest.mark.parametrize(
    ("language", "number", "shown"),
    [
        ("vi", Decimal("62.5000"), "62,5"),
        ("vi", Decimal("6084.0000"), "6.084"),
        ("en", Decimal("6084.0000"), "6,084"),
        ("en", Decimal("79.3000"), "79.3"),
    ],
)
def test_number_input_shows_the_figure_as_the_language_writes_it(language, number, shown):
    with translation.override(language):
        html = number_field().widget.render("value", number)
    assert f'value="{shown}"' in html
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html


@pytest.mark.parametrize(
    ("language", "template", "shown"),
    [
        ("vi", '{{ day|date:"SHORT_DATE_FORMAT" }}', "22/6/2025"),
        ("vi", "{{ day|date }}", "22 tháng 6 năm 2025"),
        ("en", '{{ day|date:"SHORT_DATE_FORMAT" }}', "22 June 2025"),
        ("en", "{{ day|date }}", "22 June 2025"),
    ],
)
def test_dates_are_shown_one_way_per_language(language, template, shown):
    with translation.override(language):
        assert Template(template).render(Context({"day": datetime.date(2025, 6, 22)})) == shown


# The admin's forms


@pytest.fixture
def vi_admin(client):
    client.force_login(SuperUserFactory())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi-VN"
    return client


def figure_data(indicator, unit, **changes):
    return {
        "indicator": indicator.pk,
        "unit": unit.pk,
        "period_start": "05/06/2025",
        "period_end": "05/06/2025",
        "status": "draft",
        "value_status": "reported",
        "value": "62,5",
        "numerator": "",
        "denominator": "",
        "source_publisher": "Bộ Nông nghiệp và Môi trường",
        "source_url": "https://example.gov.vn/report",
        "source_date": "05/06/2025",
        "note_vi": "",
        "further_sources-TOTAL_FORMS": "0",
        "further_sources-INITIAL_FORMS": "0",
    } | changes


@pytest.mark.django_db
def test_vietnamese_admin_stores_a_figure_as_typed(vi_admin):
    indicator = IndicatorFactory(measure=Indicator.Measure.PERCENT, additive=False)
    data = figure_data(indicator, NationFactory(), numerator="6.084", denominator="9.734")
    response = vi_admin.post(reverse("admin:programs_indicatorvalue_add"), data)

    assert response.status_code == 302
    figure = IndicatorValue.objects.get()
    assert (figure.period_end, figure.source_date) == (JUNE_5, JUNE_5)
    assert (figure.value, figure.numerator, figure.denominator) == (62.5, 6084, 9734)


@pytest.mark.django_db
def test_vietnamese_admin_shows_a_stored_figure_as_vietnamese_write_it(vi_admin):
    figure = IndicatorValueFactory(value=Decimal("6084"), period_end=JUNE_5, period_start=JUNE_5)
    response = vi_admin.get(reverse("admin:programs_indicatorvalue_change", args=[figure.pk]))

    html = response.content.decode()
    assert 'name="value" value="6.084"' in html
    assert 'name="period_end" value="05/06/2025"' in html
    assert 'type="number"' not in html


@pytest.mark.django_db
def test_vietnamese_admin_refuses_a_garbled_number_and_saves_nothing(vi_admin):
    data = figure_data(IndicatorFactory(), NationFactory(), value="6,0,84")
    response = vi_admin.post(reverse("admin:programs_indicatorvalue_add"), data)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["value"]
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_vietnamese_admin_reads_a_target_as_typed(vi_admin):
    data = {
        "indicator": IndicatorFactory().pk,
        "unit": NationFactory().pk,
        "period_start": "01/01/2021",
        "period_end": "31/12/2025",
        "comparator": "at_least",
        "value": "6.084",
        "value_high": "",
        "document": DocumentFactory().pk,
        "note": "",
    }
    response = vi_admin.post(reverse("admin:programs_target_add"), data)

    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.value, target.period_end) == (6084, datetime.date(2025, 12, 31))


def test_number_input_leaves_text_as_typed():
    assert NumberInput().format_value("62,5") == "62,5"


def test_the_admins_split_date_and_time_schedule_the_day_typed():
    field = forms.SplitDateTimeField()
    with translation.override("vi"):
        moment = field.clean(["05/12/2026", "08:00"])

    assert timezone.localtime(moment).replace(tzinfo=None) == datetime.datetime(2026, 12, 5, 8)
