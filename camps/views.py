"""Camp pages: applying, one's own applications and data, the organisers' phone-friendly pages, verification.

Views parse input, call one service or selector and render; every queryset is scoped to who asks.
"""

from datetime import date
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.client_ip import client_ip
from core.converters import parse_id
from core.errors import DomainError, Invalid
from core.files import UPLOAD_CSP
from core.forms import error_message, form_error_show

from . import exporting, selectors, services
from .certificates import certificate_pdf
from .forms import (
    ApplicationFilterForm,
    ApplicationForm,
    DecisionForm,
    GuardianConsentForm,
    ImportForm,
    NotesForm,
    PaperConsentForm,
)
from .guardian_links import EXPIRED, application_by_guardian_token
from .models import Application, Certificate, Cohort, Consent, Status
from .permissions import can_manage_cohort, is_organiser

ORGANISER_PAGE_SIZE = 50


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            name = field
            if field.startswith("answers."):
                name = "q_" + field.split(".", 1)[1]
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _api_message(exc: Exception) -> str:
    return error_message(exc)


def _ids(values) -> list[int]:
    """The record ids among posted checkbox values; anything else (not a number, too large) selects nothing."""
    return [i for i in map(parse_id, values) if i is not None]


def _cohort_for_organiser(request, pk) -> Cohort:
    cohort = get_object_or_404(selectors.cohorts_public(), pk=pk)
    if not can_manage_cohort(request.user, cohort):
        raise PermissionDenied
    return cohort


# Applicants' pages -------------------------------------------------------------------------------------------


def cohort_detail(request, pk):
    cohort = get_object_or_404(selectors.cohorts_public().prefetch_related("questions"), pk=pk)
    mine = selectors.application_active_of(cohort=cohort, user=request.user)
    return render(
        request,
        "camps/cohort_detail.html",
        {
            "cohort": cohort,
            "programme": cohort.programme_in(get_language()),
            "places_left": max(cohort.capacity - cohort.places_taken, 0),
            "mine": mine,
            "is_open": cohort.is_open(),
        },
    )


