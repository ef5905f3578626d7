"""Alumni pages: one's own profile, the directory and its relay form, the report link, the import for admins.

Views parse input, call one service or selector and render; every queryset is scoped to who asks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from camps.services import rows_read
from core.errors import DomainError, Invalid, NotFound, ValidationError
from core.links import absolute_url

from . import calendar, exporting, selectors, services
from .forms import (
    ContactForm,
    DirectoryFilterForm,
    EventMessageForm,
    FeedbackForm,
    ImportForm,
    ProfileForm,
    RegistrationForm,
)
from .models import RS, ForumEvent, Registration
from .permissions import can_manage_event, can_see_directory, is_alumni_admin, is_alumnus, is_event_organiser

DIRECTORY_PAGE_SIZE = 24


def errors_to_form(form, exc: Invalid) -> None:
    """A service's refusal on the form: each field's messages under it, the rest on top."""
    if not exc.fields:
        form.add_error(None, exc.message)
    for name, errors in exc.fields.items():
        form.add_error(name if name in form.fields else None, errors)


def _alumnus_required(request) -> None:
    if not is_alumnus(request.user):
        raise PermissionDenied


@login_required
def my_profile(request):
    _alumnus_required(request)
    profile = selectors.profile_of(user=request.user) or services.profile_ensure(user=request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, initial=ProfileForm.initial_from(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(
                profile=profile,
                by=request.user,
                data=form.profile_data(),
                interests=form.cleaned_data["interests"],
            )
            if form.cleaned_data["photo"]:
                services.profile_photo_set(
                    profile=profile, by=request.user, upload=form.cleaned_data["photo"]
                )
            elif form.cleaned_data["remove_photo"]:
                services.profile_photo_remove(profile=profile, by=request.user)
        except Invalid as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("alumni:my_profile")
    return render(
        request,
        "alumni/my_profile.html",
        {"form": form, "profile": profile, "records": selectors.alumni_records_for(user=request.user)},
    )


@login_required
def directory(request):
    if not can_see_directory(request.user):
        raise PermissionDenied
    choices = selectors.directory_choices(language=get_language())
    filters = DirectoryFilterForm(request.GET or None, **choices)
    criteria = {k: v for k, v in (filters.cleaned_data if filters.is_valid() else {}).items() if v}
    page = Paginator(selectors.directory_search(**criteria), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "alumni/directory.html",
        {
            "filters": filters,
            "page_obj": page,
            "extra": "&" + query.urlencode() if query else "",
            "mine": selectors.profile_of(user=request.user),
        },
    )


@login_required
def contact(request, pk):
    _alumnus_required(request)
    profile = selectors.directory_profile(pk=pk)
    if profile is None:
        raise Http404
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_send(sender=request.user, recipient=profile, body=form.cleaned_data["body"])
        except Invalid as exc:
            errors_to_form(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("alumni:directory")
        else:
            messages.success(request, _("Your message has been sent. Any answer will come to your email."))
            return redirect("alumni:directory")
    return render(request, "alumni/contact.html", {"form": form, "profile": profile})


def report(request, token):
    """From the link in a relayed message: a GET shows a button (mail scanners follow links), a POST reports."""
    if request.method == "POST":
        try:
            services.contact_report(token=token)
        except NotFound as exc:
            return render(request, "alumni/report.html", {"invalid": True, "error": exc.message}, status=404)
        return render(request, "alumni/report.html", {"done": True})
    return render(request, "alumni/report.html", {})


@login_required
def alumni_import(request):
    if not is_alumni_admin(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = rows_read(content=upload.read(), filename=upload.name)
            result = services.alumni_import(by=request.user, rows=rows, dry_run=form.cleaned_data["dry_run"])
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            if result.saved:
                messages.success(request, _("%(count)s alumni imported.") % {"count": len(result.rows)})
                return redirect("alumni:import")
    return render(
        request,
        "alumni/import.html",
        {"form": form, "result": result, "columns": services.importing.COLUMNS},
    )


# Forum events: the registrant's side ------------------------------------------------------------------------


def _event_or_404(pk):
    event = selectors.event_by_pk(pk=pk)
    if event is None:
        raise Http404
    return event


def _back_to_event(event):
    page = event.page_in(get_language())
    return redirect(page.url if page else "alumni:my_registrations")


@login_required
@require_POST
def register(request, pk):
    event = _event_or_404(pk)
    form = RegistrationForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, _("Please check your answers."))
        return _back_to_event(event)
    try:
        registration, created = services.registration_create(
            event=event, user=request.user, **form.cleaned_data
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back_to_event(event)
    if not created:
        messages.info(request, _("You are already registered for this event."))
    elif registration.status == RS.WAITLISTED:
        messages.success(
            request,
            _(
                "The event is full: you are number %(position)s on the waiting list. We will write if a place frees up."
            )
            % {"position": selectors.waitlist_position(registration=registration)},
        )
    elif registration.status == RS.PENDING:
        messages.success(
            request, _("Registered. The organisers will confirm your place; we will write to you.")
        )
    else:
        messages.success(
            request, _("You are registered! The confirmation with your check-in code is in your mail.")
        )
    return redirect("alumni:my_registrations")


def _own(request, pk):
    return get_object_or_404(Registration.objects.select_related("event"), pk=pk, user=request.user)


def _own_action(request, pk, action, success: str):
    registration = _own(request, pk)
    try:
        action(registration)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("alumni:my_registrations")


@login_required
@require_POST
def registration_cancel(request, pk):
    return _own_action(
        request,
        pk,
        lambda r: services.registration_cancel(registration=r, by=request.user),
        _("Your registration has been cancelled."),
    )


@login_required
@require_POST
def offer_confirm(request, pk):
    return _own_action(
        request,
        pk,
        lambda r: services.offer_confirm(registration=r, by=request.user),
        _("The place is yours. See you at the event!"),
    )


def leave_waitlist(request, token):
    """The one-click link in wait-list mails: no sign-in; a GET shows one button, the POST leaves."""
    try:
        registration = services.registration_by_leave_token(token=token)
    except NotFound as exc:
        return render(request, "alumni/leave.html", {"error": exc.message}, status=404)
    page = registration.event.page_in(get_language())
    context = {"registration": registration, "title": page.title if page else registration.event.name}
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, by=registration.user)
        except DomainError as exc:
            context["error"] = exc.message
            return render(request, "alumni/leave.html", context, status=409)
        context["done"] = True
    return render(request, "alumni/leave.html", context)


@login_required
def my_registrations(request):
    from .checkin import code_for, qr_svg

    rows = []
    language = get_language()
    for registration in selectors.registrations_of(user=request.user):
        code = code_for(registration) if registration.status == RS.CONFIRMED else None
        rows.append(
            {
                "r": registration,
                "page": registration.event.page_in(language),
                "position": selectors.waitlist_position(registration=registration),
                "code": code,
                "qr": mark_safe(qr_svg(code)) if code else "",  # noqa: S308 - segno's own SVG, no user input
                "feedback_form": FeedbackForm(
                    initial={"rating": registration.feedback.rating, "comment": registration.feedback.comment}
                )
                if hasattr(registration, "feedback")
                else FeedbackForm(),
            }
        )
    feed = absolute_url(reverse("alumni_public:feed", kwargs={"token": feed_token(request.user)}))
    return render(
        request, "alumni/my_registrations.html", {"rows": rows, "now": timezone.now(), "feed_url": feed}
    )


@login_required
@require_POST
def feedback(request, pk):
    registration = _own(request, pk)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a rating from 1 to 5."))
        return redirect("alumni:my_registrations")
    try:
        services.feedback_give(event=registration.event, user=request.user, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you for your feedback!"))
    return redirect("alumni:my_registrations")


FEED_SALT = "alumni.feed"


def feed_token(user) -> str:
    return signing.dumps(user.pk, salt=FEED_SALT)


def my_feed(request, token):
    """The private calendar feed of one's registrations: its URL is the key (calendar apps cannot sign in)."""
    try:
        user_id = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature as exc:
        raise Http404 from exc
    user = get_object_or_404(User, pk=user_id, is_active=True)
    registrations = selectors.registrations_of(user=user).exclude(status__in=(RS.WAITLISTED,))
    content = calendar.registrations_ics(
        registrations=registrations, language=user.preferred_language, user=user
    )
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")


