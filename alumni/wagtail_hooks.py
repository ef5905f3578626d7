"""Alumni in the Wagtail admin: forum events (the shared part of each event's pages), alumni records and
profiles, and the relay's messages (reported ones first). Registrations are decided on the organiser pages.

Every viewset is scoped (core.admin): an event only to its organisers and to alumni admins; profiles, records
and messages, which are about alumni themselves, only to alumni admins, whatever model permissions a group
grants."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from core.admin import ScopedModelViewSet, ScopedPermissionPolicy

from .models import AlumniProfile, AlumniRecord, ContactMessage, ForumEvent, Region
from .permissions import is_alumni_admin

CALENDAR_FIELDS = ("starts_at", "ends_at", "online_url")


def _event_scope(user):
    events = ForumEvent.objects.all()
    if is_alumni_admin(user):
        return events
    if not (user and user.is_authenticated):
        return events.none()
    return events.filter(organisers=user)


def _admins_only(model):
    def scope(user):
        objects = model._default_manager.all()
        return objects if is_alumni_admin(user) else objects.none()

    return scope


register_permission_policy(
    ForumEvent, ScopedPermissionPolicy(ForumEvent, scope=_event_scope), exact_class=True
)
for _model in (AlumniProfile, AlumniRecord, ContactMessage):
    register_permission_policy(
        _model, ScopedPermissionPolicy(_model, scope=_admins_only(_model)), exact_class=True
    )


def _years():
    return [(y, str(y)) for y in range(timezone.localdate().year + 1, 2015, -1)]


class ForumEventForm(WagtailAdminModelForm):
    eligible_regions = forms.MultipleChoiceField(
        label=_("only alumni from these regions"),
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_years = forms.TypedMultipleChoiceField(
        label=_("only alumni who graduated in these years"),
        choices=_years,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ForumEventEditView(generic.EditView):
    """Saving a change of time or link sends everyone with a place the calendar update (a higher SEQUENCE)."""

    def form_valid(self, form):
        changed = set(form.changed_data) & set(CALENDAR_FIELDS)
        response = super().form_valid(form)
        if changed and self.object.cancelled_at is None:
            from .services import event_update_send

            event_update_send(event=self.object, by=None)
        return response


class ForumEventViewSet(ScopedModelViewSet):
    model = ForumEvent
    icon = "date"
    menu_label = _("Forum events")
    list_display = ["name", "starts_at", "capacity", "registration_closes_at", "cancelled_at"]
    search_fields = ["name"]
    edit_view_class = ForumEventEditView
    add_to_admin_menu = False


ForumEvent.base_form_class = ForumEventForm


class AlumniProfileViewSet(ScopedModelViewSet):
    model = AlumniProfile
    icon = "user"
    menu_label = _("Alumni profiles")
    list_display = ["display_name", "region", "directory_visible", "updated_at"]
    list_filter = ["region", "directory_visible"]
    search_fields = ["display_name", "bio"]
    add_to_admin_menu = False


class AlumniRecordViewSet(ScopedModelViewSet):
    model = AlumniRecord
    icon = "tick"
    menu_label = _("Alumni records")
    list_display = ["user", "programme", "cohort", "year", "source"]
    list_filter = ["year", "source"]
    add_to_admin_menu = False


class ContactMessageViewSet(ScopedModelViewSet):
    model = ContactMessage
    icon = "mail"
    menu_label = _("Messages between alumni")
    list_display = ["sender", "recipient", "sent_at", "reported_at"]
    list_filter = ["reported_at"]
    ordering = ["-reported_at", "-sent_at"]
    form_fields = ["reported_at"]
    inspect_view_enabled = True
    add_to_admin_menu = False


class AlumniViewSetGroup(ViewSetGroup):
    items = (
        ForumEventViewSet("forum_events"),
        AlumniProfileViewSet("alumni_profiles"),
        AlumniRecordViewSet("alumni_records"),
        ContactMessageViewSet("alumni_messages"),
    )
    menu_icon = "group"
    menu_label = _("Alumni")
    menu_name = "alumni"


@hooks.register("register_admin_viewset")
def register_alumni_viewsets():
    return AlumniViewSetGroup()
