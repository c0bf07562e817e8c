"""The public pages' template engine: Jinja2, which renders them several times faster than Django's
templates (docs/performance.md), made to print what Django's templates printed: times in the
active time zone, numbers and dates in the page's language, the same filters, translations from
the same catalogues. The admin and the API's pages stay on Django's templates.

Each app adds its own helpers in a `templating` module (`GLOBALS` and `FILTERS`), found here as
Django finds `templatetags`; the core knows no app.
"""

from collections import namedtuple
from importlib import import_module, util
from itertools import groupby

import jinja2
from django.apps import apps
from django.conf import settings
from django.template import RequestContext, defaultfilters, defaulttags
from django.templatetags.l10n import unlocalize
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from markupsafe import Markup

from .languages import lang_of, naming, translated, vietnamese


def shown(value):
    """A value as Django's templates print it: an aware time in the active time zone, a number or
    a date in the active language's format."""
    return localize(template_localtime(value))


# Translations as Django's {% blocktranslate %} gives them: the variables shown like any other
# value (1.234 and 5/6/2025 on a Vietnamese page), escaped unless safe, the text itself not.
# They follow Jinja2's "new style": the trans block passes its variables to the call.
def _formatted(context, text, variables):
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 -- the catalogue's text, as {% blocktranslate %} trusts it
    return text % {name: shown(value) for name, value in variables.items()}


@jinja2.pass_context
def gettext(context, message, **variables):
    return _formatted(context, translation.gettext(message), variables)


@jinja2.pass_context
def ngettext(context, singular, plural, number, **variables):
    variables.setdefault("num", number)
    return _formatted(context, translation.ngettext(singular, plural, number), variables)


@jinja2.pass_context
def pgettext(context, message_context, message, **variables):
    return _formatted(context, translation.pgettext(message_context, message), variables)


@jinja2.pass_context
def npgettext(context, message_context, singular, plural, number, **variables):
    variables.setdefault("num", number)
    text = translation.npgettext(message_context, singular, plural, number)
    return _formatted(context, text, variables)


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


@jinja2.pass_context
def nav_link(context, url_name, label):
    """A navigation link, marked as the current section when the page lies under it."""
    address = reverse(url_name)
    if context["request"].path.startswith(address):
        return format_html('<a href="{}" aria-current="page">{}</a>', address, label)
    return format_html('<a href="{}">{}</a>', address, label)


@jinja2.pass_context
def language_versions(context):
    """This page in each language: (code, language name in itself, URL, is current). The address
    carries the language (i18n_patterns)."""
    path = context["request"].get_full_path()
    current = translation.get_language()
    return [
        (
            code,
            translation.get_language_info(code)["name_local"],
            translate_url(path, code),
            code == current,
        )
        for code, _name in settings.LANGUAGES
    ]


@jinja2.pass_context
def querystring(context, **changes):
    """The page's query string with `changes` made: Django's {% querystring %}."""
    return defaulttags.querystring(RequestContext(context["request"]), **changes)


Group = namedtuple("Group", "grouper list")


def regroup(items, attribute):
    """Consecutive items with the same `attribute`, as Django's {% regroup %} groups them."""
    return [
        Group(key, list(members))
        for key, members in groupby(items, key=lambda item: getattr(item, attribute))
    ]


def date(value, arg=None):
    if not value:  # nothing, or a missing variable: nothing, as in Django's templates
        return ""
    return defaultfilters.date(template_localtime(value), arg)


GLOBALS = {
    "url": url,
    "static": static,
    "get_language": translation.get_language,
    "nav_link": nav_link,
    "language_versions": language_versions,
    "querystring": querystring,
    "lang_of": lang_of,
}
FILTERS = {
    "date": date,
    "linebreaks": lambda value: defaultfilters.linebreaks_filter(value, autoescape=True),
    "linebreaksbr": lambda value: defaultfilters.linebreaksbr(value, autoescape=True),
    "truncatechars": defaultfilters.truncatechars,
    "truncatewords": defaultfilters.truncatewords,
    "slugify": defaultfilters.slugify,
    "urlencode": defaultfilters.urlencode,
    "cut": defaultfilters.cut,
    "unlocalize": unlocalize,
    "regroup": regroup,
    "translated": translated,
    "vietnamese": vietnamese,
    "naming": naming,
}


def environment(**options):
    # What a page prints does not depend on DEBUG: a missing variable, or an attribute of one,
    # prints nothing, as in Django's templates (Django's backend would print "{{ name }}" under
    # DEBUG, and Jinja2's default fails on `missing.attribute`).
    options["undefined"] = jinja2.ChainableUndefined
    # An included partial's last newline stays, as Django's templates keep it.
    options["keep_trailing_newline"] = True
    options["finalize"] = shown
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    options.pop("autoescape", None)  # always on, whatever a setting says
    env = jinja2.Environment(autoescape=True, **options)
    # The extension's new-style calls, then ours in their place (above: variables localised).
    env.install_gettext_callables(
        translation.gettext, translation.ngettext, newstyle=True, pgettext=translation.pgettext
    )
    env.globals.update(gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext)
    env.globals.update(GLOBALS)
    env.filters.update(FILTERS)
    for config in apps.get_app_configs():
        name = f"{config.name}.templating"
        if util.find_spec(name):
            module = import_module(name)
            env.globals.update(getattr(module, "GLOBALS", {}))
            env.filters.update(getattr(module, "FILTERS", {}))
    return env
