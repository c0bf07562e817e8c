"""The core's admin: the portal's settings and pages, and what the apps' admins share."""

from django.contrib import admin
from django.db import models
from django.http import QueryDict
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


def ask_again(request):
    """Make Django's delete_view show its confirmation page again instead of deleting.

    Written against Django 5.2, whose ModelAdmin delete view deletes when the request has any
    POST data and otherwise asks: the one place that relies on it."""
    request.POST = QueryDict()
