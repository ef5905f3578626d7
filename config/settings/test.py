"""Test settings: fast hashing, captured mail, SQLite in memory unless DATABASE_URL points at PostgreSQL."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdefghijklmnop"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A mail that cannot be written or queued fails the test that caused it (core/mail.py).
CIVIC_MAIL_ERRORS_RAISE = True
ALLOWED_HOSTS = ["*"]
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///:memory:")}
DATABASES["default"]["TEST"] = {"NAME": None} if DATABASES["default"]["ENGINE"].endswith("sqlite3") else {}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "civic-test"}}
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
}  # even with REDIS_URL set
# One media folder per xdist worker: uploads are keyed by database ids, which repeat across workers.
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main"))
PRIVATE_MEDIA_ROOT = str(BASE_DIR / "var" / "test-private" / os.environ.get("PYTEST_XDIST_WORKER", "main"))
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
SMS_BACKEND = "core.sms.LocmemBackend"
PUBLIC_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
AXES_FAILURE_LIMIT = 5
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405
