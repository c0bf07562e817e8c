"""The API's shared pieces (ntmportal/api.py): no server error from any input, strict query
parameters, request limits, conditional requests, writes' headers, CORS and rate-limit headers."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_filters import (
    ChoiceFilter,
    ModelChoiceFilter,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
)
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ntmportal.api import MAX_JSON_DEPTH
from ntmportal.api_urls import router
from ntmportal.throttling import AnonRateThrottle
from tests import factories

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def client():
    return APIClient()


def superuser_client():
    client = APIClient()
    token = Token.objects.create(user=factories.SuperUserFactory())
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


# No server error, from any input

DETAIL_ROUTES = [
    "programs",
    "documents",
    "units",
    "indicators",
    "indicator-values",
    "targets",
    "conferences",
    "movements",
    "awards",
    "articles",
    "categories",
    "tags",
    "authors",
]


@pytest.mark.parametrize("route", DETAIL_ROUTES)
def test_a_nul_byte_in_a_detail_address_is_a_json_404(client, route):
    response = client.get(f"{API}/{route}/a%00/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("path", ["nothing-here/", "programs/a/b/c/", "../v0/programs/"])
def test_an_address_the_api_does_not_route_is_the_apis_json_404(client, path):
    # Tests run with DEBUG off (conftest), as production: Django's debug 404 page is not used.
    routed = client.get(f"{API}/programs/no-such-program/")
    response = client.get(f"{API}/{path}")
    assert response.status_code == routed.status_code == 404
    assert response["Content-Type"] == routed["Content-Type"] == "application/json"
    assert response.json().keys() == routed.json().keys() == {"detail"}
    english = client.get(f"{API}/{path}", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "Not found."}


def test_an_address_the_site_does_not_route_is_its_html_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "path", ["/a%00/", "/provinces/a%00/", "/news/a%00/", "/admin/programs/program/a%00/change/"]
)
def test_a_nul_byte_in_a_site_address_is_404(client, path):
    client.force_login(factories.SuperUserFactory())
    assert client.get(path).status_code == 404


def nested(depth):
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_deeply_nested_json_to_the_anonymous_token_endpoint_is_400(client, depth):
    response = client.post(f"{API}/token/", nested(depth), content_type="application/json")
    assert response.status_code == 400
    assert str(MAX_JSON_DEPTH) in response.json()["detail"]


def test_deeply_nested_json_in_a_write_is_400(client):
    body = json.dumps({"value": json.loads(nested(MAX_JSON_DEPTH))})
    response = superuser_client().post(
        f"{API}/indicator-values/", body, content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_a_body_over_the_limit_is_a_json_413_naming_the_limit(client, settings, content_type):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(f"{API}/token/", "x" * 1001, content_type=content_type)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["limit"] == 1000
    assert "1000" in response.json()["detail"]


# Strict query parameters


@pytest.mark.parametrize(
    ("route", "params", "name"),
    [
        ("units", {"current": "maybe"}, "current"),
        ("units", {"former": "yes please"}, "former"),
        ("indicator-values", {"latest": "perhaps"}, "latest"),
    ],
)
def test_an_invalid_boolean_is_400(client, route, params, name):
    response = client.get(f"{API}/{route}/", params)
    assert response.status_code == 400
    assert list(response.json()) == [name]


@pytest.mark.parametrize("ordering", ["colour", "-colour", "code,", "name"])
def test_an_unknown_ordering_is_400_listing_the_valid_fields(client, ordering):
    response = client.get(f"{API}/programs/", {"ordering": ordering})
    assert response.status_code == 400
    assert "start_year" in response.json()["ordering"][0]


@pytest.mark.parametrize("route", ["categories", "tags", "authors", "programs"])
def test_a_list_without_such_a_filter_refuses_it_too(client, route):
    response = client.get(f"{API}/{route}/", {"colour": "green"})
    assert response.status_code == 400
    assert "page_size" in response.json()["colour"][0]


@pytest.mark.parametrize("route", DETAIL_ROUTES)
def test_standard_parameters_are_known_everywhere(client, route):
    params = {"page": 1, "page_size": 10, "format": "json", "ordering": "", "fields": ""}
    response = client.get(f"{API}/{route}/", params)
    assert response.status_code == 200
    # Text and the moment of change are known everywhere too.
    response = client.get(f"{API}/{route}/", {"q": "nong thon", "updated_after": "2025-07-01"})
    assert response.status_code == 200, response.content


def test_fields_chooses_the_fields_of_each_object(client):
    factories.ProgramFactory(code="NTM")
    rows = client.get(f"{API}/programs/", {"fields": "code,start_year"}).json()["results"]
    assert [set(row) for row in rows] == [{"code", "start_year"}]
    detail = client.get(f"{API}/programs/NTM/", {"fields": "code"}).json()
    assert detail == {"code": "NTM"}
    response = client.get(f"{API}/programs/", {"fields": "code,colour"})
    assert response.status_code == 400
    assert "colour" in response.json()["fields"][0]


@pytest.mark.parametrize(
    ("route", "factory", "name"),
    [
        ("categories", factories.CategoryFactory, "name_vi"),  # translated
        ("tags", factories.TagFactory, "name"),
        ("authors", factories.AuthorFactory, "name"),
    ],
)
def test_q_finds_sections_tags_and_bylines_by_name_ignoring_diacritics(
    client, route, factory, name
):
    wanted = factory(**{name: "Nông thôn mới"})
    factory(**{name: "Giảm nghèo"})
    rows = client.get(f"{API}/{route}/", {"q": "nong thon"}).json()["results"]
    assert [row["slug"] for row in rows] == [wanted.slug]


def test_q_finds_programs_by_code_or_name(client):
    factories.ProgramFactory(code="NTM", name_vi="Xây dựng nông thôn mới")
    factories.ProgramFactory(code="GN", name_vi="Giảm nghèo bền vững")
    rows = client.get(f"{API}/programs/", {"q": "nong thon"}).json()["results"]
    assert [row["code"] for row in rows] == ["NTM"]


# Writes: Location, ETag, If-Match


@pytest.fixture
def figure():
    nation = factories.NationFactory()
    return factories.IndicatorValueFactory(
        indicator=factories.IndicatorFactory(code="communes-ntm"), unit=nation, value=10
    )


def test_a_creation_answers_201_with_its_location(figure):
    payload = {
        "indicator": "communes-ntm",
        "unit": figure.unit_id,
        "period_start": "2023-06-30",
        "period_end": "2023-06-30",
        "value": 6084,
        "status": "published",
        "source_publisher": "Báo Hải Phòng",
        "source_url": "https://haiphong.gov.vn/report",
        "source_date": "2025-06-23",
    }
    response = superuser_client().post(f"{API}/indicator-values/", payload, format="json")
    assert response.status_code == 201, response.content
    created = response.json()["id"]
    assert response["Location"] == f"http://testserver{API}/indicator-values/{created}/"
    assert response.has_header("ETag")


def test_a_write_with_the_current_etag_in_if_match_succeeds(figure):
    client = superuser_client()
    address = f"{API}/indicator-values/{figure.pk}/"
    etag = client.get(address)["ETag"]
    response = client.patch(address, {"value": 11}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] == client.get(address)["ETag"] != etag


def test_a_write_with_a_stale_etag_is_412_and_changes_nothing(figure):
    client = superuser_client()
    address = f"{API}/indicator-values/{figure.pk}/"
    etag = client.get(address)["ETag"]
    assert client.patch(address, {"value": 11}, format="json").status_code == 200
    response = client.patch(address, {"value": 12}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    figure.refresh_from_db()
    assert figure.value == 11


def target_payload():
    target = factories.TargetFactory()
    return {
        "indicator": target.indicator.code,
        "unit": target.unit_id,
        "period_start": "2026-01-01",
        "period_end": "2030-12-31",
        "comparator": target.comparator,
        "value": 7000,
        "document": target.document.slug,
    }


def article_payload():
    category = factories.CategoryFactory()
    return {
        "title": "Bài mới",
        "lead": "Tóm tắt.",
        "body": "<p>Nội dung.</p>",
        "category": category.slug,
    }


@pytest.mark.parametrize(
    ("route", "payload", "field", "first", "second"),
    [
        ("targets", target_payload, "value", 7100, 7200),
        ("articles", article_payload, "lead", "Tóm tắt khác.", "Tóm tắt thứ ba."),
    ],
)
def test_targets_and_articles_answer_201_with_location_and_412_on_a_stale_write(
    route, payload, field, first, second
):
    client = superuser_client()
    created = client.post(f"{API}/{route}/", payload(), format="json")
    assert created.status_code == 201, created.content
    address = created["Location"]
    assert address == f"http://testserver{API}/{route}/{created.json()['id']}/"
    etag = client.get(address)["ETag"]
    changed = client.patch(address, {field: first}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200
    stale = client.patch(address, {field: second}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert client.get(address).json()[field] == first


# Conditional reads


def test_a_read_carries_last_modified_and_answers_if_modified_since(client, figure):
    first = client.get(f"{API}/indicator-values/")
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    again = client.get(f"{API}/indicator-values/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert again["Last-Modified"] == first["Last-Modified"]


# CORS and rate limits


def test_anonymous_reads_may_be_made_from_other_sites(client):
    response = client.get(f"{API}/programs/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_cross_site_writes_are_not_allowed(client):
    preflight = client.options(
        f"{API}/indicator-values/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert "authorization" not in preflight.get("Access-Control-Allow-Headers", "")


def test_site_pages_carry_no_cors_headers(client):
    response = client.get("/robots.txt", HTTP_ORIGIN="https://example.org")
    assert not response.has_header("Access-Control-Allow-Origin")


@pytest.fixture
def two_a_minute(monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    clock = {"now": 60 * 29_000_000 + 15.0}
    monkeypatch.setattr(AnonRateThrottle, "timer", staticmethod(lambda: clock["now"]))
    return clock


def test_rate_limit_headers_tell_the_limit_and_when_it_resets(client, two_a_minute):
    response = client.get(f"{API}/programs/")
    assert (response["RateLimit-Limit"], response["RateLimit-Policy"]) == ("2", "2;w=60")
    client.get(f"{API}/programs/")
    throttled = client.get(f"{API}/programs/")
    assert throttled.status_code == 429
    assert throttled["RateLimit-Remaining"] == "0"
    assert throttled["RateLimit-Reset"] == throttled["Retry-After"] == "45"


def test_signed_in_users_get_no_rate_limit_headers(client, two_a_minute):
    client.force_authenticate(factories.UserFactory())
    assert not client.get(f"{API}/programs/").has_header("RateLimit-Limit")


def test_dates_in_filters_are_days(client):
    factories.DocumentFactory(issued_on=datetime.date(2025, 6, 22))
    response = client.get(f"{API}/documents/", {"issued_on_after": "2025-06-22"})
    assert response.json()["count"] == 1


# The schema


@pytest.fixture
def schema(client):
    return client.get(f"{API}/schema/", {"format": "json"}).json()


def test_the_schema_is_valid_openapi_3(schema):
    validate(schema)  # raises on the first error


def test_the_schema_documents_every_status_a_route_may_answer(schema):
    figures = schema["paths"][f"{API}/indicator-values/"]
    assert {"200", "304", "400", "401", "404", "406", "429"} <= set(figures["get"]["responses"])
    assert {"201", "400", "401", "403", "413", "415", "429"} <= set(figures["post"]["responses"])
    patch = schema["paths"][f"{API}/indicator-values/{{id}}/"]["patch"]["responses"]
    assert {"200", "404", "412", "413", "415"} <= set(patch)
    assert "Retry-After" in figures["get"]["responses"]["429"]["headers"]


def test_the_schema_gives_choices_as_enums_and_the_page_size_cap(schema):
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in schema["paths"][f"{API}/indicator-values/"]["get"]["parameters"]
    }
    assert parameters["level"]["items"]["enum"] == ["commune", "nation", "province"]
    assert parameters["structure"]["enum"] == ["current", "former"]
    assert parameters["period"]["items"] == {"type": "integer", "minimum": 1, "maximum": 9999}
    assert parameters["fold"]["enum"] == ["current"]
    assert "-period_end" in parameters["ordering"]["items"]["enum"]
    assert parameters["page_size"]["maximum"] == 500
    assert parameters["unit"]["type"] == "array"


def test_every_choice_parameter_of_every_list_is_an_enum_in_the_schema(schema):
    checked = 0
    for prefix, viewset, _basename in router.registry:
        filterset = getattr(viewset, "filterset_class", None)
        if filterset is None:
            continue
        parameters = {
            parameter["name"]: parameter["schema"]
            for parameter in schema["paths"][f"{API}/{prefix}/"]["get"]["parameters"]
        }
        for name, filter_ in filterset.base_filters.items():
            # Objects (by id, code or slug) are no fixed choice.
            by_object = isinstance(filter_, ModelChoiceFilter | ModelMultipleChoiceFilter)
            if isinstance(filter_, ChoiceFilter | MultipleChoiceFilter) and not by_object:
                values = [value for value, _label in filter_.field.choices if value != ""]
                parameter = parameters[name]
                enum = parameter.get("enum") or parameter["items"]["enum"]
                assert sorted(enum) == sorted(values), f"{name} of {prefix}"
                checked += 1
    assert checked >= 10


@pytest.mark.parametrize("text", ['"\\ud800"', '{"\\udc00": 1}', '{"username": "a\\udfffb"}'])
def test_json_with_lone_surrogates_is_400(client, text):
    response = client.post(f"{API}/token/", text, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("route", "factory"),
    [("indicator-values", factories.IndicatorValueFactory), ("articles", factories.ArticleFactory)],
)
def test_updated_after_lists_what_changed_since(client, route, factory):
    factory()
    hour_ago = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    hour_on = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
    assert client.get(f"{API}/{route}/", {"updated_after": hour_ago}).json()["count"] == 1
    assert client.get(f"{API}/{route}/", {"updated_after": hour_on}).json()["count"] == 0
    assert client.get(f"{API}/{route}/", {"updated_after": "yesterday"}).status_code == 400


@pytest.mark.parametrize(
    "moment",
    [
        "2108-08-03T02:38:49-18:58",  # no time zone is that far from UTC
        "0054-09-22T22:38:23.5+18:19",
        "0001-01-01T00:00:00+05:00",  # before the year 1 in UTC
        "9999-12-31T23:59:59-05:00",  # after the year 9999 in UTC
    ],
)
@pytest.mark.parametrize("route", ["indicator-values", "targets", "units", "articles", "tags"])
def test_a_moment_no_database_can_hold_is_400_not_500(client, route, moment):
    response = client.get(f"{API}/{route}/", {"updated_after": moment})
    assert response.status_code == 400
    assert list(response.json()) == ["updated_after"]


def test_a_moment_at_the_edge_of_the_calendar_is_a_moment(client):
    for moment in ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59+00:00", "2025-07-01T00:00+14:00"):
        assert client.get(f"{API}/units/", {"updated_after": moment}).status_code == 200
