"""News: articles with their editorial workflow, bylines, categories, tags and comments."""

from html import unescape

import nh3
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from modeltranslation.utils import build_localized_fieldname

from ntmportal.models import SluggedModel
from ntmportal.vietnamese import fold, slugify_vi, vietnamese_order
from programs.models import NATIONWIDE, AdministrativeUnit, check_units_editable

from .images import delete_renditions, make_renditions, validate_image

# What an article body may contain. The sanitizer runs in Article.save(), so the admin, the API,
# imports and the shell all store the same inert HTML.
BODY_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "b", "i", "blockquote",
    "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
BODY_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
BODY_CLEANER = nh3.Cleaner(
    tags=BODY_TAGS,
    attributes=BODY_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
)

# The editor offers what the sanitizer keeps.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Figure": True,
    "Caption": True,
    "Image": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}


def sanitize_html(html):
    return BODY_CLEANER.clean(html or "")


def search_text_of(article):
    """The folded title, lead and text of the body of `article` in every language: what
    `ArticleQuerySet.search()` matches. Also called by a migration with its historical model."""
    parts = []
    for code, _name in settings.LANGUAGES:
        parts.append(getattr(article, build_localized_fieldname("title", code)) or "")
        parts.append(getattr(article, build_localized_fieldname("lead", code)) or "")
        body = getattr(article, build_localized_fieldname("body", code)) or ""
        # A space before each tag keeps paragraphs and list items from running together.
        parts.append(unescape(strip_tags(body.replace("<", " <"))))
    return fold(" ".join(" ".join(parts).split()))


def search_title_of(article):
    """The titles of `article` in every language, folded, each between line breaks: what search
    ranks matches by (ntmportal/search.py), without folding them in every query."""
    languages = settings.LANGUAGES
    titles = (getattr(article, build_localized_fieldname("title", code)) for code, _ in languages)
    return "".join(f"\n{fold(title)}" for title in titles if title) + "\n"


class Category(SluggedModel):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:category_detail", args=[self.slug])


