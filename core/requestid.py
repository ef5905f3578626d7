"""The request id of what is running now (a request, or a task queued by one), for log lines. No Django import:
logging is configured before the apps are."""

import contextvars
import logging

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("civic_request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request or a task queued by one)."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True
