"""Settings shared by every environment; values that differ come from the environment (django-environ)."""

import os
from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer's .env configures the site they run; the test suite never reads it (a DATABASE_URL there must not
# move the tests onto another database, nor narrow what CI checks).
_TESTING = os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".test")
if (BASE_DIR / ".env").exists() and not _TESTING:
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-insecure-civic-key-change-me-in-production-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Our apps first so their templates and commands win.
    "core",
    "accounts",
    "cms",
    "courses",
    "courses.h5p",
    "courses.classrooms",
    "camps",
    "alumni",
    "frontend",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Third party
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_prometheus",
    "axes",
    "csp",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "core.observability.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LocaleMiddleware",
    "config.middleware.ApiLanguageMiddleware",
    "config.middleware.UnknownLanguagePrefixMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.middleware.AdminLanguageMiddleware",
    "cms.middleware.SiteMiddleware",
    "core.middleware.UnsafeTextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    # A pupil signed in with a login card's one-time password sets their own before anything else.
    "courses.classrooms.middleware.PasswordChangeMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Module and lesson pages: anonymous ones from the cache, the rest found in one query. Last, in the
    # view's place: it needs request.user, and a page it answers (from the cache or not) must pass back
    # through every middleware above, which add the security headers (X-Frame-Options, CSP, HSTS...).
    "courses.middleware.CoursePagesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "frontend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# A kept connection is checked before each request reuses it: after a database restart the app reconnects.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, so psycopg prepares a query the fifth time a connection runs it: PostgreSQL
    # then plans it once per connection, not per request (a quiz submission's queries are planned in about as
    # long as they run). Off with DATABASE_SERVER_SIDE_BINDING=False behind a pooler in transaction mode
    # (PgBouncer before 1.21), which cannot keep a prepared statement for its client.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env.bool(
        "DATABASE_SERVER_SIDE_BINDING", default=True
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and a seed run share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

_REDIS_URL = env("REDIS_URL", default="")
if env("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
elif _REDIS_URL:
    # Short timeouts: while Redis is down every call fails at once and counts as a miss (core/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "civic"}}
# The same backends, counting queries and their time for /metrics (django-prometheus).
_COUNTED = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
    "django.core.cache.backends.redis.RedisCache": "core.cache.RedisCache",
    "django.core.cache.backends.locmem.LocMemCache": "core.cache.LocMemCache",
}
DATABASES["default"]["ENGINE"] = _COUNTED.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
CACHES["default"]["BACKEND"] = _COUNTED.get(CACHES["default"]["BACKEND"], CACHES["default"]["BACKEND"])

