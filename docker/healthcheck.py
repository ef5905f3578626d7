#!/usr/bin/env python
"""Container liveness probe: GET /healthz on the local gunicorn; exit 0 on HTTP 200, 1 otherwise.

curl is not in the slim image, so this uses urllib. Django rejects a Host header missing from
ALLOWED_HOSTS (400), so the probe sends the first allowed host rather than "127.0.0.1". /healthz
is exempt from SECURE_SSL_REDIRECT (config/settings/production.py) and touches no database.
"""

import os
import sys
import urllib.error
import urllib.request


def probe_host() -> str:
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    for host in hosts:
        if host == "*":
            return "localhost"
        host = host.lstrip(".")  # ".example.org" allows example.org and its subdomains
        if host and "*" not in host:
            return host
    return "localhost"


def main() -> int:
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": probe_host(), "User-Agent": "civic-healthcheck"}
    )
    try:
        with urllib.request.urlopen(request, timeout=4.5) as response:  # noqa: S310 (fixed http URL)
            ok = response.status == 200
    except (urllib.error.URLError, OSError) as exc:
        print(f"healthcheck: {exc}", file=sys.stderr)
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
