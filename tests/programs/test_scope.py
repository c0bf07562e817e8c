"""Editorial roles and provincial scope: each role against rows of its own province and of
another, in the admin and the API, for reading, changing and deleting."""

import datetime

import pytest
import tablib
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from news.models import Article
from programs.models import (
    AdministrativeUnit,
    Bridge,
    EditorProfile,
    Indicator,
    IndicatorValue,
    Target,
)
from programs.resources import COLUMNS, IndicatorValueResource
from tests import factories
from tests.programs.test_admin import form_data

pytestmark = pytest.mark.django_db

API = "/api/v1"
GROUPS = {
    "national": "Biên tập viên trung ương",
    "provincial": "Biên tập viên cấp tỉnh",
    "unassigned": "Biên tập viên cấp tỉnh",
    "writer": "Phóng viên",
    "moderator": "Kiểm duyệt bình luận",
    "viewer": "Người xem",
}
ROLES = ["superuser", "national", "provincial", "unassigned", "viewer"]
# Each figure's or target's unit: the editor's province, one of its communes, the former province
# merged into it, another province and the nation.
WHERE = ["own", "commune", "former", "other", "nation"]
OWN = {"own", "commune", "former"}
# What each role may change; view-only roles see every row, writers see their scope.
WRITES = {
    "superuser": set(WHERE),
    "national": set(WHERE),
    "provincial": OWN,
    "unassigned": set(),
    "viewer": set(),
}
SEES = {**WRITES, "viewer": set(WHERE)}
CURRENT_DATE = datetime.date(2025, 12, 31)
FORMER_DATE = datetime.date(2025, 6, 30)


@pytest.fixture
def units():
    nation = factories.NationFactory()
    own = factories.ProvinceFactory(code="95", name_vi="Hải Phòng", parent=nation)
    return {
        "own": own,
        "commune": factories.CommuneFactory(name_vi="Xã An Lư", parent=own),
        "former": factories.FormerProvinceFactory(
            code="94", name_vi="Hải Dương", parent=nation, successor=own
        ),
        "other": factories.ProvinceFactory(code="96", name_vi="Gia Lai", parent=nation),
        "nation": nation,
    }


@pytest.fixture
def indicator():
    # Households, not communes: a count of communes is bounded by the province's few test communes.
    return factories.IndicatorFactory(
        code="communes-ntm", at_commune=True, measure=Indicator.Measure.HOUSEHOLDS
    )


def date_for(unit):
    return FORMER_DATE if unit.is_former else CURRENT_DATE


@pytest.fixture
def values(units, indicator):
    return {
        where: factories.IndicatorValueFactory(
            indicator=indicator, unit=unit, period_start=date_for(unit), period_end=date_for(unit)
        )
        for where, unit in units.items()
    }


@pytest.fixture
def targets(units, indicator):
    return {
        where: factories.TargetFactory(indicator=indicator, unit=unit, period_end=date_for(unit))
        for where, unit in units.items()
    }


@pytest.fixture
def user_in(units):
    def make(role):
        if role == "superuser":
            return factories.SuperUserFactory(username=role)
        user = factories.UserFactory(username=role, is_staff=True)
        user.groups.add(Group.objects.get(name=GROUPS[role]))
        profile = EditorProfile.objects.create(user=user)
        if role == "provincial":
            profile.provinces.add(units["own"])
        return user

    return make


def admin_client(user):
    client = APIClient()
    client.force_login(user)
    return client


def admin_url(obj, view="change"):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def listed(client, model):
    response = client.get(changelist(model))
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def post_change(client, obj, **changes):
    superuser = admin_client(factories.SuperUserFactory(username="lookup"))
    data = form_data(superuser.get(admin_url(obj))) | changes
    return client.post(admin_url(obj), data)


# The groups


def test_migration_creates_the_editorial_groups_with_their_permissions():
    def codenames(role):
        return set(
            Group.objects.get(name=GROUPS[role]).permissions.values_list("codename", flat=True)
        )

    national, provincial = codenames("national"), codenames("provincial")
    assert {"edit_nationwide", "delete_indicatorvalue", "publish_article"} <= national
    assert {"change_indicatorvalue", "change_target", "change_bridge"} <= provincial
    assert "view_conference" in provincial
    assert "publish_article" not in provincial  # they submit for review (news migration 0005)
    assert not provincial & {"edit_nationwide", "change_conference", "change_indicator"}
    assert {"add_article", "view_program"} <= codenames("writer")
    assert "publish_article" not in codenames("writer")
    assert codenames("moderator") == {"view_comment", "change_comment", "view_article"}
    assert {codename.split("_")[0] for codename in codenames("viewer")} == {"view"}


