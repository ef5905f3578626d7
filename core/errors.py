"""Domain errors that do not speak HTTP: services raise them, the API maps them to 409/403/400/404."""

from django.core.exceptions import ValidationError as ValidationError  # re-exported: Invalid's sibling


class DomainError(Exception):
    """Base: a message for people (translated), and a machine code."""

    code = "error"

    def __init__(self, message="", *, code=None):
        super().__init__(message)
        self.message = str(message) if message else ""
        if code:
            self.code = code


class Conflict(DomainError):  # 409: the state of things forbids it (full, twice, already decided)
    code = "conflict"


class NotAllowed(DomainError):  # 403: this person may not do this
    code = "permission_denied"


class NotFound(DomainError):  # 404: nothing of the kind that this person may see
    code = "not_found"


class Invalid(DomainError):  # 400: input that cannot be accepted; fields maps field -> [messages]
    code = "invalid"

    def __init__(self, message="", *, fields=None, code=None):
        super().__init__(message, code=code)
        self.fields = fields or {}