# Forum events: the organisers' side ----------------------------------------------------------------------------


def _event_for_organiser(request, pk):
    event = get_object_or_404(ForumEvent, pk=pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    return event


@login_required
def organiser_home(request):
    if not is_event_organiser(request.user):
        raise PermissionDenied
    events = list(selectors.events_managed_by(user=request.user).prefetch_related("pages__locale"))
    return render(request, "alumni/organiser/home.html", {"events": events, "language": get_language()})


@login_required
def organiser_event(request, pk):
    event = _event_for_organiser(request, pk)
    message_form = EventMessageForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("approve", "reject"):
                registration = get_object_or_404(
                    Registration, pk=request.POST.get("registration") or 0, event=event
                )
                services.registration_decide(
                    registration=registration, by=request.user, approve=action == "approve"
                )
                messages.success(request, _("Registration updated."))
            elif action == "update":
                count = services.event_update_send(event=event, by=request.user)
                messages.success(request, _("Calendar update sent to %(count)s people.") % {"count": count})
            elif action == "cancel_event":
                services.event_cancel(event=event, by=request.user)
                messages.success(request, _("The event has been cancelled and everyone told."))
            elif action == "message":
                message_form = EventMessageForm(request.POST)
                if message_form.is_valid():
                    sent = services.event_message_send(
                        event=event, by=request.user, **message_form.cleaned_data
                    )
                    messages.success(
                        request, _("Message queued for %(count)s people.") % {"count": sent.recipients}
                    )
                    return redirect("alumni:organiser_event", pk=pk)
        except Invalid as exc:
            errors_to_form(message_form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("alumni:organiser_event", pk=pk)
        else:
            if action != "message":
                return redirect("alumni:organiser_event", pk=pk)
    roster = list(selectors.event_roster(event=event))
    return render(
        request,
        "alumni/organiser/event.html",
        {
            "event": event,
            "page": event.page_in(get_language()),
            "roster": [(r, selectors.person_name(r)) for r in roster],
            "counts": selectors.status_counts(event=event),
            "feedback": selectors.feedback_summary(event=event),
            "message_form": message_form,
            "sent": event.messages.order_by("-sent_at")[:10],
        },
    )


@login_required
def organiser_checkin(request, pk):
    """The phone page at the door: scans or takes typed codes, works offline (see alumni/checkin.js)."""
    event = _event_for_organiser(request, pk)
    roster = {
        str(r.pk): {
            "name": selectors.person_name(r),
            "status": r.status,
            "time": timezone.localtime(r.checked_in_at).strftime("%H:%M") if r.checked_in_at else "",
        }
        for r in selectors.event_roster(event=event).exclude(
            status__in=(RS.CANCELLED, RS.EXPIRED, RS.REJECTED)
        )
    }
    page = event.page_in(get_language())
    return render(
        request,
        "alumni/organiser/checkin.html",
        {
            "event": event,
            "title": page.title if page else event.name,
            "checkin_data": {
                "event": event.pk,
                "key": event.checkin_key,
                "roster": roster,
                "endpoint": reverse("api:alumni-event-checkin", kwargs={"pk": event.pk}),
            },
            "messages_js": {
                "ok": _("Checked in: %(name)s"),
                "queued": _(
                    "Checked in: %(name)s (saved on this phone; it will be sent when the network is back)"
                ),
                "repeat": _("Already checked in at %(time)s: %(name)s"),
                "unknown": _("Unknown code: this person is not on the list."),
                "other_event": _("This code is for another event."),
                "forged": _("This code is not valid: its signature does not match."),
                "malformed": _("This is not a Civic check-in code."),
                "no_place": _("%(name)s has no confirmed place."),
                "online": _("Online"),
                "offline": _("Offline: check-ins are kept on this phone"),
                "waiting": _("%(count)s waiting to be sent"),
                "count": _("%(count)s checked in"),
                "no_camera": _("The camera is not available: type the code instead."),
                "server": _("The server refused it: %(message)s"),
            },
        },
    )


@login_required
def organiser_export(request, pk, fmt):
    event = _event_for_organiser(request, pk)
    if fmt not in exporting.FORMATS:
        raise Http404
    content, content_type = exporting.event_export(event=event, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-attendance.{fmt}"'
    return response
