"""Reads of anonymous visitors from a PostgreSQL read replica (docs/deploy.md).

With DATABASE_REPLICA_URL set, settings.py adds the "replica" database and ReplicaRouter.
ReplicaMiddleware marks a request as a replica reader when it is a GET or HEAD that the page
cache would share: no session cookie, no Authorization header, not the admin
(ntmportal.pagecache.middleware.is_private). Everything else reads and writes the primary, so
that staff always see what they have just saved.

A replica lags a little behind its primary. So that no page rendered from a replica that has
not yet received a change gets stored in the page cache under the generation that change
started, every host reads from the primary for PRIMARY_AFTER_WRITE_SECONDS after any request
that may have written (a POST, PUT, PATCH or DELETE, on any host: the moment is kept in the
shared cache). Within a request, the first write sends the later reads to the primary too.
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed

from ntmportal.pagecache.middleware import is_private

REPLICA = "replica"
# Longer than the replica's usual lag; monitor the lag and raise this if it is exceeded.
PRIMARY_AFTER_WRITE_SECONDS = 10
LAST_WRITE_KEY = "replica:last-write"
reads_from_replica = ContextVar("reads_from_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if reads_from_replica.get() else "default"

    def db_for_write(self, model, **hints):
        reads_from_replica.set(False)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # migrations reach the replica through replication


class ReplicaMiddleware:
    """Placed before any middleware that reads the database (sessions, the page cache)."""

    def __init__(self, get_response):
        if REPLICA not in settings.DATABASES:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in {"GET", "HEAD"}
        token = reads_from_replica.set(safe and not is_private(request) and replica_caught_up())
        try:
            return self.get_response(request)
        finally:
            reads_from_replica.reset(token)
            if not safe:
                cache.set(LAST_WRITE_KEY, time.time(), PRIMARY_AFTER_WRITE_SECONDS)


def replica_caught_up():
    return time.time() - cache.get(LAST_WRITE_KEY, 0) > PRIMARY_AFTER_WRITE_SECONDS
