"""Camps in the Wagtail admin: cohorts (with their questions), applications, certificates.

Organisers see and edit only their own cohorts and those cohorts' applications; site admins see everything.
Decisions (accept, wait-list, reject) are taken on the organiser pages, which enforce capacity.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from core.admin import ScopedModelViewSet, ScopedPermissionPolicy

from .models import Application, Certificate, Cohort
from .permissions import is_camps_admin
from .services import cohort_capacity_check, cohort_creator_add
from .services.applications import PERSONAL_FIELDS

# How each model reaches the organisers of its cohort.
ORGANISERS_LOOKUP = {
    Cohort: "organisers",
    Application: "cohort__organisers",
    Certificate: "application__cohort__organisers",
}


def _organised_by(model):
    lookup = ORGANISERS_LOOKUP[model]

    def scope(user):
        qs = model._default_manager.all()
        if is_camps_admin(user):
            return qs
        if not (user and user.is_authenticated):
            return qs.none()
        return qs.filter(**{lookup: user})

    return scope


for _model in ORGANISERS_LOOKUP:
    register_permission_policy(
        _model, ScopedPermissionPolicy(_model, scope=_organised_by(_model)), exact_class=True
    )


class _ScopedViewSet(ScopedModelViewSet):
    inspect_view_enabled = True
    add_to_admin_menu = False


class CohortCreateView(generic.CreateView):
    """An organiser who creates a cohort organises it, so it is theirs to edit and select for."""

    def save_instance(self):
        cohort = super().save_instance()
        cohort_creator_add(cohort=cohort, by=self.request.user)
        return cohort


class CohortEditView(generic.EditView):
    """Saved under the cohort's lock: the capacity cannot drop below the places held, even if a place is taken
    while the form is open."""

    def save_instance(self):
        cohort_capacity_check(cohort_id=self.object.pk, capacity=self.form.cleaned_data["capacity"])
        return super().save_instance()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:  # rolled back: nothing was saved
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
            return self.form_invalid(form)


class CohortViewSet(_ScopedViewSet):
    model = Cohort
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
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


class CampsViewSetGroup(ViewSetGroup):
    items = (CohortViewSet("cohorts"), ApplicationViewSet("applications"), CertificateViewSet("certificates"))
    menu_icon = "group"
    menu_label = _("Camps")
    menu_name = "camps"


@hooks.register("register_admin_viewset")
def register_camps_viewsets():
    return CampsViewSetGroup()
