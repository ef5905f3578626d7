from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Civic core"

    def ready(self):
        from django.core.signals import request_finished, request_started

        from . import (
            generations,
            observability,  # noqa: F401  (connects the task signals: request ids, task counts)
        )

        request_started.connect(generations.request_begins, dispatch_uid="core.generations.begins")
        request_finished.connect(generations.request_ends, dispatch_uid="core.generations.ends")