# Sessions are written to the database and read from the cache (Redis in production): a signed-in page then
# costs no session query. Emptying the cache logs nobody out; the rows are still there.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background tasks (django-tasks; Wagtail 8 queues its own there too: search and reference index updates).
# With Redis they go to an RQ queue that `manage.py rqworker --with-scheduler --job-class django_tasks_rq.Job default` works
# through (docker/compose.yaml runs it as the `worker` service); without Redis, or with TASKS_IMMEDIATE=True
# (one small server, no worker), they run at once in the process that queued them, as in development.
if _REDIS_URL and not env.bool("TASKS_IMMEDIATE", default=False):
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": _REDIS_URL, "DEFAULT_TIMEOUT": 300}}
    # While Redis is down a task runs at once in the process that queued it (core/tasks_backend.py).
    TASKS = {"default": {"BACKEND": "core.tasks_backend.ResilientRQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.lockout.AddressLimitBackend",
    "accounts.backends.RolesModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "/"

# Log-in rate limiting: five failures per username and address lock the pair for 15 minutes. Keyed on the
# pair, never the username alone, so a stranger cannot lock a person out everywhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"  # a page for people, JSON for the API
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Password spraying (one address, many usernames): this many failures from one address (an IPv6 /64) within
# the window refuse every log-in from it until the window ends (accounts.lockout). Well above what a school
# class behind one shared address mistypes; a success does not reset it.
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=30)
LOGIN_ADDRESS_WINDOW = 15 * 60  # seconds
# Behind nginx (docker/compose.yaml) every request comes from the proxy: count its hops to find the person.
# The one source of the client's address for axes, the address limit and DRF's throttles.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"

# Internationalisation: Kyrgyz first, then Russian and English.
LANGUAGE_CODE = "ky"
LANGUAGES = [("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# No automatic copies in the other languages' trees: the page-tree sync made live aliases (a Kyrgyz page at
# /ru/... and /en/...) and left the "Translate" form with nothing to offer. A page appears in a language when an
# editor translates it there (admin: Translate); until then readers get a "not yet translated" notice that
# links to the versions that exist (cms.views.page_untranslated).
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = False
# locale/ comes first, so its entries override Django's, Wagtail's and DRF's own (core/upstream_messages.py).
LOCALE_PATHS = [BASE_DIR / "locale"]
# Kyrgyz dates as Kyrgyz writes them ("15-июль, 2026-ж."); Django's ky formats give "15 Июль 2026 ж.".
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static"))
# frontend/static is found through the frontend app (AppDirectoriesFinder).
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
# Files only the people they concern may fetch (scans of signed consents): never served by the web server, only
# through the views that check who asks.
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads on an S3-compatible object store (AWS S3, MinIO...) instead, shared by every app server: set the bucket
# (and for anything but AWS the endpoint; credentials as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), then run
# `manage.py s3_bucket_setup`. Only Wagtail's images in it are public: see core/storage.py. Static files stay
# with whitenoise.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    # The store's address as browsers reach it (image URLs), when it differs from AWS_S3_ENDPOINT_URL.
    AWS_S3_PUBLIC_ENDPOINT_URL = env("AWS_S3_PUBLIC_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    # MinIO and most S3 services behind a proxy want /bucket/key rather than bucket.host names.
    AWS_S3_ADDRESSING_STYLE = env("AWS_S3_ADDRESSING_STYLE", default="path")
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    # Signed URLs (any file outside the public image folders, should one be handed out) expire after an hour.
    AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=3600)
    STORAGES["default"] = {"BACKEND": "core.s3.MediaS3Storage", "OPTIONS": {"location": "media"}}
    STORAGES["private"] = {
        "BACKEND": "core.s3.PrivateS3Storage",
        "OPTIONS": {
            "location": "private",
            "bucket_name": env("AWS_PRIVATE_STORAGE_BUCKET_NAME", default=AWS_STORAGE_BUCKET_NAME),
        },
    }
    # Documents go through Wagtail's view, which checks their collection's privacy, and are streamed from there.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
WHITENOISE_MAX_AGE = 3600
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Mail: Django's mail framework, configured from the environment (EMAIL_URL, e.g. smtp://user:pw@host:587).
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT", 25) or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
if _email.get("EMAIL_FILE_PATH"):  # filemail:///var/mail/civic: each message a file there
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
# A mail that cannot be written or queued is logged (core/mail.py); True raises it again after logging (tests).
CIVIC_MAIL_ERRORS_RAISE = env.bool("CIVIC_MAIL_ERRORS_RAISE", default=False)
# A mail the worker fails to send is tried again after each of these waits (seconds), then kept as a failed task.
MAIL_RETRY_INTERVALS = env.list("MAIL_RETRY_INTERVALS", cast=int, default=[60, 300, 1800, 7200])
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Civic <no-reply@civic.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Text messages (core/sms.py): the console in development; in production an HTTP gateway
# (SMS_BACKEND=core.sms.HttpGatewayBackend with SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN).
SMS_BACKEND = env("SMS_BACKEND", default="core.sms.ConsoleBackend")
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")
SMS_SENDER = env("SMS_SENDER", default="Civic")

# Wagtail
WAGTAIL_SITE_NAME = "Civic"
# The site's public address (scheme, host and port, no path): every link that leaves the site (mails,
# certificate PDFs and their QR codes, calendar files, the admin's notifications) is built on it, whatever host
# the process runs on. `make run` sets it from PORT; production settings require it.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "png": "webp", "jpeg": "webp", "gif": "webp"}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "csv", "txt"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("ru", "Русский")]
# Wagtail ships no Kyrgyz: an editor who reads Kyrgyz gets the admin wholly in Russian, not a mix of Kyrgyz
# (our own strings), English (Wagtail's) and Russian (cms.middleware.AdminLanguageMiddleware).
WAGTAILADMIN_LANGUAGE_FALLBACKS = {"ky": "ru"}
# Private pages send readers to our own log-in page, in their language, not Wagtail's bare one.
WAGTAIL_FRONTEND_LOGIN_URL = "accounts:login"
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "cms/password_required.html"
# No avatars from gravatar.com: the admin would tell a third party who works in it, on every page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# REST API: versioned under /api/v1/, one error shape, paginated lists.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous call then gets 401 with WWW-Authenticate, not 403. Knox keeps only a
        # digest of each token, one per device, with an expiry.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "config.api.parsers.JSONParser",
        "config.api.parsers.FormParser",
        "config.api.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "600/min", "login": "20/min"},
    # X-Forwarded-For hops DRF's own throttles trust, as config.client_ip does (None would trust any header).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# API tokens (django-rest-knox): a new token per log-in (per device), stored as a SHA-512 digest, valid for
# API_TOKEN_TTL_DAYS; a person holds at most API_TOKEN_LIMIT_PER_USER, the oldest signed out first.
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=30)),
    "TOKEN_LIMIT_PER_USER": env.int("API_TOKEN_LIMIT_PER_USER", default=10),
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Civic API",
    "DESCRIPTION": "Civic-education platform: courses, quizzes, camps and alumni. Language by ?lang= or "
    "Accept-Language (ky, ru, en).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["config.api.schema.only_public_api"],
    # core.converters.IdConverter: `<id:pk>` is an integer id from 1 to 2**63-1.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
    # Enums that would share a name get names of their own: the two "status" enums (camp applications, forum
    # registrations); every field whose choices are the site's languages (language, guardian_language) shares one.
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "camps.models.Status",
        "QuestionKindEnum": "camps.models.Question.Kind",
        "RegistrationStatusEnum": "alumni.models.RegistrationStatus",
        "LanguageEnum": LANGUAGES,
    },
}

