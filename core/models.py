"""Core's one model: the admin history of records that only some people may see.

Wagtail shows its "Site history" report, and each log entry model's entries, to anyone holding a permission
on the entry's model. For the models an app scopes (a `ScopedPermissionPolicy` in `core/admin.py`: camp
applications, cohorts, certificates) that is too wide: an organiser of one cohort would read "edited:
<applicant> — <cohort>" of another. Their entries are kept here instead, and shown only to people whose
scope holds the record (superusers see all).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager
from wagtail.permissions import policy_registry

from .admin import REACH_ACTIONS, ScopedPermissionPolicy


class ScopedLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        """The entries of records in the user's scope, whatever their model (one subquery per model)."""
        if user.is_superuser:
            return self.all()
        visible = Q(pk__in=[])
        for content_type_id in self.order_by().values_list("content_type_id", flat=True).distinct():
            model = ContentType.objects.get_for_id(content_type_id).model_class() if content_type_id else None
            policy = policy_registry.get_by_type(model) if model is not None else None
            if not isinstance(policy, ScopedPermissionPolicy):
                continue
            in_scope = (
                policy.instances_user_has_any_permission_for(user, REACH_ACTIONS)
                .annotate(object_key=Cast("pk", CharField()))
                .values("object_key")
            )
            visible |= Q(content_type_id=content_type_id, object_id__in=in_scope)
        return self.filter(visible)


class ScopedLogEntry(BaseLogEntry):
    """Admin history (created, edited, deleted...) of a record that only its scope's people may see."""

    object_id = models.CharField(max_length=255, db_index=True)

    objects = ScopedLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("scoped log entry")
        verbose_name_plural = _("scoped log entries")

    def __str__(self):
        return f"ScopedLogEntry {self.pk}: '{self.action}' on '{self.object_verbose_name}' with id {self.object_id}"


def scoped_models() -> list[type[models.Model]]:
    """The models whose admin access is narrowed by a ScopedPermissionPolicy (registered by their apps)."""
    registered = {**policy_registry.values_by_class, **policy_registry.values_by_exact_class}
    return [model for model, policy in registered.items() if isinstance(policy, ScopedPermissionPolicy)]
