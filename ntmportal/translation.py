"""Bilingual portal identity and pages: Vietnamese is the default and the fallback."""

from modeltranslation.translator import TranslationOptions, register

from .models import Page, SiteSettings


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("site_name", "owner", "address")
    required_languages = ("vi",)


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("vi",)
