"""Articles keep every version (django-simple-history), registered by translation.py once
modeltranslation has added the language fields."""

from contextlib import contextmanager
from contextvars import ContextVar

from simple_history import register
from simple_history.models import HistoricalRecords

from .models import Article


class ArticleRecords(HistoricalRecords):
    """simple_history writes a version when the article is saved and again at each change of
    each of its links, so one save through a form left several versions, all but the last
    with half its links. Between defer_version() and write_version() they make one version."""

    instance = None  # the article's, made once by register() below

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ArticleRecords.instance = self

    def post_save(self, instance, created, using=None, **kwargs):
        if getattr(instance, "_one_version", None) is not None:
            instance._one_version["created"] |= created
            return
        pending = _pending.get()
        if pending is not None and not kwargs.get("raw", False):
            pending.setdefault(instance.pk, [instance, False])[1] |= created
            return
        super().post_save(instance, created, using=using, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if getattr(instance, "_one_version", None) is not None:
            return
        pending = _pending.get()
        if pending is not None and not reverse:
            pending.setdefault(instance.pk, [instance, False])
            return
        super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)


# The articles saved within one_version(), by primary key: [article, created].
_pending = ContextVar("pending_article_versions", default=None)


@contextmanager
def one_version():
    """Each article saved in the block (as a serializer saves it, then its links) makes one
    version, written at the block's end."""
    pending = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for article, created in pending.values():
        ArticleRecords.instance.create_historical_record(article, "+" if created else "~")


def defer_version(article):
    """Hold the versions of `article`'s save and its links' changes until write_version()."""
    article._one_version = {"created": False}


def write_version(article):
    """The one version of what was saved since defer_version()."""
    state = article.__dict__.pop("_one_version")
    ArticleRecords.instance.create_historical_record(article, "+" if state["created"] else "~")


# Every version keeps what the article is linked to as well, so a restore brings the links back.
register(
    Article,
    records_class=ArticleRecords,
    excluded_fields=["hero_renditions", "search_text", "search_title"],
    m2m_fields=[field.name for field in Article._meta.many_to_many],
)
