"""Django's Redis cache backend, reusing its Redis client.

Django builds a new ``redis.Redis`` for every cache operation, which copies the client's table
of some 500 response callbacks each time: about a quarter of a millisecond, three times per
page view. This backend keeps one client per connection pool instead (Django's caches are
per thread, and a Redis client is safe to reuse). Measured in docs/performance.md.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property


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
    @cached_property
    def _cache(self):
        return ReusingRedisCacheClient(self._servers, **self._options)
