"""Generations: a number in the shared cache that moves on whenever the data it covers changes, so that values
worked out from that data can be kept in each process without ever being served stale. One request reads its
generations once, all of them in one trip to the cache the first time it asks for any (their values are pinned
until the request ends: a page asks several times, and each ask would be a trip); a request that bumps one
reads its own change.

With a process-local cache (LocMemCache: development and tests) a process cannot hear another one's bump, so
its copies are kept for a minute at most there."""

import threading
import time

from django.conf import settings
from django.core.cache import cache

LOCAL_ONLY = "locmem" in settings.CACHES["default"]["BACKEND"].lower()
LOCAL_LIMIT = 60  # seconds a process-local copy may live when the cache cannot tell it about bumps

_REQUEST = threading.local()


def request_begins(**kwargs) -> None:
    """Connected to request_started (apps.py)."""
    _REQUEST.pinned = {}


def request_ends(**kwargs) -> None:
    """Connected to request_finished (apps.py)."""
    _REQUEST.pinned = None


def fresh_number() -> int:
    """A starting number no earlier generation can have had: after the cache is emptied (a Redis restart, a
    flush) counting again from 1 would match the copies a process still holds from before."""
    return time.time_ns() // 1000


_ALL: dict[str, "Generation"] = {}  # every generation this process has made, by key: read together


class Generation:
    def __init__(self, key: str, *, max_values: int = 2000):
        self.key = key
        self.max_values = max_values
        self._values: dict = {}  # this process's copies: {name: (generation, value, when)}
        _ALL[key] = self

    def current(self) -> int:
        pinned = getattr(_REQUEST, "pinned", None)
        if pinned is None:  # outside a request (a task, a command): read each time
            return self._read(cache.get(self.key))
        if self.key not in pinned:
            missing = [key for key in _ALL if key not in pinned]
            found = cache.get_many(missing)
            for key in missing:
                pinned[key] = _ALL[key]._read(found.get(key))
        return pinned[self.key]

    def _read(self, value) -> int:
        if value is None:  # never set, or the cache was emptied: start afresh (one worker's number wins)
            cache.add(self.key, fresh_number(), None)
            value = cache.get(self.key)
        return value if value is not None else fresh_number()  # the cache is down: nothing is kept

    def bump(self) -> None:
        pinned = getattr(_REQUEST, "pinned", None)
        if pinned:
            pinned.pop(self.key, None)
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, fresh_number(), None)

    def kept(self, name: str, load):
        """`load()`'s value for `name`, worked out once per generation in this process."""
        gen = self.current()
        mine = self._values.get(name)
        if (
            mine is not None
            and mine[0] == gen
            and not (LOCAL_ONLY and time.monotonic() - mine[2] > LOCAL_LIMIT)
        ):
            return mine[1]
        value = load()
        if len(self._values) >= self.max_values:
            self._values.clear()
        self._values[name] = (gen, value, time.monotonic())
        return value


def stamp() -> tuple:
    """Every generation's number (all read in one trip, as `current()` does): what a value worked out from
    everything editors and teachers change is kept under."""
    return tuple(_ALL[key].current() for key in sorted(_ALL))
