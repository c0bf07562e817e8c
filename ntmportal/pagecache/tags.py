"""Cache tags: what a stored response was built from, and what a save makes stale.

A clock in the cache counts invalidations. A tag's value is the clock at its last invalidation; a
stored response keeps the clock read before its view ran and the tags the view depended on. It is
fresh while none of its tags moved past its clock: a save made while the view rendered moves a tag
past it, so what the view read before that save is never kept.

Every response depends on `SITE` (`invalidate()` with no tag empties everything). A view names
what it shows with `depends_on(request, *tags)`; one that names nothing depends on `CONTENT`,
which every save of a watched model moves, as a single generation would. A saved object moves
`CONTENT`, its app's tag (`app:news`), its model's (`programs.indicatorvalue`: every list of
them), its own (`programs.indicatorvalue:12`) and what its app adds with `tag_model()` (the
figure's unit and indicator, say).
"""

import hashlib
import math
import threading
import time
from contextlib import contextmanager

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from simple_history.models import HistoricalChanges

# How long browsers and shared caches may keep a public page or API read, in seconds, at most:
# the one downstream lifetime of the project.
BROWSER_MAX_AGE = 60
CLOCK_KEY = "pagecache:clock"
SITE = "site"
CONTENT = "content"
FRAME = "app:ntmportal"
# How long a count is kept when nothing changes.
COUNT_SECONDS = 3600

_model_tags = {}  # model → function(instance) → extra tags
_skips = {}  # model → function(instance, created) → True when a save shows nowhere
_schedules = []  # functions() → the next time (a timestamp) content changes without a save
_pending = threading.local()


def tag_key(tag):
    return f"pagecache:tag:{tag}"


def tags_of(instance):
    """The tags a save or delete of `instance` makes stale."""
    label = instance._meta.label_lower
    extra = _model_tags.get(type(instance))
    return {
        CONTENT,
        f"app:{instance._meta.app_label}",
        label,
        f"{label}:{instance.pk}",
        *(extra(instance) if extra else ()),
    }


def schedule(next_change):
    """Register `next_change()`: the timestamp at which content changes without a save (an
    article scheduled for publication), or None. No response is kept past it."""
    _schedules.append(next_change)


def seconds_until_next_change(clock, longest):
    """`longest`, or less when scheduled content goes public sooner; looked up once per clock."""
    key = f"pagecache:schedule:{clock}"
    moment = cache.get(key)
    if moment is None:
        moments = [next_change() for next_change in _schedules]
        moment = min((m for m in moments if m is not None), default=math.inf)
    seconds = max(1, math.ceil(min(longest, moment - time.time())))
    cache.set(key, moment, seconds)
    return seconds


def tag_model(model, tags=None, skip=None):
    """Add `tags(instance)` to what a change of `model` makes stale; `skip(instance, created)`
    says when a save shows nowhere (a comment awaiting moderation)."""
    if tags:
        _model_tags[model] = tags
    if skip:
        _skips[model] = skip


def depends_on(request, *tags):
    """Declare, in a view, that its response shows what `tags` name."""
    request.cache_tags = {*getattr(request, "cache_tags", ()), *tags}


def response_tags(request):
    """What a response depends on: what its view named, and the site's frame (the core app's
    settings and fixed pages, in every page's header and footer); or all content."""
    declared = getattr(request, "cache_tags", None)
    return {SITE, FRAME, *declared} if declared else {SITE, CONTENT}