def _application_form(request, *, cohort, initial, save, saved, failed_url, context):
    """The applicant's form, new or edited: valid input goes to `save` (a service taking the form's values);
    the service's refusal comes back on the form (a field) or as a message (a conflict)."""
    form = ApplicationForm(request.POST or None, cohort=cohort, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save(
                data=form.personal_data(),
                answers=form.answers(),
                photo_consent=form.cleaned_data["photo_consent"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except DomainError as exc:
            messages.error(request, _api_message(exc))
            return redirect(failed_url)
        else:
            messages.success(request, saved)
            return redirect("camps:my_applications")
    return render(request, "camps/application_form.html", {"cohort": cohort, "form": form, **context})


@login_required
def application_create(request, pk):
    cohort = get_object_or_404(selectors.cohorts_public().prefetch_related("questions"), pk=pk)
    mine = selectors.application_active_of(cohort=cohort, user=request.user)
    if mine is not None:  # said before the form is filled, not after
        return render(
            request, "camps/already_applied.html", {"cohort": cohort, "application": mine}, status=409
        )
    return _application_form(
        request,
        cohort=cohort,
        initial={"full_name": request.user.get_full_name(), "contact_email": request.user.email},
        save=partial(services.application_submit, cohort=cohort, applicant=request.user),
        saved=_("Your application has been sent. We have emailed you a confirmation."),
        failed_url=reverse("camps:cohort", kwargs={"pk": cohort.pk}),
        context={"editing": False},
    )


@login_required
def application_edit(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("cohort").prefetch_related("consents"),
        pk=pk,
        applicant=request.user,
    )
    return _application_form(
        request,
        cohort=application.cohort,
        initial=ApplicationForm.initial_from(application),
        save=partial(services.application_update, application=application, by=request.user),
        saved=_("Your application has been saved."),
        failed_url=reverse("camps:my_applications"),
        context={"editing": True, "application": application},
    )


def _own_application_action(request, pk, action, success_message):
    """Run one of the applicant's own actions on their application and come back to their list."""
    application = get_object_or_404(Application, pk=pk, applicant=request.user)
    try:
        action(application)
    except DomainError as exc:
        messages.error(request, _api_message(exc))
    else:
        messages.success(request, success_message)
    return redirect("camps:my_applications")


@login_required
@require_POST
def application_withdraw(request, pk):
    return _own_application_action(
        request,
        pk,
        lambda application: services.application_withdraw(application=application, by=request.user),
        _("Your application has been withdrawn."),
    )


@login_required
@require_POST
def application_confirm(request, pk):
    return _own_application_action(
        request,
        pk,
        lambda application: services.application_confirm(application=application, by=request.user),
        _("Your place is confirmed. See you at the camp!"),
    )


@login_required
@require_POST
def photo_consent_withdraw(request, pk):
    return _own_application_action(
        request,
        pk,
        lambda application: services.consent_withdraw(
            application=application, by=request.user, kind=Consent.Kind.PHOTOS
        ),
        _("Your consent to photos has been withdrawn."),
    )


@login_required
def my_applications(request):
    applications = selectors.applications_of(user=request.user)
    return render(
        request, "camps/my_applications.html", {"applications": applications, "now": timezone.now()}
    )


@login_required
def certificate_download(request, code):
    certificate = get_object_or_404(
        Certificate.objects.select_related("application__cohort__programme"),
        code=code,
        revoked_at__isnull=True,
    )
    application = certificate.application
    if application.applicant_id != request.user.pk and not can_manage_cohort(
        request.user, application.cohort
    ):
        raise Http404
    response = HttpResponse(certificate_pdf(certificate=certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


def certificate_verify(request, code):
    """Public: confirms a certificate, showing only name, programme, cohort and dates."""
    certificate = selectors.certificate_by_code(code=code)
    context = {"code": code, "certificate": certificate}
    if certificate is not None:
        context["programme"] = certificate.application.cohort.programme_in(get_language())
        context["cohort"] = certificate.application.cohort
    # An unknown or revoked code is a 404, with a page that says so in the visitor's language.
    return render(request, "camps/verify.html", context, status=200 if certificate is not None else 404)


# Parents' (guardians') page ----------------------------------------------------------------------------------


def guardian_consent(request, token):
    """The page a parent or guardian opens from their link: the cohort, what happens with the data and photos,
    the consent (participation, photos apart), and its withdrawal. No account is needed: the signed link is
    the key."""
    try:
        application = application_by_guardian_token(token=token)
    except DomainError as exc:
        return render(
            request,
            "camps/guardian/invalid.html",
            {"message": exc.message},
            status=410 if exc.code == EXPIRED else 404,
        )
    version = application.guardian_link_version
    language = get_language()
    form = GuardianConsentForm(initial={"given_by": application.guardian_name})
    status = 200
    if request.method == "POST":
        try:
            if "withdraw" in request.POST:
                services.guardian_consent_withdraw(
                    application=application, link_version=version, kind=request.POST["withdraw"]
                )
                messages.success(request, _("Your consent has been withdrawn."))
                return redirect(request.path)
            form = GuardianConsentForm(request.POST)
            if form.is_valid():
                services.guardian_consent_give(
                    application=application,
                    link_version=version,
                    given_by=form.cleaned_data["given_by"],
                    photos=form.cleaned_data["photos"],
                    language=language,
                    ip_address=client_ip(request),
                )
                messages.success(request, _("Thank you: your consent has been recorded."))
                return redirect(request.path)
        except Invalid as exc:
            form_error_show(form, exc)
        except DomainError as exc:  # given twice, withdrawn twice: said at the top, nothing changed
            messages.error(request, error_message(exc))
            status = 409
    cohort = application.cohort
    return render(
        request,
        "camps/guardian/consent.html",
        {
            "application": application,
            "cohort": cohort,
            "cohort_name": cohort.name_in(language),
            "venue": cohort.venue_in(language),
            "programme": cohort.programme_in(language),
            "texts": services.consent_texts(application=application, language=language),
            "live": {c.kind: c for c in application.consents.filter(withdrawn_at__isnull=True)},
            "awaiting": application.status == Status.AWAITING_GUARDIAN,
            "form": form,
        },
        status=status,
    )


# Organisers' pages -------------------------------------------------------------------------------------------


@login_required
def organiser_home(request):
    if not is_organiser(request.user):
        raise PermissionDenied
    return render(
        request, "camps/organiser/home.html", {"cohorts": selectors.cohorts_managed_by(user=request.user)}
    )


@login_required
def organiser_cohort(request, pk):
    cohort = _cohort_for_organiser(request, pk)
    if request.method == "POST":
        decision = DecisionForm(request.POST)
        ids = _ids(request.POST.getlist("applications"))
        if decision.is_valid():
            try:
                done = services.applications_decide(
                    cohort=cohort, application_ids=ids, by=request.user, **decision.cleaned_data
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            except DomainError as exc:
                messages.error(request, _api_message(exc))
            else:
                messages.success(request, _("%(count)s application(s) updated.") % {"count": len(done)})
        else:
            messages.error(request, _("Choose a decision."))
        return redirect(request.get_full_path())
    filters = ApplicationFilterForm(request.GET or None)
    kwargs = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.application_list_for_cohort(
        cohort=cohort, **{k: v for k, v in kwargs.items() if v not in ("", None)}
    )
    page = Paginator(qs, ORGANISER_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "camps/organiser/cohort.html",
        {
            "cohort": cohort,
            "filters": filters,
            "page_obj": page,
            "decision_form": DecisionForm(),
            "counts": selectors.status_counts(cohort=cohort),
            "extra": "&" + query.urlencode() if query else "",
        },
    )


@login_required
def organiser_application(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("cohort", "applicant").prefetch_related(
            "consents", "status_changes__changed_by", "cohort__questions"
        ),
        pk=pk,
    )
    cohort = application.cohort
    if not can_manage_cohort(request.user, cohort):
        raise PermissionDenied
    notes_form = NotesForm(initial={"notes": application.notes})
    decision_form = DecisionForm()
    paper_form = PaperConsentForm(initial={"given_by": application.guardian_name})
    if request.method == "POST":
        if "resend_link" in request.POST:
            try:
                services.guardian_link_resend(application=application, by=request.user)
            except DomainError as exc:
                messages.error(request, error_message(exc))
            else:
                messages.success(request, _("A new link has been sent to the parent or guardian."))
            return redirect("camps:organiser_application", pk=pk)
        if "paper_consent" in request.POST:
            paper_form = PaperConsentForm(request.POST, request.FILES)
            if paper_form.is_valid():
                try:
                    services.guardian_consent_record_paper(
                        application=application, by=request.user, **paper_form.cleaned_data
                    )
                except DomainError as exc:
                    form_error_show(paper_form, exc)
                else:
                    messages.success(request, _("The paper consent has been recorded."))
                    return redirect("camps:organiser_application", pk=pk)
        elif "notes" in request.POST:
            notes_form = NotesForm(request.POST)
            if notes_form.is_valid():
                services.application_note_set(
                    application=application, by=request.user, notes=notes_form.cleaned_data["notes"]
                )
                messages.success(request, _("Notes saved."))
                return redirect("camps:organiser_application", pk=pk)
        else:
            decision_form = DecisionForm(request.POST)
            if decision_form.is_valid():
                try:
                    services.application_decide(
                        application=application, by=request.user, **decision_form.cleaned_data
                    )
                except DomainError as exc:
                    messages.error(request, _api_message(exc))
                else:
                    messages.success(request, _("%(count)s application(s) updated.") % {"count": 1})
                return redirect("camps:organiser_application", pk=pk)
    answers = []
    for q in cohort.questions.all():
        answers.append((q.text_in(), q.answer_in(application.answers.get(str(q.pk), ""))))
    return render(
        request,
        "camps/organiser/application.html",
        {
            "application": application,
            "cohort": cohort,
            "answers": answers,
            "notes_form": notes_form,
            "decision_form": decision_form,
            "paper_form": paper_form,
            "awaiting_guardian": application.status == Status.AWAITING_GUARDIAN,
        },
    )


@login_required
def organiser_consent_scan(request, pk):
    """The scan of a signed paper consent, for the cohort's organisers only (the file is never public)."""
    consent = get_object_or_404(Consent.objects.select_related("application__cohort"), pk=pk)
    if not consent.scan or not can_manage_cohort(request.user, consent.application.cohort):
        raise Http404
    try:
        handle = consent.scan.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=consent.scan.name.rsplit("/", 1)[-1])
    response["Content-Security-Policy"] = UPLOAD_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def organiser_attendance(request, pk):
    cohort = _cohort_for_organiser(request, pk)
    days = cohort.days
    try:
        day = date.fromisoformat(request.POST.get("day") or request.GET.get("day") or "")
    except ValueError:
        today = timezone.localdate()
        day = today if cohort.starts_on <= today <= cohort.ends_on else cohort.starts_on
    if request.method == "POST":
        present = set(_ids(request.POST.getlist("present")))
        notes = {
            parse_id(k[5:]): v for k, v in request.POST.items() if k.startswith("note_") and parse_id(k[5:])
        }
        try:
            services.attendance_mark(
                cohort=cohort, by=request.user, day=day, present_ids=present, notes=notes
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Attendance saved."))
        return redirect(f"{request.path}?day={day.isoformat()}")
    participants = list(selectors.participants_of(cohort=cohort))
    marks = {a.application_id: a for a in selectors.attendance_of(cohort=cohort).filter(day=day)}
    rows = [(a, marks.get(a.pk)) for a in participants]
    return render(
        request, "camps/organiser/attendance.html", {"cohort": cohort, "days": days, "day": day, "rows": rows}
    )


@login_required
def organiser_graduate(request, pk):
    cohort = _cohort_for_organiser(request, pk)
    if request.method == "POST":
        ids = _ids(request.POST.getlist("applications"))
        try:
            certificates = services.cohort_graduate(cohort=cohort, by=request.user, application_ids=ids)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except DomainError as exc:
            messages.error(request, _api_message(exc))
        else:
            messages.success(request, _("%(count)s participant(s) graduated.") % {"count": len(certificates)})
        return redirect("camps:organiser_graduate", pk=pk)
    participants = (
        selectors.participants_of(cohort=cohort)
        .filter(status__in=[Status.ATTENDED, Status.GRADUATED])
        .select_related("certificate")
    )
    return render(request, "camps/organiser/graduate.html", {"cohort": cohort, "participants": participants})


@login_required
def organiser_import(request, pk):
    cohort = _cohort_for_organiser(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = services.rows_read(content=upload.read(), filename=upload.name)
            result = services.participants_import(
                cohort=cohort, by=request.user, rows=rows, dry_run=form.cleaned_data["dry_run"]
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        except DomainError as exc:
            form.add_error("file", _api_message(exc))
        else:
            if result.saved:
                messages.success(
                    request, _("%(count)s participant(s) imported.") % {"count": len(result.rows)}
                )
                return redirect("camps:organiser_cohort", pk=pk)
    return render(
        request,
        "camps/organiser/import.html",
        {"cohort": cohort, "form": form, "result": result, "columns": services.importing.COLUMNS},
    )


@login_required
def organiser_export(request, pk, what, fmt):
    cohort = _cohort_for_organiser(request, pk)
    if what not in exporting.TABLES or fmt not in exporting.FORMATS:
        raise Http404
    content, content_type = exporting.cohort_export(cohort=cohort, what=what, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="cohort-{cohort.pk}-{what}.{fmt}"'
    return response
