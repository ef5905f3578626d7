"""Text messages (SMS), sent the way Django sends mail: one function, the backend named by settings.SMS_BACKEND.

- `ConsoleBackend` (development): the message is written to standard output.
- `LocmemBackend` (tests): messages are kept in `core.sms.outbox`.
- `HttpGatewayBackend` (production): a JSON POST `{"to", "text", "sender"}` to SMS_GATEWAY_URL with
  `Authorization: Bearer SMS_GATEWAY_TOKEN`, the shape most Central Asian SMS gateways accept; a refused
  message raises, so the task that sent it fails visibly in the worker's log.
"""

import json
import sys
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class TextMessage:
    to: str
    text: str


outbox: list[TextMessage] = []


class ConsoleBackend:
    def send(self, message: TextMessage) -> None:
        sys.stdout.write(f"SMS to {message.to}:\n{message.text}\n{'-' * 40}\n")
        sys.stdout.flush()


class LocmemBackend:
    def send(self, message: TextMessage) -> None:
        outbox.append(message)


class HttpGatewayBackend:
    timeout = 15

    def send(self, message: TextMessage) -> None:
        if not settings.SMS_GATEWAY_URL:
            raise RuntimeError("SMS_GATEWAY_URL is not set")
        body = json.dumps({"to": message.to, "text": message.text, "sender": settings.SMS_SENDER}).encode()
        request = urllib.request.Request(  # noqa: S310  (the URL is the operator's own setting)
            settings.SMS_GATEWAY_URL,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            if response.status >= 300:
                raise RuntimeError(f"SMS gateway answered {response.status}")


def sms_send(*, to: str, text: str) -> None:
    """Send one text message through the configured backend."""
    import_string(settings.SMS_BACKEND)().send(TextMessage(to=to, text=text))
