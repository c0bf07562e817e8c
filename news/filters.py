"""Query filters of the news API."""

from django_filters import rest_framework as filters
from django_filters.filterset import filterset_factory

from ntmportal import search as site_search
from ntmportal.api import FilterSet, updated_after
from programs.models import AdministrativeUnit, Program

from .models import Article, Author, Category, Tag

PROVINCES = AdministrativeUnit.objects.provinces()


class ArticleFilter(FilterSet):
    category = filters.ModelChoiceFilter(
        to_field_name="slug", queryset=Category.objects.all(), help_text="Slug of the category."
    )
    tag = filters.ModelChoiceFilter(
        field_name="tags",
        to_field_name="slug",
        queryset=Tag.objects.all(),
        help_text="Slug of a tag.",
    )
    program = filters.ModelChoiceFilter(
        field_name="programs",
        to_field_name="code",
        queryset=Program.objects.all(),
        help_text="Code of a program concerned, e.g. `NTM`.",
    )
    province = filters.ModelChoiceFilter(
        field_name="units",
        to_field_name="slug",
        queryset=PROVINCES.current(),
        method="filter_province",
        help_text=(
            "Slug of a current province: its articles and those about the former provinces "
            "merged into it on 1 July 2025, e.g. `gia-lai` includes Bình Định."
        ),
    )
    former_province = filters.ModelChoiceFilter(
        field_name="units",
        to_field_name="slug",
        queryset=PROVINCES.former(),
        method="filter_province",
        help_text="Slug of a former province: the articles about it, e.g. `binh-dinh`.",
    )
    published_after = filters.DateFilter(
        field_name="publish_at",
        lookup_expr="date__gte",
        help_text="Published on or after this date (Vietnam time), e.g. 2025-07-01.",
    )
    published_before = filters.DateFilter(
        field_name="publish_at",
        lookup_expr="date__lte",
        help_text="Published on or before this date (Vietnam time).",
    )
    updated_after = updated_after()
    status = filters.ChoiceFilter(
        choices=Article.Status.choices,
        help_text="Only users who may change articles see other statuses than published.",
    )
    q = filters.CharFilter(
        method="filter_text",
        max_length=site_search.MAX_QUERY_LENGTH,
        help_text=(
            "Words that must all be in the title, lead or body, ignoring case and diacritics: "
            "`nong thon moi` finds Nông thôn mới. Lists at most the newest "
            f"{site_search.SEARCH_CANDIDATES:,} matching articles, newest first unless "
            "`ordering` says otherwise; more words, or another filter such as a date or a "
            f"category, narrow them. At most {site_search.MAX_QUERY_LENGTH} characters."
        ),
    )

    class Meta:
        model = Article
        fields = [
            "category",
            "tag",
            "program",
            "province",
            "former_province",
            "published_after",
            "published_before",
            "updated_after",
            "status",
            # Last, as the filters apply in this order: `q` keeps the newest matches of the
            # articles the others leave.
            "q",
        ]

    def filter_province(self, queryset, name, value):
        return queryset.about_province(value)

    def filter_text(self, queryset, name, value):
        return queryset.newest_matches(value, site_search.SEARCH_CANDIDATES)


def name_filter():
    return filters.CharFilter(
        field_name="name",
        lookup_expr="vn_contains",
        help_text="Text in the name, ignoring case and diacritics.",
    )


class NamedFilter(FilterSet):
    """Categories, tags and authors: by name, and by when each was last saved."""

    q = name_filter()
    updated_after = updated_after()


CategoryFilter, TagFilter, AuthorFilter = (
    filterset_factory(model, NamedFilter, ["q", "updated_after"])
    for model in (Category, Tag, Author)
)
