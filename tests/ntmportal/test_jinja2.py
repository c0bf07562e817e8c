"""The public pages' Jinja2 engine (ntmportal/jinja2.py) prints what Django's templates printed:
values localised and escaped, translations with their variables shown the same way, nothing for
what is missing; and every string of its templates reaches the catalogues."""

import ast
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe

from ntmportal.management.commands.makemessages import as_python, messages

ENGINE = engines["jinja2"]


def render(source, language="vi", **context):
    with translation.override(language):
        return ENGINE.from_string(source).render(context)


def test_numbers_and_dates_are_shown_in_the_pages_language():
    context = {"share": Decimal("62.5"), "count": 6084, "day": datetime.date(2025, 6, 5)}
    source = "{{ share }} {{ count }} {{ day }}"
    assert render(source, "vi", **context) == "62,5 6.084 5 tháng 6 năm 2025"
    assert render(source, "en", **context) == "62.5 6,084 5 June 2025"


def test_a_time_is_shown_in_the_sites_time_zone():
    moment = datetime.datetime(2025, 6, 30, 17, 30, tzinfo=datetime.UTC)
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert render("{{ moment|date('Y-m-d H:i') }}", moment=moment) == "2025-07-01 00:30"


def test_text_is_escaped_unless_it_is_safe():
    html = render("{{ text }} {{ safe }}", text="<b>&</b>", safe=mark_safe("<i>x</i>"))  # noqa: S308
    assert html == "&lt;b&gt;&amp;&lt;/b&gt; <i>x</i>"


def test_a_translation_shows_its_variables_localised_and_escaped():
    source = "{% trans count=n, name=name %}{{ count }} communes in {{ name }}{% endtrans %}"
    with translation.override("en"):
        assert render(source, "en", n=1234, name="<Cần Thơ>") == (
            "1,234 communes in &lt;Cần Thơ&gt;"
        )
    source = "{% trans share=share %}{{ share }}% met{% endtrans %}"
    assert render(source, "vi", share=Decimal("62.5")) == "62,5% met"


def test_the_interface_is_translated_from_the_catalogue():
    assert render('{{ _("Search") }}', "vi") == "Tìm kiếm"
    assert render('{{ pgettext("lead agency", "now") }}', "vi") == "hiện nay"
    source = (
        "{% trans counter=n %}{{ counter }} comment{% pluralize counter %}"
        "{{ counter }} comments{% endtrans %}"
    )
    assert render(source, "en", n=1) == "1 comment"
    assert render(source, "en", n=3) == "3 comments"


def test_what_is_missing_prints_nothing():
    assert render("[{{ missing }}{{ missing.attribute.deeper }}{{ missing|date }}]") == "[]"


def test_extraction_gives_every_kind_of_call_on_its_line():
    source = (
        '{{ _("Search") }}\n'
        "{% trans name=x %}Hello {{ name }}{% endtrans %}\n"
        '{{ pgettext("lead agency", "now") }}\n'
        "{% trans counter=n %}{{ counter }} result{% pluralize counter %}{{ counter }} results"
        "{% endtrans %}\n"
    )
    assert as_python(messages(source, ENGINE.env)) == (
        "gettext('Search')\n"
        "gettext('Hello %(name)s')\n"
        "pgettext('lead agency', 'now')\n"
        "ngettext('%(counter)s result', '%(counter)s results', n)\n"
    )


def catalogue(language):
    """{msgid: msgstr} of a language's catalogue (a plural's first form)."""
    entries, key, parts = {}, None, []
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    for line in [*path.read_text().splitlines(), ""]:
        if line.startswith('"'):
            parts.append(ast.literal_eval(line))
            continue
        if key in ("msgid", "msgstr", "msgstr[0]"):
            entries.setdefault("msgid" if key == "msgid" else "msgstr", "".join(parts))
        if key in ("msgstr", "msgstr[0]"):
            current = entries.pop("msgid"), entries.pop("msgstr")
            entries[current[0]] = current[1]
        key, _, first = line.partition(" ")
        parts = [ast.literal_eval(first)] if first.startswith('"') else []
    return entries


def test_every_string_of_the_public_templates_is_translated_in_the_catalogue():
    vietnamese = catalogue("vi")
    untranslated = []
    for path in sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html")):
        for _line, function, strings in messages(path.read_text(), ENGINE.env):
            message = strings[1] if function in {"pgettext", "npgettext"} else strings[0]
            if not vietnamese.get(message):
                untranslated.append(f"{path.name}: {message}")
    assert untranslated == []
    assert vietnamese["%(indicator)s: %(place)s"] == "%(indicator)s: %(place)s"


@pytest.mark.parametrize("name", ["admin/index.html", "api/redoc.html"])
def test_the_admin_and_the_api_docs_stay_on_djangos_templates(name):
    from django.template.loader import get_template

    assert get_template(name).backend.name == "django"
