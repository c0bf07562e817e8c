"""The page cache: anonymous GET requests for pages and API reads are answered with a stored copy
of the whole response (docs/caching.md).

Each stored response belongs to a generation, a number that every change to the content of the
programs and news apps moves on, so the next request after an editor saves renders anew. Signed-in
users (any request with a session cookie or an Authorization header) and the admin are never
answered from the cache nor stored in it, and their responses are marked `private, no-store`.
"""

import hashlib
import math
import threading
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from simple_history.models import HistoricalChanges

from news.models import Article, Comment
from ntmportal.links import cached_reverse

GENERATION_KEY = "pagecache:generation"
# How long browsers and shared caches may keep a public page, in seconds, at most.
BROWSER_MAX_AGE = 60
CONTENT_APPS = {"ntmportal", "programs", "news"}
# How long a count is kept when nothing changes.
COUNT_SECONDS = 3600
NOT_SHAREABLE = {"private", "no-store", "no-cache"}
stored_since_bump = threading.local()


def bump_generation():
    """Make every stored response stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # none yet, or evicted: start one that no stored response carries
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def current_generation():
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY)


def invalidate(using=DEFAULT_DB_ALIAS):
    """Make every stored response stale, now and again when the current transaction commits.

    Writes that send no signals (bulk_create, QuerySet.update) call this when they are done.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        bump_generation()
        return
    # A request made before the commit may store what it read under the new generation: the
    # commit moves it on once more. Within the transaction only this thread sees the change, so
    # it is bumped again only if this thread stored a response since (one bump for a bulk write).
    pending = any(
        func is bump_generation for _savepoints, func, _robust in connection.run_on_commit
    )
    if not pending:
        transaction.on_commit(bump_generation, using=using)
    if not pending or getattr(stored_since_bump, "value", False):
        bump_generation()
        stored_since_bump.value = False


def content_saved(sender, instance, created, using, **kwargs):
    # A visitor's new comment shows nowhere until a moderator approves it.
    if not (created and isinstance(instance, Comment) and not instance.approved):
        invalidate(using)


def content_deleted(sender, using, **kwargs):
    invalidate(using)


def relations_changed(sender, action, using, **kwargs):
    if action.startswith("post_"):
        invalidate(using)


def connect_invalidation():
    """Called by ProgramsConfig.ready(). Only the content models get receivers: on any other
    model they would cost its deletes the fast path."""
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            if issubclass(model, HistoricalChanges):
                continue
            post_save.connect(content_saved, sender=model)
            post_delete.connect(content_deleted, sender=model)
            for field in model._meta.many_to_many:
                m2m_changed.connect(relations_changed, sender=field.remote_field.through)


def count(queryset, key=None):
    """`queryset.count()`, kept in the cache for the current generation, so always exact: the
    API's page counts, which read every matching row, are read once per change. `key` names
    what the rows depend on when the caller knows it; by default it is the query's SQL, which
    takes longer to build."""
    if key is None:
        sql, params = queryset.query.sql_with_params()
        key = f"{queryset.db}\n{sql}\n{params!r}"
    key = f"pagecache:count:{hashlib.sha256(key.encode()).hexdigest()}"
    found = cache.get_many([GENERATION_KEY, key])
    generation, entry = found.get(GENERATION_KEY), found.get(key)
    if entry and entry[0] == generation:
        return entry[1]
    # Read before counting: a change made meanwhile leaves this count stale.
    generation = generation or current_generation()
    number = queryset.count()
    cache.set(key, (generation, number), COUNT_SECONDS)
    stored_since_bump.value = True
    return number


def lifetime(generation):
    """PAGE_CACHE_SECONDS, or less when a scheduled article goes public sooner, so that no stored
    list hides it. The next publication time is looked up once per generation."""
    key = f"pagecache:schedule:{generation}"
    publish_at = cache.get(key)
    if publish_at is None:
        upcoming = (
            Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        publish_at = upcoming.timestamp() if upcoming else math.inf
    seconds = max(1, math.ceil(min(settings.PAGE_CACHE_SECONDS, publish_at - time.time())))
    cache.set(key, publish_at, seconds)
    return seconds


def is_private(request):
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "Authorization" in request.headers
        or request.path.startswith(cached_reverse("admin:index"))
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
    return f"pagecache:response:{hashlib.sha256(variant.encode()).hexdigest()}"


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
    if entry["csp"] is not None:  # a view's own policy (ntmportal.security.csp_override)
        response._csp_config = entry["csp"]
    if response.has_header("ETag"):
        response = get_conditional_response(request, etag=response["ETag"], response=response)
    response["X-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Placed before any middleware that a hit can do without (sessions, language, CSRF, users),
    so that a hit costs little more than a cache read. The middleware below it run on a miss
    only: their headers are stored with the response, their cookies seen. Those above it
    (security headers, the Content-Security-Policy) run on every response, a stored one too."""

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
        found = cache.get_many([GENERATION_KEY, key])
        generation, entry = found.get(GENERATION_KEY), found.get(key)
        if entry and entry["generation"] == generation:
            return stored_response(request, entry)
        # Read before the view: a change made while it renders leaves this response stale.
        generation = generation or current_generation()

        response = self.get_response(request)
        if shows_visitor_state(request, response):
            patch_cache_control(response, private=True, no_store=True)
        elif is_shareable(response):
            seconds = lifetime(generation)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, max_age=min(BROWSER_MAX_AGE, seconds))
            if request.method == "GET" and generation is not None:
                entry = {
                    "generation": generation,
                    "content": response.content,
                    "headers": dict(response.items()),
                    "csp": getattr(response, "_csp_config", None),
                }
                cache.set(key, entry, seconds)
                stored_since_bump.value = True
        response["X-Cache"] = "miss"
        return response
