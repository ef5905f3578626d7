import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from accounts import roles
from alumni.models import AlumniRecord
from camps import services
from camps.models import Application, Attendance, Certificate, Consent, Question, Status, StatusChange
from config.api.errors import Conflict
from core import personal_data
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    QuestionFactory,
    StudentFactory,
    birth_date_for_age,
)

pytestmark = pytest.mark.django_db


def _data(cohort, age=19, **extra):
    data = {
        "full_name": "Айбек Осмонов",
        "date_of_birth": birth_date_for_age(age, cohort.starts_on),
        "region": "naryn",
        "school": "Нарын мамлекеттик университети",
        "contact_phone": "+996 555 000 111",
        "contact_email": "aibek@example.org",
    }
    data.update(extra)
    return data


def _submit(cohort, user=None, age=19, answers=None, **kwargs):
    user = user or StudentFactory()
    return services.application_submit(
        cohort=cohort,
        applicant=user,
        data=_data(cohort, age, contact_email=user.email),
        answers=answers or {},
        **kwargs,
    )


def test_submit_logs_and_emails_in_the_applicants_language(
    cohort, question, django_capture_on_commit_callbacks
):
    user = StudentFactory(preferred_language="ky")
    with django_capture_on_commit_callbacks(execute=True):
        application = _submit(
            cohort, user, answers={str(question.pk): "Шайлоо тууралуу билгим келет"}, photo_consent=True
        )
    assert application.status == Status.SUBMITTED
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.changed_by) == ("", Status.SUBMITTED, user)
    assert [c.kind for c in application.consents.all()] == [Consent.Kind.PHOTOS]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "арызыңызды алдык" in mail.outbox[0].body  # Kyrgyz


