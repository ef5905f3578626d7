from django.apps import AppConfig


class FrontendConfig(AppConfig):
    """Templates, CSS and the little JavaScript we ship."""

    name = "frontend"
    verbose_name = "Frontend"
