"""API representations of the news. Translated text is read and written in the language of the
request's Accept-Language header (Vietnamese by default)."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ntmportal.api import ModelCleanSerializer
from programs.models import AdministrativeUnit, Conference, Document, EmulationMovement, Program
from programs.serializers import API_LINK, UnitRefSerializer

from .models import Article, Author, Category, Tag

PAGE_LINK = "This resource's page on the site."


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteURLField(serializers.CharField):
    """A link on this site, made absolute with the request's host."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value)


class CategorySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:category-detail", lookup_field="slug", help_text=API_LINK
    )
    site_url = AbsoluteURLField(source="get_absolute_url", help_text=PAGE_LINK)

    class Meta:
        model = Category
        fields = ["url", "site_url", "slug", "name", "order"]


class TagSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:tag-detail", lookup_field="slug", help_text=API_LINK
    )
    site_url = AbsoluteURLField(source="get_absolute_url", help_text=PAGE_LINK)

    class Meta:
        model = Tag
        fields = ["url", "site_url", "slug", "name"]


class AuthorSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:author-detail", lookup_field="slug", help_text=API_LINK
    )
    site_url = AbsoluteURLField(source="get_absolute_url", help_text=PAGE_LINK)

    class Meta:
        model = Author
        fields = ["url", "site_url", "slug", "name", "bio"]


class BylineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["slug", "name"]


class ArticleUnitSerializer(UnitRefSerializer):
    former = serializers.BooleanField(
        source="is_former",
        read_only=True,
        help_text="Whether the province no longer exists (merged on 1 July 2025).",
    )

    class Meta(UnitRefSerializer.Meta):
        fields = [*UnitRefSerializer.Meta.fields, "former"]


class RenditionSerializer(serializers.Serializer):
    url = AbsoluteURLField(help_text="The resized image (WebP).")
    width = serializers.IntegerField(help_text="Width in pixels.")
    height = serializers.IntegerField(help_text="Height in pixels.")


def slugs(model, help_text, slug_field="slug", **kwargs):
    """A many-to-many relation read and written as the slugs (or codes) of its objects."""
    return serializers.SlugRelatedField(
        slug_field=slug_field,
        many=True,
        queryset=model.objects.all(),
        required=False,
        help_text=help_text,
        **kwargs,
    )


class ArticleSerializer(ModelCleanSerializer):
    """A news article. `status` is shown only to users who may change articles; writers (without
    the publish permission) may set only `draft` and `in_review`."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:article-detail", lookup_url_kwarg="id_or_slug", help_text=API_LINK
    )
    site_url = AbsoluteURLField(
        source="get_absolute_url", help_text="The article's page on the site, once published."
    )
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=Category.objects.all(), help_text="Slug of the category."
    )
    category_name = serializers.CharField(
        source="category.name", read_only=True, help_text="Name of the category."
    )
    tags = slugs(Tag, "Slugs of the tags.")
    authors = BylineSerializer(many=True, read_only=True, help_text="The bylines.")
    author_slugs = slugs(
        Author, "Slugs of the authors of the byline.", source="authors", write_only=True
    )
    programs = slugs(Program, "Codes of the programs concerned.", slug_field="code")
    units = ArticleUnitSerializer(
        many=True, read_only=True, help_text="The current or former provinces concerned."
    )
    unit_ids = serializers.PrimaryKeyRelatedField(
        source="units",
        many=True,
        queryset=AdministrativeUnit.objects.provinces(),
        required=False,
        write_only=True,
        help_text="Ids of the current or former provinces concerned.",
    )
    conferences = slugs(Conference, "Slugs of the conferences concerned.")
    movements = slugs(EmulationMovement, "Slugs of the emulation movements concerned.")
    documents = slugs(Document, "Slugs of the documents concerned.")
    hero_image = serializers.ImageField(
        read_only=True, allow_null=True, help_text="The main image as uploaded; null if none."
    )
    hero_renditions = RenditionSerializer(
        source="hero_sizes",
        many=True,
        read_only=True,
        help_text="The main image resized, smallest first: for `srcset`.",
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "site_url",
            "slug",
            "title",
            "lead",
            "body",
            "category",
            "category_name",
            "tags",
            "authors",
            "author_slugs",
            "programs",
            "units",
            "unit_ids",
            "conferences",
            "movements",
            "documents",
            "hero_image",
            "hero_renditions",
            "hero_alt",
            "hero_caption",
            "hero_credit",
            "original_publisher",
            "original_url",
            "original_date",
            "publish_at",
            "status",
        ]
        extra_kwargs = {
            "id": {"help_text": "Permanent identifier."},
            "body": {
                "help_text": "HTML. On saving, everything but simple formatting, links, images "
                "and tables is removed: no scripts, event handlers, styles or javascript: links."
            },
            "status": {"help_text": "Shown only to users who may change articles."},
        }

    def validate_status(self, status):
        """The model's rule, answered as invalid data: only editors publish and unpublish."""
        try:
            Article(status=status).check_status_allowed(self.context["request"].user)
        except PermissionDenied as error:
            raise serializers.ValidationError(str(error)) from error
        return status

    def validate(self, attrs):
        """The provinces must be the editor's, on create and on every change: those sent, or,
        when none are sent, those the article has."""
        attrs = super().validate(attrs)
        if "units" in attrs:
            units = list(attrs["units"])
        else:
            units = list(self.instance.units.all()) if self.instance else []
        try:
            Article.check_units_allowed(self.context["request"].user, units)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"unit_ids": error.messages}) from error
        return attrs

    def to_representation(self, article):
        data = super().to_representation(article)
        if not self.context["request"].user.has_perm("news.change_article"):
            del data["status"]
        return data
