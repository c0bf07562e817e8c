"""Tags of the site's frame: the header's navigation and the language switcher."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

register = template.Library()


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
