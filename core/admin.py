"""Wagtail admin viewsets scoped to who asks.

Every view a scoped viewset registers (index and its CSV/XLSX export, inspect, edit, delete, history, usage,
copy, revisions, choosers, and whatever view Wagtail adds later) takes its objects from one queryset: the
viewset's `get_queryset(request)`, which by default asks the model's registered permission policy for the
instances the user holds any permission on. An app narrows that set once, by registering a
`ScopedPermissionPolicy` with a `scope(user)` function; listings then show only those objects and an object
outside them is refused (403) by every view, so no page of the admin can show it.
"""

from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import resolve_model_string
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

# Holding any of these on the model lets a person reach an object in the admin at all; each view still checks
# the one its action needs (a viewer cannot edit).
REACH_ACTIONS = ("add", "change", "delete", "view")


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, narrowed to the instances `scope(user)` returns (a queryset of the model)."""

    def __init__(self, model, *, scope):
        super().__init__(model)
        self.scope = scope

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.user_has_any_permission(user, actions) and self.scope(user).filter(pk=instance.pk).exists()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)


class ScopedViewMixin:
    """Mixed into every view of a scoped viewset: the listing is the scoped queryset, an object must be in it."""

    scoped_queryset = None  # the viewset's get_queryset(request)

    def _scope(self):
        return self.scoped_queryset(self.request)

    def _check(self, obj):
        scope = self._scope()
        if isinstance(obj, scope.model) and not scope.filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj

    def _narrow(self, queryset):
        scope = self._scope()
        if queryset.model is not scope.model:
            return queryset  # history and usage list log entries and references of an object already checked
        return queryset.filter(pk__in=scope.values("pk"))

    # Index, its results and its exports.
    def get_base_queryset(self):
        return self._narrow(super().get_base_queryset())

    # The index's filters: a choice of related objects (the applications' cohorts) lists only those in their scope.
    @cached_property
    def filters(self):
        filterset = super().filters
        for field in filterset.form.fields.values() if filterset else ():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            policy = policy_registry.get_by_type(queryset.model)
            if isinstance(policy, ScopedPermissionPolicy):
                field.queryset = queryset.filter(pk__in=policy.scope(self.request.user).values("pk"))
        return filterset

    # Everything with an object: edit, delete, inspect, history, usage, copy, revisions, preview, chooser's chosen.
    def get_object(self, *args, **kwargs):
        return self._check(super().get_object(*args, **kwargs))

    # Choosers.
    def get_object_list(self, *args, **kwargs):
        return self._narrow(super().get_object_list(*args, **kwargs))

    def get_objects(self, *args, **kwargs):
        return self._narrow(super().get_objects(*args, **kwargs))


class ScopedViewSetMixin:
    """Builds every view of the viewset with `ScopedViewMixin`, fed by `get_queryset(request)`."""

    def get_queryset(self, request):
        model = resolve_model_string(self.model)
        policy = policy_registry.get_by_type(model)
        return policy.instances_user_has_any_permission_for(request.user, REACH_ACTIONS)

    def construct_view(self, view_class, **kwargs):
        if not issubclass(view_class, ScopedViewMixin):
            view_class = type(
                view_class.__name__,
                (ScopedViewMixin, view_class),
                {"__module__": view_class.__module__, "__qualname__": view_class.__qualname__},
            )
        return super().construct_view(view_class, scoped_queryset=self.get_queryset, **kwargs)


class ScopedModelViewSet(ScopedViewSetMixin, ModelViewSet):
    pass


class ScopedChooserViewSet(ScopedViewSetMixin, ChooserViewSet):
    pass


class ScopedSnippetChooserViewSet(ScopedViewSetMixin, SnippetChooserViewSet):
    pass


class ScopedSnippetViewSet(ScopedViewSetMixin, SnippetViewSet):
    chooser_viewset_class = ScopedSnippetChooserViewSet