# Content Security Policy (django-csp 4). The Wagtail admin needs inline scripts, so it is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "blob:"],
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

if AWS_STORAGE_BUCKET_NAME:
    # Images come from the object store's address (the site's own behind docker/nginx.conf).
    from urllib.parse import urlsplit

    _store = urlsplit(AWS_S3_PUBLIC_ENDPOINT_URL or AWS_S3_ENDPOINT_URL or "https://*.amazonaws.com")
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_store.scheme}://{_store.netloc}")

CSRF_FAILURE_VIEW = "cms.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Views that must be framed by our own pages (previews, players) opt in with xframe_options_sameorigin.
X_FRAME_OPTIONS = "DENY"

CIVIC_DEMO_PASSWORD = env("CIVIC_DEMO_PASSWORD", default="civic-demo")
# True only in settings that must never receive demo data.
CIVIC_PRODUCTION = False

# Operators: Prometheus metrics at /metrics for a scraper that sends `Authorization: Bearer <METRICS_TOKEN>`
# (no token, no page); logs as text or, with LOG_FORMAT=json (production's default), one JSON object a line;
# every line carries the request id (core/observability.py).
METRICS_TOKEN = env("METRICS_TOKEN", default="")
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.requestid.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # Page publishing logs every background task at INFO; keep the console readable.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
