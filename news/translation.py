"""Bilingual content: Vietnamese is the default and the fallback, English optional.

Article's history is registered here, after its translation fields exist, so every saved
version keeps both languages.
"""

from modeltranslation.translator import TranslationOptions, register

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


# Versions are registered once the translation fields exist, so each keeps both languages.
from . import history  # noqa: E402, F401
