"""Check-in codes: `CV1.<event>.<registration>.<signature>`, the signature an HMAC-SHA256 of
`<event>.<registration>` under the event's own check-in key (22 base64url characters, 132 bits). The organiser's
page holds that key, so it verifies a code itself with WebCrypto when the venue's network is down; the same
check runs here when the code reaches the server. A pure core: no database."""

import base64
import hashlib
import hmac

import segno

PREFIX = "CV1"
SIGNATURE_LENGTH = 22


class CodeError(Exception):
    """Why a code is refused: `malformed`, `other_event` or `forged`."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def signature(key_hex: str, event_id: int, registration_id: int) -> str:
    digest = hmac.new(
        bytes.fromhex(key_hex), f"{event_id}.{registration_id}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:SIGNATURE_LENGTH]


def code_make(*, key_hex: str, event_id: int, registration_id: int) -> str:
    return f"{PREFIX}.{event_id}.{registration_id}.{signature(key_hex, event_id, registration_id)}"


def code_for(registration) -> str:
    return code_make(
        key_hex=registration.event.checkin_key,
        event_id=registration.event_id,
        registration_id=registration.pk,
    )


def code_check(code: str, *, event_id: int, key_hex: str) -> int:
    """The registration id a code stands for at this event; CodeError when it is not one of its codes."""
    parts = (code or "").strip().split(".")
    if len(parts) != 4 or parts[0] != PREFIX or not parts[1].isdigit() or not parts[2].isdigit():
        raise CodeError("malformed")
    if int(parts[1]) != event_id:
        raise CodeError("other_event")
    expected = signature(key_hex, event_id, int(parts[2]))
    if not hmac.compare_digest(expected, parts[3]):
        raise CodeError("forged")
    return int(parts[2])


def qr_svg(code: str) -> str:
    """The code as an inline SVG QR code (no external file, no script)."""
    return segno.make(code, error="m").svg_inline(scale=5, border=2, title="QR")
