from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Civic core"

    def ready(self):
        from . import observability  # noqa: F401  (connects the task signals: request ids, task counts)
