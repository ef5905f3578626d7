"""Classroom pages: the teacher's (under /<lang>/teach/) and the pupil's (under /<lang>/my/assignments/).

Plain forms that work without JavaScript on a phone, post/redirect/get. Views parse input, call one service or
selector and render; a service's refusal comes back as a form error or a message (``_refused``).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from core.converters import parse_id
from core.errors import DomainError, Invalid, NotAllowed, NotFound
from core.forms import error_message
from core.links import absolute_url
from courses import scoring
from courses import selectors as course_selectors
from courses import services as course_services

from . import cache, cards, charts, exporting, ical, selectors, services
from .forms import (
    AssignmentForm,
    ClassroomForm,
    EmailFrequencyForm,
    JoinForm,
    PasswordSetForm,
    ReteachForm,
    RosterForm,
    UsernameForm,
)
from .links import join_url
from .middleware import SESSION_FLAG
from .models import AssignmentKind, MembershipStatus
from .permissions import is_teacher, owns
from .qr import qr_svg

ROSTER_SESSION = "classrooms_roster"


def teacher_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_teacher(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _class(request, pk):
    try:
        return selectors.classroom_for_teacher(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc
    except NotAllowed as exc:
        raise PermissionDenied from exc


def _refused(request, exc: DomainError, form=None) -> None:
    """A service said no: on the form's fields when it names them, else as a message."""
    fields = getattr(exc, "fields", None) or {}
    if form is not None and (fields or exc.message):
        for name, errors in fields.items():
            form.add_error(name if name in form.fields else None, errors)
        if exc.message and not fields:
            form.add_error(None, exc.message)
        return
    text = (
        exc.message
        or "; ".join(str(m) for msgs in fields.values() for m in msgs)
        or _("This cannot be done.")
    )
    messages.error(request, text)


def _act(request, action, done: str) -> None:
    try:
        action()
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, done)


def _to_class(classroom, anchor=""):
    return redirect(reverse("classrooms:class", args=[classroom.pk]) + anchor)


# ---- the teacher's classes ----------------------------------------------------------------------------------


@teacher_required
@require_GET
def teach(request):
    """The teacher's classes at a glance. Served from the cache until a class, a pupil's work or the minute
    changes (cache.py); never with messages waiting to be shown, nor before the CSRF cookie is set."""
    storage = messages.get_messages(request)
    waiting = list(storage)
    storage.used = False  # still shown on this page
    csrf = request.COOKIES.get("csrftoken", "")[:64]
    key = None
    if csrf and not waiting:
        user = request.user
        key = cache.fingerprint(
            scope=f"teach:{user.pk}:{request.LANGUAGE_CODE}:{csrf}",
            follow=f"teach:{user.pk}",
            load_student_ids=lambda: selectors.pupil_ids_taught(user=user),
        )
        html = cache.get(key)
        if html is not None:
            return HttpResponse(html)
    response = render(
        request,
        "classrooms/teach.html",
        {
            "summaries": selectors.dashboard(user=request.user),
            "archived": selectors.classes_with_counts(user=request.user, archived=True),
        },
    )
    if key is not None:
        cache.put(key, response.content)
    return response


