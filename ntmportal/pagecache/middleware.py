"""PageCacheMiddleware: whole responses for anonymous reads (docs/caching.md)."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe

from .tags import BROWSER_MAX_AGE, is_fresh, read_clock, remember, response_tags
from .tags import seconds_until_next_change as lifetime

NOT_SHAREABLE = {"private", "no-store", "no-cache"}


def is_private(request):
    """Signed-in staff (a session cookie), API clients with a token, and the admin."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "Authorization" in request.headers
        or request.path_info.startswith(f"/{settings.ADMIN_URL}")
    )


def entry_key(request):
    """The address (with scheme, host and query, and so the page's language) and everything else
    a response may differ by: the language asked for (the API's follows Accept-Language) and
    Accept (the API's format)."""
    variant = "\n".join(
        [
            request.build_absolute_uri(),
            translation.get_language_from_request(request),
            request.headers.get("Accept", ""),
        ]
    )
    # Not "pagecache:response:": entries stored before the views' CSP headers were are not read.
    return f"pagecache:entry:{hashlib.sha256(variant.encode()).hexdigest()}"


def shows_visitor_state(request, response):
    """Whether the response sets a cookie, holds a CSRF token or wrote session data."""
    session = getattr(request, "session", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
    )


def is_shareable(response):
    directives = {
        directive.split("=")[0].strip().lower()
        for directive in response.get("Cache-Control", "").split(",")
    }
    return response.status_code == 200 and not response.streaming and not directives & NOT_SHAREABLE


def stored_response(request, entry):
    response = HttpResponse(entry["content"], headers=entry["headers"])
    if response.has_header("ETag"):
        response = get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )
    response["X-Cache"] = "hit"
    return response


def label_tags(response, tags):
    """The tags as a CDN in front can purge them by (docs/deploy.md)."""
    names = sorted(tags)
    response["Cache-Tag"] = ",".join(names)
    response["Surrogate-Key"] = " ".join(names)


class PageCacheMiddleware:
    """Placed before any middleware that a hit can do without (sessions, language, CSRF, users),
    so that a hit costs little more than two cache reads (the entry, then its tags). The
    middleware below it run on a miss only: their headers are stored with the response, their
    cookies seen. Those above it (security headers, the Content-Security-Policy) run on every
    response, a stored one too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_private(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_store=True)
            return response
        if request.method not in {"GET", "HEAD"} or not settings.PAGE_CACHE_SECONDS:
            return self.get_response(request)

        key = entry_key(request)
        entry = cache.get(key)
        if entry and is_fresh(entry["clock"], entry["tags"]):
            return stored_response(request, entry)
        clock = read_clock()  # before the view: a save made while it renders leaves this stale

        response = self.get_response(request)
        if shows_visitor_state(request, response):
            patch_cache_control(response, private=True, no_store=True)
        elif is_shareable(response):
            tags = response_tags(request)
            label_tags(response, tags)
            seconds = lifetime(clock, settings.PAGE_CACHE_SECONDS)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, max_age=min(BROWSER_MAX_AGE, seconds))
            if request.method == "GET" and clock is not None:
                remember(clock, tags)
                entry = {
                    "clock": clock,
                    "tags": sorted(tags),
                    "content": response.content,
                    "headers": dict(response.items()),
                }
                cache.set(key, entry, seconds)
        response["X-Cache"] = "miss"
        return response