def test_rule_covers_the_province_its_communes_and_the_provinces_merged_into_it(units, user_in):
    editable = set(AdministrativeUnit.objects.editable_by(user_in("provincial")))
    assert editable == {units["own"], units["commune"], units["former"]}
    assert set(AdministrativeUnit.objects.editable_by(user_in("national"))) == set(units.values())
    assert not AdministrativeUnit.objects.editable_by(user_in("unassigned")).exists()


# Admin: indicator values


@pytest.mark.parametrize("role", ROLES)
def test_admin_lists_the_figures_in_scope(values, user_in, role):
    seen = listed(admin_client(user_in(role)), IndicatorValue)
    assert seen == {values[where] for where in SEES[role]}


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("role", ROLES)
def test_admin_opens_a_figure_only_in_scope(values, user_in, role, where):
    response = admin_client(user_in(role)).get(admin_url(values[where]))
    if where in SEES[role]:
        assert response.status_code == 200
        assert response.context["has_change_permission"] == (where in WRITES[role])
    else:
        assert response.status_code == 302  # "does not exist", as for a deleted row


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("role", ROLES)
def test_admin_changes_a_figure_only_in_scope(values, user_in, role, where):
    figure = values[where]
    post_change(admin_client(user_in(role)), figure, value="1234", status="submitted")
    figure.refresh_from_db()
    assert (figure.value == 1234) == (where in WRITES[role])


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("role", ROLES)
def test_admin_deletes_a_figure_only_in_scope(values, user_in, role, where):
    figure = values[where]
    admin_client(user_in(role)).post(
        admin_url(figure, "delete"), {"post": "yes", "reason": "Nhập trùng"}
    )
    assert IndicatorValue.objects.filter(pk=figure.pk).exists() == (where not in WRITES[role])


def test_provincial_editor_cannot_move_a_figure_out_of_their_provinces(values, user_in, units):
    figure = values["own"]
    response = post_change(admin_client(user_in("provincial")), figure, unit=units["other"].pk)
    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    figure.refresh_from_db()
    assert figure.unit == units["own"]


def test_unit_choices_offer_only_the_units_in_scope(units, user_in):
    response = admin_client(user_in("provincial")).get(
        reverse("admin:autocomplete"),
        {"app_label": "programs", "model_name": "indicatorvalue", "field_name": "unit"},
    )
    assert response.status_code == 200
    offered = {int(result["id"]) for result in response.json()["results"]}
    assert offered == {units[where].pk for where in OWN}


def test_scoped_changelist_queries_do_not_grow_with_rows(units, indicator, user_in):
    client = admin_client(user_in("provincial"))

    def add(count):
        for day in range(count):
            factories.IndicatorValueFactory(
                indicator=indicator,
                unit=units["commune"],
                period_start=CURRENT_DATE - datetime.timedelta(days=day + len(added)),
                period_end=CURRENT_DATE - datetime.timedelta(days=day + len(added)),
            )
            added.append(day)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(changelist(IndicatorValue)).status_code == 200
        return len(queries)

    added = []
    add(3)
    few = count_queries()
    add(20)
    assert count_queries() == few


def test_provincial_editor_imports_only_into_their_provinces(units, indicator, user_in):
    def row(unit):
        date = date_for(unit).isoformat()
        values = {
            "indicator": indicator.code,
            "unit_code": unit.code,
            "period_start": date,
            "period_end": date,
            "value": "12",
            "status": "published",
            "source_publisher": "Sở Nông nghiệp",
            "source_url": "https://example.gov.vn/report",
            "source_date": date,
        }
        return [values.get(column, "") for column in COLUMNS]

    rows = [row(units[where]) for where in ("own", "commune", "former", "other", "nation")]
    result = IndicatorValueResource().import_data(
        tablib.Dataset(*rows, headers=COLUMNS), user=user_in("provincial")
    )
    errors = {invalid.number: invalid.error_dict for invalid in result.invalid_rows}
    assert set(errors) == {4, 5}
    assert errors[4] == {"unit_code": ["Bạn không được nhập số liệu của Gia Lai."]}
    assert not IndicatorValue.objects.exists()  # one refused row, nothing written


