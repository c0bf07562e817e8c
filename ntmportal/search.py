"""Site-wide search across articles, programs, movements, provinces, indicators, conferences
and documents. A former province's name also finds the province it merged into ("Sóc Trăng"
offers Cần Thơ). Results whose title equals the query are "best bets", shown first; each group
links to all its results, paginated.

Every word of the query must appear somewhere in a result, ignoring case and Vietnamese
diacritics (`__vn_contains`, or an article's stored folded text), in either language. Results
are ranked by a score the database computes, highest first:

    4  a title (or name) equals the query
    3  a title contains the query as typed
    2  a title contains every word of the query
    1  the words are found in the rest of the text (lead, body, summary…)

Each type is one query: its best results, capped, and the number of all its matches. Articles
are too many for that: only the newest SEARCH_CANDIDATES that match are ranked and counted, and
the page says "more than 1,000" when more match.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, F, Func, IntegerField, Q, Value, When, Window
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from modeltranslation.utils import get_translation_fields

from news.models import Article
from programs.models import (
    AdministrativeUnit,
    Conference,
    Document,
    EmulationMovement,
    Indicator,
    Program,
)

from .vietnamese import fold, vietnamese_order

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10  # more words would only narrow the results further: they are dropped
RESULTS_PER_TYPE = 10
SEARCH_CANDIDATES = 1000


def any_field_contains(fields, text):
    return Q.create([(f"{field}__vn_contains", text) for field in fields], connector=Q.OR)


def every_word(fields, words):
    """Each word in at least one of the fields."""
    return Q.create([any_field_contains(fields, word) for word in words])


def relevance(title_fields, words):
    phrase = " ".join(words)
    folded = [
        Func(F(field), function="vn_fold", output_field=CharField()) for field in title_fields
    ]
    return Case(
        When(Q.create([Exact(title, fold(phrase)) for title in folded], connector=Q.OR), then=4),
        When(any_field_contains(title_fields, phrase), then=3),
        When(every_word(title_fields, words), then=2),
        default=Value(1),
        output_field=IntegerField(),
    )


def folded_title_relevance(fields, words):
    """relevance() read from one field that holds every title already folded, each between line
    breaks (Article.search_title): folding the titles of a thousand candidates in the query was
    most of its time."""
    (field,) = fields
    phrase = fold(" ".join(words))
    return Case(
        When(**{f"{field}__contains": f"\n{phrase}\n"}, then=4),
        When(**{f"{field}__contains": phrase}, then=3),
        When(Q.create([(f"{field}__contains", fold(word)) for word in words]), then=2),
        default=Value(1),
        output_field=IntegerField(),
    )


@dataclass
class Group:
    """One type of result: its best hits and how many matched in all."""

    key: str
    label: str
    hits: list
    total: int
    capped: bool = False  # more than `total` matched

    @property
    def more(self):
        return self.total - len(self.hits)


@dataclass
class SearchType:
    key: str
    label: str
    title_fields: list
    ordering: tuple
    find: Callable  # the words -> the matching rows, in any order
    bounded: bool = False  # find() returns at most SEARCH_CANDIDATES + 1 rows
    rank: Callable = relevance  # (title_fields, words) -> the score

    def matches(self, words):
        return (
            self.find(words)
            .annotate(relevance=self.rank(self.title_fields, words))
            .order_by("-relevance", *self.ordering)
        )

    def search(self, words):
        hits = list(self.matches(words).annotate(total=Window(Count("pk")))[:RESULTS_PER_TYPE])
        total = hits[0].total if hits else 0
        if self.bounded and total > SEARCH_CANDIDATES:
            return Group(self.key, self.label, hits, SEARCH_CANDIDATES, capped=True)
        return Group(self.key, self.label, hits, total)


def newest_articles(words):
    """The newest SEARCH_CANDIDATES + 1 published articles with every word, the one more telling
    that there are more."""
    articles = Article.objects.published()
    return articles.newest_matches(" ".join(words), SEARCH_CANDIDATES + 1).summaries()


def successors_of_matches(words):
    """The provinces that former provinces named by `words` merged into."""
    former = AdministrativeUnit.objects.provinces().former().filter(every_word(NAME, words))
    return former.values("successor")


TITLE = get_translation_fields("title")
NAME = get_translation_fields("name")

SEARCH_TYPES = [
    SearchType(
        "articles",
        _("News"),
        ["search_title"],
        ("-publish_at", "-pk"),
        newest_articles,
        bounded=True,
        rank=folded_title_relevance,
    ),
    SearchType(
        "programs",
        _("Programs"),
        [*NAME, *get_translation_fields("short_name")],
        ("start_year", "code"),
        lambda words: Program.objects.filter(
            every_word(
                [*NAME, *get_translation_fields("short_name", "description", "goals"), "code"],
                words,
            )
        ),
    ),
    SearchType(
        "movements",
        _("Emulation movements"),
        NAME,
        ("launched_on", "pk"),
        lambda words: EmulationMovement.objects.filter(
            every_word([*NAME, *get_translation_fields("description")], words)
        ),
    ),
    SearchType(
        "provinces",
        _("Provinces"),
        NAME,
        # Current provinces before former ones of the same name.
        (F("valid_until").desc(nulls_first=True), vietnamese_order("name")),
        lambda words: (
            AdministrativeUnit.objects.provinces()
            .filter(Q(every_word(NAME, words)) | Q(pk__in=successors_of_matches(words)))
            .select_related("successor")
        ),
    ),
    SearchType(
        "indicators",
        _("Indicators"),
        NAME,
        ("program__start_year", "program__code", "order", "code"),
        lambda words: Indicator.objects.filter(
            every_word([*NAME, *get_translation_fields("description")], words)
        ).select_related("program"),
    ),
    SearchType(
        "conferences",
        _("Conferences"),
        TITLE,
        ("-date", "pk"),
        lambda words: Conference.objects.filter(
            every_word(
                [*TITLE, *get_translation_fields("host", "summary", "reported", "decided")],
                words,
            )
        ),
    ),
    SearchType(
        "documents",
        _("Documents"),
        ["number", *TITLE],
        ("-issued_on", "number"),
        lambda words: Document.objects.filter(
            every_word(["number", "issuer", *TITLE, *get_translation_fields("summary")], words)
        ),
    ),
]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)

    def clean_q(self):
        """A query that is too long is shortened, not refused: it may come from a pasted text."""
        return self.cleaned_data["q"][:MAX_QUERY_LENGTH].strip()

    @property
    def shortened(self):
        return len(self.data.get("q", "").strip()) > MAX_QUERY_LENGTH


BEST_BET = 4  # the relevance of a title equal to the query
TYPES = {kind.key: kind for kind in SEARCH_TYPES}
RESULTS_PER_PAGE = 20


class SearchView(TemplateView):
    """Every group's best results, or, with `type`, all of one group's results in pages."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        words = query.split()[:MAX_WORDS]
        kind = TYPES.get(self.request.GET.get("type", ""))
        if words and kind:
            page = Paginator(kind.matches(words), RESULTS_PER_PAGE).get_page(
                self.request.GET.get("page")
            )
            return super().get_context_data(
                form=form, query=query, kind=kind, page_obj=page, **kwargs
            )
        groups = [kind.search(words) for kind in SEARCH_TYPES] if words else []
        return super().get_context_data(
            form=form,
            query=query,
            groups=groups,
            best_bets=[
                (group.key, hit)
                for group in groups
                for hit in group.hits
                if hit.relevance == BEST_BET
            ],
            found=sum(group.total for group in groups),
            capped=any(group.capped for group in groups),
            **kwargs,
        )
