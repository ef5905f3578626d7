"""Production: everything from the environment, secure by default (passes `manage.py check --deploy`)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY.strip():
    raise ImproperlyConfigured("SECRET_KEY is empty: set it in the environment.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Links in mails and certificates must point at the real site, never at a development default.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="").strip().rstrip("/")
if not PUBLIC_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "PUBLIC_BASE_URL is not set: the site's public address, e.g. https://civic.example.org"
    )
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
CIVIC_PRODUCTION = True
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405

# Errors to a Sentry-compatible service only when its DSN is set; nothing personal is sent.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Wagtail's preview panel and H5P content frame pages of our own site, so frames stay allowed from the
# same origin (X_FRAME_OPTIONS = "SAMEORIGIN" and CSP frame-ancestors 'self'); no other site can frame us.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
# Switched off on purpose (TLS ends at a proxy, or a local benchmark): say so instead of warning.
if not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS += ["security.W008"]
if not SESSION_COOKIE_SECURE:
    SILENCED_SYSTEM_CHECKS += ["security.W012", "security.W016"]

STORAGES = {
    **STORAGES,  # noqa: F405 - uploads on disk or S3 (base.py)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000

DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