# Admin: targets and bridges


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("role", ROLES)
def test_admin_lists_changes_and_deletes_targets_only_in_scope(targets, user_in, role, where):
    client, target = admin_client(user_in(role)), targets[where]
    assert (target in listed(client, Target)) == (where in SEES[role])
    post_change(client, target, value="4321")
    target.refresh_from_db()
    assert (target.value == 4321) == (where in WRITES[role])
    client.post(admin_url(target, "delete"), {"post": "yes"})
    assert Target.objects.filter(pk=target.pk).exists() == (where not in WRITES[role])


@pytest.fixture
def bridges(units):
    conference = factories.ConferenceFactory(date=datetime.date(2026, 1, 15))
    return {
        "own": factories.BridgeFactory(conference=conference, unit=units["own"]),
        "other": factories.BridgeFactory(conference=conference, unit=units["other"]),
        "nation": factories.BridgeFactory(conference=conference, unit=None, is_main=True),
    }


@pytest.mark.parametrize("where", ["own", "other", "nation"])
@pytest.mark.parametrize("role", ROLES)
def test_admin_lists_changes_and_deletes_bridges_only_in_scope(bridges, user_in, role, where):
    client, bridge = admin_client(user_in(role)), bridges[where]
    assert (bridge in listed(client, Bridge)) == (where in SEES[role])
    post_change(client, bridge, location_vi="Trụ sở Ủy ban nhân dân")
    bridge.refresh_from_db()
    assert (bridge.location_vi == "Trụ sở Ủy ban nhân dân") == (where in WRITES[role])
    client.post(admin_url(bridge, "delete"), {"post": "yes"})
    assert Bridge.objects.filter(pk=bridge.pk).exists() == (where not in WRITES[role])


def test_conference_page_lists_only_the_bridges_in_scope(bridges, user_in):
    user = user_in("provincial")
    user.user_permissions.add(Permission.objects.get(codename="change_conference"))
    response = admin_client(user).get(admin_url(bridges["own"].conference))
    (inline,) = response.context["inline_admin_formsets"]
    assert [form.instance for form in inline.formset.forms if form.instance.pk] == [bridges["own"]]


# Admin: articles


ARTICLE_ROLES = [*ROLES, "writer", "moderator"]
ARTICLE_SEES = {**SEES, "writer": set(), "moderator": set(WHERE)}
# Published articles: provincial editors submit, only who may publish changes a published one.
ARTICLE_WRITES = {**WRITES, "provincial": set(), "writer": set(), "moderator": set()}


@pytest.fixture
def articles(units):
    about = {"own": [units["own"]], "former": [units["former"]], "other": [units["other"]]}
    made = {"nation": factories.ArticleFactory(title_vi="Toàn quốc")}
    for where, provinces in about.items():
        made[where] = factories.ArticleFactory(title_vi=f"Bài {where}")
        made[where].units.set(provinces)
    return made


def article_form(article, **changes):
    return {
        "title_vi": article.title_vi,
        "slug": article.slug,
        "lead_vi": article.lead_vi,
        "body_vi": article.body_vi,
        "category": article.category_id,
        "units": [unit.pk for unit in article.units.all()],
        "status": article.status,
        "publish_at_0": article.publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": article.publish_at.strftime("%H:%M:%S"),
        **changes,
    }


@pytest.mark.parametrize("where", ["own", "former", "other", "nation"])
@pytest.mark.parametrize("role", ARTICLE_ROLES)
def test_admin_lists_changes_and_deletes_articles_only_in_scope(articles, user_in, role, where):
    client, article = admin_client(user_in(role)), articles[where]
    assert (article in listed(client, Article)) == (where in ARTICLE_SEES[role])
    client.post(admin_url(article), article_form(article, title_vi="Đã sửa"))
    article.refresh_from_db()
    assert (article.title_vi == "Đã sửa") == (where in ARTICLE_WRITES[role])
    client.post(admin_url(article, "delete"), {"post": "yes"})
    assert Article.objects.filter(pk=article.pk).exists() == (where not in ARTICLE_WRITES[role])


def test_provincial_editor_keeps_their_own_article_before_it_names_a_province(user_in):
    editor = user_in("provincial")
    mine = factories.ArticleFactory(created_by=editor, status=Article.Status.DRAFT)
    assert set(Article.objects.editable_by(editor)) == {mine}
    assert set(Article.objects.visible_to(editor)) == {mine}


