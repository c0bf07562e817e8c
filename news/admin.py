"""The newsroom's admin.

Writers and provincial editors (add/change article, no publish permission) write drafts and
submit them for review; editors with news.publish_article publish. Everyone edits their own
articles and those about the provinces they may edit (ArticleQuerySet.editable_by), every article
with the nationwide permission; without the publish permission only drafts and articles in review.
An editor's article is about their provinces only (Article.check_units_allowed). Who may only view
articles sees them all. Every saved version of an article is kept, with its bylines, provinces,
tags and programs, a diff of what changed and a restore that keeps the current status.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from ntmportal.pagecache import invalidate, tags_of
from programs.admin import HTTPS_URLS, ScopedQuerysetMixin, translated_search

from .history import defer_version, write_version
from .models import Article, Author, Category, Comment, Tag


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order", "article_count"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ("name",)}
    search_fields = translated_search("name")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, category):
        return category.article_count


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ["name__vn_contains"]


@admin.register(Author)
class AuthorAdmin(TranslationAdmin):
    list_display = ["name", "slug", "user"]
    list_select_related = ["user"]
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ["name__vn_contains"]
    raw_id_fields = ["user"]


class ArticleForm(forms.ModelForm):
    """The article form of the admin, which knows its user: the provinces an article is about
    must be theirs (Article.check_units_allowed), on create and on every change."""

    user = None  # set per request by ArticleAdmin.get_form
    # (version, current article) when the form restores an earlier version
    restoring = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.restoring:
            version, current = self.restoring
            # The version's links, and the article's current publication: a restore brings back
            # content, and publishes or unpublishes only if the editor changes the status.
            for field in Article._meta.many_to_many:  # each kept in the history (history.py)
                target = field.m2m_reverse_field_name()
                self.initial[field.name] = [
                    getattr(row, f"{target}_id") for row in getattr(version, field.name).all()
                ]
            self.initial["status"] = current.status
            self.initial["publish_at"] = current.publish_at

    def clean(self):
        cleaned_data = super().clean()
        if "units" in cleaned_data:
            try:
                Article.check_units_allowed(self.user, list(cleaned_data["units"]))
            except ValidationError as error:
                self.add_error("units", error)
        return cleaned_data


@admin.register(Article)
class ArticleAdmin(ScopedQuerysetMixin, SimpleHistoryAdmin, TranslationAdmin):
    # The provinces offered are the user's (unit_choices); the form checks those it receives.
    unit_path = "units"
    form = ArticleForm
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "category", "status", "publish_at", "bylines", "created_by"]
    list_filter = ["status", "category", "publish_at"]
    list_select_related = ["category", "created_by"]
    search_fields = [*translated_search("title", "lead"), "slug"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = [
        "authors",
        "tags",
        "programs",
        "units",
        "conferences",
        "movements",
        "documents",
    ]
    date_hierarchy = "publish_at"
    history_list_display = ["status"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        (_("Main image"), {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]}),
        (_("Byline and category"), {"fields": ["authors", "category", "tags"]}),
        (
            _("What the article is about"),
            {"fields": ["programs", "units", "conferences", "movements", "documents"]},
        ),
        (
            _("Republished article"),
            {"fields": ["original_publisher", "original_url", "original_date"]},
        ),
        (_("Publication"), {"fields": ["status", "publish_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    @admin.display(description=_("authors"))
    def bylines(self, article):
        return ", ".join(author.name for author in article.authors.all())

    def is_editable(self, request, article):
        return Article.objects.editable_by(request.user).filter(pk=article.pk).exists()

    def may_edit(self, request, article):
        return article.is_changeable_by(request.user)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or not allowed or not self.may_write(request):
            return allowed
        return self.is_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.may_edit(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.may_edit(request, obj))

    def unit_choices(self, request, units):
        if Article.binds_units(request.user):
            return super().unit_choices(request, units)
        return units

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            allowed = Article.statuses_for(request.user)
            kwargs["choices"] = [choice for choice in db_field.choices if choice[0] in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.check_status_allowed(request.user)
        # One version of the article with its links (history.py), written once the links are
        # saved: by save_related() on the change page, by simple_history's restore directly.
        defer_version(obj)
        super().save_model(request, obj, form, change)
        save_links = form.save_m2m

        def save_m2m():
            save_links()
            write_version(obj)

        form.save_m2m = save_m2m

    def get_view_on_site_url(self, obj=None):
        if obj is None:
            return None
        return reverse("news:article_preview", args=[obj.pk])

    # simple_history finds the object without this admin's queryset and saves a revert after
    # checking only the view permission: hold both views to the writer's rules.
    def history_view(self, request, object_id, extra_context=None):
        self.get_object_or_deny(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        article = self.get_object_or_deny(request, object_id)
        if request.method == "POST" and not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(article.history, history_id=version_id)
        request.restoring = (version, article)
        if request.method == "GET" and version.status != article.status:
            message = _(
                "This version was “%(then)s”; restoring it keeps the article “%(now)s”. "
                "Change the status below to publish or unpublish it."
            )
            context = {"then": version.get_status_display(), "now": article.get_status_display()}
            self.message_user(request, message % context, messages.WARNING)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user  # a class made for this request by modelform_factory
        restoring = getattr(request, "restoring", None)
        if restoring:
            form.restoring = restoring
        return form

    def get_historical_record_context_helper(self, request, historical_record):
        # The whole of each changed value: a body's change may lie anywhere in it.
        return HistoricalRecordContextHelper(
            self.model, historical_record, max_displayed_delta_change_chars=1_000_000
        )

    def get_object_or_deny(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise PermissionDenied
        return article


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["name", "excerpt", "article", "created_at", "approved"]
    list_filter = ["approved", "created_at"]
    list_select_related = ["article"]
    search_fields = ["name__vn_contains", "body__vn_contains", "email"]
    fields = ["article", "name", "email", "body", "created_at", "approved"]
    readonly_fields = ["article", "name", "email", "body", "created_at"]
    date_hierarchy = "created_at"
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.action(description=_("Approve the selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        self.moderate(request, queryset, approved=True)

    @admin.action(description=_("Reject (hide) the selected comments"), permissions=["change"])
    def reject(self, request, queryset):
        self.moderate(request, queryset, approved=False)

    def moderate(self, request, queryset, approved):
        changed = queryset.exclude(approved=approved)
        tags = set().union(*map(tags_of, changed))
        count = changed.update(approved=approved)
        invalidate(*tags)  # update() sends no signals
        message = (
            ngettext("%d comment approved.", "%d comments approved.", count)
            if approved
            else ngettext("%d comment hidden.", "%d comments hidden.", count)
        )
        self.message_user(request, message % count, messages.SUCCESS)
