"""A Redis cache that an outage cannot take down: each failing call is logged and acts as a miss.

Written against Django 5.2's `django.core.cache.backends.redis`: the one module of the project
that knows its client's insides (`_class`, `_get_connection_pool`, `_client`)."""

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import RedisError

logger = logging.getLogger(__name__)

# INCRBY of a key that exists, else nothing: Django's incr() in one round trip, not two.
INCR_EXISTING = """
if redis.call("EXISTS", KEYS[1]) == 1 then return redis.call("INCRBY", KEYS[1], ARGV[1]) end
return false
"""


class QuickRedisCacheClient(RedisCacheClient):
    """Django's client with one redis.Redis per connection pool instead of a new one (with its
    table of response callbacks) for every call, which took longer than the call itself, and
    an atomic incr() in one round trip (the API's throttle counts every request with it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = self._client(connection_pool=pool)
        return self._clients[pool]

    def incr(self, key, delta):
        value = self.get_client(key, write=True).eval(INCR_EXISTING, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class KeyMissing(Exception):
    """What a failed incr() answers: the key is as good as missing (Django raises ValueError)."""


def as_miss(method, on_failure):
    """`method`, answering `on_failure(*args)` when Redis fails, as a cache miss would."""

    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning("Cache bypassed: Redis %s failed: %s", method.__name__, error)
            if on_failure is KeyMissing:
                raise ValueError("Key not found") from error
            return on_failure(*args, **kwargs)

    return wrapped


class FaultTolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = QuickRedisCacheClient


# What each call answers when Redis fails: what it would answer for a missing key.
def answer(value):
    return lambda *args, **kwargs: value


MISSES = {
    "add": answer(False),
    "get": lambda key, default=None, version=None: default,
    "set": answer(None),
    "touch": answer(False),
    "delete": answer(False),
    "get_many": answer({}),
    "has_key": answer(False),
    "incr": KeyMissing,
    "set_many": lambda data, *args, **kwargs: list(data),
    "delete_many": answer(None),
    "clear": answer(False),
}
for name, on_failure in MISSES.items():
    setattr(FaultTolerantRedisCache, name, as_miss(getattr(RedisCache, name), on_failure))
