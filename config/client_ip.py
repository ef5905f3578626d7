"""The address of the person, not of our own proxy: log-in rate limits are per person."""

from django.conf import settings


def client_ip(request) -> str:
    """With TRUSTED_PROXY_COUNT=N (N proxies of ours in front), take the N-th address from the right of
    X-Forwarded-For; the left-hand entries are whatever the client claimed and cannot be trusted."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) >= count:
        return forwarded[-count]
    return forwarded[0] if forwarded else remote
