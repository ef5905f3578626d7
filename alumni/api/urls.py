"""Alumni: /api/v1/ endpoints."""

urlpatterns: list = []

API_RESOURCES: dict[str, str] = {}