def test_visitors_see_only_published_articles(articles):
    draft = factories.ArticleFactory(status=Article.Status.DRAFT)
    factories.ArticleFactory(status=Article.Status.DRAFT, created_by=None)
    visible = set(Article.objects.visible_to(AnonymousUser()))
    assert visible == set(articles.values())
    assert draft not in visible


# API: figures and targets


def api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def new_value(indicator, unit):
    date = (date_for(unit) - datetime.timedelta(days=1)).isoformat()
    return {
        "indicator": indicator.code,
        "unit": unit.pk,
        "period_start": date,
        "period_end": date,
        "value": 12,
        "status": "submitted",
        "source_publisher": "Sở Nông nghiệp",
        "source_url": "https://example.gov.vn/report",
        "source_date": date,
    }


def new_target(indicator, unit):
    return {
        "indicator": indicator.code,
        "unit": unit.pk,
        "period_start": "2021-01-01",
        "period_end": date_for(unit).isoformat(),
        "value": 80,
        "document": factories.DocumentFactory().slug,
    }


API_ROLES = ["superuser", "national", "provincial", "unassigned"]


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("role", API_ROLES)
@pytest.mark.parametrize(
    ("endpoint", "payload", "model"),
    [("indicator-values", new_value, IndicatorValue), ("targets", new_target, Target)],
)
def test_api_creates_only_in_scope(
    units, indicator, user_in, role, where, endpoint, payload, model
):
    response = api_client(user_in(role)).post(
        f"{API}/{endpoint}/", payload(indicator, units[where]), format="json"
    )
    assert response.status_code == (201 if where in WRITES[role] else 403), response.content
    assert model.objects.exists() == (where in WRITES[role])


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("role", API_ROLES)
@pytest.mark.parametrize("endpoint", ["indicator-values", "targets"])
def test_api_updates_only_in_scope(values, targets, user_in, role, where, endpoint):
    row = (values if endpoint == "indicator-values" else targets)[where]
    change = {"value": 77, **({"status": "submitted"} if endpoint == "indicator-values" else {})}
    response = api_client(user_in(role)).patch(f"{API}/{endpoint}/{row.pk}/", change, format="json")
    assert response.status_code == (200 if where in WRITES[role] else 403), response.content
    row.refresh_from_db()
    assert (row.value == 77) == (where in WRITES[role])


def test_api_says_why_a_provincial_editor_is_refused(values, indicator, units, user_in):
    client = api_client(user_in("provincial"))
    national = client.post(
        f"{API}/indicator-values/", new_value(indicator, units["nation"]), format="json"
    )
    assert national.json() == {
        "detail": "National figures and targets are edited by national editors."
    }
    other = client.patch(f"{API}/indicator-values/{values['other'].pk}/", {"value": 1})
    assert other.json() == {
        "detail": "You may edit only the figures and targets of your provinces; Gia Lai is not one."
    }


def test_api_refuses_moving_a_figure_out_of_the_editors_provinces(values, units, user_in):
    figure = values["own"]
    moved = {
        "unit": units["other"].pk,
        "period_start": "2025-12-01",
        "period_end": "2025-12-01",
        "status": "submitted",
    }
    response = api_client(user_in("provincial")).patch(
        f"{API}/indicator-values/{figure.pk}/", moved, format="json"
    )
    assert response.status_code == 403
    figure.refresh_from_db()
    assert figure.unit == units["own"]


@pytest.mark.parametrize("role", [None, *API_ROLES, "viewer"])
def test_api_reads_published_figures_for_all_and_drafts_in_scope(values, user_in, role):
    IndicatorValue.objects.filter(pk__in=[values["own"].pk, values["other"].pk]).update(
        status=IndicatorValue.Status.DRAFT
    )
    client = APIClient() if role is None else api_client(user_in(role))
    response = client.get(f"{API}/indicator-values/")
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    published = {values[where].pk for where in ("commune", "former", "nation")}
    drafts = {values[where].pk for where in {"own", "other"} & WRITES.get(role, set())}
    assert ids == published | drafts


def test_api_deletes_nothing_even_in_scope(values, user_in):
    response = api_client(user_in("provincial")).delete(
        f"{API}/indicator-values/{values['own'].pk}/"
    )
    assert response.status_code == 405


