"""Django's own cache backends, counting hits and misses for /metrics (django-prometheus's counters; its own
backends need django-redis, and its local-memory one turns a cached 0 or "" into a miss). The Redis one also
keeps the site up while Redis is down: every read is a miss and every write is dropped (logged), so pages and
the API answer from the database, and /readyz says 503."""

import logging

from django.core.cache.backends import locmem
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django_prometheus.cache.metrics import (
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
_MISSING = object()


class _Counted:
    label = ""

    def get(self, key, default=None, version=None):
        django_cache_get_total.labels(backend=self.label).inc()
        value = super().get(key, _MISSING, version=version)
        if value is _MISSING:
            django_cache_misses_total.labels(backend=self.label).inc()
            return default
        django_cache_hits_total.labels(backend=self.label).inc()
        return value


def _tolerant(name: str, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(_TolerantRedisCache, self), name)(*args, **kwargs)
        except RedisError:
            logger.warning("cache unreachable: %s is a miss", name, exc_info=True)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = name
    return method


def _unreachable(*args, **kwargs):
    raise ValueError("the cache is unreachable")  # what Django's incr raises for a key it does not have


class _TolerantRedisCache(DjangoRedisCache):
    get = _tolerant("get", lambda key, default=None, version=None: default)
    add = _tolerant("add", False)
    set = _tolerant("set", None)
    touch = _tolerant("touch", False)
    delete = _tolerant("delete", False)
    get_many = _tolerant("get_many", {})
    has_key = _tolerant("has_key", False)
    incr = _tolerant("incr", _unreachable)
    set_many = _tolerant("set_many", lambda data, *args, **kwargs: list(data))
    delete_many = _tolerant("delete_many", None)
    clear = _tolerant("clear", None)


class RedisCache(_Counted, _TolerantRedisCache):
    label = "redis"


class LocMemCache(_Counted, locmem.LocMemCache):
    label = "locmem"
