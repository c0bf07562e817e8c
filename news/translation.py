"""Bilingual content: Vietnamese is the default and the fallback, English optional.

Article's history is registered here, after its translation fields exist, so every saved
version keeps both languages.
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Article, Author, Category


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("vi",)


@register(Author)
class AuthorTranslation(TranslationOptions):
    fields = ("bio",)


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "lead", "body", "hero_alt", "hero_caption")
    required_languages = {"vi": ("title", "lead")}


# Every version keeps what the article is linked to as well, so a restore brings the links back.
register_history(
    Article,
    excluded_fields=["hero_renditions", "search_text", "search_title"],
    m2m_fields=[field.name for field in Article._meta.many_to_many],
)
