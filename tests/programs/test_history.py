"""History of figures, targets, documents, conferences, bridges, attendances and awards: who
changed what, the diff, restoring a version, and the reason a published figure was deleted."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.fields.files import FieldFile
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from programs.models import (
    Attendance,
    Award,
    Bridge,
    Conference,
    Document,
    EditorProfile,
    IndicatorValue,
)
from tests import factories
from tests.programs.test_admin import form_data

pytestmark = pytest.mark.django_db

Status = IndicatorValue.Status


def url(model, view, *args):
    return reverse(f"admin:programs_{model._meta.model_name}_{view}", args=args)


def member_of(group, username, *provinces):
    user = factories.UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    if provinces:
        EditorProfile.objects.create(user=user).provinces.add(*provinces)
    return user


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return member_of("Biên tập viên trung ương", "national-editor")


@pytest.fixture
def figure():
    return factories.IndicatorValueFactory(unit=factories.NationFactory(), value=6084)


def without_files(data):
    """Form data to post back; an empty file field is left out, as a browser would."""
    return {name: value for name, value in data.items() if not isinstance(value, FieldFile)}


def change(client, obj, **changes):
    model = type(obj)
    response = client.get(url(model, "change", obj.pk))
    return client.post(url(model, "change", obj.pk), without_files(form_data(response)) | changes)


def version_form_data(response):
    form = response.context["adminform"].form
    return without_files(
        {
            name: value
            for name in form.fields
            if (value := form[name].value()) is not None and value is not False
        }
    )


def changed_to(record):
    """The new values of a history record's diff against the version before."""
    return {change["new"] for change in record.history_delta_changes}


def restore(client, obj, record):
    version_url = url(type(obj), "simple_history", obj.pk, record.history_id)
    return client.post(version_url, version_form_data(client.get(version_url)))


# Who changed what


def test_admin_change_records_who_changed_what(figure, editor):
    client = client_of(editor)
    change(client, figure, value="6100")
    latest = figure.history.latest()
    assert (latest.history_type, latest.history_user, latest.value) == ("~", editor, 6100)
    response = client.get(url(IndicatorValue, "history", figure.pk))
    (delta,) = response.context["page_obj"][0].history_delta_changes
    assert (delta["old"], delta["new"]) == ("6084.0000", "6100.0000")
    assert "national-editor" in response.content.decode()


def test_api_write_records_the_token_user(figure):
    user = factories.UserFactory()
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["change_indicatorvalue", "edit_nationwide", "approve_indicatorvalue"]
        )
    )
    client = APIClient()
    client.force_authenticate(user)
    response = client.patch(f"/api/v1/indicator-values/{figure.pk}/", {"value": 6090})
    assert response.status_code == 200
    assert figure.history.latest().history_user == user


# Restoring


def test_earlier_version_is_restored(figure, editor):
    client = client_of(editor)
    first = figure.history.earliest()
    change(client, figure, value="6100")
    response = restore(client, figure, first)
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.value == 6084
    assert figure.history.count() == 3
    assert figure.history.latest().history_user == editor


def test_viewer_sees_history_but_cannot_restore(figure, editor):
    change(client_of(editor), figure, value="6100")
    viewer = client_of(member_of("Người xem", "viewer"))
    assert viewer.get(url(IndicatorValue, "history", figure.pk)).status_code == 200
    version_url = url(IndicatorValue, "simple_history", figure.pk, figure.history.earliest().pk)
    data = version_form_data(client_of(editor).get(version_url))
    assert viewer.post(version_url, data).status_code == 403
    figure.refresh_from_db()
    assert figure.value == 6100


def test_provincial_editor_sees_no_history_of_another_province():
    own, other = factories.ProvinceFactory(code="95"), factories.ProvinceFactory(code="96")
    date = datetime.date(2025, 12, 31)
    theirs = factories.IndicatorValueFactory(unit=other, period_start=date, period_end=date)
    editor = client_of(member_of("Biên tập viên cấp tỉnh", "provincial", own))
    assert editor.get(url(IndicatorValue, "history", theirs.pk)).status_code == 403
    version = url(IndicatorValue, "simple_history", theirs.pk, theirs.history.get().pk)
    assert editor.get(version).status_code == 403


# Deleting published figures


