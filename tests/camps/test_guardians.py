"""A parent's (guardian's) consent through their own signed link: given in their language with who, when, from
where and the words they saw; refused when forged, expired, replaced or given twice; withdrawn from the same link;
resent or recorded on paper by organisers."""

import datetime as dt
import os
import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from camps import services
from camps.guardian_links import LINK_MAX_AGE
from camps.models import Application, Consent, Status, StatusChange
from core import sms
from core.errors import Conflict
from tests.factories import ApplicationFactory, OrganiserFactory, StudentFactory, birth_date_for_age

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/(ky|ru|en)/camps/guardian/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _minor(cohort, *, contact="gulnara@example.org", language="ru", capture):
    with capture(execute=True):
        return services.application_submit(
            cohort=cohort,
            applicant=StudentFactory(preferred_language="ky"),
            data={
                "full_name": "Айдана Осмонова",
                "date_of_birth": birth_date_for_age(16, cohort.starts_on),
                "region": "naryn",
                "contact_email": "aidana@example.org",
                "guardian_name": "Гүлнара Осмонова",
                "guardian_contact": contact,
                "guardian_language": language,
            },
            answers={},
        )


def _link(to="gulnara@example.org") -> str:
    message = [m for m in mail.outbox if m.to == [to]][-1]
    return LINK.search(message.body).group(1)


