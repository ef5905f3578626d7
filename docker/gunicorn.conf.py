"""gunicorn settings for the Civic image (`gunicorn --config /app/docker/gunicorn.conf.py config.wsgi:application`).

Every value can be changed from the environment (see docker/env.example).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Listen on every interface of the container; compose publishes the port.
bind = [f"0.0.0.0:{_int('PORT', 8000)}"]

# Processes x threads. Default: 2 x CPUs + 1 workers, capped at 8 (each worker holds its own
# database connection per thread, CONN_MAX_AGE=60 in production settings).
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = _int("GUNICORN_THREADS", 2)
worker_class = "gthread"  # threads > 1 needs gthread; also keeps slow clients from blocking a process
# Import Django once in the master, then fork: less memory, and an import error stops the container
# at once instead of looping worker boots. The port opens only when the app is loaded.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# Recycle workers now and then (memory growth), but not often: a new worker starts without the pages,
# templates and settings each worker keeps, and the first of its requests that need them pay for them. At
# 1,000 a worker of an exam week (30-40 requests a second each) was new every half minute.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 2000)

# Timeouts (seconds): a request silent for `timeout` gets its worker restarted; `graceful_timeout`
# is how long a stopping worker may finish its requests (keep it below compose's stop_grace_period).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 25)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# The heartbeat file in memory, not on the container's overlay filesystem.
worker_tmp_dir = "/dev/shm"  # noqa: S108 (tmpfs owned by the container, for heartbeats only)

# Logs: access log to stdout, errors to stderr (docker logs collects both).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'

# Which peers may set X-Forwarded-Proto & co. In the container every request comes from the Docker
# network (the published port or the proxy service), so trust it by default; gunicorn must then be
# reachable only through that network and your proxy. Narrow it (e.g. 172.16.0.0/12) if you can.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")

# gunicorn >= 25 opens a control socket under $HOME by default; nothing here uses gunicornc.
control_socket_disable = True


def child_exit(server, worker):
    """Prometheus in multi-process mode (PROMETHEUS_MULTIPROC_DIR): forget a stopped worker's live gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
