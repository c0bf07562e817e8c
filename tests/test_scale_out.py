"""Running on several hosts (docs/deploy.md): the read replica router, the health check, and
nothing kept on the host itself (sessions, media, settings from the environment)."""

import runpy
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.core.files.storage import default_storage
from django.db import OperationalError, connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.module_loading import import_string

from news.models import Article
from ntmportal.routers import (
    LAST_WRITE_KEY,
    PRIMARY_AFTER_WRITE_SECONDS,
    REPLICA,
    ReplicaMiddleware,
    ReplicaRouter,
    reads_from_replica,
)
from programs.models import IndicatorValue
from tests.factories import ArticleFactory, IndicatorValueFactory, SuperUserFactory
from tests.news.images import image_file

SETTINGS_FILE = Path(django_settings.BASE_DIR) / "ntmportal" / "settings.py"
VALUES = "/api/v1/indicator-values/"


@pytest.fixture(autouse=True, scope="module")
def replica(django_db_setup):
    """A "replica" database on the primary's test database, as DATABASE_REPLICA_URL gives in a
    test run (TEST MIRROR); added here when the run has none."""
    if REPLICA in connections:
        yield
        return
    connections.settings[REPLICA] = {
        **connections["default"].settings_dict,
        "TEST": {**connections["default"].settings_dict["TEST"], "MIRROR": "default"},
    }
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture(autouse=True)
def router(settings):
    settings.DATABASE_ROUTERS = ["ntmportal.routers.ReplicaRouter"]


def queries_on_each_database(client, path):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get(path)
    return response, len(primary), len(replica)


def reads_during(request):
    """Whether the request's view would read from the replica."""
    seen = []

    def view(request):
        seen.append(reads_from_replica.get())
        return HttpResponse()

    ReplicaMiddleware(view)(request)
    return seen[0]


# The router's decisions


def test_reads_go_to_the_primary_outside_an_anonymous_request():
    assert ReplicaRouter().db_for_read(IndicatorValue) == "default"


def test_reads_of_an_anonymous_request_go_to_the_replica():
    token = reads_from_replica.set(True)
    try:
        assert ReplicaRouter().db_for_read(IndicatorValue) == REPLICA
    finally:
        reads_from_replica.reset(token)


def test_writes_go_to_the_primary_and_so_do_the_reads_after_them():
    router = ReplicaRouter()
    token = reads_from_replica.set(True)
    try:
        assert router.db_for_write(IndicatorValue) == "default"
        assert router.db_for_read(IndicatorValue) == "default"
    finally:
        reads_from_replica.reset(token)


def test_migrations_run_on_the_primary_only():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "programs")
    assert not router.allow_migrate(REPLICA, "programs")


@pytest.mark.parametrize(
    ("method", "headers", "path", "expected"),
    [
        ("get", {}, "/", True),
        ("head", {}, "/api/v1/indicator-values/", True),
        ("post", {}, "/news/some-article/", False),
        ("get", {"Cookie": f"{django_settings.SESSION_COOKIE_NAME}=abc"}, "/", False),
        ("get", {"Authorization": "Token abc"}, "/api/v1/indicator-values/", False),
        ("get", {}, "/admin/", False),
    ],
    ids=["anonymous-get", "anonymous-head", "post", "signed-in", "api-token", "admin"],
)
def test_only_anonymous_reads_use_the_replica(method, headers, path, expected):
    request = getattr(RequestFactory(), method)(path, headers=headers)
    assert reads_during(request) is expected


def test_after_a_write_anonymous_reads_use_the_primary_until_the_replica_catches_up():
    reads_during(RequestFactory().post("/news/some-article/"))
    assert reads_during(RequestFactory().get("/")) is False
    cache.set(LAST_WRITE_KEY, time.time() - PRIMARY_AFTER_WRITE_SECONDS - 1)
    assert reads_during(RequestFactory().get("/")) is True


