"""The editorial roles in real Chromium, each signed in to the real admin with the groups the
migrations create: a writer, a provincial editor of Cần Thơ and a national editor. An article
with a photo goes from the writer's draft to review and publication, the provincial editor
stays within Cần Thơ, and the province's figures go through the grid to approval."""

import datetime
import importlib
import json
from decimal import Decimal
from types import SimpleNamespace
from urllib.request import urlopen

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from PIL import Image

from news.models import Article
from programs.models import Bridge, EditorProfile, IndicatorValue
from tests.factories import (
    CategoryFactory,
    ConferenceFactory,
    IndicatorFactory,
    NationFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

GROUPS = {
    "national": "Biên tập viên trung ương",
    "provincial": "Biên tập viên cấp tỉnh",
    "writer": "Phóng viên",
}
Status = Article.Status


# The migrations that make the editorial groups and change their permissions, in order.
GROUP_MIGRATIONS = [
    ("programs", "0005_editorial_groups", "create_groups"),
    ("programs", "0008_figure_fields", "grant"),
    ("news", "0005_provincial_editors_submit_articles", "submit_only"),
    ("programs", "0010_indicatorvalue_approval", "grant_approval"),
]


@pytest.fixture
def groups():
    """The groups as the migrations make them: a transactional test's flush deleted them."""
    if Group.objects.filter(name__in=GROUPS.values()).count() < len(GROUPS):
        loader = MigrationLoader(connection)
        editor = SimpleNamespace(connection=connection)
        for app, name, function in GROUP_MIGRATIONS:
            state = loader.project_state((app, name), at_end=True)
            migration = importlib.import_module(f"{app}.migrations.{name}")
            getattr(migration, function)(state.apps, editor)


@pytest.fixture
def places():
    nation = NationFactory()
    return {
        "can_tho": ProvinceFactory(code="92", name_vi="Cần Thơ", parent=nation),
        "gia_lai": ProvinceFactory(code="52", name_vi="Gia Lai", parent=nation),
    }


@pytest.fixture
def sign_in(live_server, browser, places, groups):
    """A page signed in as the role, its user made on first use."""
    contexts = []

    def open_page(role):
        user = UserFactory(username=role, is_staff=True)
        user.groups.add(Group.objects.get(name=GROUPS[role]))
        profile, _created = EditorProfile.objects.get_or_create(user=user)
        if role == "provincial":
            profile.provinces.add(places["can_tho"])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", role)
        page.fill("#id_password", "correct-horse-battery")
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        return page

    yield open_page
    for context in contexts:
        context.close()


def public(url):
    with urlopen(url) as response:  # noqa: S310 (the live server's address)
        return json.loads(response.read())


def choose(page, select, obj):
    """Choose an option of an autocomplete's <select>, as a hand-made request could."""
    page.locator(select).evaluate(
        "(select, [pk, label]) => select.add(new Option(label, pk, true, true))",
        [str(obj.pk), str(obj)],
    )


def save(page, button="input[name=_continue]"):
    page.click(button)
    page.wait_for_load_state()
    assert "Server Error" not in page.content()


def saved(page):
    return page.locator(".messagelist .success").count() == 1


def statuses_offered(page):
    return page.locator("#id_status option").evaluate_all("options => options.map(o => o.value)")


def test_an_article_with_a_photo_goes_from_writer_to_review_to_publication(
    live_server, sign_in, places, tmp_path
):
    CategoryFactory(name_vi="Tin tức")
    photo = tmp_path / "xa-nong-thon-moi.png"
    Image.new("RGB", (1200, 675), (11, 107, 58)).save(photo)

    writer = sign_in("writer")
    writer.goto(f"{live_server.url}/admin/news/article/add/")
    writer.locator("#id_title_vi").press_sequentially("Đồng Tháp: đường về đích")
    assert writer.input_value("#id_slug") == "dong-thap-duong-ve-dich"
    writer.fill("#id_lead_vi", "Tóm tắt.")
    writer.set_input_files("#id_hero_image", str(photo))
    writer.fill("#id_hero_alt_vi", "Đường làng")
    writer.select_option("#id_category", label="Tin tức")
    assert statuses_offered(writer) == [Status.DRAFT, Status.IN_REVIEW]
    save(writer)
    assert saved(writer)
    writer.select_option("#id_status", Status.IN_REVIEW)
    save(writer)  # submitted, the photo saved again
    assert saved(writer)
    article = Article.objects.get()
    assert (article.status, article.slug) == (Status.IN_REVIEW, "dong-thap-duong-ve-dich")

    # The provincial editor submits too, and only about Cần Thơ.
    provincial = sign_in("provincial")
    provincial.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    assert provincial.locator("#id_title_vi").count() == 0  # not theirs, not about Cần Thơ
    provincial.goto(f"{live_server.url}/admin/news/article/add/")
    provincial.fill("#id_title_vi", "Cần Thơ có thêm 12 xã đạt chuẩn")
    provincial.fill("#id_lead_vi", "Tóm tắt.")
    provincial.set_input_files("#id_hero_image", str(photo))
    provincial.fill("#id_hero_alt_vi", "Toàn cảnh hội nghị")
    provincial.select_option("#id_category", label="Tin tức")
    assert statuses_offered(provincial) == [Status.DRAFT, Status.IN_REVIEW]
    choose(provincial, "#id_units", places["gia_lai"])
    save(provincial)
    assert provincial.locator(".field-units .errorlist").count() == 1
    assert Article.objects.count() == 1
    provincial.locator("#id_units").evaluate("select => { select.innerHTML = ''; }")
    provincial.set_input_files("#id_hero_image", str(photo))  # a refused form keeps no file
    save(provincial)  # about the whole country
    assert provincial.locator(".field-units .errorlist").count() == 1
    assert Article.objects.count() == 1
    provincial.set_input_files("#id_hero_image", str(photo))
    choose(provincial, "#id_units", places["can_tho"])
    save(provincial)
    assert saved(provincial)
    own = Article.objects.get(units=places["can_tho"])
    choose(provincial, "#id_units", places["gia_lai"])  # added to their own article
    save(provincial)
    assert provincial.locator(".field-units .errorlist").count() == 1
    assert list(own.units.all()) == [places["can_tho"]]
    provincial.select_option("#id_status", Status.IN_REVIEW)
    provincial.locator("#id_units").evaluate("select => { select.innerHTML = ''; }")
    choose(provincial, "#id_units", places["can_tho"])
    save(provincial)
    assert saved(provincial)
    own.refresh_from_db()
    assert own.status == Status.IN_REVIEW

    # The national editor publishes both, schedules one, edits it and restores its first version.
    national = sign_in("national")
    for submitted in (article, own):
        national.goto(f"{live_server.url}/admin/news/article/{submitted.pk}/change/")
        national.select_option("#id_status", Status.PUBLISHED)
        save(national)
        assert saved(national)
    national.fill("#id_publish_at_0", "01/01/2099")
    national.fill("#id_publish_at_1", "08:00:00")
    save(national)
    assert saved(national)
    national.fill("#id_title_vi", "Cần Thơ có thêm 12 xã đạt chuẩn nông thôn mới")
    save(national)
    assert saved(national)
    first = own.history.earliest()
    national.goto(f"{live_server.url}/admin/news/article/{own.pk}/history/{first.pk}/")
    assert national.locator(".messagelist .warning").count() == 1  # the status it keeps
    save(national, "input[type=submit][name=_save]")
    assert saved(national)
    own.refresh_from_db()
    assert own.title_vi == "Cần Thơ có thêm 12 xã đạt chuẩn"
    assert own.status == Status.PUBLISHED  # restoring its content did not take it back to draft
    assert list(own.units.all()) == [places["can_tho"]]
    assert own.hero_image and len(own.hero_renditions["sizes"]) == 3
    assert Article.objects.filter(status=Status.PUBLISHED).count() == 2


def test_a_provincial_bridge_has_a_province_of_theirs_in_force_that_day(
    live_server, sign_in, places
):
    conference = ConferenceFactory(date=datetime.date(2026, 1, 15))
    page = sign_in("provincial")
    for unit in (None, places["gia_lai"]):
        page.goto(f"{live_server.url}/admin/programs/bridge/add/")
        choose(page, "#id_conference", conference)
        page.fill("#id_name_vi", "Điểm cầu Cần Thơ")
        if unit:
            choose(page, "#id_unit", unit)
        save(page, "input[name=_save]")
        assert page.locator(".field-unit .errorlist").count() == 1
    assert not Bridge.objects.exists()
    choose(page, "#id_unit", places["can_tho"])
    save(page, "input[name=_save]")
    assert saved(page)
    assert Bridge.objects.get().unit == places["can_tho"]


def test_a_provinces_figures_go_through_the_grid_to_approval(live_server, sign_in, places):
    communes = IndicatorFactory(code="communes", name_vi="Số xã đạt chuẩn", order=1)
    IndicatorFactory(code="national-only", at_province=False, order=2)
    can_tho = places["can_tho"]
    provincial = sign_in("provincial")
    provincial.goto(f"{live_server.url}/admin/programs/indicatorvalue/grid/")
    offered = provincial.locator("#id_unit option").all_inner_texts()
    assert [text for text in offered if text.strip("-")] == ["Cần Thơ"]
    provincial.select_option("#id_unit", str(can_tho.pk))
    provincial.fill("#id_periods", "2025")
    provincial.click("#grid-choice input[type=submit]")
    prefix = f"#id_i{communes.pk}p0"
    provincial.fill(f"{prefix}-value", "74")
    provincial.fill(f"{prefix}-source_publisher", "Sở Nông nghiệp và Môi trường")
    provincial.fill(f"{prefix}-source_url", "https://cantho.gov.vn/bao-cao")
    provincial.fill(f"{prefix}-source_date", "15/01/2026")
    provincial.click("#grid input[name=_submit]")
    provincial.wait_for_selector(".messagelist .success")
    figure = IndicatorValue.objects.get()
    assert (figure.value, figure.status) == (74, IndicatorValue.Status.SUBMITTED)
    api = f"{live_server.url}/api/v1/indicator-values/?indicator=communes"
    assert public(api)["count"] == 0  # a visitor's API

    national = sign_in("national")
    national.goto(f"{live_server.url}/admin/programs/indicatorvalue/?status=submitted")
    national.check(f"input[name=_selected_action][value='{figure.pk}']")
    national.select_option("select[name=action]", "approve")
    national.click("button[name=index]")
    national.wait_for_selector(".messagelist .success")
    figure.refresh_from_db()
    assert figure.status == IndicatorValue.Status.PUBLISHED
    listed = public(api)["results"]
    assert [Decimal(str(row["value"])) for row in listed] == [74]
    national.goto(f"{live_server.url}/admin/programs/indicatorvalue/{figure.pk}/history/")
    history = national.inner_text("#change-history")
    assert "provincial" in history and "national" in history


def test_a_provincial_editor_imports_a_semicolon_csv_of_their_province_only(
    live_server, sign_in, places, tmp_path
):
    IndicatorFactory(code="communes", name_vi="Số xã đạt chuẩn")
    header = [
        *("indicator", "unit_code", "unit_name", "period_start", "period_end", "value"),
        *("numerator", "denominator", "status", "source_publisher", "source_url", "source_date"),
        "note",
    ]
    source = ["published", "Sở Nông nghiệp và Môi trường", "https://cantho.gov.vn/a", "15/01/2026"]

    def upload(*units):
        def row(code):
            return ["communes", code, "", "31/12/2025", "31/12/2025", "74", "", "", *source, ""]

        lines = [";".join(header), *(";".join(row(code)) for code in units)]
        path = tmp_path / "so-lieu-can-tho.csv"
        path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))  # Excel's "CSV UTF-8"
        page.goto(f"{live_server.url}/admin/programs/indicatorvalue/import/")
        page.set_input_files("#id_import_file", str(path))
        page.select_option("#id_format", label="csv")
        page.click("input[type=submit]")
        page.wait_for_url("**/import/job/*/")
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        page.reload()

    page = sign_in("provincial")
    upload("92", "52")  # Cần Thơ, and a row of Gia Lai
    assert "Dòng 3" in page.inner_text("#import-errors")  # the row Excel shows
    assert page.locator("text=Xác nhận nhập").count() == 0
    assert not IndicatorValue.objects.exists()

    upload("92")
    page.click("text=Xác nhận nhập")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.reload()
    assert "Đã nhập: 1 mới" in page.inner_text("#content-main")
    figure = IndicatorValue.objects.get()
    # The file said "published": a provincial editor's figures wait for approval.
    assert (figure.unit, figure.status) == (places["can_tho"], IndicatorValue.Status.SUBMITTED)
