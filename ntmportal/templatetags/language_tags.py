"""Text in another language than the page's carries a lang attribute (WCAG 3.1.2), so that a
screen reader or a browser's translation reads it right: a Vietnamese name, a Vietnamese
source, or a field not yet translated (shown in Vietnamese, its fallback) on an English page.

    {{ program|translated:"short_name" }}   the field, in a <span lang="vi"> when it falls back
    {{ person.name|vietnamese }}            always Vietnamese: marked on pages in other languages
    {{ unit|naming }}                       str(unit), "Sóc Trăng (until 30/6/2025)", name marked
    {{ unit.official_name|naming:unit }}    a text built around the unit's name, the name marked
    <div{% lang_of program "goals" %}>       the attribute alone, for a block or a link

On a page in the text's own language nothing is added: the html element says it already.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

register = template.Library()

VIETNAMESE = "vi"


def language_of(obj, field):
    """The language `obj.field` is shown in: the page's when it has its own text, otherwise the
    first fallback that has; None for a field that is not translated, or empty everywhere."""
    try:
        options = translator.get_options_for_model(type(obj))
    except NotRegistered:
        return None
    if field not in options.all_fields:
        return None
    override = getattr(options, "fallback_languages", None)
    for code in resolution_order(get_language(), override):
        if getattr(obj, build_localized_fieldname(field, code), None):
            return code
    return None


def foreign_language(obj, field):
    """The language of `obj.field` when it is not the page's ("vi" for an untranslated name on
    an English page), or "": for a label that carries its own lang attribute (a chart's)."""
    language = language_of(obj, field)
    return language if language and language != get_language() else ""


def marked(text, language):
    """`text`, escaped, in a span naming its language unless that is the page's."""
    if text is None or text == "":
        return ""
    if language is None or language == get_language():
        return conditional_escape(text)
    return format_html('<span lang="{}">{}</span>', language, text)


def mark_within(text, *named):
    """`text`, escaped, with the names inside it marked: `named` lists (object, field) pairs in
    the order their texts appear in `text`, and each is marked as `translated` would mark it.
    For the interface's sentences and titles built around names ("Cần Thơ Province",
    "Số xã…: Cần Thơ") and for what a model's `__str__` adds ("Sóc Trăng (until 30/6/2025)")."""
    html = str(conditional_escape(text))
    start = 0
    for obj, field in named:
        language = language_of(obj, field)
        name = str(conditional_escape(getattr(obj, field, "") or ""))
        found = html.find(name, start) if name else -1
        if found < 0 or language in (None, get_language()):
            continue
        span = str(marked(getattr(obj, field), language))
        html = html[:found] + span + html[found + len(name) :]
        start = found + len(span)
    return mark_safe(html)  # noqa: S308 -- every part was escaped above


@register.filter
def naming(text, obj=None):
    """`text` with `obj`'s name inside it marked; without `obj`, `text` is the object and its
    `str()` the text."""
    if obj is None:
        obj, text = text, str(text)
    if obj is None or obj == "":
        return ""
    return mark_within(text, (obj, "name"))


@register.filter
def translated(obj, field):
    """`obj`'s translated `field` as the page shows it, marked when it is the fallback's text."""
    if obj is None or obj == "":
        return ""
    # As a template variable would: a missing attribute shows nothing.
    return marked(getattr(obj, field, ""), language_of(obj, field))


@register.filter
def vietnamese(text):
    """Text that is Vietnamese whatever the page's language: people's names, publishers."""
    return marked(text, VIETNAMESE)


@register.simple_tag
def lang_of(obj, field=None):
    """` lang="vi"` when `obj.field` (or, without a field, the text `obj`) is shown in another
    language than the page's; nothing otherwise."""
    language = VIETNAMESE if field is None else language_of(obj, field)
    if language is None or language == get_language() or not obj:
        return ""
    return format_html(' lang="{}"', language)