def test_the_choice_ends_with_the_request():
    reads_during(RequestFactory().get("/"))
    assert reads_from_replica.get() is False


def test_without_a_replica_the_middleware_stays_out(monkeypatch):
    monkeypatch.delitem(django_settings.DATABASES, REPLICA)
    with pytest.raises(MiddlewareNotUsed):
        ReplicaMiddleware(lambda request: HttpResponse())


# Whole requests, with a second connection to the same database. Committed (transaction=True),
# as a replica sees only what the primary has committed.


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_anonymous_page_is_read_from_the_replica(client):
    value = IndicatorValueFactory()
    response, on_primary, on_replica = queries_on_each_database(client, VALUES)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [value.pk]
    assert on_replica > 0
    assert on_primary == 0


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_signed_in_staff_read_from_the_primary(client):
    client.force_login(SuperUserFactory())
    response, on_primary, on_replica = queries_on_each_database(client, VALUES)
    assert response.status_code == 200
    assert on_primary > 0
    assert on_replica == 0


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_anonymous_write_uses_the_primary(client):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.post("/api/v1/token/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 400
    assert len(primary) > 0
    assert len(replica) == 0


# The health check


@pytest.mark.django_db
def test_health_check_answers_ok_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert client.get("/healthz")["X-Cache"] == "miss"


@pytest.mark.django_db
def test_health_check_is_503_when_the_database_is_down(client):
    broken = mock.MagicMock()
    broken.cursor.side_effect = OperationalError("connection refused")
    with mock.patch("ntmportal.health.connection", broken):
        response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_health_check_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


# Nothing kept on the host


@pytest.mark.django_db
def test_sessions_are_kept_in_the_database(client):
    client.force_login(SuperUserFactory())
    assert Session.objects.filter(session_key=client.session.session_key).exists()


@pytest.mark.django_db
def test_uploaded_images_go_through_the_storage_api(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    article = ArticleFactory(hero_image=image_file(), hero_alt_vi="Cánh đồng")
    article = Article.objects.get(pk=article.pk)
    assert default_storage.exists(article.hero_image.name)
    assert all(default_storage.exists(size["name"]) for size in article.hero_renditions["sizes"])
    assert not Path(settings.MEDIA_ROOT).exists()


def production_settings(monkeypatch, **environment):
    for name in ("DEBUG", "CONN_MAX_AGE", "DATABASE_REPLICA_URL", "AWS_STORAGE_BUCKET_NAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "x")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_production_keeps_database_connections_open(monkeypatch):
    database = production_settings(monkeypatch)["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_replica_url_adds_the_replica_and_its_router(monkeypatch):
    configured = production_settings(
        monkeypatch,
        DATABASE_URL="postgres://portal@primary.internal:5432/ntmportal",
        DATABASE_REPLICA_URL="postgres://portal@replica.internal:5432/ntmportal",
    )
    replica = configured["DATABASES"][REPLICA]
    assert replica["HOST"] == "replica.internal"
    assert replica["TEST"] == {"MIRROR": "default"}
    assert configured["DATABASE_ROUTERS"] == ["ntmportal.routers.ReplicaRouter"]


def test_no_replica_without_its_url(monkeypatch):
    configured = production_settings(monkeypatch)
    assert REPLICA not in configured["DATABASES"]
    assert "DATABASE_ROUTERS" not in configured


def test_bucket_name_puts_media_in_object_storage(monkeypatch):
    configured = production_settings(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME="ntm-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.vn",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    storage = configured["STORAGES"]["default"]
    backend = import_string(storage["BACKEND"])(**storage["OPTIONS"])
    assert backend.bucket_name == "ntm-media"
    assert backend.endpoint_url == "https://s3.example.vn"
    assert backend.url("news/anh.webp").startswith("https://s3.example.vn/ntm-media/news/anh.webp")


def test_media_stay_on_local_files_by_default(monkeypatch):
    storage = production_settings(monkeypatch)["STORAGES"]["default"]
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
