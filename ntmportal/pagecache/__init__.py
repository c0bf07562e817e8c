"""The page cache (docs/caching.md): anonymous GET requests for pages and API reads are answered
with a stored copy of the whole response, which goes stale when what it was built from changes.

- `middleware.PageCacheMiddleware` stores and answers responses;
- `tags` knows which cache tags a page depends on and which a save makes stale, with the
  registry that the apps fill (`watch`, `tag_model`) and `bulk_write()` for writes of many rows;
- `redis` is the Redis backend that an outage cannot take down.
"""

from .tags import (
    BROWSER_MAX_AGE,
    bulk_write,
    count,
    depends_on,
    invalidate,
    schedule,
    tag_model,
    tags_of,
    version,
    watch,
)

__all__ = [
    "BROWSER_MAX_AGE",
    "bulk_write",
    "count",
    "depends_on",
    "invalidate",
    "schedule",
    "tag_model",
    "tags_of",
    "version",
    "watch",
]