def test_superuser_assigns_current_provinces_on_the_user_page(units, user_in):
    editor = user_in("unassigned")
    client = admin_client(factories.SuperUserFactory(username="admin"))
    page = reverse("admin:auth_user_change", args=[editor.pk])
    response = client.get(page)
    (inline,) = response.context["inline_admin_formsets"]
    choices = inline.formset.forms[0].fields["provinces"].queryset
    assert set(choices) == {units["own"], units["other"]}
    data = form_data(response) | {
        "date_joined_0": "2025-07-01",
        "date_joined_1": "08:00:00",
        "editor_profile-0-provinces": [units["other"].pk],
    }
    assert client.post(page, data).status_code == 302
    assert list(editor.editor_profile.provinces.all()) == [units["other"]]


# Articles: the provinces they are about, on create and change, and who publishes


def new_article(units=(), **fields):
    category = factories.CategoryFactory()
    return {
        "title_vi": "Cần Thơ có thêm 12 xã đạt chuẩn",
        "slug": "",
        "lead_vi": "Tóm tắt.",
        "body_vi": "<p>Nội dung.</p>",
        "category": category.pk,
        "units": [unit.pk for unit in units],
        "status": Article.Status.IN_REVIEW,
        "publish_at_0": "",
        "publish_at_1": "",
        **fields,
    }


ARTICLE_PROVINCES = {
    "own": ["own"],
    "former": ["former"],
    "other": ["other"],
    "own and other": ["own", "other"],
    "nationwide": [],
}
PROVINCIAL_MAY_NAME = {"own", "former"}


@pytest.mark.parametrize("about", ARTICLE_PROVINCES)
def test_admin_provincial_editor_creates_articles_only_about_their_provinces(units, user_in, about):
    chosen = [units[where] for where in ARTICLE_PROVINCES[about]]
    response = admin_client(user_in("provincial")).post(
        reverse("admin:news_article_add"), new_article(chosen)
    )
    allowed = about in PROVINCIAL_MAY_NAME
    assert Article.objects.exists() == allowed
    if not allowed:
        assert "units" in response.context["adminform"].form.errors


@pytest.mark.parametrize("about", ARTICLE_PROVINCES)
def test_admin_national_editor_creates_articles_about_any_province(units, user_in, about):
    chosen = [units[where] for where in ARTICLE_PROVINCES[about]]
    data = new_article(chosen, status=Article.Status.PUBLISHED)
    admin_client(user_in("national")).post(reverse("admin:news_article_add"), data)
    assert Article.objects.published().exists()


def test_admin_writer_without_provinces_drafts_about_any_province(units, user_in):
    writer = user_in("writer")
    data = new_article([units["other"]])
    assert admin_client(writer).post(reverse("admin:news_article_add"), data).status_code == 302
    assert Article.objects.get().created_by == writer


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        ("provincial", {"own", "former"}),
        ("national", {"own", "former", "other"}),
        # Newsroom writers write about any province; an editor publishes (binds_units).
        ("writer", {"own", "former", "other"}),
    ],
)
def test_article_province_choices_offer_only_the_units_in_scope(units, user_in, role, offered):
    response = admin_client(user_in(role)).get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "article", "field_name": "units"},
    )

    assert response.status_code == 200
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert ids == {units[where].pk for where in offered}


@pytest.fixture
def provincial_draft(units, user_in):
    editor = user_in("provincial")
    draft = factories.ArticleFactory(created_by=editor, status=Article.Status.IN_REVIEW)
    draft.units.set([units["own"]])
    return editor, draft


@pytest.mark.parametrize("about", ["own and other", "other", "nationwide"])
def test_admin_provincial_editor_cannot_add_other_provinces_to_their_article(
    units, provincial_draft, about
):
    editor, draft = provincial_draft
    chosen = [units[where].pk for where in ARTICLE_PROVINCES[about]]
    response = admin_client(editor).post(admin_url(draft), article_form(draft, units=chosen))
    assert "units" in response.context["adminform"].form.errors
    assert list(draft.units.all()) == [units["own"]]


def test_admin_provincial_editor_edits_their_article_in_review(units, provincial_draft):
    editor, draft = provincial_draft
    chosen = [units["own"].pk, units["former"].pk]
    response = admin_client(editor).post(admin_url(draft), article_form(draft, units=chosen))
    assert response.status_code == 302
    assert set(draft.units.all()) == {units["own"], units["former"]}


