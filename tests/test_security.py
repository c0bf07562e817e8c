"""The Security block of the settings and ntmportal/security.py, ntmportal/pagecache/redis.py."""

import base64
import hashlib
import json
import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError, connections
from django.test import RequestFactory
from django.urls import reverse
from redis import Redis

from news.models import Comment
from ntmportal.security import client_ip
from tests.factories import ArticleFactory, ProgramFactory, SuperUserFactory, UserFactory

BASE_DIR = Path(__file__).resolve().parents[1]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
DOWN_REDIS = {
    "default": {
        "BACKEND": "ntmportal.pagecache.redis.FaultTolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


def production_env(**variables):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "SECURE_PROXY_SSL_HEADER",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return env | {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "ntm.example.gov.vn",
        **variables,
    }


def settings_in(**variables):
    """The security settings as a fresh process loads them from these environment variables."""
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
        "TRUSTED_PROXIES",
    ]
    code = (
        "import json; from ntmportal import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=production_env(**variables),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


def csp(response):
    return dict(
        (directive.split(" ", 1) + [""])[:2]
        for directive in response["Content-Security-Policy"].split("; ")
    )


class TestProductionSettings:
    def test_deploy_check_has_no_warnings(self):
        result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=BASE_DIR,
            env=production_env(),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    def test_production_turns_every_protection_on(self):
        values = settings_in()
        assert values["SECURE_SSL_REDIRECT"] is True
        assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
        assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]

    def test_debug_relaxes_what_plain_http_needs(self):
        values = settings_in(DEBUG="true")
        assert values["SECURE_SSL_REDIRECT"] is False
        assert values["SECURE_HSTS_SECONDS"] == 0
        assert not values["SESSION_COOKIE_SECURE"] and not values["CSRF_COOKIE_SECURE"]

    def test_a_variable_switches_the_https_redirect_off(self):
        values = settings_in(SECURE_SSL_REDIRECT="false")
        assert values["SECURE_SSL_REDIRECT"] is False
        assert values["SESSION_COOKIE_SECURE"] is True

    def test_the_load_balancers_header_comes_from_a_variable(self):
        values = settings_in(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")
        assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
class TestHeaders:
    def test_pages_forbid_framing_sniffing_and_leaking_the_referrer(self, client):
        response = client.get("/")
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"

    def test_https_responses_ask_for_https_for_a_year_with_subdomains(self, client):
        response = client.get("/", secure=True)
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )

    def test_plain_http_is_redirected_to_https(self, client, settings):
        settings.SECURE_SSL_REDIRECT = True
        response = client.get("/news/")
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/news/"

    def test_https_ended_at_the_load_balancer_is_not_redirected(self, client, settings):
        settings.SECURE_SSL_REDIRECT = True
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        response = client.get("/", headers={"X-Forwarded-Proto": "https"})
        assert response.status_code == 200


@pytest.mark.django_db
class TestContentSecurityPolicy:
    def test_pages_allow_only_scripts_and_styles_from_the_site(self, client):
        ProgramFactory()
        ArticleFactory()
        policy = csp(client.get("/"))
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"
        assert policy["object-src"] == "'none'"

    @pytest.mark.parametrize("url", ["/", "/news/", "/en/"])
    def test_public_pages_have_no_inline_script(self, client, url):
        ArticleFactory()
        response = client.get(url)
        assert response.status_code == 200
        assert INLINE_SCRIPT.findall(response.content.decode()) == []

    @pytest.mark.parametrize("name", ["api:docs", "api:redoc"])
    def test_api_viewers_run_without_inline_scripts(self, client, name):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "'unsafe-inline'" not in csp(response)["script-src"]
        assert INLINE_SCRIPT.findall(response.content.decode()) == []

    def test_swagger_uis_start_up_script_is_a_file(self, client):
        response = client.get(reverse("api:docs"), {"script": ""})
        assert response.status_code == 200
        assert "SwaggerUIBundle" in response.content.decode()

    def test_the_admin_editor_import_map_is_allowed_by_its_hash_alone(self, client):
        client.force_login(SuperUserFactory())
        response = client.get(reverse("admin:news_article_add"))
        assert response.status_code == 200
        scripts = INLINE_SCRIPT.findall(response.content.decode())
        assert len(scripts) == 1 and '"django-prose-editor/editor"' in scripts[0]
        sources = csp(response)["script-src"].split()
        assert "'unsafe-inline'" not in sources
        digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
        assert sources == ["'self'", f"'sha256-{digest}'"]


@pytest.mark.django_db
class TestLoginLockout:
    def log_in(self, client, username, password):
        return client.post(
            reverse("admin:login"),
            {"username": username, "password": password, "next": reverse("admin:index")},
        )

    def test_five_failures_lock_out_even_the_right_password(self, client):
        UserFactory(username="bientap", is_staff=True)
        for _ in range(5):
            assert self.log_in(client, "bientap", "wrong-password").status_code in {200, 429}
        response = self.log_in(client, "bientap", "correct-horse-battery")
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_four_failures_still_let_the_right_password_in(self, client):
        UserFactory(username="bientap", is_staff=True)
        for _ in range(4):
            self.log_in(client, "bientap", "wrong-password")
        assert self.log_in(client, "bientap", "correct-horse-battery").status_code == 302

    def test_another_user_is_not_locked_out(self, client):
        UserFactory(username="bientap", is_staff=True)
        UserFactory(username="kiemduyet", is_staff=True)
        for _ in range(5):
            self.log_in(client, "bientap", "wrong-password")
        assert self.log_in(client, "kiemduyet", "correct-horse-battery").status_code == 302

    def test_locked_out_user_gets_no_api_token(self, client):
        UserFactory(username="bientap")
        for _ in range(5):
            self.log_in(client, "bientap", "wrong-password")
        response = client.post(
            reverse("api:token"), {"username": "bientap", "password": "correct-horse-battery"}
        )
        assert response.status_code in {400, 403, 429}
        assert "token" not in response.json()


@pytest.mark.django_db
class TestRedisDown:
    def test_cache_calls_act_as_misses_and_are_logged(self, settings, caplog):
        settings.CACHES = DOWN_REDIS
        with caplog.at_level(logging.WARNING, logger="ntmportal.pagecache.redis"):
            cache.set("key", 1)
            assert cache.get("key", "missing") == "missing"
            assert cache.get_many(["key"]) == {}
            assert cache.add("key", 1) is False
            with pytest.raises(ValueError):
                cache.incr("key")
        assert "Cache bypassed" in caplog.text

    def test_pages_answer(self, client, settings):
        settings.CACHES = DOWN_REDIS
        ArticleFactory()
        assert client.get("/").status_code == 200
        assert client.get("/news/").status_code == 200

    def test_a_comment_is_still_received(self, client, settings):
        settings.CACHES = DOWN_REDIS
        article = ArticleFactory()
        data = {"name": "Nguyễn Thị Hoa", "email": "", "body": "Xin cảm ơn bài viết."}
        response = client.post(article.get_absolute_url(), data)
        assert response.status_code == 302
        assert Comment.objects.get().article == article

    def test_a_running_redis_caches(self, settings):
        settings.CACHES = {
            "default": DOWN_REDIS["default"]
            | {"LOCATION": "redis://127.0.0.1:6379/15", "KEY_PREFIX": "test-security"}
        }
        cache.set("key", "Đồng Tháp", 5)
        assert cache.get("key") == "Đồng Tháp"
        cache.delete("key")

    def test_incr_adds_to_an_existing_key_only_and_keeps_its_expiry(self, settings):
        settings.CACHES = {
            "default": DOWN_REDIS["default"]
            | {"LOCATION": "redis://127.0.0.1:6379/15", "KEY_PREFIX": "test-security"}
        }
        cache.delete("count")
        with pytest.raises(ValueError):
            cache.incr("count")
        assert cache.get("count") is None
        cache.add("count", 1, 30)
        assert cache.incr("count") == 2
        assert cache.incr("count", 5) == 7
        redis = Redis.from_url("redis://127.0.0.1:6379/15")
        assert 0 < redis.ttl(cache.make_key("count")) <= 30
        cache.delete("count")


@pytest.mark.django_db
class TestDatabaseDown:
    @pytest.fixture
    def database_down(self):
        refused = OperationalError("connection refused")
        with mock.patch.object(connections["default"], "ensure_connection", side_effect=refused):
            yield

    @pytest.mark.parametrize("url", ["/", "/news/", "/api/v1/programs/"])
    def test_pages_answer_503_with_a_friendly_page(self, client, database_down, url):
        response = client.get(url)
        assert response.status_code == 503
        assert response["Retry-After"] == "60"
        html = response.content.decode()
        assert "Temporarily unavailable" in html or "Tạm thời" in html
        assert "Traceback" not in html and "OperationalError" not in html

    def test_other_errors_are_left_alone(self, client):
        with mock.patch("programs.views.HomeView.get", side_effect=ValueError("bug")):
            with pytest.raises(ValueError):
                client.get("/")


class TestClientAddress:
    """ntmportal.security.client_ip: what every per-visitor limit counts by."""

    def address(self, settings, trusted, forwarded=None, remote="10.0.0.2"):
        settings.TRUSTED_PROXIES = trusted
        headers = {} if forwarded is None else {"X-Forwarded-For": forwarded}
        return client_ip(RequestFactory().get("/", headers=headers, REMOTE_ADDR=remote))

    def test_without_proxies_a_clients_header_is_ignored(self, settings):
        assert self.address(settings, [], "203.0.113.9", remote="198.51.100.4") == "198.51.100.4"
        assert self.address(settings, 0, "203.0.113.9", remote="198.51.100.4") == "198.51.100.4"

    def test_behind_one_proxy_the_client_is_the_hop_it_appended(self, settings):
        assert self.address(settings, 1, "203.0.113.9") == "203.0.113.9"

    def test_behind_one_proxy_a_forged_hop_is_ignored(self, settings):
        assert self.address(settings, 1, "1.2.3.4, 203.0.113.9") == "203.0.113.9"

    def test_behind_two_proxies_the_client_is_two_hops_left(self, settings):
        # The CDN appended the visitor, the load balancer the CDN; REMOTE_ADDR is the balancer.
        assert self.address(settings, 2, "1.2.3.4, 203.0.113.9, 10.0.0.1") == "203.0.113.9"

    def test_trusted_addresses_are_skipped_from_the_right(self, settings):
        trusted = ["10.0.0.0/8", "192.0.2.7"]
        forwarded = "1.2.3.4, 203.0.113.9, 192.0.2.7, 10.0.0.1"
        assert self.address(settings, trusted, forwarded) == "203.0.113.9"

    def test_a_request_that_bypassed_the_trusted_proxies_counts_by_its_own_address(self, settings):
        forged = self.address(settings, ["10.0.0.0/8"], "10.0.0.9", remote="198.51.100.4")
        assert forged == "198.51.100.4"

    def test_a_hop_that_is_no_address_is_not_believed(self, settings):
        assert self.address(settings, 1, "<script>") == "10.0.0.2"

    def test_the_setting_is_a_count_or_addresses(self):
        assert settings_in(TRUSTED_PROXIES="2")["TRUSTED_PROXIES"] == 2
        addresses = settings_in(TRUSTED_PROXIES="10.0.0.0/8, 192.0.2.7")["TRUSTED_PROXIES"]
        assert addresses == ["10.0.0.0/8", "192.0.2.7"]
        assert settings_in()["TRUSTED_PROXIES"] == []


@pytest.mark.django_db
class TestLimitsBehindTheLoadBalancer:
    """Two visitors behind one load balancer have a limit each; a forged header earns none."""

    BALANCER = "10.0.0.2"

    @pytest.fixture(autouse=True)
    def one_proxy(self, settings):
        settings.TRUSTED_PROXIES = 1
        settings.PAGE_CACHE_SECONDS = 0
        cache.clear()

    def via_balancer(self, visitor, forged=""):
        hops = f"{forged}, {visitor}" if forged else visitor
        return {"REMOTE_ADDR": self.BALANCER, "HTTP_X_FORWARDED_FOR": hops}

    def test_comment_limit_is_per_visitor_not_per_balancer(self, client):
        from news.views import COMMENT_LIMIT

        article = ArticleFactory()
        data = {"name": "Lan", "email": "", "body": "Hay quá."}
        for number in range(COMMENT_LIMIT):
            meta = self.via_balancer("203.0.113.9", forged=f"1.2.3.{number}")
            assert client.post(article.get_absolute_url(), data, **meta).status_code == 302
        meta = self.via_balancer("203.0.113.9", forged="1.2.3.250")
        assert client.post(article.get_absolute_url(), data, **meta).status_code == 429
        other = client.post(article.get_absolute_url(), data, **self.via_balancer("203.0.113.10"))
        assert other.status_code == 302
        assert len(set(Comment.objects.values_list("ip_hash", flat=True))) == 2

    def test_api_throttle_is_per_visitor_not_per_balancer(self, client, monkeypatch):
        from ntmportal.throttling import AnonRateThrottle

        monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")
        for number in range(2):
            meta = self.via_balancer("203.0.113.9", forged=f"1.2.3.{number}")
            assert client.get("/api/v1/programs/", **meta).status_code == 200
        forged = self.via_balancer("203.0.113.9", forged="1.2.3.99")
        assert client.get("/api/v1/programs/", **forged).status_code == 429
        other = self.via_balancer("203.0.113.10")
        assert client.get("/api/v1/programs/", **other).status_code == 200

    def test_login_lock_out_is_per_visitor_not_per_balancer(self, client):
        UserFactory(username="bientap", is_staff=True)
        login = reverse("admin:login")
        wrong = {"username": "bientap", "password": "wrong-password"}
        for number in range(5):
            client.post(login, wrong, **self.via_balancer("203.0.113.9", forged=f"1.2.3.{number}"))
        right = {"username": "bientap", "password": "correct-horse-battery"}
        locked = client.post(login, right, **self.via_balancer("203.0.113.9", forged="9.9.9.9"))
        assert locked.status_code == 429
        assert client.post(login, right, **self.via_balancer("203.0.113.10")).status_code == 302
