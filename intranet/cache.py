"""Django's Redis cache backend, reusing its Redis client and running on when Redis is down.

Django builds a new ``redis.Redis`` for every cache operation, which copies the client's table
of some 500 response callbacks each time: about a quarter of a millisecond, three times per
page view. This backend keeps one client per connection pool instead (Django's caches are
per thread, and a Redis client is safe to reuse). Measured in docs/performance.md.

Everything the cache holds can be rebuilt from the database (pages, the logged-in user, the
session's copy), so when Redis does not answer the site runs without it: a read is a miss, a
write is dropped, and a warning is logged at most once a minute. Login throttling counts
nothing while Redis is down (the warning says so); ``/healthz`` reports the cache as degraded.
See docs/security.md, «When a part fails».
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

WARNING_INTERVAL_SECONDS = 60


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class ReusingRedisCache(RedisCache):
    _last_warning = 0.0

    @cached_property
    def _cache(self):
        return ReusingRedisCacheClient(self._servers, **self._options)

    def _or(self, fallback, operation, *args, **kwargs):
        """``operation(*args, **kwargs)``, or ``fallback`` when Redis does not answer."""
        try:
            return operation(*args, **kwargs)
        except RedisError as error:
            now = time.monotonic()
            if now - ReusingRedisCache._last_warning >= WARNING_INTERVAL_SECONDS:
                ReusingRedisCache._last_warning = now
                logger.warning(
                    "Redis does not answer (%s): running without the cache; pages come from "
                    "the database and login throttling counts nothing until it is back",
                    type(error).__name__,
                )
            return fallback

    def add(self, key, value, timeout=None, version=None):
        return self._or(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._or(default, super().get, key, default, version)

    def set(self, key, value, timeout=None, version=None):
        self._or(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._or(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._or(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._or({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._or(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        return self._or(delta, super().incr, key, delta, version)

    def set_many(self, data, timeout=None, version=None):
        return self._or(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._or(None, super().delete_many, keys, version)

    def clear(self):
        return self._or(False, super().clear)
