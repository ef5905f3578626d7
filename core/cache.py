"""Django's own cache backends, counting hits and misses for /metrics (django-prometheus's counters; its own
backends need django-redis, and its local-memory one turns a cached 0 or "" into a miss)."""

from django.core.cache.backends import locmem, redis
from django_prometheus.cache.metrics import (
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)

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


class RedisCache(_Counted, redis.RedisCache):
    label = "redis"


class LocMemCache(_Counted, locmem.LocMemCache):
    label = "locmem"
