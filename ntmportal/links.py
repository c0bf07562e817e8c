"""Addresses of objects, reversed once: a province page links about 170 objects, and Django's
reverse() takes some 10 µs for each, on every request."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@lru_cache(maxsize=8192)
def _reverse(viewname, args, urlconf, prefix, language):
    return reverse(viewname, urlconf=urlconf, args=args)


def cached_reverse(viewname, *args):
    """`reverse(viewname, args=args)`, remembered for the URLconf, script prefix and language
    it depends on (the addresses carry their language: i18n_patterns)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, args, urlconf, get_script_prefix(), get_language())
