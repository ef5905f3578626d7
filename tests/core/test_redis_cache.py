"""The Redis cache as production runs it (core.cache.RedisCache on a real redis-server): a counter moves in one
round trip and starts at 1, one client serves every call, and a learner's version moves with each submission."""

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from core.cache import incr_or_create
from courses.cache import learner_version, learner_version_bump
from tests.servers import redis_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache():
    with (
        redis_server() as url,
        override_settings(CACHES={"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": url}}),
    ):
        yield caches["default"]


class CountingClient:
    """Counts the commands a cache sends to Redis."""

    def __init__(self, client):
        self.client, self.commands = client, []

    def __getattr__(self, name):
        attribute = getattr(self.client, name)
        if callable(attribute):
            self.commands.append(name)
        return attribute


def test_a_missing_counter_starts_at_one_without_expiry_and_moves_by_one(redis_cache):
    assert incr_or_create(redis_cache, "visits") == 1
    assert incr_or_create(redis_cache, "visits") == 2
    assert redis_cache.get("visits") == 2  # what Django's own reads give back
    client = redis_cache._cache.get_client(write=True)
    assert client.ttl(redis_cache.make_and_validate_key("visits")) == -1


def test_a_counter_moves_in_one_command(redis_cache, monkeypatch):
    counting = CountingClient(redis_cache._cache.get_client(write=True))
    monkeypatch.setattr(redis_cache._cache, "get_client", lambda key=None, *, write=False: counting)
    incr_or_create(redis_cache, "visits")
    assert counting.commands == ["incr"]
    redis_cache.incr("visits")  # Django's own asks first whether the key exists
    assert counting.commands[1:] == ["exists", "incr"]


def test_every_call_shares_one_client_per_server(redis_cache):
    reads, writes = redis_cache._cache.get_client(), redis_cache._cache.get_client(write=True)
    assert reads is writes is redis_cache._cache.get_client("any-key")
    redis_cache.set("k", "v")
    assert redis_cache.get("k") == "v"


def test_a_learners_version_moves_on_redis(redis_cache):
    assert learner_version(41) == 0
    learner_version_bump(41)
    learner_version_bump(41)
    assert learner_version(41) == 2


def test_values_come_back_in_order_with_none_for_the_missing(redis_cache):
    from core.cache import values_raw

    incr_or_create(redis_cache, "a")
    incr_or_create(redis_cache, "c")
    incr_or_create(redis_cache, "c")
    assert [int(v) if v is not None else None for v in values_raw(redis_cache, ["a", "b", "c"])] == [
        1,
        None,
        2,
    ]


@pytest.mark.parametrize(
    "options",
    [{"KEY_PREFIX": "civic", "VERSION": 3}, {"KEY_FUNCTION": "tests.core.test_redis_cache.reversed_key"}],
    ids=["prefix and version", "own key function"],
)
def test_values_are_read_under_the_keys_the_cache_writes(options):
    """values_raw builds the keys itself (the prefix once): they are the ones set() used, whatever the
    prefix, version or key function."""
    from core.cache import values_raw

    with (
        redis_server() as url,
        override_settings(
            CACHES={"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": url, **options}}
        ),
    ):
        cache = caches["default"]
        cache.set("seen:1", 7)
        cache.set("seen:3", 9)
        assert values_raw(cache, ["seen:1", "seen:2", "seen:3"]) == [b"7", None, b"9"]


def reversed_key(key, key_prefix, version):
    return f"{key[::-1]}|{version}|{key_prefix}"


def test_a_class_digest_moves_with_any_one_pupils_version(redis_cache):
    from courses.cache import learner_versions_digest

    pupils = [3, 5, 8]
    before = learner_versions_digest(pupils)
    assert learner_versions_digest(pupils) == before
    learner_version_bump(5)
    after = learner_versions_digest(pupils)
    assert after != before
    learner_version_bump(9)  # not one of them
    assert learner_versions_digest(pupils) == after


def test_a_digest_of_more_keys_than_one_slice_moves_with_the_last_of_them(redis_cache):
    """Redis reads the keys in slices of 500: a change past the first slice moves the digest too, and so
    does the keys' order."""
    from core.cache import values_digest

    keys = [f"many:{n}" for n in range(1200)]
    before = values_digest(redis_cache, keys)
    assert values_digest(redis_cache, keys) == before
    incr_or_create(redis_cache, "many:1150")
    after = values_digest(redis_cache, keys)
    assert after != before
    assert values_digest(redis_cache, keys[:1150] + keys[1151:] + ["many:1150"]) != after  # order counts


def test_a_counter_moves_with_each_key_it_follows_in_one_command(redis_cache, monkeypatch):
    """incr_with_followers moves the key and every counter follow() put in its set, in one script call; a
    counter follows several sets, a set feeds several counters, and a key nobody follows moves alone."""
    from core.cache import follow, incr_with_followers, values_raw

    assert follow(redis_cache, "work:a", ["followers:1", "followers:2"])
    assert follow(redis_cache, "work:b", ["followers:2"])
    incr_with_followers(redis_cache, "warm", "nobody")  # Redis has the script from now on
    sent = []
    real = redis.Redis.execute_command
    monkeypatch.setattr(
        redis.Redis,
        "execute_command",
        lambda self, *args, **kw: sent.append(args[0]) or real(self, *args, **kw),
    )
    assert incr_with_followers(redis_cache, "version:2", "followers:2") == 1
    assert sent == ["EVALSHA"]
    incr_with_followers(redis_cache, "version:1", "followers:1")
    incr_with_followers(redis_cache, "version:3", "followers:3")
    monkeypatch.undo()
    counts = values_raw(redis_cache, ["work:a", "work:b", "version:1", "version:2", "version:3"])
    assert [int(v) for v in counts] == [2, 1, 1, 1, 1]
    client = redis_cache._cache.get_client(write=True)
    assert client.ttl(redis_cache.make_and_validate_key("followers:1")) == -1  # never evicted (volatile-lru)


def test_a_learners_erasure_forgets_whom_they_were_followed_by(redis_cache):
    from courses.cache import followers_key, learners_followed_by
    from courses.privacy import erase
    from tests.factories import StudentFactory

    learner = StudentFactory()
    assert learners_followed_by([learner.pk], "work:teach:1")
    assert redis_cache.has_key(followers_key(learner.pk))
    erase(learner)
    assert not redis_cache.has_key(followers_key(learner.pk))
