"""The Security block's middleware (the Content-Security-Policy header and the 503 page), and the
client's address behind the load balancers (`client_ip`).

The CSP pieces mirror Django 6.0's built-in ones (the `SECURE_CSP` setting, `csp_override`), so the
step to Django 6 replaces this module's middleware and decorator by Django's and keeps the settings;
unlike Django's, the decorator writes the header itself, with no attribute on the response.
"""

import base64
import hashlib
import ipaddress
import logging
from functools import cache, wraps

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60


def client_ip(request):
    """The visitor's address, for every per-visitor limit (comments, django-axes' lock-out, the
    API's anonymous throttle): the right-most hop of `X-Forwarded-For` that no trusted proxy
    added.

    Each proxy appends the address it received the request from, so only the hops our own proxies
    appended can be believed; whatever the client sent is to their left. `settings.TRUSTED_PROXIES`
    is their number (the client is the hop that many places left of the connection's address) or
    their addresses and networks (the first hop from the right outside them). Without trusted
    proxies the header is ignored: anyone could write it.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not trusted or not forwarded:
        return remote
    hops = [*(hop.strip() for hop in forwarded.split(",")), remote]
    if isinstance(trusted, int):
        client = hops[max(len(hops) - 1 - trusted, 0)]
    else:
        networks = trusted_networks(tuple(trusted))
        untrusted = (hop for hop in reversed(hops) if not is_in(address(hop), networks))
        client = next(untrusted, hops[0])
    # Our proxies append addresses; anything else came from the client.
    return client if address(client) else remote


def address(text):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_in(ip, networks):
    return ip is not None and any(ip in network for network in networks)


@cache
def trusted_networks(addresses):
    return [ipaddress.ip_network(address, strict=False) for address in addresses]


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
    """Serve a view with `policy` instead of `settings.SECURE_CSP`: its own header, which the
    middleware leaves alone and the page cache stores with the rest."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["Content-Security-Policy"] = csp_header(policy)
            return response

        return wrapped

    return decorator


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response:  # the view's own (csp_override)
            return response
        policy = settings.SECURE_CSP
        match = request.resolver_match
        if policy and match and match.namespace == "admin":
            policy = admin_policy(policy)
        if policy:
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
