"""Core in the Wagtail admin: the history of scoped records is logged where only their scope can read it."""

from wagtail import hooks

from .models import ScopedLogEntry, scoped_models


@hooks.register("register_log_actions")
def scoped_log_entries(actions):
    # Runs once, after every app's wagtail_hooks has registered its permission policies.
    for model in scoped_models():
        actions.register_model(model, ScopedLogEntry)
