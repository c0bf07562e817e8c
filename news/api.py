"""The news part of the REST API v1 (routes in ntmportal/api_urls.py, guide in docs/api.md)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions
from rest_framework.generics import get_object_or_404

from ntmportal.api import ReadOnlyViewSet, WritableViewSet

from . import filters, serializers
from .history import one_version
from .models import Article, Author, Category, Tag


class ChangeableArticle(permissions.BasePermission):
    """Editors change the articles in their scope; writers only their own drafts and articles
    in review, as in the admin (Article.is_changeable_by)."""

    message = _(
        "You may change only your own drafts and articles in review, or, as an editor, "
        "the articles of your provinces."
    )

    def has_object_permission(self, request, view, article):
        return request.method in permissions.SAFE_METHODS or article.is_changeable_by(request.user)


ID_OR_SLUG = OpenApiParameter(
    "id_or_slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The id of the article, or its slug.",
)


@extend_schema_view(
    **{
        action: extend_schema(parameters=[ID_OR_SLUG])
        for action in ("retrieve", "update", "partial_update")
    }
)
class ArticleViewSet(WritableViewSet):
    """News articles, by id or slug: published ones for everyone, plus the ones the user may
    change (Article.objects.visible_to). Writers create drafts and submit them for review
    (`in_review`); only editors publish, and a writer's `published` is refused with 400."""

    queryset = Article.objects.for_page()
    serializer_class = serializers.ArticleSerializer
    filterset_class = filters.ArticleFilter
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly, ChangeableArticle]
    lookup_url_kwarg = "id_or_slug"
    ordering_fields = ["publish_at", "title"]
    vietnamese_ordering = ["title"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg]
        lookup = {"pk": value} if value.isdigit() else {"slug": value}
        article = get_object_or_404(self.filter_queryset(self.get_queryset()), **lookup)
        self.check_object_permissions(self.request, article)
        return article

    # One version per write, holding the article's links (news/history.py).
    def perform_create(self, serializer):
        with one_version():
            serializer.save(created_by=self.request.user)

    def perform_update(self, serializer):
        with one_version():
            serializer.save()


class CategoryViewSet(ReadOnlyViewSet):
    """The sections of the news, by slug, in the order of the site's menu."""

    queryset = Category.objects.all()
    serializer_class = serializers.CategorySerializer
    filterset_class = filters.CategoryFilter
    lookup_field = "slug"
    ordering_fields = ["order", "name"]
    vietnamese_ordering = ["name"]


class TagViewSet(ReadOnlyViewSet):
    """Tags of the articles, by slug, in Vietnamese alphabetical order."""

    queryset = Tag.objects.all()
    serializer_class = serializers.TagSerializer
    filterset_class = filters.TagFilter
    lookup_field = "slug"
    ordering_fields = ["name"]
    vietnamese_ordering = ["name"]


class AuthorViewSet(ReadOnlyViewSet):
    """The bylines of the articles, by slug: journalists, or newsrooms."""

    queryset = Author.objects.all()
    serializer_class = serializers.AuthorSerializer
    filterset_class = filters.AuthorFilter
    lookup_field = "slug"
    ordering_fields = ["name"]
    vietnamese_ordering = ["name"]