@pytest.mark.parametrize("status", [Article.Status.PUBLISHED, Article.Status.UNPUBLISHED])
def test_admin_provincial_editor_submits_but_cannot_publish(units, provincial_draft, status):
    editor, draft = provincial_draft
    response = admin_client(editor).post(admin_url(draft), article_form(draft, status=status))
    assert "status" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.status == Article.Status.IN_REVIEW


def test_admin_national_editor_publishes_the_provincial_editors_article(provincial_draft, user_in):
    _editor, draft = provincial_draft
    data = article_form(draft, status=Article.Status.PUBLISHED)
    assert admin_client(user_in("national")).post(admin_url(draft), data).status_code == 302
    assert Article.objects.published().get() == draft


@pytest.mark.parametrize("about", ARTICLE_PROVINCES)
def test_api_provincial_editor_creates_articles_only_about_their_provinces(units, user_in, about):
    data = {
        "title": "Cần Thơ có thêm 12 xã đạt chuẩn",
        "lead": "Tóm tắt.",
        "category": factories.CategoryFactory().slug,
        "unit_ids": [units[where].pk for where in ARTICLE_PROVINCES[about]],
        "status": "in_review",
    }
    client = api_client(user_in("provincial"))
    response = client.post(f"{API}/articles/", data, format="json", HTTP_ACCEPT_LANGUAGE="vi")
    allowed = about in PROVINCIAL_MAY_NAME
    assert response.status_code == (201 if allowed else 400), response.content
    if not allowed:
        assert "unit_ids" in response.json()
    assert Article.objects.exists() == allowed


@pytest.mark.parametrize("about", ["own and other", "other", "nationwide"])
def test_api_provincial_editor_cannot_add_other_provinces_to_their_article(
    units, provincial_draft, about
):
    editor, draft = provincial_draft
    chosen = [units[where].pk for where in ARTICLE_PROVINCES[about]]
    response = api_client(editor).patch(
        f"{API}/articles/{draft.pk}/", {"unit_ids": chosen}, format="json"
    )
    assert response.status_code == 400
    assert list(draft.units.all()) == [units["own"]]


def test_api_change_without_provinces_keeps_the_rule_for_the_articles_own(units, user_in):
    """A provincial editor's other change to a national article they wrote is still refused."""
    editor = user_in("provincial")
    mine = factories.ArticleFactory(created_by=editor, status=Article.Status.DRAFT)
    response = api_client(editor).patch(
        f"{API}/articles/{mine.pk}/", {"title": "Đổi"}, format="json"
    )
    assert response.status_code == 400
    assert "unit_ids" in response.json()


def test_api_provincial_editor_cannot_publish(provincial_draft):
    editor, draft = provincial_draft
    response = api_client(editor).patch(
        f"{API}/articles/{draft.pk}/", {"status": "published"}, format="json"
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.status == Article.Status.IN_REVIEW


# Bridges: a province of the editor's, in force on the day of the conference


def bridge_form(conference, unit, **fields):
    return {
        "conference": conference.pk,
        "name_vi": "Điểm cầu tỉnh",
        "unit": unit.pk if unit else "",
        "location_vi": "",
        "attendances-TOTAL_FORMS": "0",
        "attendances-INITIAL_FORMS": "0",
        **fields,
    }


@pytest.mark.parametrize("where", ["own", "other", None])
@pytest.mark.parametrize("role", ["national", "provincial"])
def test_admin_creates_bridges_only_in_scope(units, user_in, role, where):
    conference = factories.ConferenceFactory(date=datetime.date(2026, 1, 15))
    unit = units[where] if where else None
    admin_client(user_in(role)).post(
        reverse("admin:programs_bridge_add"), bridge_form(conference, unit)
    )
    allowed = role == "national" or where == "own"
    assert Bridge.objects.exists() == allowed


def test_admin_provincial_editor_cannot_make_their_bridge_national(bridges, user_in):
    bridge = bridges["own"]
    response = post_change(admin_client(user_in("provincial")), bridge, unit="")
    assert "unit" in response.context["adminform"].form.errors
    bridge.refresh_from_db()
    assert bridge.unit is not None


def test_a_former_province_is_refused_on_a_2026_conference(units, user_in):
    conference = factories.ConferenceFactory(date=datetime.date(2026, 1, 15))
    response = admin_client(user_in("national")).post(
        reverse("admin:programs_bridge_add"), bridge_form(conference, units["former"])
    )
    assert "unit" in response.context["adminform"].form.errors
    assert not Bridge.objects.exists()
