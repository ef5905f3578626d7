"""Camps in the Wagtail admin: cohorts (with their questions), applications, certificates.

Organisers see and edit only their own cohorts and those cohorts' applications; site admins see everything.
Decisions (accept, wait-list, reject) are taken on the organiser pages, which enforce capacity.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import Application, Certificate, Cohort
from .permissions import can_manage_cohort, is_camps_admin
from .services.applications import PERSONAL_FIELDS

LOOKUPS = {
    Cohort: "organisers",
    Application: "cohort__organisers",
    Certificate: "application__cohort__organisers",
}


def _cohort_of(obj):
    if isinstance(obj, Cohort):
        return obj
    if isinstance(obj, Certificate):
        return obj.application.cohort
    return obj.cohort


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, narrowed to the cohorts the user organises."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_manage_cohort(user, _cohort_of(instance))

    def instances_user_has_permission_for(self, user, action):
        qs = super().instances_user_has_permission_for(user, action)
        if is_camps_admin(user):
            return qs
        return qs.filter(pk__in=self.model.objects.filter(**{LOOKUPS[self.model]: user}).values("pk"))


class ScopedIndexView(generic.IndexView):
    def get_base_queryset(self):
        qs = super().get_base_queryset()
        if is_camps_admin(self.request.user):
            return qs
        mine = self.model.objects.filter(**{LOOKUPS[self.model]: self.request.user}).values("pk")
        return qs.filter(pk__in=mine)


class _ObjectScope:
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not can_manage_cohort(self.request.user, _cohort_of(obj)):
            raise PermissionDenied
        return obj


class ScopedEditView(_ObjectScope, generic.EditView):
    pass


class ScopedDeleteView(_ObjectScope, generic.DeleteView):
    pass


class ScopedInspectView(_ObjectScope, generic.InspectView):
    pass


class _ScopedViewSet(ModelViewSet):
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    inspect_view_enabled = True
    add_to_admin_menu = False


class CohortViewSet(_ScopedViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    list_display = ["name", "programme", "region", "starts_on", "applications_close_at", "capacity"]
    list_filter = ["region", "language"]
    search_fields = ["name", "venue"]


class ApplicationViewSet(_ScopedViewSet):
    model = Application
    icon = "form"
    menu_label = _("Applications")
    list_display = ["full_name", "cohort", "status", "region", "submitted_at"]
    list_filter = ["status", "region", "cohort"]
    search_fields = ["full_name", "school"]
    form_fields = ["notes"]
    inspect_view_fields = [
        "cohort",
        "status",
        *PERSONAL_FIELDS,
        "answers",
        "notes",
        "submitted_at",
    ]


class CertificateViewSet(_ScopedViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    list_display = ["code", "holder_name", "language", "issued_at", "revoked_at"]
    search_fields = ["code", "holder_name"]
    form_fields = ["revoked_at"]


for _model in (Cohort, Application, Certificate):
    register_permission_policy(_model, ScopedPermissionPolicy(_model), exact_class=True)


class CampsViewSetGroup(ViewSetGroup):
    items = (CohortViewSet("cohorts"), ApplicationViewSet("applications"), CertificateViewSet("certificates"))
    menu_icon = "group"
    menu_label = _("Camps")
    menu_name = "camps"


@hooks.register("register_admin_viewset")
def register_camps_viewsets():
    return CampsViewSetGroup()