def test_no_email_when_the_transaction_rolls_back(cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _submit(cohort)
    assert len(callbacks) == 1  # sent only on commit
    assert mail.outbox == []


def test_minor_needs_a_reachable_guardian_and_awaits_their_consent(
    cohort, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as exc:
        _submit(cohort, age=16)
    assert {"guardian_name", "guardian_contact"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(
            cohort=cohort,
            applicant=StudentFactory(),
            data=_data(cohort, 16, guardian_name="Гүлнара Осмонова", guardian_contact="апасы"),
            answers={},
        )
    assert set(exc.value.message_dict) == {"guardian_contact"}
    assert not Application.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(
            cohort=cohort,
            applicant=StudentFactory(),
            data=_data(
                cohort,
                16,
                guardian_name="Гүлнара Осмонова",
                guardian_contact="gulnara@example.org",
                guardian_language="ru",
            ),
            answers={},
            photo_consent=True,  # the applicant's tick is not the guardian's: nothing is recorded
        )
    assert application.status == Status.AWAITING_GUARDIAN
    assert not application.consents.exists()
    assert application.guardian_link_version == 1 and application.guardian_link_sent_at is not None
    guardian_mail = next(m for m in mail.outbox if m.to == ["gulnara@example.org"])
    assert "согласие" in guardian_mail.subject  # in the language the applicant chose for the guardian
    assert "/ru/camps/guardian/" in guardian_mail.body


def test_age_range_is_checked_at_the_cohorts_start(cohort):
    with pytest.raises(ValidationError) as exc:
        _submit(cohort, age=30)
    assert "date_of_birth" in exc.value.message_dict


def test_closed_and_twice_are_conflicts(cohort, organiser):
    closed = CohortFactory(
        applications_close_at=timezone.now() - dt.timedelta(minutes=1),
        applications_open_at=timezone.now() - dt.timedelta(days=3),
    )
    with pytest.raises(Conflict):
        _submit(closed)
    user = StudentFactory()
    _submit(cohort, user)
    with pytest.raises(Conflict):
        _submit(cohort, user)
    assert Application.objects.filter(cohort=cohort).count() == 1


def test_late_applicants_join_the_waiting_list_in_the_order_they_came(cohort, organiser):
    for _ in range(2):
        a = _submit(cohort)
        services.application_decide(application=a, by=organiser, decision="accept")
    late = [_submit(cohort) for _ in range(3)]
    assert [a.status for a in late] == [Status.WAITLISTED] * 3
    positions = dict(
        Application.objects.filter(cohort=cohort)
        .with_waiting_position()
        .values_list("pk", "waiting_position")
    )
    assert [positions[a.pk] for a in late] == [1, 2, 3]
    assert StatusChange.objects.filter(
        application=late[0], from_status="", to_status=Status.WAITLISTED
    ).exists()
    accepted = Application.objects.filter(cohort=cohort, status=Status.ACCEPTED).first()
    services.application_withdraw(application=accepted, by=accepted.applicant)
    late[0].refresh_from_db()
    assert late[0].status == Status.OFFERED  # the first who came is offered the freed place
    positions = dict(
        Application.objects.filter(cohort=cohort)
        .with_waiting_position()
        .values_list("pk", "waiting_position")
    )
    assert [positions[a.pk] for a in late] == [None, 1, 2]


def test_withdrawn_person_may_apply_again(cohort):
    user = StudentFactory()
    first = _submit(cohort, user)
    services.application_withdraw(application=first, by=user)
    second = _submit(cohort, user)
    assert second.pk != first.pk


def _expired(cohort, organiser, user=None):
    """An application whose offer lapsed: wait-listed, offered a freed place, never confirmed."""
    holder = _submit(cohort)
    services.application_decide(application=holder, by=organiser, decision="accept")
    application = _submit(cohort, user)
    services.application_decide(application=application, by=organiser, decision="waitlist")
    services.application_withdraw(application=holder, by=holder.applicant)
    Application.objects.filter(pk=application.pk).update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert services.offers_expire() == 1
    application.refresh_from_db()
    assert application.status == Status.EXPIRED
    return application


def test_expired_person_may_apply_again_while_the_cohort_is_open(cohort, organiser):
    user = StudentFactory()
    first = _expired(cohort, organiser, user)
    assert services.places_taken(cohort=cohort) == 0  # an expired offer holds no place
    second = _submit(cohort, user)
    assert second.pk != first.pk and second.status == Status.SUBMITTED
    with pytest.raises(Conflict):
        _submit(cohort, user)  # but only one active application at a time
    assert Application.objects.filter(cohort=cohort, applicant=user).count() == 2


def test_expired_person_cannot_apply_again_once_the_cohort_has_closed(cohort, organiser):
    user = StudentFactory()
    _expired(cohort, organiser, user)
    cohort.applications_close_at = timezone.now() - dt.timedelta(minutes=1)
    cohort.save()
    with pytest.raises(Conflict):
        _submit(cohort, user)


def test_expired_application_cannot_be_confirmed_withdrawn_edited_or_decided_on(cohort, organiser):
    application = _expired(cohort, organiser)
    user = application.applicant
    changes = StatusChange.objects.filter(application=application).count()
    with translation.override("en"), pytest.raises(Conflict, match="The offer has expired"):
        services.application_confirm(application=application, by=user)
    with pytest.raises(Conflict):
        services.application_withdraw(application=application, by=user)
    with pytest.raises(Conflict):
        services.application_update(application=application, by=user, data={"school": "Башка мектеп"})
    for decision in ("accept", "waitlist", "reject"):
        with pytest.raises(Conflict):
            services.application_decide(application=application, by=organiser, decision=decision)
    application.refresh_from_db()
    assert application.status == Status.EXPIRED and application.school != "Башка мектеп"
    assert StatusChange.objects.filter(application=application).count() == changes


def test_answers_are_checked_against_the_questions(cohort):
    single = QuestionFactory(cohort=cohort, kind=Question.Kind.SINGLE_CHOICE, choices="Ооба\nЖок")
    multi = QuestionFactory(
        cohort=cohort, kind=Question.Kind.MULTIPLE_CHOICE, choices="А\nБ\nВ", required=False
    )
    with pytest.raises(ValidationError) as exc:
        _submit(cohort, answers={str(single.pk): "Балким"})
    assert f"answers.{single.pk}" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _submit(cohort, answers={})
    application = _submit(cohort, answers={str(single.pk): "Ооба", str(multi.pk): ["А", "В"]})
    assert application.answers == {str(single.pk): "Ооба", str(multi.pk): ["А", "В"]}


def test_edit_only_while_window_open(cohort):
    user = StudentFactory()
    application = _submit(cohort, user)
    services.application_update(application=application, by=user, data={"school": "Жаңы мектеп"})
    application.refresh_from_db()
    assert application.school == "Жаңы мектеп"
    cohort.applications_close_at = timezone.now() - dt.timedelta(seconds=1)
    cohort.applications_open_at = timezone.now() - dt.timedelta(days=2)
    cohort.save()
    application.refresh_from_db()
    with pytest.raises(Conflict):
        services.application_update(application=application, by=user, data={"school": "Башка"})
    with pytest.raises(PermissionDenied):
        services.application_update(application=application, by=StudentFactory(), data={})


def test_accept_never_exceeds_capacity_and_bulk_is_all_or_nothing(cohort, organiser):
    apps = [_submit(cohort) for _ in range(3)]
    with pytest.raises(Conflict):
        services.applications_decide(
            cohort=cohort, application_ids=[a.pk for a in apps], by=organiser, decision="accept"
        )
    assert not Application.objects.filter(status=Status.ACCEPTED).exists()
    services.applications_decide(
        cohort=cohort,
        application_ids=[apps[0].pk, apps[1].pk],
        by=organiser,
        decision="accept",
        message="Welcome",
    )
    with pytest.raises(Conflict):
        services.application_decide(application=apps[2], by=organiser, decision="accept")
    services.application_decide(application=apps[2], by=organiser, decision="waitlist")
    apps[2].refresh_from_db()
    assert apps[2].status == Status.WAITLISTED and apps[2].waitlisted_at
    change = StatusChange.objects.filter(application=apps[0]).last()
    assert (change.from_status, change.to_status, change.changed_by, change.message) == (
        Status.SUBMITTED,
        Status.ACCEPTED,
        organiser,
        "Welcome",
    )


def test_only_the_cohorts_organisers_decide(cohort, other_organiser):
    application = _submit(cohort)
    with pytest.raises(PermissionDenied):
        services.application_decide(application=application, by=other_organiser, decision="accept")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_withdrawal_offers_the_place_to_the_first_waitlisted(
    cohort, organiser, django_capture_on_commit_callbacks
):
    accepted = [_submit(cohort) for _ in range(2)]
    ru_user = StudentFactory(preferred_language="ru")
    first = _submit(cohort, ru_user)
    second = _submit(cohort)
    services.applications_decide(
        cohort=cohort, application_ids=[a.pk for a in accepted], by=organiser, decision="accept"
    )
    services.application_decide(application=first, by=organiser, decision="waitlist")
    services.application_decide(application=second, by=organiser, decision="waitlist")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(application=accepted[0], by=accepted[0].applicant)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.OFFERED
    assert first.offer_expires_at > timezone.now() + dt.timedelta(days=cohort.offer_days) - dt.timedelta(
        minutes=1
    )
    assert second.status == Status.WAITLISTED
    offer_mail = [m for m in mail.outbox if m.to == [first.contact_email]][0]
    assert "Место" in offer_mail.body or "место" in offer_mail.body  # Russian
    log = StatusChange.objects.filter(application=first).last()
    assert (log.from_status, log.to_status, log.changed_by) == (Status.WAITLISTED, Status.OFFERED, None)


def test_expired_offer_moves_on_and_command_is_idempotent(
    cohort, organiser, django_capture_on_commit_callbacks
):
    accepted = [_submit(cohort) for _ in range(2)]
    first, second = _submit(cohort, StudentFactory(preferred_language="en")), _submit(cohort)
    services.applications_decide(
        cohort=cohort, application_ids=[a.pk for a in accepted], by=organiser, decision="accept"
    )
    services.applications_decide(
        cohort=cohort, application_ids=[first.pk, second.pk], by=organiser, decision="waitlist"
    )
    services.application_withdraw(application=accepted[0], by=accepted[0].applicant)
    first.refresh_from_db()
    assert first.status == Status.OFFERED
    Application.objects.filter(pk=first.pk).update(offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(Conflict):
        services.application_confirm(application=first, by=first.applicant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_offers")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.EXPIRED and first.offer_expires_at is None
    assert second.status == Status.OFFERED
    log = StatusChange.objects.filter(application=first).last()
    assert (log.from_status, log.to_status, log.changed_by) == (Status.OFFERED, Status.EXPIRED, None)
    [expired_mail] = [m for m in mail.outbox if m.to == [first.contact_email]]
    assert "Offer expired" in expired_mail.subject
    assert "was not confirmed in time" in expired_mail.body and "apply again" in expired_mail.body
    assert "withdrawn" not in expired_mail.body.lower()
    assert [m.to for m in mail.outbox if m.to != [first.contact_email]] == [[second.contact_email]]
    assert services.offers_expire() == 0
    services.application_confirm(application=second, by=second.applicant)
    second.refresh_from_db()
    assert second.status == Status.CONFIRMED


def _running_cohort(organiser, n=2):
    cohort = CohortFactory(organisers=[organiser], capacity=5)
    apps = [ApplicationFactory(cohort=cohort, status=Status.CONFIRMED) for _ in range(n)]
    return cohort, apps


def test_attendance_marks_days_and_moves_to_attended(organiser):
    cohort, (a, b) = _running_cohort(organiser)
    services.attendance_mark(
        cohort=cohort, by=organiser, day=cohort.starts_on, present_ids={a.pk}, notes={b.pk: "ооруп калды"}
    )
    assert Attendance.objects.get(application=a, day=cohort.starts_on).present
    record_b = Attendance.objects.get(application=b, day=cohort.starts_on)
    assert not record_b.present and record_b.note == "ооруп калды"
    a.refresh_from_db()
    assert a.status == Status.ATTENDED
    services.attendance_mark(cohort=cohort, by=organiser, day=cohort.starts_on, present_ids={a.pk, b.pk})
    assert Attendance.objects.filter(day=cohort.starts_on, present=True).count() == 2
    with pytest.raises(ValidationError):
        services.attendance_mark(
            cohort=cohort, by=organiser, day=cohort.ends_on + dt.timedelta(days=1), present_ids=set()
        )


def test_graduation_makes_alumni_with_certificates(organiser):
    cohort, (a, b) = _running_cohort(organiser)
    services.attendance_mark(cohort=cohort, by=organiser, day=cohort.starts_on, present_ids={a.pk})
    with pytest.raises(Conflict):
        services.cohort_graduate(cohort=cohort, by=organiser, application_ids=[a.pk, b.pk])
    assert not Certificate.objects.exists()
    (certificate,) = services.cohort_graduate(cohort=cohort, by=organiser, application_ids=[a.pk])
    a.refresh_from_db()
    assert a.status == Status.GRADUATED
    assert certificate.holder_name == a.full_name and certificate.language == "ky"
    record = AlumniRecord.objects.get(user=a.applicant)
    assert (record.cohort, record.programme_id, record.year) == (
        cohort,
        cohort.programme_id,
        cohort.ends_on.year,
    )
    a.applicant.refresh_from_db()
    assert a.applicant.has_role(roles.ALUMNUS)


def test_erasure_anonymises_but_keeps_the_counts(cohort, organiser):
    user = StudentFactory()
    application = _submit(cohort, user, photo_consent=True)
    services.application_decide(application=application, by=organiser, decision="accept")
    personal_data.personal_data_erase(user=user)
    application.refresh_from_db()
    user.refresh_from_db()
    assert application.full_name == "—" and application.contact_email == "" and application.answers == {}
    assert application.status == Status.WITHDRAWN and application.region == "naryn"
    assert application.date_of_birth.month == 1 and application.date_of_birth.day == 1
    assert user.username == f"erased-{user.pk}" and not user.is_active and user.email == ""
    assert Application.objects.filter(cohort=cohort).count() == 1


def test_retention_purge_is_idempotent(organiser):
    old = CohortFactory(
        organisers=[organiser],
        starts_on=timezone.localdate() - dt.timedelta(days=400),
        ends_on=timezone.localdate() - dt.timedelta(days=395),
        applications_open_at=timezone.now() - dt.timedelta(days=500),
        applications_close_at=timezone.now() - dt.timedelta(days=450),
        retention_days=365,
    )
    recent = CohortFactory(organisers=[organiser])
    old_app = ApplicationFactory(
        cohort=old, guardian_name="Ата-эне", guardian_contact="+996", answers={"1": "x"}
    )
    new_app = ApplicationFactory(cohort=recent, guardian_name="Ата-эне", answers={"1": "y"})
    call_command("purge_expired_personal_data")
    old_app.refresh_from_db()
    new_app.refresh_from_db()
    assert old_app.answers == {} and old_app.guardian_name == "" and old_app.personal_data_purged_at
    assert new_app.answers == {"1": "y"} and new_app.guardian_name == "Ата-эне"
    assert services.personal_data_purge_expired() == 0
