from urllib.parse import urlencode

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, ListView

from ntmportal import pagecache
from ntmportal.security import client_ip
from programs.models import AdministrativeUnit

from .forms import CommentForm
from .models import Article, Author, Category, Tag

ARTICLES_PER_PAGE = 12
# At most this many comments per client in the window (seconds).
COMMENT_LIMIT = 3
COMMENT_WINDOW = 10 * 60


class ArticleListView(ListView):
    """Published news, filtered by the slugs in ?category=, ?tag=, ?program=, ?province= (a
    current province) and ?former_province=."""

    paginate_by = ARTICLES_PER_PAGE

    @staticmethod
    def province_url(province):
        """The list of the news about `province` (Article.objects.about_province), for its
        feed and its news block: a former province has its own parameter."""
        param = "former_province" if province.is_former else "province"
        return f"{reverse('news:article_list')}?{urlencode({param: province.slug})}"

    def get_queryset(self):
        articles = Article.objects.published().for_lists()
        params = self.request.GET
        if slug := params.get("category"):
            articles = articles.filter(category__slug=slug)
        if slug := params.get("tag"):
            articles = articles.filter(tags__slug=slug)
        if slug := params.get("program"):
            articles = articles.filter(programs__slug=slug)
        for param, former in (("province", False), ("former_province", True)):
            if slug := params.get(param):
                province = AdministrativeUnit.objects.province_for_slug(slug, former=former)
                articles = articles.about_province(province) if province else articles.none()
        return articles

    def get_context_data(self, **kwargs):
        return super().get_context_data(categories=Category.objects.all(), **kwargs)


class ArticlesOfView(ListView):
    """The published articles of one category, tag or author (`model`), found by slug."""

    paginate_by = ARTICLES_PER_PAGE
    lookup = None  # how Article reaches `model`

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.model, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.published().for_lists().filter(**{self.lookup: self.object})

    def get_template_names(self):
        return [f"news/{self.model._meta.model_name}_detail.html"]

    def get_context_data(self, **kwargs):
        kwargs.setdefault(self.model._meta.model_name, self.object)
        return super().get_context_data(object=self.object, **kwargs)


class CategoryDetailView(ArticlesOfView):
    model = Category
    lookup = "category"


class TagDetailView(ArticlesOfView):
    model = Tag
    lookup = "tags"


class AuthorDetailView(ArticlesOfView):
    model = Author
    lookup = "authors"


def client_fingerprint(request):
    """A keyed hash of the client's address: comments keep it instead of the address."""
    return salted_hmac("news.comment", client_ip(request)).hexdigest()


def over_comment_limit(fingerprint):
    key = f"news:comments:{fingerprint}"
    cache.add(key, 0, COMMENT_WINDOW)
    try:
        return cache.incr(key) > COMMENT_LIMIT
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, COMMENT_WINDOW)
        return False


# Visitors comment without signing in, so a forged post could do nothing they cannot do directly;
# the honeypot, the rate limit and moderation guard the form. Without a CSRF token the article
# page is the same for every visitor, and the page cache can keep it (docs/caching.md).
# What an article can be about, shown by name on its page.
ABOUT = (
    "programs.program",
    "programs.administrativeunit",
    "programs.conference",
    "programs.emulationmovement",
    "programs.document",
)


@method_decorator(csrf_exempt, name="dispatch")
class ArticleDetailView(DetailView):
    """An article with its approved comments; a POST adds a comment for moderation."""

    preview = False

    def get_queryset(self):
        return Article.objects.published().for_page()

    def get_context_data(self, **kwargs):
        article = self.object
        # The news (the article, its comments, related articles, bylines) and the names of what
        # it is about; not the figures.
        pagecache.depends_on(self.request, "app:news", *ABOUT)
        kwargs.setdefault("form", CommentForm())
        sizes = article.hero_sizes
        return super().get_context_data(
            comments=list(article.comments.approved()),
            related_articles=Article.objects.published().related_to(article).for_lists()[:4],
            canonical_url=self.request.build_absolute_uri(article.get_absolute_url()),
            share_image=self.request.build_absolute_uri(sizes[-1]["url"]) if sizes else None,
            comment_received=self.request.GET.get("comment") == "received",
            preview=self.preview,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.object = article = self.get_object()
        form = CommentForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if not form.is_spam():  # bots are thanked like people, and nothing is stored
            fingerprint = client_fingerprint(request)
            if over_comment_limit(fingerprint):
                context = self.get_context_data(form=form, rate_limited=True)
                return self.render_to_response(context, status=429)
            form.instance.article = article
            form.instance.ip_hash = fingerprint
            form.save()
        return redirect(f"{article.get_absolute_url()}?comment=received#comments")


class ArticlePreviewView(ArticleDetailView):
    """Any article exactly as visitors will see it: for staff who may edit it, 404 for others."""

    preview = True
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if not (user.is_staff and user.has_perm("news.change_article")):
            raise Http404
        return Article.objects.editable_by(user).for_page()
