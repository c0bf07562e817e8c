from django.core.paginator import Paginator
from django.views.generic import TemplateView

from . import MAX_WORDS, search_type, search_types
from .forms import SearchForm

BEST_BET = 4  # the relevance of a title equal to the query
RESULTS_PER_PAGE = 20


class SearchView(TemplateView):
    """Every registered type's best results, or, with `type`, all of one type's results in
    pages."""

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        words = query.split()[:MAX_WORDS]
        kind = search_type(self.request.GET.get("type", ""))
        if words and kind:
            page = Paginator(kind.matches(words), RESULTS_PER_PAGE).get_page(
                self.request.GET.get("page")
            )
            return super().get_context_data(
                form=form, query=query, kind=kind, page_obj=page, **kwargs
            )
        groups = [kind.search(words) for kind in search_types()] if words else []
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
