import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from programs.models import (
    AdministrativeUnit,
    Attendance,
    Award,
    Bridge,
    Conference,
    ConferenceSource,
    Document,
    EditorProfile,
    EmulationMovement,
    FigureSource,
    ImportBatch,
    ImportJob,
    Indicator,
    IndicatorValue,
    LeadAgency,
    Person,
    Program,
    Target,
)
from tests.factories import (
    AttendanceFactory,
    AwardFactory,
    BridgeFactory,
    CommuneFactory,
    ConferenceFactory,
    DocumentFactory,
    FormerProvinceFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MovementFactory,
    NationFactory,
    PersonFactory,
    ProgramFactory,
    ProvinceFactory,
    SuperUserFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    Document: DocumentFactory,
    Program: ProgramFactory,
    AdministrativeUnit: FormerProvinceFactory,
    Person: PersonFactory,
    Indicator: IndicatorFactory,
    IndicatorValue: IndicatorValueFactory,
    Target: TargetFactory,
    Conference: ConferenceFactory,
    Bridge: BridgeFactory,
    Attendance: AttendanceFactory,
    EmulationMovement: MovementFactory,
    Award: AwardFactory,
}
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "programs"),
    key=lambda model: model.__name__,
)


def admin_url(model, view, *args):
    return reverse(f"admin:programs_{model._meta.model_name}_{view}", args=args)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def form_data(response):
    """What the browser would post back from an admin change page, untouched."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update(
            {management[name].html_name: value for name, value in management.initial.items()}
        )
        forms.extend(inline.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form.add_prefix(name)] = "on"
            elif value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data


@pytest.fixture
def superuser_client(client):
    client.force_login(SuperUserFactory())
    return client


def test_every_programs_model_is_registered():
    models = {
        model
        for model in apps.get_app_config("programs").get_models()
        # Editor profiles are edited on their user's page, further sources on their figure's or
        # conference's, lead agencies on their program's; import jobs are followed on the
        # import's pages.
        if not model.__name__.startswith("Historical")
        and model not in {EditorProfile, FigureSource, ConferenceSource, LeadAgency, ImportJob}
    }
    assert set(REGISTERED) == models == {*FACTORIES, ImportBatch}


def test_site_header_names_the_portal():
    with translation.override("en"):
        assert admin.site.site_header == "NTM Portal administration"
        assert admin.site.site_title == "NTM Portal administration"


# Imports are listed read-only: tests/programs/test_import.py.
@pytest.mark.parametrize(
    "model", sorted(FACTORIES, key=lambda model: model.__name__), ids=lambda model: model.__name__
)
def test_changelist_add_and_change_pages_answer_for_a_superuser(superuser_client, model):
    obj = FACTORIES[model]()
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ):
        assert superuser_client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", [IndicatorValue, Target], ids=lambda model: model.__name__)
def test_history_of_figures_is_kept_and_shown(superuser_client, model):
    obj = FACTORIES[model]()
    response = superuser_client.get(admin_url(model, "history", obj.pk))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1
    assert not response.context["revert_disabled"]


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    url = admin_url(IndicatorValue, "changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"


def test_user_who_is_not_staff_gets_no_access(client):
    client.force_login(UserFactory())
    response = client.get(admin_url(IndicatorValue, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_without_permissions_is_forbidden(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(admin_url(IndicatorValue, "changelist")).status_code == 403
    assert client.get(admin_url(IndicatorValue, "add")).status_code == 403


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (AdministrativeUnit, lambda: FormerProvinceFactory(parent=CommuneFactory().parent)),
        (IndicatorValue, lambda: IndicatorValueFactory(unit=ProvinceFactory())),
        (Award, AwardFactory),
    ],
    ids=["AdministrativeUnit", "IndicatorValue", "Award"],
)
def test_changelist_queries_do_not_grow_with_rows(superuser_client, model, make):
    url = admin_url(model, "changelist")
    for _ in range(3):
        make()
    few, _response = count_queries(superuser_client, url)
    for _ in range(20):
        make()
    many, response = count_queries(superuser_client, url)
    assert response.context["cl"].result_count == model.objects.count() >= 23
    assert many == few


@pytest.mark.parametrize(
    ("term", "found"),
    [("soc trang", "Sóc Trăng"), ("dong thap", "Đồng Tháp"), ("ĐỒNG", "Đồng Tháp")],
)
def test_unit_search_ignores_diacritics_and_case(superuser_client, term, found):
    ProvinceFactory(name_vi="Sóc Trăng")
    ProvinceFactory(name_vi="Đồng Tháp")
    ProvinceFactory(name_vi="Cần Thơ", name_en="Can Tho City")
    response = superuser_client.get(admin_url(AdministrativeUnit, "changelist"), {"q": term})
    assert [unit.name_vi for unit in response.context["cl"].result_list] == [found]


def test_unit_search_finds_english_names(superuser_client):
    ProvinceFactory(name_vi="Thành phố Hồ Chí Minh", name_en="Ho Chi Minh City")
    ProvinceFactory(name_vi="Hà Nội")
    response = superuser_client.get(admin_url(AdministrativeUnit, "changelist"), {"q": "city"})
    assert [unit.name_vi for unit in response.context["cl"].result_list] == [
        "Thành phố Hồ Chí Minh"
    ]


def test_unit_autocomplete_ignores_diacritics(superuser_client):
    ProvinceFactory(name_vi="Đồng Tháp")
    ProvinceFactory(name_vi="Sóc Trăng")
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "programs",
            "model_name": "indicatorvalue",
            "field_name": "unit",
            "term": "dong",
        },
    )
    assert [result["text"] for result in response.json()["results"]] == ["Đồng Tháp"]


@pytest.mark.parametrize(
    ("structure", "names"), [("current", ["Cần Thơ", "Việt Nam"]), ("former", ["Sóc Trăng"])]
)
def test_units_filter_by_structure(superuser_client, structure, names):
    FormerProvinceFactory(name_vi="Sóc Trăng", successor=ProvinceFactory(name_vi="Cần Thơ"))
    response = superuser_client.get(
        admin_url(AdministrativeUnit, "changelist"), {"structure": structure}
    )
    assert [unit.name_vi for unit in response.context["cl"].result_list] == names


def test_units_filter_by_level(superuser_client):
    commune = CommuneFactory(name_vi="Xã Tân Hòa")
    response = superuser_client.get(
        admin_url(AdministrativeUnit, "changelist"), {"level": "commune"}
    )
    assert list(response.context["cl"].result_list) == [commune]


def test_unit_list_shows_level_structure_and_successor(superuser_client, settings):
    unit = FormerProvinceFactory(name_vi="Bình Định", successor=ProvinceFactory(name_vi="Gia Lai"))
    model_admin = admin.site.get_model_admin(AdministrativeUnit)
    response = superuser_client.get(
        admin_url(AdministrativeUnit, "changelist"), {"structure": "former"}
    )
    page = response.content.decode()
    # The admin speaks the default language: its pages are outside the i18n patterns.
    with translation.override(settings.LANGUAGE_CODE):
        for column in [str(unit), model_admin.unit_level(unit), model_admin.structure(unit)]:
            assert str(column) in page
    assert "Gia Lai" in page


def test_unit_level_is_read_only(superuser_client):
    unit = ProvinceFactory()
    response = superuser_client.get(admin_url(AdministrativeUnit, "change", unit.pk))
    form = response.context["adminform"].form
    assert "level" not in form.fields
    assert "unit_level" in response.context["adminform"].readonly_fields


def test_translated_fields_show_vietnamese_first_and_require_it(superuser_client):
    response = superuser_client.get(admin_url(Indicator, "add"))
    fields = list(response.context["adminform"].form.fields)
    assert fields.index("name_vi") < fields.index("name_en")
    assert response.context["adminform"].form.fields["name_vi"].required
    assert not response.context["adminform"].form.fields["name_en"].required


def indicator_value_data(indicator, unit, **changes):
    return {
        "indicator": indicator.pk,
        "unit": unit.pk,
        "period_start": "2025-06-30",
        "period_end": "2025-06-30",
        "status": "draft",
        "value_status": "reported",
        "value": "6084",
        "numerator": "",
        "denominator": "",
        "source_publisher": "Bộ Nông nghiệp và Môi trường",
        "source_url": "https://example.gov.vn/report",
        "source_date": "2025-07-01",
        "note_vi": "",
        "further_sources-TOTAL_FORMS": "0",
        "further_sources-INITIAL_FORMS": "0",
        **changes,
    }


def test_valid_value_is_saved_and_its_history_starts(superuser_client):
    indicator = IndicatorFactory()
    data = indicator_value_data(indicator, NationFactory(), numerator="6084", denominator="7669")
    response = superuser_client.post(admin_url(IndicatorValue, "add"), data)
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert value.share == Decimal("79.3")
    assert value.history.count() == 1


@pytest.mark.parametrize(
    ("measure", "unit_factory", "changes", "field"),
    [
        ("communes", NationFactory, {"numerator": "7700", "denominator": "7669"}, "numerator"),
        ("communes", NationFactory, {"numerator": "5"}, "denominator"),
        ("percent", NationFactory, {"value": "120"}, "value"),
        ("percent", NationFactory, {"value": "-1"}, "value"),
        ("households", NationFactory, {"value": "-5"}, "value"),
        ("communes", CommuneFactory, {}, "unit"),
        (
            "communes",
            FormerProvinceFactory,
            {"period_end": "2025-12-31", "source_date": "2026-01-15"},
            "unit",
        ),
        ("communes", NationFactory, {"period_start": "2025-07-01"}, "period_end"),
        ("communes", NationFactory, {"value": "6084.5"}, "value"),
        (
            "percent",
            NationFactory,
            {"value": "80", "numerator": "6084", "denominator": "7669"},
            "value",
        ),
        ("communes", NationFactory, {"source_date": "2025-06-29"}, "source_date"),
        ("communes", NationFactory, {"qualifier": "roughly"}, "qualifier"),
        ("percent", NationFactory, {"value": "10", "value_high": "5"}, "value_high"),
    ],
    ids=[
        "numerator-above-denominator",
        "numerator-without-denominator",
        "percent-above-100",
        "percent-below-0",
        "negative-count",
        "level-not-reported",
        "unit-not-in-force",
        "period-ends-before-start",
        "fractional-count",
        "share-disagrees-with-counts",
        "source-before-period-end",
        "unknown-qualifier",
        "range-backwards",
    ],
)
def test_bad_value_shows_its_error_on_the_field_and_saves_nothing(
    superuser_client, measure, unit_factory, changes, field
):
    indicator = IndicatorFactory(measure=measure)
    data = indicator_value_data(indicator, unit_factory(), **changes)
    response = superuser_client.post(admin_url(IndicatorValue, "add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert str(errors[field][0]) in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_duplicate_value_is_refused_on_the_form(superuser_client):
    existing = IndicatorValueFactory()
    data = indicator_value_data(existing.indicator, existing.unit)
    response = superuser_client.post(admin_url(IndicatorValue, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert IndicatorValue.objects.count() == 1


def test_award_for_a_commune_is_refused_on_the_province_field(superuser_client):
    award = AwardFactory()
    data = {
        "decision": award.decision.pk,
        "movement": award.movement.pk,
        "award_type": award.award_type,
        "recipient_vi": "Ủy ban nhân dân xã Tân Hòa",
        "recipient_kind": award.recipient_kind,
        "province": CommuneFactory().pk,
    }
    response = superuser_client.post(admin_url(Award, "change", award.pk), data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["province"]


def make_values(indicator, count):
    """`count` more yearly figures of the indicator, one a day after the last."""
    start = datetime.date(2000, 12, 31) + datetime.timedelta(days=indicator.values.count())
    for day in range(count):
        date = start + datetime.timedelta(days=day)
        IndicatorValueFactory(indicator=indicator, period_start=date, period_end=date)


def test_indicator_page_shows_only_the_latest_values_and_links_to_all(superuser_client):
    indicator = IndicatorFactory()
    make_values(indicator, 12)
    response = superuser_client.get(admin_url(Indicator, "change", indicator.pk))
    values = response.context["inline_admin_formsets"][0].formset
    shown = [form.instance.period_end for form in values.initial_forms]
    assert shown == sorted(indicator.values.values_list("period_end", flat=True), reverse=True)[:10]
    link = f"{admin_url(IndicatorValue, 'changelist')}?indicator__id__exact={indicator.pk}"
    assert link in response.content.decode()
    IndicatorValueFactory()
    assert superuser_client.get(link).context["cl"].result_count == 12


def test_indicator_page_queries_stay_bounded(superuser_client):
    indicator = IndicatorFactory()
    url = admin_url(Indicator, "change", indicator.pk)
    make_values(indicator, 12)
    for unit in ProvinceFactory.create_batch(12):
        TargetFactory(indicator=indicator, unit=unit)
    few, _response = count_queries(superuser_client, url)
    make_values(indicator, 20)
    for unit in ProvinceFactory.create_batch(20):
        TargetFactory(indicator=indicator, unit=unit)
    many, _response = count_queries(superuser_client, url)
    assert many == few


def test_indicator_saves_with_its_latest_values_and_keeps_the_older(superuser_client):
    indicator = IndicatorFactory()
    make_values(indicator, 12)
    url = admin_url(Indicator, "change", indicator.pk)
    data = form_data(superuser_client.get(url))
    data["values-0-value"] = "6100"
    response = superuser_client.post(url, data)
    assert response.status_code == 302
    latest = indicator.values.order_by("-period_end")
    assert latest[0].value == 6100
    assert indicator.values.count() == 12
    assert latest[0].history.count() == 2


def test_bad_value_in_the_indicator_inline_shows_on_its_field(superuser_client):
    indicator = IndicatorFactory()
    make_values(indicator, 2)
    url = admin_url(Indicator, "change", indicator.pk)
    data = form_data(superuser_client.get(url))
    data["values-1-value"] = "-3"
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    values = response.context["inline_admin_formsets"][0].formset
    assert [list(form.errors) for form in values.forms] == [[], ["value"]]
    assert not indicator.values.filter(value=-3).exists()


def test_conference_page_edits_its_bridges_and_a_bridge_its_attendees(superuser_client):
    attendance = AttendanceFactory()
    conference = attendance.bridge.conference
    response = superuser_client.get(admin_url(Conference, "change", conference.pk))
    assert [
        form.instance for form in response.context["inline_admin_formsets"][0].formset.forms
    ] == [attendance.bridge]
    response = superuser_client.get(admin_url(Bridge, "change", attendance.bridge.pk))
    assert [
        form.instance for form in response.context["inline_admin_formsets"][0].formset.forms
    ] == [attendance]


def test_movement_page_lists_its_awards(superuser_client):
    award = AwardFactory()
    response = superuser_client.get(admin_url(EmulationMovement, "change", award.movement.pk))
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance for form in formset.forms] == [award]
