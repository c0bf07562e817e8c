"""Approval of figures: provincial editors submit, national editors approve (publish) or return
them with a comment; only approved figures are public; the history names each step's author."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient

from programs.models import EditorProfile, IndicatorValue
from tests import factories

pytestmark = pytest.mark.django_db

Status = IndicatorValue.Status
CHANGELIST = reverse("admin:programs_indicatorvalue_changelist")
DATE = datetime.date(2025, 12, 31)


@pytest.fixture
def province():
    return factories.ProvinceFactory(code="92", name_vi="Cần Thơ")


@pytest.fixture
def provincial(province):
    user = factories.UserFactory(username="can-tho", is_staff=True)
    user.groups.add(Group.objects.get(name="Biên tập viên cấp tỉnh"))
    EditorProfile.objects.create(user=user).provinces.add(province)
    return user


@pytest.fixture
def national():
    user = factories.UserFactory(username="trung-uong", is_staff=True)
    user.groups.add(Group.objects.get(name="Biên tập viên trung ương"))
    return user


@pytest.fixture
def figure(province):
    return factories.IndicatorValueFactory(
        unit=province, period_start=DATE, period_end=DATE, status=Status.DRAFT
    )


def signed_in(user):
    client = APIClient()
    client.force_login(user)
    return client


def run_action(client, action, figures, **data):
    ids = [figure.pk for figure in figures]
    return client.post(CHANGELIST, {"action": action, "_selected_action": ids, **data})


def test_the_migration_gives_approval_to_national_editors_only():
    def codenames(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    assert "approve_indicatorvalue" in codenames("Biên tập viên trung ương")
    assert "approve_indicatorvalue" not in codenames("Biên tập viên cấp tỉnh")


def test_provincial_editor_submits_a_draft(provincial, figure):
    run_action(signed_in(provincial), "submit", [figure])
    figure.refresh_from_db()
    assert figure.status == Status.SUBMITTED
    step = figure.history.latest()
    assert (step.history_user, step.status) == (provincial, Status.SUBMITTED)


def test_national_editor_approves_a_submitted_figure(national, provincial, figure):
    figure.review(provincial, Status.SUBMITTED)
    assert not IndicatorValue.objects.published().exists()
    run_action(signed_in(national), "approve", [figure])
    figure.refresh_from_db()
    assert figure.status == Status.PUBLISHED
    assert list(IndicatorValue.objects.published()) == [figure]
    steps = [(step.history_user, step.status) for step in figure.history.order_by("history_date")]
    assert steps[-2:] == [(provincial, Status.SUBMITTED), (national, Status.PUBLISHED)]


def test_approval_skips_figures_not_submitted(national, figure):
    run_action(signed_in(national), "approve", [figure])
    figure.refresh_from_db()
    assert figure.status == Status.DRAFT


def test_national_editor_returns_a_figure_with_a_comment(national, provincial, figure):
    figure.review(provincial, Status.SUBMITTED)
    client = signed_in(national)
    page = run_action(client, "return_for_correction", [figure])
    assert page.status_code == 200
    assert "comment" in page.context["form"].fields
    run_action(client, "return_for_correction", [figure], comment="Thiếu nguồn số liệu.")
    figure.refresh_from_db()
    assert (figure.status, figure.review_comment) == (Status.RETURNED, "Thiếu nguồn số liệu.")
    assert figure.history.latest().history_user == national


def test_a_return_without_a_comment_changes_nothing(national, provincial, figure):
    figure.review(provincial, Status.SUBMITTED)
    response = run_action(signed_in(national), "return_for_correction", [figure], comment=" ")
    assert response.status_code == 200
    assert "comment" in response.context["form"].errors
    figure.refresh_from_db()
    assert figure.status == Status.SUBMITTED


def test_a_returned_figure_is_corrected_and_submitted_again(national, provincial, figure):
    figure.review(provincial, Status.SUBMITTED)
    figure.review(national, Status.RETURNED, "Sai kỳ báo cáo.")
    run_action(signed_in(provincial), "submit", [figure])
    figure.refresh_from_db()
    assert figure.status == Status.SUBMITTED


@pytest.mark.parametrize("action", ["approve", "return_for_correction"])
def test_provincial_editor_cannot_approve_or_return(provincial, figure, action):
    figure.review(provincial, Status.SUBMITTED)
    client = signed_in(provincial)
    assert action not in client.get(CHANGELIST).context["action_form"].fields["action"].choices
    run_action(client, action, [figure], comment="Tự duyệt")
    figure.refresh_from_db()
    assert figure.status == Status.SUBMITTED


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.RETURNED])
def test_provincial_editor_cannot_set_an_approvers_status_in_the_form(provincial, figure, status):
    from tests.programs.test_admin import form_data

    url = reverse("admin:programs_indicatorvalue_change", args=[figure.pk])
    lookup = signed_in(factories.SuperUserFactory(username="lookup"))
    data = form_data(lookup.get(url)) | {"status": status}
    response = signed_in(provincial).post(url, data)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    figure.refresh_from_db()
    assert figure.status == Status.DRAFT


def test_the_model_refuses_an_approvers_step_by_anyone_else(provincial, figure):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        figure.review(provincial, Status.PUBLISHED)
    figure.refresh_from_db()
    assert figure.status == Status.DRAFT


def api_figure(figure, status):
    return {
        "indicator": figure.indicator.code,
        "unit": figure.unit_id,
        "period_start": "2025-11-30",
        "period_end": "2025-11-30",
        "value": 12,
        "status": status,
        "source_publisher": "Sở Nông nghiệp",
        "source_url": "https://example.gov.vn/report",
        "source_date": "2025-12-05",
    }


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        ("provincial", "submitted", 201),
        ("provincial", "published", 400),
        ("provincial", "returned", 400),
        ("national", "published", 201),
    ],
)
def test_api_writes_only_the_statuses_the_user_may_set(request, figure, role, status, expected):
    client = APIClient()
    client.force_authenticate(request.getfixturevalue(role))
    response = client.post("/api/v1/indicator-values/", api_figure(figure, status), format="json")
    assert response.status_code == expected, response.content


def test_api_refuses_a_provincial_change_that_keeps_a_figure_published(provincial, figure):
    IndicatorValue.objects.filter(pk=figure.pk).update(status=Status.PUBLISHED)
    client = APIClient()
    client.force_authenticate(provincial)
    response = client.patch(f"/api/v1/indicator-values/{figure.pk}/", {"value": 99})
    assert response.status_code == 400
    assert "status" in response.json()


def test_the_public_sees_only_approved_figures(national, provincial, figure):
    figure.review(provincial, Status.SUBMITTED)
    public = APIClient()
    assert public.get("/api/v1/indicator-values/").json()["count"] == 0
    figure.review(national, Status.PUBLISHED)
    assert public.get("/api/v1/indicator-values/").json()["count"] == 1


@pytest.mark.parametrize("page", ["grid", "completeness", "deleted", "return"])
def test_each_page_of_the_figures_leads_back_through_their_list(national, figure, page):
    client = signed_in(national)
    if page == "return":
        response = run_action(client, "return_for_correction", [figure])
    else:
        response = client.get(reverse(f"admin:programs_indicatorvalue_{page}"))
    assert response.status_code == 200
    html = response.content.decode()
    crumbs = html[html.index('<div class="breadcrumbs">') :].split("</div>", 1)[0]
    assert f'href="{CHANGELIST}"' in crumbs
    assert str(response.context["title"]) in crumbs
    assert 'id="content-main"' in html
