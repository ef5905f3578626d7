"""Django's own cache backends, counting hits and misses for /metrics (django-prometheus's counters; its own
backends need django-redis, and its local-memory one turns a cached 0 or "" into a miss). The Redis one also
keeps the site up while Redis is down: every read is a miss and every write is dropped (logged), so pages and
the API answer from the database, and /readyz says 503."""

import hashlib
import logging
import uuid

from django.core.cache.backends import locmem
from django.core.cache.backends.base import default_key_func
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
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


class _OneClientPerPool(RedisCacheClient):
    """Django builds a new redis.Redis for every cache call, and each one fills a table of some 170 reply
    callbacks: a third of a millisecond per call, a millisecond or more per quiz submission. A client is safe to
    share (it takes a connection from its pool per command), so there is one per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class _TolerantRedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _OneClientPerPool

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


# The values of KEYS, read in slices (Lua's unpack has a limit), missing ones as "", joined and hashed.
_DIGEST_LUA = """
local values = {}
for first = 1, #KEYS, 500 do
  local found = redis.call('MGET', unpack(KEYS, first, math.min(first + 499, #KEYS)))
  for n = 1, #found do
    values[#values + 1] = found[n] or ''
  end
end
return redis.sha1hex(table.concat(values, ','))
"""


# KEYS[1] moved on by one, then every counter named in the set KEYS[2] (their keys as Redis holds them). The
# counters are not declared in KEYS: one Redis server (as docker/compose.yaml runs), not Redis Cluster.
_INCR_FOLLOWED_LUA = """
local value = redis.call('INCR', KEYS[1])
for _, follower in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  redis.call('INCR', follower)
end
return value
"""


class RedisCache(_Counted, _TolerantRedisCache):
    label = "redis"

    def values_raw(self, keys, version=None) -> list:
        """The stored values of `keys` in order (None where missing), as Redis holds them (a counter as its
        digits): one MGET, without Django checking each key for memcached (the keys are the caller's own).
        While Redis is down: all missing, logged."""
        raw_keys = self._raw_keys(keys, version)
        try:
            return self._cache.get_client(None).mget(raw_keys) if raw_keys else []
        except RedisError:
            logger.warning("cache unreachable: get_many is a miss", exc_info=True)
            return [None] * len(raw_keys)

    def _raw_keys(self, keys, version) -> list[str]:
        """The keys as Redis holds them, without Django checking each for memcached (they are our own)."""
        if self.key_func is default_key_func:  # "prefix:version:key": the first two parts once, not per key
            head = self.make_key("", version=version)
            return [head + key for key in keys]
        return [self.make_key(key, version=version) for key in keys]

    def values_digest(self, keys, version=None) -> str:
        """A short value that changes whenever any of `keys` changes (set, moved on, expired), worked out by
        Redis itself (one script call: the values never travel back). While Redis is down: a value never seen
        before, so nothing keyed by it matches."""
        raw_keys = self._raw_keys(keys, version)
        try:
            client = self._cache.get_client(None)
            script = getattr(client, "civic_digest_script", None)
            if script is None:  # redis-py's Script sends EVALSHA, and the script itself once
                script = client.civic_digest_script = client.register_script(_DIGEST_LUA)
            return script(keys=raw_keys).decode() if raw_keys else "-"
        except RedisError:
            logger.warning("cache unreachable: a digest matches nothing", exc_info=True)
            return uuid.uuid4().hex

    def incr_or_create(self, key, version=None) -> int:
        """Redis's INCR: one round trip (Django's incr first asks whether the key exists), and a missing key
        starts at 1 without expiry. While Redis is down: 0, logged."""
        key = self.make_and_validate_key(key, version=version)
        try:
            return self._cache.get_client(key, write=True).incr(key)
        except RedisError:
            logger.warning("cache unreachable: incr dropped", exc_info=True)
            return 0

    def incr_with_followers(self, key, followers, version=None) -> int:
        """incr_or_create(key), and every counter `follow()` put in the set `followers` moves on with it, in
        one script call (atomic: no reader sees one moved without the others). While Redis is down: 0,
        logged."""
        raw_key, raw_followers = self._raw_keys([key, followers], version)
        try:
            client = self._cache.get_client(None, write=True)
            script = getattr(client, "civic_incr_followed_script", None)
            if script is None:
                script = client.civic_incr_followed_script = client.register_script(_INCR_FOLLOWED_LUA)
            return int(script(keys=[raw_key, raw_followers]))
        except RedisError:
            logger.warning("cache unreachable: incr dropped", exc_info=True)
            return 0

    def follow(self, counter, followed, version=None) -> bool:
        """Make `counter` move on with every later incr_with_followers() naming one of the sets `followed`
        (one pipelined trip; the sets never expire). False while Redis is down (logged)."""
        raw_counter = self._raw_keys([counter], version)[0]
        try:
            pipe = self._cache.get_client(None, write=True).pipeline(transaction=False)
            for raw_set in self._raw_keys(followed, version):
                pipe.sadd(raw_set, raw_counter)
            pipe.execute()
            return True
        except RedisError:
            logger.warning("cache unreachable: nothing followed", exc_info=True)
            return False


class LocMemCache(_Counted, locmem.LocMemCache):
    label = "locmem"


def values_raw(cache, keys: list) -> list:
    """The values of `keys` in order, None where missing, for comparing rather than reading: on Redis as it
    stores them (one MGET, no per-key checks), elsewhere as the backend gives them back."""
    raw = getattr(cache, "values_raw", None)  # `cache` may be Django's proxy to the backend
    if raw is not None:
        return raw(keys)
    found = cache.get_many(keys)
    return [found.get(key) for key in keys]


def values_digest(cache, keys: list) -> str:
    """A short value that changes whenever any of `keys` changes: on Redis worked out there, elsewhere from
    the values the backend gives back."""
    digest = getattr(cache, "values_digest", None)  # `cache` may be Django's proxy to the backend
    if digest is not None:
        return digest(keys)
    found = cache.get_many(keys)
    return hashlib.sha1(repr([found.get(key) for key in keys]).encode(), usedforsecurity=False).hexdigest()


def incr_or_create(cache, key: str) -> int:
    """Add one to a counter kept in `cache`, which starts at 1 (without expiry) when missing."""
    incr = getattr(cache, "incr_or_create", None)  # `cache` may be Django's proxy to the backend
    if incr is not None:
        return incr(key)
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)
        return 1


def incr_with_followers(cache, key: str, followers: str) -> int:
    """incr_or_create(cache, key), and every counter follow() put in the set `followers` moves on with it."""
    incr = getattr(cache, "incr_with_followers", None)  # `cache` may be Django's proxy to the backend
    if incr is not None:
        return incr(key, followers)
    value = incr_or_create(cache, key)
    for counter in cache.get(followers) or ():
        incr_or_create(cache, counter)
    return value


def follow(cache, counter: str, followed: list) -> bool:
    """Make the counter `counter` move on whenever incr_with_followers() moves a key whose followers are one of
    the sets `followed`: a reader then compares one counter instead of every key it depends on. False when the
    cache cannot be reached."""
    add = getattr(cache, "follow", None)  # `cache` may be Django's proxy to the backend
    if add is not None:
        return add(counter, followed)
    for name in followed:
        cache.set(name, frozenset(cache.get(name) or ()) | {counter}, None)
    return True