class Tag(SluggedModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = [vietnamese_order("name")]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:tag_detail", args=[self.slug])


class Author(SluggedModel):
    """A byline: a journalist, or a newsroom when the article names no one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        verbose_name=_("user account"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = [vietnamese_order("name")]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:author_detail", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What visitors may see: published, and the publication time has come.

        The one rule every page, list, feed, sitemap and the API use; a future `publish_at`
        schedules an article without any cron job.
        """
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def editable_by(self, user):
        """The articles `user` may edit: their own, those about the provinces they may edit,
        or every article with the nationwide permission."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm(NATIONWIDE):
            return self
        about_their_provinces = Article.objects.filter(
            units__in=AdministrativeUnit.objects.editable_by(user)
        )
        return self.filter(Q(created_by=user) | Q(pk__in=about_their_provinces.values("pk")))

    def visible_to(self, user):
        """What visitors see, and the drafts `user` may edit."""
        return self.published() | self.editable_by(user)

    def summaries(self):
        """Articles as lists, blocks and search results show them: without their text, which
        they never show (and which, with its folded copy, is most of an article's size)."""
        return self.defer("body", "search_text", "search_title").select_related("category")

    def for_lists(self):
        return self.summaries().prefetch_related("authors")

    def for_page(self):
        return self.select_related("category").prefetch_related(
            "authors", "tags", "programs", "units", "conferences", "movements", "documents"
        )

    def about_province(self, province):
        """Articles about the province or about the former provinces merged into it."""
        # A subquery of the links, not an OR across the join and DISTINCT, and the units' ids:
        # PostgreSQL then knows how many articles they have, and reads the newest until it has
        # enough instead of all of them.
        links = Article.units.through.objects.filter(
            administrativeunit__in=province.ids_with_predecessors()
        )
        return self.filter(pk__in=links.values("article"))

    def related_to(self, article):
        """Other articles of the same category or by the same authors."""
        authors = [author.pk for author in article.authors.all()]
        # A subquery, not a join and DISTINCT: the newest articles are read in index order
        # until enough match, without sorting every candidate.
        by_authors = Article.authors.through.objects.filter(author__in=authors)
        return self.filter(
            Q(category_id=article.category_id) | Q(pk__in=by_authors.values("article"))
        ).exclude(pk=article.pk)

    def search(self, terms):
        """Articles containing every word of `terms` in their title, lead or body, in either
        language, ignoring case and Vietnamese diacritics. Chain after `published()`.

        `search_text` is folded already, so a plain LIKE does: on PostgreSQL a trigram index
        (news migration 0003) answers it."""
        return self.filter(Q.create([("search_text__contains", fold(w)) for w in terms.split()]))

    def newest_matches(self, terms, limit):
        """The newest `limit` of these articles with every word of `terms`, as a subquery of
        keys, so that counting and paging them reads at most `limit` articles: a phrase most
        articles contain reads the newest first until enough match, a rare word the trigram
        index; never every article."""
        matches = self.search(terms).order_by("-publish_at", "-pk")[:limit]
        return self.filter(pk__in=matches.values("pk"))


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    # What a writer, without the publish permission, may set.
    WRITER_STATUSES = (Status.DRAFT, Status.IN_REVIEW)

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Made from the Vietnamese title when left empty."),
    )
    lead = models.TextField(
        _("lead"), help_text=_("One or two sentences shown in lists, feeds and search results.")
    )
    body = ProseEditorField(
        _("body"), config={"extensions": EDITOR_EXTENSIONS}, sanitize=sanitize_html, blank=True
    )
    hero_image = models.ImageField(
        _("main image"),
        upload_to="news/%Y/%m/",
        blank=True,
        validators=[validate_image],
        width_field="hero_width",
        height_field="hero_height",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_renditions = models.JSONField(default=dict, blank=True, editable=False)
    hero_alt = models.CharField(
        _("image description"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    hero_caption = models.CharField(_("image caption"), max_length=500, blank=True)
    hero_credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    authors = models.ManyToManyField(
        Author, related_name="articles", blank=True, verbose_name=_("authors")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True, verbose_name=_("tags"))
    programs = models.ManyToManyField(
        "programs.Program", related_name="articles", blank=True, verbose_name=_("programs")
    )
    units = models.ManyToManyField(
        "programs.AdministrativeUnit",
        related_name="articles",
        blank=True,
        limit_choices_to={"level": AdministrativeUnit.Level.PROVINCE},
        verbose_name=_("provinces"),
        help_text=_("Current or former provinces and centrally-run cities."),
    )
    conferences = models.ManyToManyField(
        "programs.Conference", related_name="articles", blank=True, verbose_name=_("conferences")
    )
    movements = models.ManyToManyField(
        "programs.EmulationMovement",
        related_name="articles",
        blank=True,
        verbose_name=_("emulation movements"),
    )
    documents = models.ManyToManyField(
        "programs.Document", related_name="articles", blank=True, verbose_name=_("documents")
    )
    original_publisher = models.CharField(
        _("original publisher"),
        max_length=200,
        blank=True,
        help_text=_("For an article republished from another newspaper or site."),
    )
    original_url = models.URLField(_("original URL"), max_length=500, blank=True)
    original_date = models.DateField(_("original date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_(
            "A future time schedules the article. Left empty, it is set when the article "
            "is published."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="news_articles",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Derived by save() from the titles, leads and bodies, so history leaves them out.
    search_text = models.TextField(editable=False, blank=True, default="")
    search_title = models.TextField(editable=False, blank=True, default="")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish and unpublish articles"))]
        indexes = [
            models.Index(fields=["status", "publish_at"]),
            # A category's page: its published articles, newest first, and their number.
            models.Index(fields=["category", "status", "publish_at"]),
            # Every article newest first, whatever its status: the admin's list, and the API's for
            # editors who see drafts (its search reads this until it has enough matches).
            models.Index(fields=["-publish_at", "-id"], name="news_article_newest_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        for code, _name in settings.LANGUAGES:
            field = build_localized_fieldname("body", code)
            setattr(self, field, sanitize_html(getattr(self, field)))
        if not self.slug:
            self.slug = self.unique_slug()
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        self.update_renditions()
        self.update_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:article_detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.hero_image and not self.hero_alt:
            errors["hero_alt"] = _("Describe the image for people who cannot see it.")
        if (self.original_url or self.original_date) and not self.original_publisher:
            errors["original_publisher"] = _("Name the publisher the article comes from.")
        if errors:
            raise ValidationError(errors)

    def unique_slug(self):
        base = slugify_vi(self.title_vi or self.title)[:100] or "bai-viet"
        slug, number = base, 2
        while Article.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug

    def update_search_text(self):
        """Called by save(); writes that skip save() (bulk_create) call it themselves."""
        self.search_text = search_text_of(self)
        self.search_title = search_title_of(self)

    def update_renditions(self):
        """Resize the hero image once, when it changes, and drop the renditions of the old one."""
        # The field stores an upload now, as it would on saving, to resize the stored file.
        image = self._meta.get_field("hero_image").pre_save(self, add=self._state.adding)
        if self.hero_renditions.get("source", "") == (image.name or ""):
            return
        delete_renditions(self.hero_renditions, image.storage)
        self.hero_renditions = make_renditions(image) if image else {}

    @property
    def hero_sizes(self):
        """The renditions, smallest first, each with its URL, width and height."""
        storage = self.hero_image.storage
        return [
            {**size, "url": storage.url(size["name"])}
            for size in self.hero_renditions.get("sizes", [])
        ]

    @property
    def hero_srcset(self):
        return ", ".join(f"{size['url']} {size['width']}w" for size in self.hero_sizes)

    @property
    def original_link(self):
        """The original URL if it is a web address: only forms check URLs, the shell does not."""
        return self.original_url if self.original_url.startswith(("https://", "http://")) else ""

    @classmethod
    def statuses_for(cls, user):
        if user.has_perm("news.publish_article"):
            return list(cls.Status)
        return list(cls.WRITER_STATUSES)

    def is_changeable_by(self, user):
        """Editors with the publish permission change the articles in their scope; writers and
        provincial editors submit: they change the drafts and articles in review in their scope
        (their own, or about their provinces), never a published one. The admin and the API
        both ask this."""
        if not Article.objects.editable_by(user).filter(pk=self.pk).exists():
            return False
        return user.has_perm("news.publish_article") or self.status in self.WRITER_STATUSES

    def check_status_allowed(self, user):
        """Refuse a status the user may not set: only editors publish and unpublish."""
        if self.status not in self.statuses_for(user):
            raise PermissionDenied(_("Only editors can publish or unpublish articles."))

    @staticmethod
    def binds_units(user):
        """Whether `user`'s articles must be about units they may edit. Newsroom writers, with
        neither provinces nor the publish permission, write about any: only an editor whose
        scope covers the article publishes it."""
        return user.has_perm("news.publish_article") or (
            AdministrativeUnit.objects.editable_by(user).exists()
        )

    @staticmethod
    def check_units_allowed(user, units):
        """An editor's article is about provinces they may edit, and one about the whole country
        (no province) needs the nationwide permission (programs.models.check_units_editable)."""
        if Article.binds_units(user):
            check_units_editable(user, units)


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(approved=True)


class Comment(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", verbose_name=_("article")
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(
        _("email"), blank=True, help_text=_("Optional; never shown on the site.")
    )
    body = models.TextField(_("comment"), max_length=3000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    approved = models.BooleanField(_("approved"), default=False)
    # A keyed hash, not the address: enough to spot a flood, useless to anyone else.
    ip_hash = models.CharField(_("client fingerprint"), max_length=64, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["article", "approved", "created_at"])]

    def __str__(self):
        return _("%(name)s on %(article)s") % {"name": self.name, "article": self.article}
