"""Site-wide search: the pieces each app builds its searchable types from (`SearchType`), and
the registry they go in. Each app registers its types from its `ready()` (programs/search.py,
news/search.py), so the core knows no app; the page is `views.SearchView`. Results whose title
equals the query are "best bets", shown first; each group links to all its results, paginated.

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

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, CharField, Count, F, Func, IntegerField, Q, Value, When, Window
from django.db.models.lookups import Exact

from ntmportal.vietnamese import fold

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
    position: int  # where its group is shown among the others, lowest first
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


# The registered types, by key.
_registry = {}


def register(*kinds):
    """Add searchable types; an app calls it from its AppConfig.ready()."""
    for kind in kinds:
        if kind.key in _registry:
            raise ImproperlyConfigured(f"The search type {kind.key!r} is registered twice.")
        _registry[kind.key] = kind


def search_types():
    """The registered types, in the order of their `position`."""
    return sorted(_registry.values(), key=lambda kind: kind.position)


def search_type(key):
    """The registered type of this key, or None."""
    return _registry.get(key)
