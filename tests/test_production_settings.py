"""Production settings load from the environment alone and pass `manage.py check --deploy` with no warning."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "civic.example.org",
        "PUBLIC_BASE_URL": "https://civic.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("ssl_redirect", ["True", "False"])
def test_check_deploy_passes_without_warnings(ssl_redirect):
    result = _run("check", "--deploy", "--fail-level", "WARNING", SECURE_SSL_REDIRECT=ssl_redirect)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr


def test_production_settings_values():
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS > 0, s.CIVIC_PRODUCTION, 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE, "
        "s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
        "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )
    result = _run(
        "shell",
        "--no-imports",
        "-c",
        code,
        DATABASE_URL="postgres://civic:pw@db:5432/civic",
        REDIS_URL="redis://redis:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "True",
        "True",
        "django_prometheus.db.backends.postgresql",  # PostgreSQL, its queries counted for /metrics
        "core.cache.RedisCache",  # Redis, counted, and a miss while Redis is down
        "60",  # connections kept a minute...
        "True",  # ...and checked before reuse (a restarted database is reconnected)
    ]


def test_ssl_redirect_can_be_switched_off():
    result = _run(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT)",
        SECURE_SSL_REDIRECT="False",
    )
    assert result.stdout.strip() == "False"


def test_production_refuses_to_start_without_a_secret_key():
    result = _run("check", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("base_url", ["", "civic.example.org"])
def test_production_refuses_to_start_without_the_public_base_url(base_url):
    result = _run("check", PUBLIC_BASE_URL=base_url)
    assert result.returncode != 0
    assert "PUBLIC_BASE_URL" in result.stderr


def test_seed_demo_refuses_under_production_settings():
    result = _run("seed_demo")
    assert result.returncode != 0
    assert "--force" in result.stderr


IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"REDIS_URL": "redis://redis:6379/0"}, "core.tasks_backend.ResilientRQBackend"),
        ({"REDIS_URL": "redis://redis:6379/0", "TASKS_IMMEDIATE": "True"}, IMMEDIATE),
        ({}, IMMEDIATE),
    ],
)
def test_background_tasks_go_to_the_redis_queue_when_there_is_redis(env, backend):
    code = (
        "from django.conf import settings as s; from django_tasks import task_backends; "
        "b = task_backends['default']; print(type(b).__module__ + '.' + type(b).__name__, "
        "getattr(s, 'RQ_QUEUES', {}).get('default', {}).get('URL'))"
    )
    result = _run("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    found, queue_url = result.stdout.split()
    assert found == backend
    assert queue_url == (env["REDIS_URL"] if backend != IMMEDIATE else "None")


def test_uploads_stay_on_disk_unless_a_bucket_is_named():
    code = (
        "from django.core.files.storage import storages as s; "
        "print(type(s['default']).__name__, type(s['private']).__name__, s['staticfiles'].__class__.__name__)"
    )
    on_disk = _run("shell", "--no-imports", "-c", code)
    assert on_disk.returncode == 0, on_disk.stderr
    assert on_disk.stdout.split() == [
        "FileSystemStorage",
        "FileSystemStorage",
        "CompressedManifestStaticFilesStorage",
    ]


def test_a_bucket_puts_uploads_on_s3_with_nothing_public():
    code = (
        "from django.conf import settings; from django.core.files.storage import storages as s; "
        "d, p = s['default'], s['private']; "
        "print(type(d).__name__, d.bucket_name, d.location, d.endpoint_url, d.default_acl, d.querystring_auth, "
        "d.file_overwrite, type(p).__name__, p.bucket_name, p.location, settings.WAGTAILDOCS_SERVE_METHOD, "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1], "
        "d.url('images/a.png'), 'X-Amz-Signature=' in d.url('documents/a.pdf'))"
    )
    result = _run(
        "shell",
        "--no-imports",
        "-c",
        code,
        AWS_STORAGE_BUCKET_NAME="civic-files",
        AWS_PRIVATE_STORAGE_BUCKET_NAME="civic-private",
        AWS_S3_ENDPOINT_URL="http://minio:9000",
        AWS_S3_PUBLIC_ENDPOINT_URL="https://files.example.org",
        AWS_ACCESS_KEY_ID="civic-app",
        AWS_SECRET_ACCESS_KEY="secret-key-for-signing",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "MediaS3Storage",
        "civic-files",
        "media",
        "http://minio:9000",
        "None",
        "True",
        "False",
        "PrivateS3Storage",
        "civic-private",
        "private",
        "serve_view",
        "https://files.example.org",
        "https://files.example.org/civic-files/media/images/a.png",
        "True",
    ]