def test_the_guardian_consents_on_a_page_in_their_language(
    client, cohort, django_capture_on_commit_callbacks
):
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    link = _link()
    assert link.startswith("/ru/")
    page = client.get(link)
    html = page.content.decode()
    assert page.status_code == 200
    assert cohort.name in html and "Айдана Осмонова" in html
    assert "Что происходит с данными" in html and "Фотографии" in html
    assert cohort.starts_on.strftime("%Y") in html
    assert f"<dd>{cohort.venue}</dd>" in html
    answer = client.post(
        link,
        {"given_by": "Гүлнара Осмонова", "participation": "on", "photos": "on"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert answer.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    participation = application.consents.get(kind=Consent.Kind.PARTICIPATION)
    assert participation.given_by == "Гүлнара Осмонова"
    assert participation.ip_address == "203.0.113.7"
    assert participation.method == Consent.Method.ONLINE
    assert cohort.name in participation.text and "Я родитель или законный представитель" in participation.text
    assert application.consents.filter(kind=Consent.Kind.PHOTOS, withdrawn_at__isnull=True).exists()
    change = application.status_changes.last()
    assert (change.from_status, change.to_status) == (Status.AWAITING_GUARDIAN, Status.SUBMITTED)
    assert "Согласие на участие дал(а) Гүлнара Осмонова" in client.get(link).content.decode()


def test_a_phone_number_gets_the_link_by_text_message(cohort, django_capture_on_commit_callbacks):
    _minor(cohort, contact="+996 700 111 222", language="ky", capture=django_capture_on_commit_callbacks)
    [message] = sms.outbox
    assert message.to == "+996 700 111 222"
    assert "/ky/camps/guardian/" in message.text
    assert not [m for m in mail.outbox if m.to == ["+996 700 111 222"]]


def test_a_forged_link_is_refused_and_changes_nothing(client, cohort, django_capture_on_commit_callbacks):
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    link = _link()
    forged = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    for response in (
        client.get(forged),
        client.post(forged, {"given_by": "Бирөө", "participation": "on"}),
    ):
        assert response.status_code == 404
        assert "Эта ссылка недействительна" in response.content.decode()
    assert client.get("/ru/camps/guardian/not-a-token/").status_code == 404
    application.refresh_from_db()
    assert application.status == Status.AWAITING_GUARDIAN and not application.consents.exists()


def test_an_expired_link_is_refused_and_changes_nothing(client, cohort, django_capture_on_commit_callbacks):
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    link = _link()
    with time_machine.travel(timezone.now() + LINK_MAX_AGE + dt.timedelta(minutes=1)):
        response = client.post(link, {"given_by": "Гүлнара", "participation": "on"})
    assert response.status_code == 410
    assert "Срок действия этой ссылки истёк" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.AWAITING_GUARDIAN and not application.consents.exists()


def test_consent_given_twice_is_refused(client, cohort, django_capture_on_commit_callbacks):
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    link = _link()
    client.post(link, {"given_by": "Гүлнара", "participation": "on"})
    again = client.post(link, {"given_by": "Гүлнара", "participation": "on", "photos": "on"})
    assert again.status_code == 409
    assert "Согласие родителя (законного представителя) на эту заявку уже дано." in again.content.decode()
    with pytest.raises(Conflict):
        services.guardian_consent_give(
            application=application,
            link_version=application.guardian_link_version,
            given_by="Гүлнара",
            photos=True,
            language="ru",
            ip_address=None,
        )
    assert application.consents.count() == 1  # no second consent, and no photos slipped in
    assert application.status_changes.filter(to_status=Status.SUBMITTED).count() == 1


def test_an_application_awaiting_its_guardian_cannot_be_accepted(
    cohort, organiser, organiser_api, django_capture_on_commit_callbacks
):
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    response = organiser_api.post(
        f"/api/v1/applications/{application.pk}/decision/?lang=ru", {"decision": "accept"}, format="json"
    )
    assert response.status_code == 409
    assert "ещё ждёт согласия родителя" in response.json()["error"]["message"]
    application.refresh_from_db()
    assert application.status == Status.AWAITING_GUARDIAN
    assert not StatusChange.objects.filter(application=application, to_status=Status.ACCEPTED).exists()


def test_the_organisers_pages_refuse_to_accept_an_application_awaiting_its_guardian(
    client, cohort, organiser, django_capture_on_commit_callbacks
):
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    client.force_login(organiser)
    refusal = "Заявка Айдана Осмонова ещё ждёт согласия родителя"
    one = client.post(
        f"/ru/camps/organise/applications/{application.pk}/",
        {"decision": "accept", "message": ""},
        follow=True,
    )
    assert refusal in one.content.decode()
    bulk = client.post(
        f"/ru/camps/organise/cohorts/{cohort.pk}/",
        {"decision": "accept", "message": "", "applications": [application.pk]},
        follow=True,
    )
    assert refusal in bulk.content.decode()
    application.refresh_from_db()
    assert application.status == Status.AWAITING_GUARDIAN
    assert list(application.status_changes.values_list("to_status", flat=True)) == [Status.AWAITING_GUARDIAN]


def test_withdrawing_consent_from_the_link(client, cohort, organiser, django_capture_on_commit_callbacks):
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    link = _link()
    client.post(link, {"given_by": "Гүлнара", "participation": "on", "photos": "on"})
    client.post(link, {"withdraw": "photos"})
    assert not application.consents.filter(kind=Consent.Kind.PHOTOS, withdrawn_at__isnull=True).exists()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED  # photos are apart from taking part
    client.post(link, {"withdraw": "participation"})
    application.refresh_from_db()
    assert application.status == Status.AWAITING_GUARDIAN  # undecided: back to waiting for consent
    # Given again, accepted, then withdrawn: the held place goes to the first person waiting.
    client.post(link, {"given_by": "Гүлнара", "participation": "on"})
    services.application_decide(application=application, by=organiser, decision="accept")
    full = ApplicationFactory(cohort=cohort)
    services.application_decide(application=full, by=organiser, decision="accept")
    waiting = ApplicationFactory(cohort=cohort)
    services.application_decide(application=waiting, by=organiser, decision="waitlist")
    client.post(link, {"withdraw": "participation"})
    application.refresh_from_db()
    waiting.refresh_from_db()
    assert application.status == Status.WITHDRAWN and waiting.status == Status.OFFERED
    assert application.consents.filter(withdrawn_at__isnull=True).count() == 0
    assert application.consents.count() == 3  # the records stay, marked withdrawn


def test_organisers_resend_the_link_and_the_old_one_stops_working(
    client, cohort, organiser, django_capture_on_commit_callbacks
):
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    old = _link()
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ru/camps/organise/applications/{application.pk}/", {"resend_link": "1"})
    new = _link()
    assert new != old
    client.logout()
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200
    stranger = OrganiserFactory()
    client.force_login(stranger)
    assert (
        client.post(f"/ru/camps/organise/applications/{application.pk}/", {"resend_link": "1"}).status_code
        == 403
    )


def test_organisers_record_a_paper_consent_with_a_private_scan(
    client, cohort, organiser, django_capture_on_commit_callbacks
):
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    client.force_login(organiser)
    url = f"/ru/camps/organise/applications/{application.pk}/"
    wrong = client.post(
        url,
        {
            "paper_consent": "1",
            "given_by": "Гүлнара Осмонова",
            "scan": SimpleUploadedFile("consent.exe", b"MZ", content_type="application/octet-stream"),
        },
    )
    assert wrong.status_code == 200 and "PDF, JPEG или PNG" in wrong.content.decode()
    assert not application.consents.exists()
    done = client.post(
        url,
        {
            "paper_consent": "1",
            "given_by": "Гүлнара Осмонова",
            "signed_on": timezone.localdate().isoformat(),
            "scan": SimpleUploadedFile("consent.pdf", b"%PDF-1.4 signed", content_type="application/pdf"),
        },
    )
    assert done.status_code == 302
    application.refresh_from_db()
    consent = application.consents.get()
    assert (consent.method, consent.recorded_by, consent.given_by) == (
        Consent.Method.PAPER,
        organiser,
        "Гүлнара Осмонова",
    )
    assert application.status == Status.SUBMITTED
    scan_url = f"/ru/camps/organise/consents/{consent.pk}/scan/"
    downloaded = client.get(scan_url)
    assert downloaded.status_code == 200 and b"".join(downloaded.streaming_content) == b"%PDF-1.4 signed"
    assert consent.scan.path.startswith(settings.PRIVATE_MEDIA_ROOT)  # never under the public media folder
    client.force_login(OrganiserFactory())
    assert client.get(scan_url).status_code == 404


def test_erasure_removes_the_guardians_name_address_and_scan(
    cohort, organiser, django_capture_on_commit_callbacks
):
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    services.guardian_consent_record_paper(
        application=application,
        by=organiser,
        given_by="Гүлнара Осмонова",
        photos=False,
        scan=SimpleUploadedFile("consent.png", b"\x89PNG\r\n\x1a\n scan", content_type="image/png"),
    )
    consent = application.consents.get()
    path = consent.scan.path
    services.applications_erase(user=application.applicant)
    consent.refresh_from_db()
    application.refresh_from_db()
    assert consent.given_by == "—" and consent.ip_address is None and not consent.scan
    assert application.guardian_name == "" and application.guardian_contact == ""
    assert not os.path.exists(path)
    assert Application.objects.filter(pk=application.pk, status=Status.WITHDRAWN).exists()


def test_a_minor_applies_through_the_api_and_the_guardian_gets_a_text_message(
    cohort, student_api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = student_api.post(
            f"/api/v1/cohorts/{cohort.pk}/applications/",
            {
                "full_name": "Айдана Осмонова",
                "date_of_birth": birth_date_for_age(16, cohort.starts_on).isoformat(),
                "region": "naryn",
                "contact_email": "aidana@example.org",
                "guardian_name": "Гүлнара Осмонова",
                "guardian_contact": "+996 700 111 222",
                "guardian_language": "ru",
                "guardian_consent": True,  # not the applicant's to give: ignored
            },
            format="json",
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "awaiting_guardian" and body["guardian_language"] == "ru"
    assert body["consents"] == []
    [message] = sms.outbox
    assert "/ru/camps/guardian/" in message.text and "Согласие родителя" in message.text


def test_organisers_resend_the_link_through_the_api(
    cohort, organiser_api, other_organiser, django_capture_on_commit_callbacks
):
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    url = f"/api/v1/applications/{application.pk}/guardian-link/"
    from rest_framework.test import APIClient

    stranger = APIClient()
    stranger.force_authenticate(other_organiser)
    assert stranger.post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert organiser_api.post(url).status_code == 200
    application.refresh_from_db()
    assert application.guardian_link_version == 2
    assert len([m for m in mail.outbox if m.to == ["gulnara@example.org"]]) == 2
    ApplicationFactory(cohort=cohort)  # an adult's application awaits no guardian
    adult = Application.objects.exclude(pk=application.pk).get()
    refused = organiser_api.post(f"/api/v1/applications/{adult.pk}/guardian-link/?lang=ru")
    assert refused.status_code == 409 and "не ожидает согласия" in refused.json()["error"]["message"]


def _paper(**extra):
    body = {"given_by": "Гүлнара Осмонова", "photos": "true"}
    body.update(extra)
    return body


def test_organisers_record_a_paper_consent_through_the_api(
    cohort, organiser, organiser_api, other_organiser, django_capture_on_commit_callbacks
):
    from rest_framework.test import APIClient

    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    url = f"/api/v1/applications/{application.pk}/paper-consent/?lang=ru"
    scan = b"%PDF-1.4 signed by the mother"
    stranger = APIClient()
    stranger.force_authenticate(other_organiser)
    refused = stranger.post(url, _paper(scan=SimpleUploadedFile("c.pdf", scan)), format="multipart")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    assert not application.consents.exists()

    done = organiser_api.post(
        url,
        _paper(signed_on=timezone.localdate().isoformat(), scan=SimpleUploadedFile("consent.pdf", scan)),
        format="multipart",
    )
    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["status"] == Status.SUBMITTED
    assert {(c["kind"], c["method"], c["given_by"]) for c in body["consents"]} == {
        (Consent.Kind.PARTICIPATION, Consent.Method.PAPER, "Гүлнара Осмонова"),
        (Consent.Kind.PHOTOS, Consent.Method.PAPER, "Гүлнара Осмонова"),
    }
    participation = application.consents.get(kind=Consent.Kind.PARTICIPATION)
    assert participation.recorded_by == organiser
    assert participation.scan.read() == scan
    assert participation.scan.path.startswith(settings.PRIVATE_MEDIA_ROOT)
    assert cohort.name in participation.text  # the words of the form, in the cohort's language

    again = organiser_api.post(url, _paper(scan=SimpleUploadedFile("again.pdf", scan)), format="multipart")
    assert again.status_code == 409
    assert (
        again.json()["error"]["message"]
        == "Согласие родителя (законного представителя) на эту заявку уже дано."
    )
    assert application.consents.count() == 2


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"scan": ("consent.exe", b"MZ\x90\x00")}, "scan", "PDF, JPEG или PNG"),
        ({"scan": ("consent.pdf", b"MZ\x90\x00 a program")}, "scan", "что бы ни было написано в имени"),
        ({"scan": ("consent.png", b"%PDF-1.4")}, "scan", "что бы ни было написано в имени"),
        ({"scan": ("consent.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))}, "scan", "не более 10 МБ"),
        ({"scan": None}, "scan", "Файл не был отправлен"),
        ({"scan": ("c.pdf", b"%PDF-1.4"), "given_by": ""}, "given_by", "Это поле не может быть пустым"),
        (
            {"scan": ("c.pdf", b"%PDF-1.4"), "signed_on": "2999-01-01"},
            "signed_on",
            "не может быть подписан в будущем",
        ),
    ],
)
def test_a_paper_consent_the_api_cannot_accept_changes_nothing(
    cohort, organiser_api, django_capture_on_commit_callbacks, extra, field, message
):
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    body = _paper(**{k: v for k, v in extra.items() if k != "scan"})
    if extra["scan"] is not None:
        body["scan"] = SimpleUploadedFile(*extra["scan"])
    response = organiser_api.post(
        f"/api/v1/applications/{application.pk}/paper-consent/?lang=ru", body, format="multipart"
    )
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert error["code"] == "invalid" and message in " ".join(error["fields"][field]), error
    application.refresh_from_db()
    assert application.status == Status.AWAITING_GUARDIAN and not application.consents.exists()


def test_the_paper_consent_is_documented_as_an_upload(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/applications/{id}/paper-consent/"]["post"]
    form = operation["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    fields = schema["components"]["schemas"][form]
    assert (fields["properties"]["scan"]["type"], fields["properties"]["scan"]["format"]) == (
        "string",
        "binary",
    )
    assert set(fields["required"]) == {"given_by", "scan"}
    for code in ("400", "403", "404", "409"):
        assert operation["responses"][code]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }


def test_the_organisers_see_a_consent_withdrawn_from_the_link(
    client, cohort, organiser, organiser_api, django_capture_on_commit_callbacks
):
    application = _minor(cohort, capture=django_capture_on_commit_callbacks)
    link = _link()
    client.post(link, {"given_by": "Гүлнара", "participation": "on"})
    client.post(link, {"withdraw": "participation"})

    client.force_login(organiser)
    page = client.get(f"/ru/camps/organise/applications/{application.pk}/").content.decode()
    assert "Ожидает согласия родителя (законного представителя)</span>" in page  # the status by the name
    assert "— отозвано" in page  # the consent stays listed, marked withdrawn
    assert "Ожидается согласие родителя (законного представителя)" in page  # resend or record on paper
    assert (
        "→ Ожидает согласия родителя (законного представителя) — Родитель (законный представитель) отозвал согласие."
        in page
    )
    body = organiser_api.get(f"/api/v1/applications/{application.pk}/?lang=ru").json()
    assert body["status"] == Status.AWAITING_GUARDIAN
    [consent] = body["consents"]
    assert consent["kind"] == Consent.Kind.PARTICIPATION and consent["withdrawn_at"] is not None
    assert body["messages"][-1]["text"] == "Родитель (законный представитель) отозвал согласие."