def test_published_figure_is_not_deleted_without_a_reason(figure, editor):
    response = client_of(editor).post(url(IndicatorValue, "delete", figure.pk), {"post": "yes"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["reason"]
    assert IndicatorValue.objects.filter(pk=figure.pk).exists()


def test_delete_page_of_a_published_figure_asks_for_the_reason(figure, editor):
    response = client_of(editor).get(url(IndicatorValue, "delete", figure.pk))
    assert 'name="reason"' in response.content.decode()


def test_published_figure_deleted_with_a_reason_keeps_it_in_history(figure, editor):
    client = client_of(editor)
    response = client.post(
        url(IndicatorValue, "delete", figure.pk), {"post": "yes", "reason": "Nhập trùng số liệu"}
    )
    assert response.status_code == 302
    assert not IndicatorValue.objects.filter(pk=figure.pk).exists()
    record = IndicatorValue.history.latest()
    assert (record.history_type, record.history_user) == ("-", editor)
    assert record.history_change_reason == "Nhập trùng số liệu"
    history = client.get(url(IndicatorValue, "history", figure.pk))
    assert history.status_code == 200
    assert "Nhập trùng số liệu" in history.content.decode()


def test_draft_is_deleted_without_a_reason(editor):
    draft = factories.IndicatorValueFactory(status=Status.DRAFT)
    client_of(editor).post(url(IndicatorValue, "delete", draft.pk), {"post": "yes"})
    assert not IndicatorValue.objects.filter(pk=draft.pk).exists()


def test_model_refuses_to_delete_a_published_figure_without_a_reason(figure):
    with pytest.raises(ValidationError):
        figure.delete()
    figure.delete(reason="Sai đơn vị")
    assert IndicatorValue.history.latest().history_change_reason == "Sai đơn vị"


def test_bulk_delete_refuses_published_figures(figure, editor):
    draft = factories.IndicatorValueFactory(status=Status.DRAFT)
    client = client_of(editor)
    selection = {"action": "delete_selected", "_selected_action": [figure.pk, draft.pk]}
    response = client.post(url(IndicatorValue, "changelist"), selection, follow=True)
    assert "Xóa số liệu đã xuất bản phải nêu lý do" in response.content.decode()
    assert IndicatorValue.objects.count() == 2


def test_bulk_delete_of_drafts_works(editor):
    drafts = factories.IndicatorValueFactory.create_batch(2, status=Status.DRAFT)
    selection = {"action": "delete_selected", "_selected_action": [d.pk for d in drafts]}
    client_of(editor).post(url(IndicatorValue, "changelist"), {**selection, "post": "yes"})
    assert not IndicatorValue.objects.exists()
    assert IndicatorValue.history.filter(history_type="-").count() == 2


def delete_with_reason(figure, reason="Nhập trùng"):
    figure.delete(reason=reason)


def test_deleted_figures_are_listed_with_the_reason_and_can_be_restored(figure, editor):
    client = client_of(editor)
    client.post(url(IndicatorValue, "delete", figure.pk), {"post": "yes", "reason": "Nhập trùng"})
    listing = client.get(reverse("admin:programs_indicatorvalue_deleted"))
    assert listing.status_code == 200
    (record,) = listing.context["page_obj"]
    assert (record.id, record.history_change_reason) == (figure.pk, "Nhập trùng")
    assert url(IndicatorValue, "history", figure.pk) in listing.content.decode()

    restore(client, figure, figure.history.filter(history_type="+").get())
    assert IndicatorValue.objects.filter(pk=figure.pk, value=6084).exists()
    assert not client.get(reverse("admin:programs_indicatorvalue_deleted")).context["page_obj"]


def test_changelist_links_the_deleted_figures(editor):
    response = client_of(editor).get(url(IndicatorValue, "changelist"))
    assert reverse("admin:programs_indicatorvalue_deleted") in response.content.decode()


def test_provincial_editor_sees_only_their_provinces_deleted_figures():
    own, other = factories.ProvinceFactory(code="95"), factories.ProvinceFactory(code="96")
    date = datetime.date(2025, 12, 31)
    for unit in (own, other):
        delete_with_reason(
            factories.IndicatorValueFactory(unit=unit, period_start=date, period_end=date)
        )
    editor = client_of(member_of("Biên tập viên cấp tỉnh", "provincial", own))
    listing = editor.get(reverse("admin:programs_indicatorvalue_deleted"))
    assert [record.unit_id for record in listing.context["page_obj"]] == [own.pk]


def test_deleted_list_queries_do_not_grow_with_rows(editor):
    client = client_of(editor)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:programs_indicatorvalue_deleted")).status_code == 200
        return len(queries)

    for figure in factories.IndicatorValueFactory.create_batch(3):
        delete_with_reason(figure)
    few = count_queries()
    for figure in factories.IndicatorValueFactory.create_batch(20):
        delete_with_reason(figure)
    assert count_queries() == few


# The other models with history


HISTORY = {
    Document: (factories.DocumentFactory, "title_vi", "Quyết định đã sửa"),
    Conference: (factories.ConferenceFactory, "title_vi", "Hội nghị đã sửa"),
    Bridge: (factories.BridgeFactory, "name_vi", "Điểm cầu đã sửa"),
    Attendance: (factories.AttendanceFactory, "position_vi", "Chủ tịch UBND tỉnh"),
    Award: (factories.AwardFactory, "recipient_vi", "Xã đã sửa"),
}


@pytest.mark.parametrize("model", HISTORY, ids=lambda model: model.__name__)
def test_history_records_each_change_with_its_diff(editor, model):
    factory, field, new = HISTORY[model]
    obj = factory()
    client = client_of(editor)
    assert change(client, obj, **{field: new}).status_code == 302
    created, changed = obj.history.order_by("history_date")
    assert (created.history_type, changed.history_type) == ("+", "~")
    assert (getattr(changed, field), changed.history_user) == (new, editor)
    response = client.get(url(model, "history", obj.pk))
    assert new in changed_to(response.context["page_obj"][0])


@pytest.mark.parametrize("model", HISTORY, ids=lambda model: model.__name__)
def test_history_restores_an_earlier_version(editor, model):
    factory, field, new = HISTORY[model]
    obj = factory()
    old = getattr(obj, field)
    client = client_of(editor)
    change(client, obj, **{field: new})
    assert restore(client, obj, obj.history.earliest()).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == old


def test_history_keeps_both_languages():
    conference = factories.ConferenceFactory(title_vi="Hội nghị tổng kết", title_en="Review")
    record = conference.history.get()
    assert (record.title_vi, record.title_en) == ("Hội nghị tổng kết", "Review")
