"""ntmportal/links.py: addresses reversed once, for the language and prefix they depend on."""

from unittest import mock

import pytest
from django.urls import set_script_prefix
from django.utils import translation

from ntmportal import links
from ntmportal.links import cached_reverse


@pytest.fixture(autouse=True)
def empty_cache():
    links._reverse.cache_clear()
    yield
    links._reverse.cache_clear()


def test_an_address_carries_the_language():
    with translation.override("vi"):
        assert cached_reverse("programs:province_detail", "soc-trang") == "/provinces/soc-trang/"
    with translation.override("en"):
        assert cached_reverse("programs:province_detail", "soc-trang") == "/en/provinces/soc-trang/"


def test_an_address_carries_the_script_prefix():
    set_script_prefix("/cong-thong-tin/")
    try:
        with translation.override("vi"):
            assert cached_reverse("programs:home") == "/cong-thong-tin/"
    finally:
        set_script_prefix("/")


def test_an_address_is_reversed_once():
    with mock.patch.object(links, "reverse", wraps=links.reverse) as reverse:
        with translation.override("vi"):
            for _ in range(3):
                cached_reverse("programs:indicator_detail", "ntm-communes")
    assert reverse.call_count == 1


def test_an_address_follows_an_overridden_urlconf(settings):
    with translation.override("vi"):
        before = cached_reverse("programs:home")
        settings.ROOT_URLCONF = "bench.urls"
        with mock.patch.object(links, "reverse", wraps=links.reverse) as reverse:
            assert cached_reverse("programs:home") == before
    assert reverse.call_count == 1