def read_clock():
    # Started from the time in microseconds: a clock evicted and started again is still ahead of
    # every clock that stored responses and tags carry (unless a million invalidations a second
    # ran before), and it stays below 2**53, where Redis' Lua (incr()) would round it.
    cache.add(CLOCK_KEY, time.time_ns() // 1000, timeout=None)
    return cache.get(CLOCK_KEY)


def bump(tags):
    """Move `tags` past every clock read so far."""
    try:
        clock = cache.incr(CLOCK_KEY)
    except ValueError:  # none yet, or evicted: a clock no stored response can be ahead of
        clock = read_clock()
        clock = cache.incr(CLOCK_KEY) if clock is not None else None
    if clock is not None:
        cache.set_many({tag_key(tag): clock for tag in tags}, timeout=None)


def is_fresh(clock, tags):
    """Whether something built at `clock` from what `tags` name is still true."""
    if clock is None:
        return False
    values = cache.get_many([tag_key(tag) for tag in tags])
    # A tag never moved, or evicted, is unknown: `remember()` sets it, and only then is it fresh.
    return len(values) == len(tags) and all(value <= clock for value in values.values())


def remember(clock, tags):
    """Give the tags that have no value the clock a response was built at: an evicted tag then
    makes everything stored before that clock stale, and nothing after it."""
    for tag in tags:
        cache.add(tag_key(tag), clock, timeout=None)


def version(*tags):
    """A number that grows whenever what `tags` name changes (all content, without tags): what
    a file built from the content, such as the API's dump, is kept for."""
    tags = tags or (SITE, CONTENT)
    values = cache.get_many([tag_key(tag) for tag in tags])
    if len(values) < len(tags):  # never moved, or evicted: from now on
        clock = read_clock()
        remember(clock, tags)
        values = cache.get_many([tag_key(tag) for tag in tags])
    return max(values.values(), default=None)


def invalidate(*tags, using=DEFAULT_DB_ALIAS):
    """Make what `tags` name stale (everything, without tags): at once, and again when the
    current transaction commits, since a request that read the old data in between read the
    clock after the first bump."""
    tags = set(tags) or {SITE}
    collecting = getattr(_pending, "tags", None)
    if collecting is not None:
        collecting |= tags
        return
    bump(tags)
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(lambda: bump(tags), using=using)


@contextmanager
def bulk_write(*tags, using=DEFAULT_DB_ALIAS):
    """Collect what the writes inside make stale and invalidate it once, with `tags` for the
    writes that send no signals (bulk_create, QuerySet.update): a thousand deletes bump each
    tag once, not a thousand times."""
    outer = getattr(_pending, "tags", None)
    _pending.tags = set(tags) if outer is None else outer | set(tags)
    try:
        yield
    finally:
        collected, _pending.tags = _pending.tags, outer
        if outer is None and collected:
            invalidate(*collected, using=using)


def content_saved(sender, instance, created, using, **kwargs):
    skip = _skips.get(sender)
    if not (skip and skip(instance, created)):
        invalidate(*tags_of(instance), using=using)


def content_deleted(sender, instance, using, **kwargs):
    invalidate(*tags_of(instance), using=using)


def relations_changed(sender, instance, action, using, **kwargs):
    if action.startswith("post_"):
        invalidate(*tags_of(instance), using=using)


def watch(app_config):
    """Make every save, delete and many-to-many change of the app's models stale what shows them.
    Each content app calls this from its ready(); other models get no receivers, which would cost
    their deletes the fast path."""
    for model in app_config.get_models():
        if issubclass(model, HistoricalChanges):
            continue
        post_save.connect(content_saved, sender=model)
        post_delete.connect(content_deleted, sender=model)
        for field in model._meta.many_to_many:
            m2m_changed.connect(relations_changed, sender=field.remote_field.through)


def count(queryset, key=None):
    """`queryset.count()`, kept until any content changes, so always exact: the API's page
    counts read every matching row. `key` names what the rows depend on when the caller knows
    it; by default it is the query's SQL, which takes longer to build."""
    if key is None:
        sql, params = queryset.query.sql_with_params()
        key = f"{queryset.db}\n{sql}\n{params!r}"
    key = f"pagecache:count:{hashlib.sha256(key.encode()).hexdigest()}"
    tags = [SITE, CONTENT]  # the rows may depend on other models' rows through the filters
    entry = cache.get(key)
    if entry and is_fresh(entry[0], tags):
        return entry[1]
    clock = read_clock()  # before counting: a change made meanwhile leaves this count stale
    number = queryset.count()
    if clock is not None:
        remember(clock, tags)
        cache.set(key, (clock, number), COUNT_SECONDS)
    return number
