"""The Security block's middleware: the Content-Security-Policy header and the 503 page.

The CSP pieces mirror Django 6.0's built-in ones (the `SECURE_CSP` setting, `csp_override`), so the
step to Django 6 replaces this module's middleware and decorator by Django's and keeps the settings.
"""

import base64
import hashlib
import logging
from functools import cache, wraps

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60


def csp_header(policy):
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


@cache
def prose_editor_importmap_source():
    """The hash of the admin's one inline script: the import map naming the editor's modules.

    Computed on first use, when the static files' final URLs are known.
    """
    from django_prose_editor.widgets import importmap

    content = str(importmap).split(">", 1)[1].removesuffix("</script>")
    digest = base64.b64encode(hashlib.sha256(content.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def admin_policy(policy):
    """The admin's article editor (django-prose-editor) declares its modules in an inline import
    map, allowed by its hash, and its Tiptap core injects a <style> element. Scripts stay files."""
    return {
        **policy,
        "script-src": [*policy["script-src"], prose_editor_importmap_source()],
        "style-src": [*policy["style-src"], "'unsafe-inline'"],
    }


def csp_override(policy):
    """Serve a view with `policy` instead of `settings.SECURE_CSP`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response._csp_config = policy
            return response

        return wrapped

    return decorator


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(response, "_csp_config", None)
        if policy is None:
            policy = settings.SECURE_CSP
            match = request.resolver_match
            if policy and match and match.namespace == "admin":
                policy = admin_policy(policy)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = csp_header(policy)
        return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a page that needs no database when a view cannot reach it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable for %s: %s", request.path, exception)
        # Rendered without the request: context processors could touch the session or the user.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


class NulPathMiddleware:
    """A NUL character in the address names no page: 404 before any view compares it with
    PostgreSQL text, which cannot hold one (the admin's object addresses take any text). The
    API answers its own JSON 404 (ntmportal.api.RequestLimitsMixin)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path and not request.path.startswith("/api/"):
            raise Http404
        return self.get_response(request)