@teacher_required
def class_create(request):
    form = ClassroomForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        try:
            classroom = services.classroom_create(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            _refused(request, exc, form)
        else:
            messages.success(request, _("The class is open. Give your pupils its join code."))
            return _to_class(classroom)
    return render(request, "classrooms/class_form.html", {"form": form, "classroom": None})


@teacher_required
def class_edit(request, pk):
    classroom = _class(request, pk)
    initial = {f: getattr(classroom, f) for f in services.classes.EDITABLE}
    form = ClassroomForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.classroom_update(classroom=classroom, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            _refused(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            return _to_class(classroom)
    return render(request, "classrooms/class_form.html", {"form": form, "classroom": classroom})


@teacher_required
@require_GET
def class_detail(request, pk):
    classroom = _class(request, pk)
    members = selectors.members_of(classroom=classroom, status=None)
    return render(
        request,
        "classrooms/class.html",
        {
            "classroom": classroom,
            "pupils": [m for m in members if m.status == MembershipStatus.ACTIVE],
            "pending": [m for m in members if m.status == MembershipStatus.PENDING],
            "co_teachers": selectors.co_teachers_of(classroom=classroom),
            "is_owner": owns(request.user, classroom),
            "matrix": selectors.class_matrix(classroom=classroom),
            "join_url": join_url(classroom),
            "username_form": UsernameForm(),
        },
    )


@teacher_required
@require_POST
def class_code(request, pk):
    classroom = _class(request, pk)
    action = request.POST.get("action")
    if action == "regenerate":
        _act(
            request,
            lambda: services.join_code_regenerate(classroom=classroom, by=request.user),
            _("A new join code is ready; the old one no longer works."),
        )
    elif action in ("enable", "disable"):
        on = action == "enable"
        _act(
            request,
            lambda: services.join_code_enable(classroom=classroom, by=request.user, enabled=on),
            _("The join code is on.") if on else _("The join code is off: nobody can join with it."),
        )
    elif action == "approval":
        on = request.POST.get("value") == "on"
        _act(
            request,
            lambda: services.classroom_update(
                classroom=classroom, by=request.user, join_requires_approval=on
            ),
            _("You approve each new pupil.") if on else _("Pupils with the code join at once."),
        )
    return _to_class(classroom, "#join")


@teacher_required
@require_POST
def class_archive(request, pk):
    classroom = _class(request, pk)
    archive = request.POST.get("archived") != "0"
    _act(
        request,
        lambda: services.classroom_archive(classroom=classroom, by=request.user, archived=archive),
        _("The class is archived: read-only, its reports stay.")
        if archive
        else _("The class is active again."),
    )
    return _to_class(classroom)


@teacher_required
@require_POST
def class_delete(request, pk):
    classroom = _class(request, pk)
    try:
        services.classroom_delete(classroom=classroom, by=request.user)
    except DomainError as exc:
        _refused(request, exc)
        return _to_class(classroom)
    messages.success(request, _("The class has been deleted."))
    return redirect("classrooms:teach")


@teacher_required
@require_GET
def class_qr(request, pk):
    classroom = _class(request, pk)
    response = HttpResponse(qr_svg(join_url(classroom)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-cache"
    return response


@teacher_required
@require_GET
def class_projector(request, pk):
    classroom = _class(request, pk)
    return render(
        request,
        "classrooms/projector.html",
        {"classroom": classroom, "join_url": join_url(classroom)},
    )


@teacher_required
@require_POST
def class_share(request, pk):
    classroom = _class(request, pk)
    username = request.POST.get("username", "")
    _act(
        request,
        lambda: services.co_teacher_add(classroom=classroom, by=request.user, username=username),
        _("The class is shared with %(username)s.") % {"username": username},
    )
    return _to_class(classroom, "#teachers")


@teacher_required
@require_POST
def class_unshare(request, pk, teacher_id):
    classroom = _class(request, pk)
    _act(
        request,
        lambda: services.co_teacher_remove(classroom=classroom, by=request.user, teacher_id=teacher_id),
        _("The class is no longer shared with this teacher."),
    )
    if teacher_id == request.user.pk:
        return redirect("classrooms:teach")
    return _to_class(classroom, "#teachers")


# ---- pupils -------------------------------------------------------------------------------------------------


@teacher_required
@require_POST
def student_add(request, pk):
    classroom = _class(request, pk)
    username = request.POST.get("username", "")
    _act(
        request,
        lambda: services.student_add(classroom=classroom, by=request.user, username=username),
        _("%(username)s is in the class.") % {"username": username},
    )
    return _to_class(classroom, "#pupils")


@teacher_required
@require_POST
def student_approve(request, pk, student_id):
    classroom = _class(request, pk)
    _act(
        request,
        lambda: services.membership_approve(classroom=classroom, by=request.user, student_id=student_id),
        _("The pupil is in the class."),
    )
    return _to_class(classroom, "#pupils")


@teacher_required
@require_POST
def student_remove(request, pk, student_id):
    classroom = _class(request, pk)
    _act(
        request,
        lambda: services.membership_remove(classroom=classroom, by=request.user, student_id=student_id),
        _("The pupil is no longer in the class."),
    )
    return _to_class(classroom, "#pupils")


@teacher_required
def roster(request, pk):
    """Accounts for pupils without e-mail: check the list first (every bad row shown), then create them all."""
    classroom = _class(request, pk)
    form = RosterForm()
    result = None
    if request.method == "POST" and request.POST.get("confirm"):
        rows = request.session.get(ROSTER_SESSION, {}).get(str(classroom.pk))
        if not rows:
            messages.error(request, _("Check the list again: nothing was waiting to be created."))
            return redirect("classrooms:roster", pk=classroom.pk)
        result = services.RosterResult([services.RosterRow(**row) for row in rows])
        try:
            result = services.pupils_create(classroom=classroom, by=request.user, result=result)
        except DomainError as exc:
            _refused(request, exc)
        else:
            request.session.pop(ROSTER_SESSION, None)
            if result.saved:
                count = len(result.rows)
                messages.success(
                    request,
                    ngettext(
                        "%(count)s account was created. Print the login card.",
                        "%(count)s accounts were created. Print their login cards.",
                        count,
                    )
                    % {"count": count},
                )
                return _cards_response(classroom, _created_cards(result))
    elif request.method == "POST":
        form = RosterForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload = form.cleaned_data.get("file")
                if upload:
                    result = services.roster_rows_from_file(content=upload.read(), filename=upload.name)
                else:
                    result = services.roster_rows_from_text(form.cleaned_data["names"])
                result = services.pupils_create(
                    classroom=classroom, by=request.user, result=result, dry_run=True
                )
            except DomainError as exc:
                _refused(request, exc, form)
                result = None
            if result is not None and result.valid:
                stash = request.session.get(ROSTER_SESSION, {})
                stash[str(classroom.pk)] = [
                    {
                        "number": r.number,
                        "first_name": r.first_name,
                        "last_name": r.last_name,
                        "username": r.username,
                        "email": r.email,
                    }
                    for r in result.rows
                ]
                request.session[ROSTER_SESSION] = stash
    return render(request, "classrooms/roster.html", {"classroom": classroom, "form": form, "result": result})


def _created_cards(result) -> list:
    """(pupil, one-time password) for each row just created, by last and first name as on every card sheet."""
    users = {u.username: u for u in User.objects.filter(username__in=[r.username for r in result.rows])}
    cards_ = [(users[r.username], r.password) for r in result.rows]
    return sorted(cards_, key=lambda pair: (pair[0].last_name, pair[0].first_name, pair[0].pk))


def _cards_response(classroom, pairs) -> HttpResponse:
    """The login cards as the answer to the action that set their passwords: the only time they exist in clear,
    so the answer is never stored by a browser or a proxy."""
    response = HttpResponse(
        cards.login_cards_pdf(classroom=classroom, cards=pairs), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="login-cards-{classroom.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@teacher_required
@require_POST
def login_cards(request, pk):
    """New login cards for pupils who have not logged in yet (all, or those ticked): printing a card again
    means a new one-time password, since none is kept in clear."""
    classroom = _class(request, pk)
    chosen = [parse_id(x) for x in request.POST.getlist("student")]
    if None in chosen:
        messages.error(request, _("Choose pupils of this class."))
        return _to_class(classroom, "#pupils")
    try:
        pairs = services.login_cards_issue(classroom=classroom, by=request.user, student_ids=chosen or None)
    except DomainError as exc:
        _refused(request, exc)
        return _to_class(classroom, "#pupils")
    return _cards_response(classroom, pairs)


@teacher_required
def student_page(request, pk, student_id):
    classroom = _class(request, pk)
    try:
        membership = selectors.membership_of(classroom=classroom, student_id=student_id)
    except NotFound as exc:
        raise Http404 from exc
    if request.method == "POST":
        try:
            password = services.pupil_password_reset(
                classroom=classroom, by=request.user, student_id=student_id
            )
        except DomainError as exc:
            _refused(request, exc)
        else:
            return _cards_response(classroom, [(membership.student, password)])
    return render(
        request,
        "classrooms/student.html",
        {
            "classroom": classroom,
            "membership": membership,
            "student": membership.student,
            "history": selectors.student_history(classroom=classroom, student_id=student_id),
            "profile": selectors.profile_of(user=membership.student),
        },
    )


# ---- assignments and results --------------------------------------------------------------------------------


@teacher_required
def assign(request, pk):
    classroom = _class(request, pk)
    options = selectors.content_choices(classroom=classroom)
    students = [
        (str(m.student_id), m.student.display_name) for m in selectors.members_of(classroom=classroom)
    ]
    form = AssignmentForm(
        request.POST or None,
        choices=AssignmentForm.content_choices(options),
        students=students,
        initial={"content": request.GET.get("content", "")},
    )
    if request.method == "POST" and form.is_valid():
        kind, content_id = form.content_parts()
        chosen = [int(x) for x in form.cleaned_data["students"]] or None
        try:
            services.assignment_create(
                classroom=classroom,
                by=request.user,
                kind=kind,
                content_id=content_id,
                student_ids=chosen,
                starts_at=form.cleaned_data["starts_at"],
                due_at=form.cleaned_data["due_at"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            _refused(request, exc, form)
        else:
            messages.success(request, _("Assigned. The pupils have been told."))
            return _to_class(classroom, "#assignments")
    return render(request, "classrooms/assign.html", {"classroom": classroom, "form": form})


@teacher_required
@require_POST
def assignment_delete(request, pk, assignment_id):
    classroom = _class(request, pk)
    assignment = next(
        (a for a in selectors.assignments_of(classroom=classroom) if a.pk == assignment_id), None
    )
    if assignment is None:
        raise Http404
    _act(
        request,
        lambda: services.assignment_delete(assignment=assignment, by=request.user),
        _("The assignment has been removed."),
    )
    return _to_class(classroom, "#assignments")


@teacher_required
@require_GET
def report(request, pk):
    classroom = _class(request, pk)
    matrix = selectors.class_matrix(classroom=classroom)
    header, rows = exporting.matrix_table(matrix)
    return render(
        request,
        "classrooms/report.html",
        {
            "classroom": classroom,
            "matrix": matrix,
            "header": header,
            "table": list(zip(matrix.students, rows, [cells for _s, cells in matrix.rows()], strict=True)),
            "completion_chart": charts.completion_over_time(matrix),
            "score_chart": charts.score_distribution(matrix),
            "quiz_columns": [c for c in matrix.columns if c.assignment.kind == AssignmentKind.QUIZ],
        },
    )


@teacher_required
@require_GET
def export(request, pk, what, fmt):
    classroom = _class(request, pk)
    if fmt not in exporting.FORMATS or what not in ("report", "answers"):
        raise Http404
    if what == "report":
        header, rows = exporting.matrix_table(selectors.class_matrix(classroom=classroom))
    else:
        header, rows = exporting.answers_table(classroom)
    content = exporting.table_file(header, rows, fmt, classroom.name)
    response = HttpResponse(content, content_type=exporting.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{exporting.export_filename(classroom, what, fmt)}"'
    )
    return response


@teacher_required
def quiz_report(request, pk, quiz_id):
    """Difficult questions of one quiz, and reteach: a practice quiz of the chosen ones for those who missed them."""
    classroom = _class(request, pk)
    try:
        quiz = selectors.quiz_in_class(classroom=classroom, quiz_id=quiz_id)
    except NotFound as exc:
        raise Http404 from exc
    stats = selectors.difficult_questions(classroom=classroom, quiz=quiz)
    names = {m.student_id: m.student.display_name for m in selectors.members_of(classroom=classroom)}
    for item in stats:
        item.missed_names = [names[pk] for pk in item.missed_by if pk in names]
    choices = [(s.question.id, s.question.text) for s in stats]
    form = ReteachForm(request.POST or None, questions=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.reteach_create(
                classroom=classroom,
                by=request.user,
                quiz_id=quiz.pk,
                question_ids=form.cleaned_data["questions"],
                due_at=form.cleaned_data["due_at"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            _refused(request, exc, form)
        else:
            messages.success(
                request, _("The practice quiz is assigned to the pupils who missed these questions.")
            )
            return _to_class(classroom, "#assignments")
    return render(
        request,
        "classrooms/quiz_report.html",
        {
            "classroom": classroom,
            "quiz": quiz,
            "stats": stats,
            "form": form,
        },
    )


# ---- the pupil's pages --------------------------------------------------------------------------------------


@login_required
@require_GET
def my_assignments(request):
    """Served from the pupil's own cache until a class, their work or their settings change, or an assignment
    of theirs starts or falls due (cache.py), except while new notices are to be shown (they are shown once: a
    new notice moves the pupil's version on, so no cached page hides it); never with messages waiting, nor
    before the CSRF cookie is set. A page from the cache costs no query of its own."""
    csrf = request.COOKIES.get("csrftoken", "")[:64]
    now = timezone.now()
    key = None
    if csrf and request.method == "GET" and "messages" not in request.COOKIES:
        user = request.user
        key = cache.fingerprint(
            # The page shows whether the pupil has an e-mail address: a change of it is a new page.
            scope=f"my:{user.pk}:{request.LANGUAGE_CODE}:{csrf}:{int(bool(user.email))}",
            student_ids=[user.pk],
            per_minute=False,
        )
        cached = cache.get(key)
        if cached is not None and (cached[1] is None or now < cached[1]):
            return HttpResponse(cached[0])
    notices = selectors.notices_unread(user=request.user)
    if notices:
        key = None  # shown this once
    items = selectors.my_assignments(user=request.user, now=now)
    if notices:
        services.notices_mark_read(user=request.user, ids=[n.pk for n in notices])
    profile = services.profile_for(request.user)
    response = render(
        request,
        "classrooms/my_assignments.html",
        {
            "items": items,
            "notices": notices,
            "memberships": selectors.my_classes(user=request.user),
            "join_form": JoinForm(),
            "email_form": EmailFrequencyForm(initial={"email_frequency": profile.email_frequency}),
            "calendar_url": absolute_url(reverse("classrooms_feed:calendar", args=[profile.calendar_token])),
        },
    )
    if key is not None:
        until = selectors.my_assignments_next_change(user=request.user, now=now)
        cache.put(key, (response.content, until))
    return response


@login_required
def join(request):
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.class_join(student=request.user, code=form.cleaned_data["code"])
        except DomainError as exc:
            _refused(request, exc, form)
        else:
            if membership.status == MembershipStatus.PENDING:
                messages.success(
                    request,
                    _("Your teacher will approve your place in %(name)s.")
                    % {"name": membership.classroom.name},
                )
            else:
                messages.success(
                    request, _("You have joined %(name)s.") % {"name": membership.classroom.name}
                )
            return redirect("classrooms:my_assignments")
    return render(request, "classrooms/join.html", {"form": form})


@login_required
def my_assignment(request, pk):
    """One assignment: a link to the lesson, module or quiz; a practice quiz is taken right here."""
    try:
        assignment = selectors.my_assignment(user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404 from exc
    state = None
    result = None
    if assignment.practice:
        quiz = assignment.quiz
        if request.method == "POST":
            try:
                attempt = course_services.quiz_attempt_submit(
                    user=request.user, quiz=quiz, answers=scoring.form_answers(request.POST, quiz)
                )
            except (ValidationError, DomainError) as exc:
                messages.error(request, error_message(exc))
            else:
                return redirect(
                    reverse("classrooms:my_assignment", args=[pk]) + f"?attempt={attempt.pk}#result"
                )
        state = course_selectors.quiz_states(user=request.user, quizzes=[quiz])[quiz.pk]
        attempt_id = request.GET.get("attempt", "")
        attempt = next((a for a in state.attempts if str(a.pk) == attempt_id), None)
        if attempt is not None:
            result = course_selectors.attempt_result(attempt=attempt, quiz=quiz, reveal=state.reveal)
    link = None
    if assignment.kind == AssignmentKind.LESSON:
        link = assignment.lesson.get_url(request)
    elif assignment.kind == AssignmentKind.MODULE:
        link = assignment.module.get_url(request)
    elif not assignment.practice:
        lesson = selectors.lesson_of_quiz(quiz=assignment.quiz)
        link = f"{lesson.get_url(request)}#quiz-{assignment.quiz_id}" if lesson else None
    item = next(
        (i for i in selectors.my_assignments(user=request.user) if i.assignment.pk == assignment.pk), None
    )
    return render(
        request,
        "classrooms/my_assignment.html",
        {"assignment": assignment, "link": link, "st": state, "result": result, "item": item},
    )


@login_required
@require_POST
def my_settings(request):
    form = EmailFrequencyForm(request.POST)
    if form.is_valid():
        profile = services.profile_for(request.user)
        profile.email_frequency = form.cleaned_data["email_frequency"]
        profile.save(update_fields=["email_frequency"])
        messages.success(request, _("Saved."))
    return redirect("classrooms:my_assignments")


@login_required
@require_POST
def calendar_reset(request):
    services.calendar_token_reset(user=request.user)
    messages.success(request, _("Your calendar has a new secret address; the old one no longer works."))
    return redirect(reverse("classrooms:my_assignments") + "#calendar")


@login_required
def password_set(request):
    """First log-in with a one-time password (or after a teacher's reset): the pupil chooses their own."""
    form = PasswordSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pupil_password_set(user=request.user, **form.cleaned_data)
        except Invalid as exc:
            _refused(request, exc, form)
        else:
            update_session_auth_hash(request, request.user)
            request.session.pop(SESSION_FLAG, None)
            messages.success(
                request, _("Your password is set. Remember it: you will log in with it from now on.")
            )
            target = request.GET.get("next", "")
            if not (
                target.startswith("/")
                and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
            ):
                target = reverse("classrooms:my_assignments")
            return redirect(target)
    return render(request, "classrooms/password_set.html", {"form": form})


@require_GET
def calendar_feed(request, token):
    """A person's due dates as an iCalendar feed; the secret in the address is the only key (no log-in)."""
    profile = selectors.profile_by_calendar_token(token=token)
    if profile is None:
        raise Http404
    response = HttpResponse(ical.calendar_for(user=profile.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="civic.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
