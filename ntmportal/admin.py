from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin

from .models import Page, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslationAdmin):
    """One row, edited in place: it can be neither added twice nor deleted."""

    list_display = ["site_name", "owner", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Page)
class PageAdmin(TranslationAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]
    readonly_fields = ["published_at", "updated_at"]
