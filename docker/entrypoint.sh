#!/usr/bin/env bash
# Civic container entrypoint: wait for the database, migrate if asked, then run the command.
#
#   WAIT_FOR_DB=1        wait until DATABASE_URL answers (default 1; 0 skips)
#   DB_WAIT_TIMEOUT=60   seconds to wait before giving up
#   RUN_MIGRATIONS=0     1 runs `manage.py migrate --noinput` first (compose sets 1 for `web`;
#                        run it in ONE container only when you scale out)
set -euo pipefail

cd "$(dirname "$0")/.."   # /app in the image; the checkout when CI runs it

log() { printf '[entrypoint] %s\n' "$*" >&2; }

if [[ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]]; then
    # Counters of a previous run's workers would be added to this run's.
    mkdir -p "$PROMETHEUS_MULTIPROC_DIR" && find "$PROMETHEUS_MULTIPROC_DIR" -name '*.db' -delete
fi

if [[ "${WAIT_FOR_DB:-1}" = "1" ]]; then
    log "waiting for the database (up to ${DB_WAIT_TIMEOUT:-60}s)"
    python - <<'PY'
import os
import sys
import time

import django

django.setup()  # reads DJANGO_SETTINGS_MODULE; a missing SECRET_KEY/ALLOWED_HOSTS fails here, clearly

from django.db import connection
from django.db.utils import OperationalError

deadline = time.monotonic() + float(os.environ.get("DB_WAIT_TIMEOUT", "60"))
while True:
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        connection.close()
        if time.monotonic() >= deadline:
            print(f"[entrypoint] database unreachable: {exc}", file=sys.stderr)
            sys.exit(1)
        time.sleep(1)
    else:
        connection.close()
        print(f"[entrypoint] database {connection.vendor} is up", file=sys.stderr)
        break
PY
fi

if [[ "${RUN_MIGRATIONS:-0}" = "1" ]]; then
    log "python manage.py migrate --noinput"
    python manage.py migrate --noinput
fi

if [[ "$#" -eq 0 ]]; then
    set -- gunicorn --config /app/docker/gunicorn.conf.py config.wsgi:application
fi
log "exec: $*"
exec "$@"
