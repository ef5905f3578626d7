"""The address of the person, not of our own proxy: log-in limits (django-axes, the per-address limit of
accounts.lockout, DRF's log-in throttle) are per person, and all of them ask here."""

import ipaddress

from django.conf import settings


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request) -> str:
    """With TRUSTED_PROXY_COUNT=N (N proxies of ours in front), take the N-th address from the right of
    X-Forwarded-For; the left-hand entries are whatever the client claimed and cannot be trusted. Anything
    there that is not an address falls back to the socket's address."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if not forwarded:
        return remote
    address = forwarded[-count] if len(forwarded) >= count else forwarded[0]
    return address if _valid(address) else remote


def client_network(request) -> str:
    """What one person controls: their IPv4 address, or the /64 network of an IPv6 one (a single
    subscriber's allocation, so cycling through its addresses does not reset a limit)."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
