import pytest

from config.api.errors import exception_handler
from core import errors


@pytest.mark.parametrize(
    "exc,status,code",
    [
        (errors.Conflict("full"), 409, "conflict"),
        (errors.NotAllowed(), 403, "permission_denied"),
        (errors.NotFound(), 404, "not_found"),
        (errors.Invalid("bad", fields={"x": ["no"]}), 400, "invalid"),
    ],
)
def test_domain_errors_map_to_the_one_shape(exc, status, code):
    response = exception_handler(exc, {})
    assert response.status_code == status
    assert response.data["error"]["status"] == status and response.data["error"]["code"] == code
    assert response.data["error"]["message"]
