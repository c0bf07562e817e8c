from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def figure(value):
    """A number in the active language's format, without trailing zeros: 6084.0000 → "6.084"."""
    if value is None or value == "":
        return ""
    return number_format(Decimal(str(value)).normalize(), use_l10n=True, force_grouping=True)


@register.simple_tag
def sourced_figure(value):
    """An indicator value as a link to its source, with its share when it counts part of a
    whole: "6.084 (6.084 / 7.669 = 79,3%)". A tag, not an include: pages show dozens."""
    title = _("Source: %(publisher)s, %(date)s") % {
        "publisher": value.source_publisher,
        "date": date_format(value.source_date, "SHORT_DATE_FORMAT"),
    }
    link = format_html(
        '<a class="figure" href="{}" rel="external" title="{}">{}</a>',
        value.source_url,
        title,
        figure(value.value),
    )
    if not value.denominator:
        return link
    return format_html(
        '{} <span class="ratio">({} / {} = {}%)</span>',
        link,
        figure(value.numerator),
        figure(value.denominator),
        figure(value.share),
    )


@register.filter
def progress_width(value):
    """How far a value annotated by `with_target()` has come toward its target, 0–100."""
    target = getattr(value, "target_value", None)
    if not target or not value.value:
        return 0
    ratio = value.value / target if value.indicator.higher_is_better else target / value.value
    return min(100, round(ratio * 100))


@register.simple_tag(takes_context=True)
def nav_link(context, url_name, label):
    """A navigation link, marked as the current section when the page lies under it."""
    url = reverse(url_name)
    if context["request"].path.startswith(url):
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in each language: (code, language name in itself, URL, is current).

    The switcher links each URL: the address carries the language (i18n_patterns).
    """
    path = context["request"].get_full_path()
    return [
        (
            code,
            get_language_info(code)["name_local"],
            translate_url(path, code),
            code == get_language(),
        )
        for code, _name in settings.LANGUAGES
    ]
