"""Facts told right (issue 11): lead agencies with their validity, a conference's primary and
further sources, and how the provinces of before 1 July 2025 ended, on every page and in both
languages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from programs.models import ConferenceSource, Document, LeadAgency
from tests.factories import (
    ConferenceFactory,
    DocumentFactory,
    FormerProvinceFactory,
    ProgramFactory,
    ProvinceFactory,
    SuperUserFactory,
)

pytestmark = pytest.mark.django_db

UNTIL = datetime.date(2025, 2, 28)
FROM = datetime.date(2025, 3, 1)
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def poverty_program(**fields):
    program = ProgramFactory(
        code="GNBV",
        slug="giam-ngheo-ben-vung",
        name_vi="Chương trình mục tiêu quốc gia giảm nghèo bền vững",
        name_en="National Target Program on Sustainable Poverty Reduction",
        **fields,
    )
    LeadAgency.objects.create(
        program=program,
        name_vi="Bộ Lao động – Thương binh và Xã hội",
        name_en="Ministry of Labour, Invalids and Social Affairs",
        valid_until=UNTIL,
    )
    LeadAgency.objects.create(
        program=program,
        name_vi="Bộ Nông nghiệp và Môi trường",
        name_en="Ministry of Agriculture and Environment",
        valid_from=FROM,
    )
    return program


def text(response):
    return response.content.decode()


# Lead agencies


class TestLeadAgency:
    def test_the_agency_leading_on_a_day_is_the_one_valid_that_day(self):
        program = poverty_program()
        on = {
            day: [a.name_vi for a in program.lead_agencies_in_order(on=day) if a.is_current]
            for day in (UNTIL, FROM)
        }
        assert on == {
            UNTIL: ["Bộ Lao động – Thương binh và Xã hội"],
            FROM: ["Bộ Nông nghiệp và Môi trường"],
        }

    def test_the_lead_agency_is_the_one_leading_today(self):
        assert poverty_program().lead_agency.name_en == "Ministry of Agriculture and Environment"
        assert ProgramFactory().lead_agency is None

    def test_validity_is_written_as_the_language_writes_dates(self):
        before, now = poverty_program().lead_agencies_in_order()
        assert (before.validity, now.validity) == ("đến 28/2/2025", "từ 1/3/2025")
        with translation.override("en"):
            assert (before.validity, now.validity) == (
                "until 28 February 2025",
                "from 1 March 2025",
            )
        both = LeadAgency(name="Ủy ban Dân tộc", valid_from=datetime.date(2021, 1, 1))
        both.valid_until = UNTIL
        assert both.validity == "từ 1/1/2021 đến 28/2/2025"

    def test_an_agency_cannot_stop_leading_before_it_starts(self):
        agency = LeadAgency(
            program=ProgramFactory(), name="Bộ Nội vụ", valid_from=FROM, valid_until=UNTIL
        )
        with pytest.raises(ValidationError) as error:
            agency.full_clean()
        assert error.value.message_dict["valid_until"] == [
            "Ngày kết thúc không thể trước ngày bắt đầu làm cơ quan chủ quản."
        ]

    def test_two_agencies_cannot_lead_a_program_on_the_same_day(self):
        program = poverty_program()
        overlapping = LeadAgency(
            program=program,
            name="Bộ Nội vụ",
            valid_from=UNTIL,
            valid_until=datetime.date(2025, 6, 1),
        )
        with translation.override("en"):
            with pytest.raises(ValidationError) as error:
                overlapping.full_clean()
        assert error.value.message_dict["valid_from"] == [
            "Ministry of Labour, Invalids and Social Affairs already leads this program then: a "
            "program has one lead agency at a time."
        ]

    def test_an_agency_may_start_the_day_after_the_last_one_ended(self):
        program = ProgramFactory()
        LeadAgency.objects.create(program=program, name="Ủy ban Dân tộc", valid_until=UNTIL)
        LeadAgency(program=program, name="Bộ Dân tộc và Tôn giáo", valid_from=FROM).full_clean()


class TestLeadAgencyOnPages:
    def test_program_page_says_which_agency_leads_now_in_vietnamese(self, client):
        program = poverty_program()
        content = text(client.get(program.get_absolute_url()))
        assert (
            "Cơ quan chủ quản: Bộ Lao động – Thương binh và Xã hội (đến 28/2/2025); "
            "<strong>hiện nay</strong>: Bộ Nông nghiệp và Môi trường (từ 1/3/2025)"
        ) in content
        assert "Ministry" not in content and "until" not in content

    def test_program_page_says_which_agency_leads_now_in_english(self, client):
        program = poverty_program()
        content = text(client.get(f"/en{program.get_absolute_url()}"))
        assert (
            "Lead agency: Ministry of Labour, Invalids and Social Affairs (until 28 February "
            "2025); <strong>now</strong>: Ministry of Agriculture and Environment (from 1 March "
            "2025)"
        ) in content
        assert "Bộ " not in content and "hiện nay" not in content

    def test_an_agency_that_never_changed_is_not_called_now(self, client):
        program = ProgramFactory()
        LeadAgency.objects.create(program=program, name_vi="Ủy ban Dân tộc")
        content = text(client.get(program.get_absolute_url()))
        assert "Cơ quan chủ quản: Ủy ban Dân tộc" in content
        assert "hiện nay" not in content
        assert "Ủy ban Dân tộc" in text(client.get(reverse("programs:program_list")))

    def test_program_list_names_the_agency_leading_now(self, client):
        poverty_program()
        content = text(client.get(reverse("programs:program_list")))
        assert "Cơ quan chủ quản hiện nay: Bộ Nông nghiệp và Môi trường" in content
        assert "Lao động" not in content
        english = text(client.get("/en" + reverse("programs:program_list")))
        assert "Lead agency now: Ministry of Agriculture and Environment" in english

    def test_program_list_queries_do_not_grow_with_programs_and_agencies(self, client):
        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("programs:program_list")).status_code == 200
            return len(queries)

        for _ in range(3):
            add_program_with_agencies()
        few = count()
        for _ in range(10):
            add_program_with_agencies()
        assert count() == few

    def test_api_gives_the_agency_now_and_every_agency_with_its_days(self, client):
        poverty_program()
        data = client.get("/api/v1/programs/GNBV/", HTTP_ACCEPT_LANGUAGE="en").json()
        assert data["lead_agency"] == "Ministry of Agriculture and Environment"
        assert data["lead_agencies"] == [
            {
                "name": "Ministry of Labour, Invalids and Social Affairs",
                "valid_from": None,
                "valid_until": "2025-02-28",
            },
            {
                "name": "Ministry of Agriculture and Environment",
                "valid_from": "2025-03-01",
                "valid_until": None,
            },
        ]
        assert client.get("/api/v1/programs/", HTTP_ACCEPT_LANGUAGE="vi").json()["results"][0][
            "lead_agency"
        ] == ("Bộ Nông nghiệp và Môi trường")

    def test_api_program_without_agency_has_none(self, client):
        ProgramFactory(code="MTQG")
        data = client.get("/api/v1/programs/MTQG/").json()
        assert (data["lead_agency"], data["lead_agencies"]) == (None, [])

    def test_api_list_queries_do_not_grow_with_agencies(self, client):
        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/api/v1/programs/").status_code == 200
            return len(queries)

        for _ in range(3):
            add_program_with_agencies()
        few = count()
        for _ in range(10):
            add_program_with_agencies()
        assert count() == few


def add_program_with_agencies():
    program = ProgramFactory()
    LeadAgency.objects.create(program=program, name="Bộ A", valid_until=UNTIL)
    LeadAgency.objects.create(program=program, name="Bộ B", valid_from=FROM)
    return program


class TestLeadAgencyAdmin:
    def change_data(self, client, program, rows):
        url = reverse("admin:programs_program_change", args=[program.pk])
        response = client.get(url)
        form = response.context["adminform"].form
        data = {
            form.add_prefix(name): form[name].value()
            for name in form.fields
            if form[name].value() not in (None, False)
        }
        data["succeeds"] = []
        data |= {
            "lead_agencies-TOTAL_FORMS": str(len(rows)),
            "lead_agencies-INITIAL_FORMS": "0",
            "lead_agencies-MIN_NUM_FORMS": "0",
            "lead_agencies-MAX_NUM_FORMS": "1000",
        }
        for index, row in enumerate(rows):
            data |= {f"lead_agencies-{index}-{key}": value for key, value in row.items()}
        return url, data

    def test_an_editor_records_agencies_with_days_typed_day_first(self, client):
        client.force_login(SuperUserFactory())
        program = ProgramFactory()
        url, data = self.change_data(
            client,
            program,
            [
                {"name_vi": "Bộ Lao động – Thương binh và Xã hội", "valid_until": "28/02/2025"},
                {"name_vi": "Bộ Nông nghiệp và Môi trường", "valid_from": "01/03/2025"},
            ],
        )
        response = client.post(url, data)
        assert response.status_code == 302, response.context["inline_admin_formsets"][
            0
        ].formset.errors
        assert [(a.valid_from, a.valid_until) for a in program.lead_agencies_in_order()] == [
            (None, UNTIL),
            (FROM, None),
        ]

    def test_one_save_ends_the_stored_agency_and_adds_the_next(self, client):
        client.force_login(SuperUserFactory())
        program = ProgramFactory()
        stored = LeadAgency.objects.create(program=program, name_vi="Bộ Lao động")
        url, data = self.change_data(
            client,
            program,
            [
                {"id": str(stored.pk), "name_vi": "Bộ Lao động", "valid_until": "28/02/2025"},
                {"name_vi": "Bộ Nông nghiệp và Môi trường", "valid_from": "01/03/2025"},
            ],
        )
        data["lead_agencies-INITIAL_FORMS"] = "1"
        data["lead_agencies-0-program"] = str(program.pk)
        response = client.post(url, data)
        assert response.status_code == 302, response.context["inline_admin_formsets"][
            0
        ].formset.errors
        assert [(a.name, a.valid_until) for a in program.lead_agencies_in_order()] == [
            ("Bộ Lao động", UNTIL),
            ("Bộ Nông nghiệp và Môi trường", None),
        ]

    def test_two_agencies_of_one_save_leading_on_the_same_day_are_refused(self, client):
        client.force_login(SuperUserFactory())
        program = ProgramFactory()
        url, data = self.change_data(
            client,
            program,
            [
                {"name_vi": "Bộ Lao động", "valid_until": "28/02/2025"},
                {"name_vi": "Bộ Nông nghiệp và Môi trường", "valid_from": "01/02/2025"},
            ],
        )
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Trong thời gian này Bộ Lao động đã là cơ quan chủ quản" in text(response)
        assert not LeadAgency.objects.exists()

    def test_an_agency_ending_before_it_starts_is_refused_and_nothing_saved(self, client):
        client.force_login(SuperUserFactory())
        program = ProgramFactory()
        url, data = self.change_data(
            client,
            program,
            [{"name_vi": "Bộ Nội vụ", "valid_from": "01/03/2025", "valid_until": "28/02/2025"}],
        )
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Ngày kết thúc không thể trước ngày bắt đầu làm cơ quan chủ quản." in text(response)
        assert not LeadAgency.objects.exists()


# The conference's sources


def notice(**fields):
    return DocumentFactory(
        number="339/TB-VPCP",
        kind=Document.Kind.NOTICE,
        issuer_vi="Văn phòng Chính phủ",
        issuer_en="Government Office",
        issued_on=datetime.date(2025, 7, 1),
        **fields,
    )


def conference_with_sources():
    conference = ConferenceFactory(source_document=notice())
    for day, publisher in ((23, "Báo Hải Phòng"), (22, "Báo Sóc Trăng")):
        ConferenceSource.objects.create(
            conference=conference,
            publisher=publisher,
            title=f"Tin {publisher}",
            url=f"https://example.vn/{day}",
            date=datetime.date(2025, 6, day),
        )
    return conference


class TestConferenceSources:
    def test_page_names_the_notice_as_primary_source_in_vietnamese(self, client):
        conference = conference_with_sources()
        content = text(client.get(conference.get_absolute_url()))
        document_url = conference.source_document.get_absolute_url()
        assert (
            f'<dt>Nguồn chính</dt>\n      <dd class="primary-source"><a href="{document_url}">'
            "Thông báo số 339/TB-VPCP</a> ngày 1/7/2025 của Văn phòng Chính phủ</dd>"
        ) in content

    def test_page_names_the_notice_as_primary_source_in_english(self, client):
        conference = conference_with_sources()
        content = text(client.get(f"/en{conference.get_absolute_url()}"))
        assert "Notice 339/TB-VPCP</a> of 1 July 2025, Government Office</dd>" in content
        assert "Văn phòng Chính phủ" not in content and "Nguồn" not in content

    def test_page_lists_the_newspapers_as_further_sources_oldest_first(self, client):
        content = text(client.get(conference_with_sources().get_absolute_url()))
        assert "<dt>Nguồn khác</dt>" in content
        soc_trang, hai_phong = (
            content.index("Báo Sóc Trăng, 22/6/2025"),
            content.index("Báo Hải Phòng, 23/6/2025"),
        )
        assert soc_trang < hai_phong
        assert content.index("Nguồn chính") < soc_trang

    def test_findings_say_they_are_the_notice_s(self, client):
        conference = conference_with_sources()
        conference.reported_vi = "6.084 xã đạt chuẩn."
        conference.decided_vi = "Xây dựng chương trình 2026–2035."
        conference.save()
        content = text(client.get(conference.get_absolute_url()))
        assert "Theo Thông báo số 339/TB-VPCP và các nguồn khác." in content
        assert "Kết luận của Thủ tướng theo Thông báo số 339/TB-VPCP." in content

    def test_conference_page_queries_do_not_grow_with_further_sources(self, client):
        conference = conference_with_sources()

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(conference.get_absolute_url()).status_code == 200
            return len(queries)

        few = count()
        for day in range(10):
            ConferenceSource.objects.create(
                conference=conference,
                publisher="Báo",
                url=f"https://example.vn/more-{day}",
                date=datetime.date(2025, 7, 1 + day),
            )
        assert count() == few

    def test_a_notice_issued_before_the_conference_cannot_be_its_record(self):
        conference = ConferenceFactory(
            source_document=DocumentFactory(number="1/TB-VPCP", issued_on=datetime.date(2025, 6, 1))
        )
        with pytest.raises(ValidationError) as error:
            conference.full_clean()
        assert error.value.message_dict["source_document"] == [
            "1/TB-VPCP được ban hành trước ngày hội nghị nên không thể ghi nhận hội nghị."
        ]

    def test_a_report_dated_before_the_conference_is_refused(self):
        source = ConferenceSource(
            conference=ConferenceFactory(),
            publisher="Báo",
            url="https://example.vn/a",
            date=datetime.date(2025, 6, 21),
        )
        with pytest.raises(ValidationError) as error:
            source.full_clean()
        assert error.value.message_dict["date"] == [
            "Bài đưa tin về hội nghị không thể có ngày trước ngày hội nghị."
        ]


# How the provinces of before 1 July 2025 ended


@pytest.fixture
def units():
    hai_phong = ProvinceFactory(name_vi="Hải Phòng", name_en="Hai Phong", kind="city", code="31")
    former_hai_phong = FormerProvinceFactory(
        name_vi="Hải Phòng",
        name_en="Hai Phong",
        kind="city",
        code="31",
        successor=hai_phong,
        succession="merged",
    )
    hai_duong = FormerProvinceFactory(
        name_vi="Hải Dương",
        name_en="Hai Duong",
        code="30",
        successor=hai_phong,
        succession="merged",
    )
    ha_noi = ProvinceFactory(name_vi="Hà Nội", name_en="Hanoi", kind="city", code="01")
    former_ha_noi = FormerProvinceFactory(
        name_vi="Hà Nội",
        name_en="Hanoi",
        kind="city",
        code="01",
        successor=ha_noi,
        succession="unchanged",
    )
    return {
        "hai_phong": hai_phong,
        "former_hai_phong": former_hai_phong,
        "hai_duong": hai_duong,
        "ha_noi": ha_noi,
        "former_ha_noi": former_ha_noi,
    }


class TestSuccession:
    def test_history_labels_say_how_each_unit_ended(self, units):
        labels = {key: unit.history_label for key, unit in units.items()}
        assert labels == {
            "hai_phong": "",
            "former_hai_phong": (
                "thành phố trực thuộc trung ương trước sắp xếp, đến 30/6/2025, nay thuộc Hải Phòng"
            ),
            "hai_duong": "tỉnh cũ, đến 30/6/2025, nay thuộc Hải Phòng",
            "ha_noi": "",
            "former_ha_noi": "đến 30/6/2025; không thực hiện sắp xếp, tiếp tục là Hà Nội",
        }
        with translation.override("en"):
            assert units["former_hai_phong"].history_label == (
                "former centrally-run city until 30 June 2025, now part of Hai Phong"
            )
            assert units["former_ha_noi"].history_label == (
                "until 30 June 2025, continues unchanged as Hanoi"
            )

    def test_a_former_unit_without_successor_still_says_what_it_was(self):
        city = FormerProvinceFactory(name_vi="Huế", kind="city", successor=None)
        assert city.history_label == "thành phố trực thuộc trung ương trước sắp xếp, đến 30/6/2025"
        assert FormerProvinceFactory(successor=None).history_label == "tỉnh cũ, đến 30/6/2025"

    def test_a_city_formed_with_a_former_city_never_calls_it_a_former_province(self, client, units):
        content = text(client.get(units["hai_phong"].get_absolute_url()))
        assert "từ các tỉnh, thành phố trước sắp xếp dưới đây" in content
        assert "tỉnh cũ" not in content
        english = text(client.get(f"/en{units['hai_phong'].get_absolute_url()}"))
        assert "from these provinces and cities as they were until 30 June 2025" in english
        assert "former provinces" not in english

    def test_province_list_says_unchanged_instead_of_formed_from_itself(self, client, units):
        content = text(client.get(reverse("programs:province_list")))
        ha_noi = content[content.index(">Hà Nội<") : content.index(">Hải Phòng<")]
        assert "giữ nguyên, không sắp xếp" in ha_noi and "hình thành từ" not in ha_noi
        hai_phong = content[content.index(">Hải Phòng<") :]
        assert "hình thành từ" in hai_phong
        assert "tỉnh cũ" not in content
        english = text(client.get("/en" + reverse("programs:province_list")))
        assert "continues unchanged" in english and "11 continued unchanged" in english

    def test_search_results_say_how_each_unit_ended(self, client, units):
        content = text(client.get(reverse("search"), {"q": "Hà Nội"}))
        assert "không thực hiện sắp xếp, tiếp tục là Hà Nội" in content
        assert "tỉnh cũ" not in content
        content = text(client.get(reverse("search"), {"q": "Hải Phòng"}))
        assert "thành phố trực thuộc trung ương trước sắp xếp" in content
        english = text(client.get("/en" + reverse("search"), {"q": "Hai Phong"}))
        assert "former centrally-run city until 30 June 2025, now part of Hai Phong" in english


OLD_TEXT = "Bộ Lao động – Thương binh và Xã hội; nay là Bộ Nông nghiệp và Môi trường"


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_an_old_one_line_lead_agency_as_an_undated_agency():
    executor = MigrationExecutor(connection)
    before, after = ("programs", "0014_import_jobs"), ("programs", "0015_lead_agencies")
    executor.migrate([before])
    try:
        Program = executor.loader.project_state(before).apps.get_model("programs", "Program")
        Program.objects.create(
            code="GNBV",
            slug="gnbv",
            name="Giảm nghèo",
            short_name="Giảm nghèo",
            start_year=2021,
            end_year=2025,
            lead_agency=OLD_TEXT,
            lead_agency_vi=OLD_TEXT,
            lead_agency_en="Ministry of Labour; now the Ministry of Agriculture and Environment",
        )
        Program.objects.create(
            code="X", slug="x", name="X", short_name="X", start_year=2021, end_year=2025
        )
        executor = MigrationExecutor(connection)
        executor.migrate([after])
        apps = executor.loader.project_state(after).apps
        agencies = apps.get_model("programs", "LeadAgency").objects.values_list(
            "program__code", "name_vi", "name_en", "valid_from", "valid_until"
        )
        assert list(agencies) == [
            (
                "GNBV",
                OLD_TEXT,
                "Ministry of Labour; now the Ministry of Agriculture and Environment",
                None,
                None,
            )
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
