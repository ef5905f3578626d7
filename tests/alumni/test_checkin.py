"""Check-in codes: signatures (the pure core), marking attendance once, refusing codes of other events, forged,
unknown or repeated ones; the organiser pages and exports."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from alumni import checkin, services
from alumni.models import RS, Registration
from core.errors import Conflict, Invalid, NotAllowed, NotFound
from tests.factories import ForumEventFactory, OrganiserFactory, graduate

from .conftest import client_for

KEY = "00" * 32


def test_a_code_verifies_with_its_events_key_only():
    code = checkin.code_make(key_hex=KEY, event_id=7, registration_id=42)
    assert code.startswith("CV1.7.42.")
    assert checkin.code_check(code, event_id=7, key_hex=KEY) == 42
    with pytest.raises(checkin.CodeError) as exc:
        checkin.code_check(code, event_id=8, key_hex=KEY)
    assert exc.value.kind == "other_event"
    with pytest.raises(checkin.CodeError) as exc:
        checkin.code_check(code, event_id=7, key_hex="11" * 32)
    assert exc.value.kind == "forged"
    forged = code.rsplit(".", 1)[0].replace(".42", ".43") + "." + code.rsplit(".", 1)[1]
    with pytest.raises(checkin.CodeError) as exc:
        checkin.code_check(forged, event_id=7, key_hex=KEY)
    assert exc.value.kind == "forged"
    with pytest.raises(checkin.CodeError) as exc:
        checkin.code_check("hello", event_id=7, key_hex=KEY)
    assert exc.value.kind == "malformed"


def test_the_signature_is_the_hmac_the_page_computes():
    import base64
    import hashlib
    import hmac

    mac = hmac.new(bytes.fromhex(KEY), b"7.42", hashlib.sha256).digest()
    assert checkin.signature(KEY, 7, 42) == base64.urlsafe_b64encode(mac).decode()[:22]


def test_qr_code_is_an_svg():
    svg = checkin.qr_svg("CV1.1.2.abc")
    assert svg.startswith("<svg") and "</svg>" in svg


@pytest.fixture
def running(db):
    organiser = OrganiserFactory()
    event = ForumEventFactory(
        organisers=[organiser],
        starts_at=timezone.now() - dt.timedelta(hours=1),
        registration_opens_at=timezone.now() - dt.timedelta(days=5),
        registration_closes_at=timezone.now() - dt.timedelta(hours=2),
    )
    user = graduate()
    registration = Registration.objects.create(event=event, user=user, status=RS.CONFIRMED)
    return organiser, event, registration


@pytest.mark.django_db
def test_checkin_marks_attendance_once_and_says_when_repeated(running):
    organiser, event, registration = running
    code = checkin.code_for(registration)
    done = services.checkin_mark(event=event, by=organiser, code=code)
    assert done.status == RS.ATTENDED and done.checked_in_by == organiser
    with pytest.raises(Conflict) as exc:
        services.checkin_mark(event=event, by=organiser, code=code)
    assert exc.value.code == "already_checked_in"


@pytest.mark.django_db
def test_checkin_refuses_other_events_forged_and_unknown_codes(running):
    organiser, event, registration = running
    other = ForumEventFactory(organisers=[organiser])
    foreign = Registration.objects.create(event=other, user=graduate(), status=RS.CONFIRMED)
    with pytest.raises(Invalid) as exc:
        services.checkin_mark(event=event, by=organiser, code=checkin.code_for(foreign))
    assert exc.value.code == "other_event"
    forged = checkin.code_make(key_hex="ab" * 32, event_id=event.pk, registration_id=registration.pk)
    with pytest.raises(Invalid) as exc:
        services.checkin_mark(event=event, by=organiser, code=forged)
    assert exc.value.code == "forged"
    unknown = checkin.code_make(key_hex=event.checkin_key, event_id=event.pk, registration_id=999999)
    with pytest.raises(NotFound):
        services.checkin_mark(event=event, by=organiser, code=unknown)
    registration.refresh_from_db()
    assert registration.status == RS.CONFIRMED


@pytest.mark.django_db
def test_only_the_events_organisers_check_in(running):
    _organiser, event, registration = running
    with pytest.raises(NotAllowed):
        services.checkin_mark(event=event, by=OrganiserFactory(), code=checkin.code_for(registration))


@pytest.mark.django_db
def test_a_waitlisted_person_has_no_place_at_the_door(running):
    organiser, event, _registration = running
    waiting = Registration.objects.create(
        event=event, user=graduate(), status=RS.WAITLISTED, waitlisted_at=timezone.now()
    )
    with pytest.raises(Conflict) as exc:
        services.checkin_mark(event=event, by=organiser, code=checkin.code_for(waiting))
    assert exc.value.code == "no_place"


@pytest.mark.django_db
def test_an_offline_scan_keeps_its_time(running):
    organiser, event, registration = running
    scanned = timezone.now() - dt.timedelta(minutes=20)
    done = services.checkin_mark(
        event=event, by=organiser, code=checkin.code_for(registration), scanned_at=scanned
    )
    assert done.checked_in_at == scanned


@pytest.mark.django_db
def test_api_checkin_answers_in_one_error_shape(running):
    organiser, event, registration = running
    api = client_for(organiser)
    url = f"/api/v1/events/{event.pk}/checkin/"
    response = api.post(url, {"code": checkin.code_for(registration)}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "attended"
    response = api.post(url + "?lang=en", {"code": checkin.code_for(registration)}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "already_checked_in"
    response = api.post(url, {"code": "CV1.1.1.x"}, format="json")
    assert response.status_code == 400
    stranger = client_for(graduate())
    assert stranger.post(url, {"code": checkin.code_for(registration)}, format="json").status_code == 403


@pytest.mark.django_db
def test_an_offline_scan_at_the_edge_of_the_calendar_is_a_400_and_checks_nobody_in(running):
    organiser, event, registration = running
    response = client_for(organiser).post(
        f"/api/v1/events/{event.pk}/checkin/?lang=ru",
        {"code": checkin.code_for(registration), "scanned_at": "0001-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "scanned_at": ["Значение даты и времени вне допустимого диапазона."]
    }
    registration.refresh_from_db()
    assert registration.status == RS.CONFIRMED


@pytest.mark.django_db
def test_checkin_page_holds_the_key_and_roster_for_organisers_only(client, running):
    organiser, event, registration = running
    url = f"/ky/alumni/organise/events/{event.pk}/checkin/"
    client.force_login(graduate())
    assert client.get(url).status_code == 403
    client.force_login(organiser)
    body = client.get(url).content.decode()
    assert event.checkin_key in body and "vendor/jsqr/jsQR.js" in body and "alumni/checkin.js" in body
    assert f'"{registration.pk}"' in body


@pytest.mark.django_db
def test_attendance_exports_as_csv_and_xlsx(client, running):
    import io

    organiser, event, registration = running
    services.checkin_mark(event=event, by=organiser, code=checkin.code_for(registration))
    client.force_login(organiser)
    csv = client.get(f"/en/alumni/organise/events/{event.pk}/attendance.csv").content.decode("utf-8-sig")
    assert "Attended" in csv and registration.user.email in csv
    xlsx = client.get(f"/en/alumni/organise/events/{event.pk}/attendance.xlsx").content
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert rows[1][0] == registration.pk and rows[1][3] == "Attended"
    client.force_login(OrganiserFactory())
    assert client.get(f"/en/alumni/organise/events/{event.pk}/attendance.csv").status_code == 403


@pytest.mark.parametrize(
    "kind, message",
    [
        ("malformed", "This is not a Civic check-in code."),
        ("other_event", "This code is for another event."),
        ("forged", "This code is not valid: its signature does not match."),
    ],
)
def test_each_refused_code_says_why_on_the_scanner_and_by_the_code_field(kind, message):
    from django.utils import translation

    from alumni.services.checkin import code_refusal

    with translation.override("en"):
        refusal = code_refusal(kind)
    assert (refusal.message, refusal.fields, refusal.code) == (message, {"code": [message]}, kind)


def _refusal(error, **kwargs):
    """What an organiser reads (in English) and the code the scanner gets, for a refused check-in."""
    with translation.override("en"), pytest.raises(error) as exc:
        services.checkin_mark(**kwargs)
    return exc.value.message, exc.value.code


def _event_with_place(**times):
    organiser = OrganiserFactory()
    event = ForumEventFactory(organisers=[organiser], **times)
    registration = Registration.objects.create(event=event, user=graduate(), status=RS.CONFIRMED)
    return organiser, event, registration


@pytest.mark.django_db
def test_a_stranger_is_told_that_only_organisers_check_people_in(running):
    _organiser, event, registration = running
    refusal = _refusal(NotAllowed, event=event, by=OrganiserFactory(), code=checkin.code_for(registration))
    assert refusal == ("Only this event's organisers can check people in.", "permission_denied")


@pytest.mark.django_db
def test_check_in_opens_a_day_before_the_event():
    organiser, event, registration = _event_with_place(starts_at=timezone.now() + dt.timedelta(days=3))
    refusal = _refusal(Conflict, event=event, by=organiser, code=checkin.code_for(registration))
    assert refusal == ("Check-in opens a day before the event.", "checkin_not_open")
    registration.refresh_from_db()
    assert registration.status == RS.CONFIRMED


@pytest.mark.django_db
def test_an_offline_scan_in_the_first_moment_of_check_in_keeps_its_time():
    organiser, event, registration = _event_with_place(starts_at=timezone.now() + dt.timedelta(hours=12))
    opening = event.starts_at - dt.timedelta(days=1)
    done = services.checkin_mark(
        event=event, by=organiser, code=checkin.code_for(registration), scanned_at=opening
    )
    assert (done.status, done.checked_in_at) == (RS.ATTENDED, opening)


@pytest.mark.django_db
def test_check_in_closes_two_days_after_the_event():
    start = timezone.now() - dt.timedelta(days=3)
    organiser, event, registration = _event_with_place(
        starts_at=start,
        ends_at=start + dt.timedelta(hours=6),
        registration_opens_at=start - dt.timedelta(days=9),
        registration_closes_at=start - dt.timedelta(days=1),
    )
    refusal = _refusal(Conflict, event=event, by=organiser, code=checkin.code_for(registration))
    assert refusal == ("Check-in for this event has closed.", "checkin_closed")
    closing = event.ends_at + dt.timedelta(days=2)
    done = services.checkin_mark(
        event=event, by=organiser, code=checkin.code_for(registration), scanned_at=closing
    )
    assert (done.status, done.checked_in_at) == (RS.ATTENDED, closing)


@pytest.mark.django_db
def test_a_code_signed_for_this_event_but_naming_another_events_registration_is_unknown(running):
    organiser, event, _registration = running
    foreign = Registration.objects.create(event=ForumEventFactory(), user=graduate(), status=RS.CONFIRMED)
    code = checkin.code_make(key_hex=event.checkin_key, event_id=event.pk, registration_id=foreign.pk)
    refusal = _refusal(NotFound, event=event, by=organiser, code=code)
    assert refusal == ("Unknown code: there is no such registration for this event.", "unknown")
    foreign.refresh_from_db()
    assert foreign.status == RS.CONFIRMED


@pytest.mark.django_db
def test_a_repeated_code_says_at_what_time_and_whom_it_checked_in(running):
    organiser, event, registration = running
    scanned = timezone.localtime(timezone.now() - dt.timedelta(hours=2)).replace(
        minute=7, second=0, microsecond=0
    )
    services.checkin_mark(event=event, by=organiser, code=checkin.code_for(registration), scanned_at=scanned)
    with translation.override("ru"), pytest.raises(Conflict) as exc:
        services.checkin_mark(event=event, by=organiser, code=checkin.code_for(registration))
    name = registration.user.display_name
    # Russian writes the hour without a leading zero (Django's ru TIME_FORMAT "G:i"): 0:07, 9:07, 14:07.
    assert exc.value.message == f"Прибытие уже отмечено в {scanned.hour}:07: {name}."
    assert exc.value.code == "already_checked_in"


@pytest.mark.django_db
def test_someone_without_a_confirmed_place_is_named_with_their_status(running):
    organiser, event, _registration = running
    waiting = Registration.objects.create(
        event=event, user=graduate(), status=RS.WAITLISTED, waitlisted_at=timezone.now()
    )
    refusal = _refusal(Conflict, event=event, by=organiser, code=checkin.code_for(waiting))
    assert refusal == (
        f"{waiting.user.display_name} has no confirmed place (on the waiting list).",
        "no_place",
    )


@pytest.mark.django_db
def test_the_check_in_is_logged_as_the_organisers_change(running):
    organiser, event, registration = running
    services.checkin_mark(event=event, by=organiser, code=checkin.code_for(registration))
    change = registration.changes.get(to_status=RS.ATTENDED)
    assert (change.from_status, change.changed_by) == (RS.CONFIRMED, organiser)
