"""Text in another language than the page's is marked with its lang (ntmportal.templatetags.
language_tags); text in the page's own language is left as it is."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import ProgramFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


def render(source, language, **context):
    with translation.override(language):
        return Template("{% load language_tags %}" + source).render(Context(context))


@pytest.fixture
def untranslated():
    return ProgramFactory(short_name_vi="Nông thôn mới", short_name_en="")


@pytest.fixture
def translated():
    return ProgramFactory(short_name_vi="Nông thôn mới", short_name_en="New Rural Development")


def test_an_untranslated_field_on_an_english_page_is_marked_vietnamese(untranslated):
    html = render('{{ p|translated:"short_name" }}', "en", p=untranslated)
    assert html == '<span lang="vi">Nông thôn mới</span>'


def test_a_translated_field_on_an_english_page_is_not_marked(translated):
    html = render('{{ p|translated:"short_name" }}', "en", p=translated)
    assert html == "New Rural Development"


def test_nothing_is_marked_on_a_vietnamese_page(untranslated):
    html = render(
        '{{ p|translated:"short_name" }}|{{ "Phạm Minh Chính"|vietnamese }}', "vi", p=untranslated
    )
    assert html == "Nông thôn mới|Phạm Minh Chính"


def test_vietnamese_text_is_marked_on_an_english_page_and_escaped():
    html = render("{{ name|vietnamese }}", "en", name="Báo <Cần Thơ>")
    assert html == '<span lang="vi">Báo &lt;Cần Thơ&gt;</span>'


def test_an_untranslated_field_is_escaped_too():
    province = ProvinceFactory(name_vi="Cần <b>Thơ</b>")
    html = render('{{ p|translated:"name" }}', "en", p=province)
    assert html == '<span lang="vi">Cần &lt;b&gt;Thơ&lt;/b&gt;</span>'


def test_lang_of_gives_the_attribute_for_a_block(untranslated, translated):
    source = '<div{% lang_of p "short_name" %}>'
    assert render(source, "en", p=untranslated) == '<div lang="vi">'
    assert render(source, "en", p=translated) == "<div>"
    assert render(source, "vi", p=untranslated) == "<div>"


def test_a_field_that_is_not_translated_or_an_empty_one_gets_no_mark(untranslated):
    # `code` is no translated field: its language is unknown, so it is not claimed.
    assert render('{{ p|translated:"code" }}', "en", p=untranslated) == untranslated.code
    empty = ProgramFactory(description_vi="", description_en="")
    assert (
        render('<p{% lang_of p "description" %}>{{ p|translated:"description" }}', "en", p=empty)
        == "<p>"
    )
    assert render("{{ none|translated:'name' }}{{ ''|vietnamese }}", "en", none=None) == ""
