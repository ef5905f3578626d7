import base64
import csv
import io
import json
import re
import zlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from camps import services
from camps.models import Application, Attendance, Certificate, Cohort, ProgrammePage, Status
from tests.factories import PASSWORD, ApplicationFactory, CohortFactory, StudentFactory, birth_date_for_age

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(site):
    from io import StringIO

    from accounts import demo as accounts_demo
    from camps import demo

    accounts_demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())
    return site


@pytest.mark.parametrize(
    ("lang", "title", "cohorts", "running"),
    [
        (
            "ky",
            "Демократия лагери",
            ("Демократия лагери — Ысык-Көл", "Жаш жарандар мектеби — Нарын"),
            "лагери — Ош",
        ),
        (
            "ru",
            "Лагерь демократии",
            ("Лагерь демократии — Иссык-Куль", "Школа молодых граждан — Нарын"),
            "— Ош",
        ),
        ("en", "Democracy Camp", ("Democracy Camp — Issyk-Kul", "Young Citizens School — Naryn"), "— Osh"),
    ],
)
def test_programme_pages_in_each_language_list_open_cohorts_by_region(
    client, demo_site, lang, title, cohorts, running
):
    index = client.get(f"/{lang}/programmes/")
    html = index.content.decode()
    assert index.status_code == 200 and f'<html lang="{lang}">' in html
    assert title in html
    assert all(name in html for name in cohorts)
    assert running not in html  # running: applications closed
    assert f'href="/{lang}/programmes/"' in client.get(f"/{lang}/").content.decode()  # in the main menu
    page = ProgrammePage.objects.get(slug="democracy-camp", locale__language_code=lang)
    filtered = client.get(page.get_url() + "?region=naryn").content.decode()
    assert title in filtered and cohorts[0] not in filtered.split("open-cohorts")[1]


def _form(cohort, age=20, **extra):
    body = {
        "full_name": "Чолпон Мамытова",
        "date_of_birth": birth_date_for_age(age, cohort.starts_on).isoformat(),
        "region": "batken",
        "contact_email": "cholpon@example.org",
    }
    body.update(extra)
    return body


def test_apply_edit_confirm_and_withdraw_through_pages(client, cohort, question, organiser):
    user = StudentFactory()
    client.force_login(user)
    page = client.get(f"/ky/camps/cohorts/{cohort.pk}/apply/")
    assert page.status_code == 200 and question.text in page.content.decode()
    # The applicant cannot tick their guardian's consent: the guardian gives it through their own link.
    assert 'id="id_guardian_consent"' not in page.content.decode()
    assert 'for="id_guardian_contact"' in page.content.decode()
    minor = client.post(
        f"/ky/camps/cohorts/{cohort.pk}/apply/", _form(cohort, 16, **{f"q_{question.pk}": "x"})
    )
    assert minor.status_code == 200 and "аты-жөнүн" in minor.content.decode()
    assert not Application.objects.exists()
    done = client.post(
        f"/ky/camps/cohorts/{cohort.pk}/apply/", _form(cohort, **{f"q_{question.pk}": "Билим"})
    )
    assert done.status_code == 302
    application = Application.objects.get(applicant=user)
    edit = client.post(
        f"/ky/camps/applications/{application.pk}/edit/",
        _form(cohort, school="Баткен", **{f"q_{question.pk}": "Жаңы"}),
    )
    assert edit.status_code == 302
    application.refresh_from_db()
    assert application.school == "Баткен" and application.answers[str(question.pk)] == "Жаңы"
    services.application_decide(application=application, by=organiser, decision="accept")
    mine = client.get("/ky/camps/my/").content.decode()
    assert cohort.name in mine and "Ордумду ырастоо" in mine
    client.post(f"/ky/camps/applications/{application.pk}/confirm/")
    application.refresh_from_db()
    assert application.status == Status.CONFIRMED
    client.post(f"/ky/camps/applications/{application.pk}/withdraw/")
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN


@pytest.mark.parametrize(
    ("lang", "label", "explanation", "apply_again", "expired_message"),
    [
        (
            "ky",
            "Сунуштун мөөнөтү өттү",
            "Сунушталган орун өз убагында ырасталган жок.",
            "Кайра арыз берүү",
            "Сунуштун мөөнөтү бүттү.",
        ),
        (
            "ru",
            "Срок предложения истёк",
            "Предложенное место не было подтверждено вовремя.",
            "Подать заявку снова",
            "Срок предложения истёк.",
        ),
        (
            "en",
            "Offer expired",
            "The offered place was not confirmed in time.",
            "Apply again",
            "The offer has expired.",
        ),
    ],
)
def test_my_applications_shows_an_expired_offer_in_each_language(
    client, cohort, lang, label, explanation, apply_again, expired_message
):
    user = StudentFactory()
    application = ApplicationFactory(cohort=cohort, applicant=user, status=Status.EXPIRED)
    client.force_login(user)
    html = client.get(f"/{lang}/camps/my/").content.decode()
    assert f'<span class="status status-expired">{label}</span>' in html
    assert explanation in html
    assert f'<a href="/{lang}/camps/cohorts/{cohort.pk}/">{apply_again}</a>' in html
    # Nothing left to do with it: no confirm, edit or withdraw for an expired offer.
    for action in ("confirm", "edit", "withdraw"):
        assert f"/camps/applications/{application.pk}/{action}/" not in html
    # The cohort page offers to apply again, and a confirmation posted anyway changes nothing.
    detail = client.get(f"/{lang}/camps/cohorts/{cohort.pk}/").content.decode()
    assert f'href="/{lang}/camps/cohorts/{cohort.pk}/apply/"' in detail
    response = client.post(f"/{lang}/camps/applications/{application.pk}/confirm/", follow=True)
    assert expired_message in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.EXPIRED and not application.status_changes.exists()


def test_organiser_filters_and_exports_expired_offers(client, cohort, organiser):
    expired = ApplicationFactory(cohort=cohort, status=Status.EXPIRED, full_name="Нурлан Асанов")
    waiting = ApplicationFactory(cohort=cohort, status=Status.WAITLISTED, full_name="Гүлнара Бекова")
    client.force_login(organiser)
    url = f"/ru/camps/organise/cohorts/{cohort.pk}/"
    page = client.get(url + "?status=expired").content.decode()
    assert expired.full_name in page and waiting.full_name not in page
    assert '<option value="expired" selected>Срок предложения истёк</option>' in page
    rows = list(
        csv.reader(io.StringIO(client.get(url + "export/applications.csv").content.decode("utf-8-sig")))
    )
    status = rows[0].index("Статус")
    assert [r[status] for r in rows[1:] if expired.full_name in r] == ["Срок предложения истёк"]


def test_organiser_pages_are_scoped(client, cohort, organiser, other_organiser):
    application = ApplicationFactory(cohort=cohort)
    client.force_login(other_organiser)
    for url in (
        f"/ru/camps/organise/cohorts/{cohort.pk}/",
        f"/ru/camps/organise/applications/{application.pk}/",
        f"/ru/camps/organise/cohorts/{cohort.pk}/attendance/",
        f"/ru/camps/organise/cohorts/{cohort.pk}/export/applications.csv",
    ):
        assert client.get(url).status_code == 403, url
    assert cohort.name not in client.get("/ru/camps/organise/").content.decode()
    client.force_login(StudentFactory())
    assert client.get("/ru/camps/organise/").status_code == 403
    client.logout()
    assert client.get(f"/ru/camps/organise/cohorts/{cohort.pk}/").status_code == 302


def test_bulk_decision_respects_capacity(client, cohort, organiser):
    apps = [ApplicationFactory(cohort=cohort) for _ in range(3)]
    client.force_login(organiser)
    url = f"/ru/camps/organise/cohorts/{cohort.pk}/"
    page = client.get(url + "?status=submitted")
    assert page.status_code == 200 and apps[0].full_name in page.content.decode()
    response = client.post(url, {"applications": [a.pk for a in apps], "decision": "accept"}, follow=True)
    assert "Недостаточно мест" in response.content.decode()
    assert not Application.objects.filter(status=Status.ACCEPTED).exists()
    client.post(
        url, {"applications": [apps[0].pk, apps[1].pk], "decision": "accept", "message": "Добро пожаловать"}
    )
    client.post(url, {"applications": [apps[2].pk], "decision": "waitlist"})
    assert Application.objects.filter(status=Status.ACCEPTED).count() == 2
    assert Application.objects.get(pk=apps[2].pk).status == Status.WAITLISTED


def test_attendance_and_graduation_pages(client, organiser):
    cohort = CohortFactory(organisers=[organiser])
    a, b = (ApplicationFactory(cohort=cohort, status=Status.CONFIRMED) for _ in range(2))
    client.force_login(organiser)
    url = f"/ky/camps/organise/cohorts/{cohort.pk}/attendance/"
    page = client.get(url + f"?day={cohort.starts_on.isoformat()}")
    assert page.status_code == 200 and a.full_name in page.content.decode()
    client.post(url, {"day": cohort.starts_on.isoformat(), "present": [a.pk], f"note_{b.pk}": "кечикти"})
    assert Attendance.objects.get(application=a).present
    assert Attendance.objects.get(application=b).note == "кечикти"
    client.post(f"/ky/camps/organise/cohorts/{cohort.pk}/graduate/", {"applications": [a.pk]})
    assert Application.objects.get(pk=a.pk).status == Status.GRADUATED
    export = client.get(f"/ky/camps/organise/cohorts/{cohort.pk}/export/attendance.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == cohort.starts_on.isoformat() and len(rows) == 3


def _pdf_text(pdf: bytes) -> bytes:
    text = b""
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        data = match.group(1).strip()
        try:
            if data.endswith(b"~>"):  # reportlab wraps some streams in ASCII85
                data = base64.a85decode(data.removeprefix(b"<~").removesuffix(b"~>"))
            text += zlib.decompress(data)
        except (ValueError, zlib.error):
            continue
    return text


def test_certificate_pdf_has_kyrgyz_letters_and_verifies_publicly(client, organiser):
    cohort = CohortFactory(organisers=[organiser])
    graduate = StudentFactory(preferred_language="ky")
    application = ApplicationFactory(
        cohort=cohort, applicant=graduate, status=Status.ATTENDED, full_name="Айпери Жаңылова Үмөт кызы"
    )
    (certificate,) = services.cohort_graduate(cohort=cohort, by=organiser, application_ids=[application.pk])
    client.force_login(StudentFactory())
    assert client.get(f"/ky/camps/certificates/{certificate.code}.pdf").status_code == 404
    client.force_login(graduate)
    response = client.get(f"/ky/camps/certificates/{certificate.code}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF") and b"DejaVuSans" in pdf
    text = _pdf_text(pdf).upper()
    for letter in "ңөүҮ":
        assert f"<{ord(letter):04X}>".encode() in text, letter  # the glyph is embedded and mapped
    client.logout()
    verify = client.get(f"/verify/{certificate.code}", HTTP_ACCEPT_LANGUAGE="ru")
    html = verify.content.decode()
    assert verify.status_code == 200 and "Айпери Жаңылова Үмөт кызы" in html and cohort.name in html
    assert "действителен" in html
    assert application.contact_email not in html and str(application.date_of_birth.year) not in html
    unknown = client.get("/verify/NOPE1234", HTTP_ACCEPT_LANGUAGE="ky")
    assert unknown.status_code == 404 and "жарактуу сертификат табылган жок" in unknown.content.decode()
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at="2026-01-01T00:00:00Z")
    revoked = client.get(f"/verify/{certificate.code}", HTTP_ACCEPT_LANGUAGE="en")
    assert revoked.status_code == 404
    assert "No valid certificate" in revoked.content.decode() and "Айпери" not in revoked.content.decode()


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


HEADER = [
    "full_name",
    "date_of_birth",
    "region",
    "guardian_name",
    "guardian_contact",
    "guardian_consent",
    "status",
]


def test_import_dry_run_shows_row_errors_and_saves_nothing(client, organiser):
    cohort = CohortFactory(organisers=[organiser], capacity=10)
    adult = birth_date_for_age(20, cohort.starts_on).isoformat()
    minor = birth_date_for_age(16, cohort.starts_on).strftime("%d.%m.%Y")
    rows = [
        HEADER,
        ["Азамат Бектуров", adult, "Нарын облусу", "", "", "no", "attended"],
        ["", "31.02.2005", "mars", "", "", "maybe", "flying"],
        ["Гүлзат Токтоматова", minor, "talas", "", "", "no", ""],
    ]
    client.force_login(organiser)
    url = f"/ky/camps/organise/cohorts/{cohort.pk}/import/"
    upload = io.BytesIO(_csv(rows))
    upload.name = "offline.csv"
    response = client.post(url, {"file": upload})  # not a dry run, but broken rows: nothing saved
    html = response.content.decode()
    assert response.status_code == 200
    assert "Белгисиз аймак" in html and "Туулган күнү туура эмес" in html and "ата-энесинин" in html
    assert not Application.objects.filter(cohort=cohort).exists()


def test_import_xlsx_saves_every_row_and_graduates(client, organiser):
    cohort = CohortFactory(organisers=[organiser], capacity=10)
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(
        ["Азамат Бектуров", birth_date_for_age(20, cohort.starts_on), "naryn", "", "", "no", "graduated"]
    )
    sheet.append(
        ["Айгерим Осмонова", birth_date_for_age(17, cohort.starts_on), "osh", "Ата-эне", "+996", "ооба", ""]
    )
    content = io.BytesIO()
    book.save(content)
    client.force_login(organiser)
    url = f"/ky/camps/organise/cohorts/{cohort.pk}/import/"
    dry = io.BytesIO(content.getvalue())
    dry.name = "offline.xlsx"
    response = client.post(url, {"file": dry, "dry_run": "on"})
    assert response.status_code == 200 and not Application.objects.filter(cohort=cohort).exists()
    real = io.BytesIO(content.getvalue())
    real.name = "offline.xlsx"
    assert client.post(url, {"file": real}).status_code == 302
    statuses = dict(Application.objects.filter(cohort=cohort).values_list("full_name", "status"))
    assert statuses == {"Азамат Бектуров": Status.GRADUATED, "Айгерим Осмонова": Status.ATTENDED}
    assert Certificate.objects.filter(application__cohort=cohort).count() == 1
    consent = Application.objects.get(full_name="Айгерим Осмонова").consents.get()
    assert consent.method == "paper" and consent.given_by == "Ата-эне"


def test_export_applications_csv(client, cohort, organiser, question):
    ApplicationFactory(cohort=cohort, full_name="=HYPERLINK(1)", answers={str(question.pk): "Жооп"})
    client.force_login(organiser)
    response = client.get(f"/ru/camps/organise/cohorts/{cohort.pk}/export/applications.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][2] == "Полное имя" and rows[0][-1] == question.text
    assert rows[1][2] == "'=HYPERLINK(1)" and rows[1][-1] == "Жооп"


def test_my_data_download_and_erase(client, cohort):
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)
    data = json.loads(client.get("/ky/account/data/export.json").content)
    assert data["camp_applications"][0]["full_name"] == application.full_name
    assert client.post("/ky/account/data/erase/", {"password": PASSWORD}).status_code == 302
    application.refresh_from_db()
    assert application.full_name == "—"


def _bulk_applications(cohort, n):
    Application.objects.bulk_create(
        Application(
            cohort=cohort,
            applicant=None,
            full_name=f"Катышуучу {i}",
            date_of_birth=birth_date_for_age(15 + i % 8, cohort.starts_on),
            region="osh" if i % 2 else "talas",
            answers={"1": "шайлоо"},
            guardian_name="Ата-эне" if i % 3 == 0 else "",
        )
        for i in range(n)
    )


def test_organiser_list_of_2000_applications_runs_a_fixed_number_of_queries(
    client, organiser, django_assert_max_num_queries
):
    small = CohortFactory(organisers=[organiser])
    big = CohortFactory(organisers=[organiser])
    _bulk_applications(small, 5)
    _bulk_applications(big, 2000)
    client.force_login(organiser)
    client.get(f"/ru/camps/organise/cohorts/{small.pk}/")  # warm the menu cache and the session

    def count(cohort, query=""):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/ru/camps/organise/cohorts/{cohort.pk}/{query}")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    assert count(big) == count(small)
    with django_assert_max_num_queries(20):
        client.get(
            f"/ru/camps/organise/cohorts/{big.pk}/?region=osh&min_age=16&max_age=20&answer=шайлоо&page=3"
        )
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(organiser)
    api.get("/api/v1/applications/")  # the organiser's roles are read once per user object
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(f"/api/v1/applications/?cohort={big.pk}&page_size=100").status_code == 200
    count_api = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        api.get(f"/api/v1/applications/?cohort={small.pk}&page_size=100")
    assert count_api == len(ctx.captured_queries) <= 10


def test_wagtail_admin_shows_organisers_only_their_cohorts(client, cohort, organiser, other_organiser):
    from accounts.services import roles_ensure

    roles_ensure()
    theirs = CohortFactory(name="Башка агым", organisers=[other_organiser])
    client.force_login(organiser)
    listing = client.get("/admin/cohorts/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert cohort.name in html and "Башка агым" not in html
    assert client.get(f"/admin/cohorts/edit/{cohort.pk}/").status_code == 200
    assert client.get(f"/admin/cohorts/edit/{theirs.pk}/").status_code in (302, 403)
    assert Cohort.objects.count() == 2


def test_photo_consent_can_be_withdrawn_and_the_record_stays(client, cohort):
    user = StudentFactory()
    application = services.application_submit(
        cohort=cohort,
        applicant=user,
        data=_form(cohort) | {"date_of_birth": birth_date_for_age(20, cohort.starts_on)},
        answers={},
        photo_consent=True,
    )
    client.force_login(user)
    assert "Бул макулдукту кайтарып алуу" in client.get("/ky/camps/my/").content.decode()
    client.post(f"/ky/camps/applications/{application.pk}/photo-consent/withdraw/")
    consent = application.consents.get(kind="photos")
    assert consent.withdrawn_at is not None and consent.given_by == "Чолпон Мамытова"
    again = client.post(f"/ky/camps/applications/{application.pk}/photo-consent/withdraw/", follow=True)
    assert "макулдук жок" in again.content.decode()


def test_demo_has_an_offer_that_expired(demo_site):
    expired = Application.objects.get(status=Status.EXPIRED)
    assert expired.cohort.is_open() and expired.offer_expires_at is None
    steps = [(c.from_status, c.to_status, c.changed_by) for c in expired.status_changes.order_by("pk")]
    assert steps[-1] == (Status.OFFERED, Status.EXPIRED, None)


def test_a_full_cohort_takes_late_applicants_onto_its_waiting_list(client, cohort, organiser):
    for _ in range(cohort.capacity):
        services.application_decide(
            application=ApplicationFactory(cohort=cohort), by=organiser, decision="accept"
        )
    ahead = ApplicationFactory(cohort=cohort)
    services.application_decide(application=ahead, by=organiser, decision="waitlist")
    user = StudentFactory()
    client.force_login(user)
    detail = client.get(f"/ru/camps/cohorts/{cohort.pk}/").content.decode()
    assert "Встать в лист ожидания" in detail
    done = client.post(f"/ru/camps/cohorts/{cohort.pk}/apply/", _form(cohort))
    assert done.status_code == 302
    application = Application.objects.get(applicant=user)
    assert application.status == Status.WAITLISTED
    assert "Вы под номером 2 в листе ожидания" in client.get("/ru/camps/my/").content.decode()
    api = client.get(f"/api/v1/applications/{application.pk}/").json()
    assert api["status"] == "waitlisted" and api["waiting_position"] == 2


def test_the_organisers_message_reaches_the_applicant_on_the_site_and_in_the_api(client, cohort, organiser):
    application = ApplicationFactory(cohort=cohort)
    services.application_decide(
        application=application,
        by=organiser,
        decision="accept",
        message="Лагерге паспортуңузду алып келиңиз.",
    )
    services.application_decide(
        application=ApplicationFactory(cohort=cohort), by=organiser, decision="reject", message="Башкага"
    )
    client.force_login(application.applicant)
    page = client.get("/ky/camps/my/").content.decode()
    assert "Лагерге паспортуңузду алып келиңиз." in page and "Башкага" not in page
    own = client.get(f"/api/v1/applications/{application.pk}/").json()
    assert [(m["status"], m["text"]) for m in own["messages"]] == [
        ("accepted", "Лагерге паспортуңузду алып келиңиз.")
    ]
    listed = client.get("/api/v1/applications/").json()["results"]
    assert [m["text"] for a in listed for m in a["messages"]] == ["Лагерге паспортуңузду алып келиңиз."]


def test_applying_twice_is_refused_before_the_form_and_the_email_is_prefilled(client, cohort, question):
    user = StudentFactory(email="aizada@example.org")
    client.force_login(user)
    form = client.get(f"/ru/camps/cohorts/{cohort.pk}/apply/").content.decode()
    assert 'name="contact_email" value="aizada@example.org"' in form
    application = ApplicationFactory(cohort=cohort, applicant=user)
    again = client.get(f"/ru/camps/cohorts/{cohort.pk}/apply/")
    html = again.content.decode()
    assert again.status_code == 409
    assert "Вы уже подали заявку в этот поток" in html
    assert f'href="/ru/camps/my/#application-{application.pk}"' in html
    assert 'name="full_name"' not in html  # no form to fill in vain
    assert f'id="application-{application.pk}"' in client.get("/ru/camps/my/").content.decode()


def test_the_privacy_policy_is_linked_from_the_footer_and_every_personal_data_form(client, site, cohort):
    privacy = "/ru/privacy/"
    assert f'href="{privacy}"' in client.get("/ru/about/").content.decode()  # the footer
    assert f'href="{privacy}"' in client.get("/ru/accounts/signup/").content.decode()
    client.force_login(StudentFactory())
    assert f'href="{privacy}"' in client.get(f"/ru/camps/cohorts/{cohort.pk}/apply/").content.decode()
    assert f'href="{privacy}"' in client.get("/ru/accounts/profile/").content.decode()


def test_the_certificate_names_the_organisation_the_issue_date_and_carries_a_verification_qr(site, organiser):
    import segno
    from wagtail.models import Site

    from camps.certificates import certificate_pdf
    from cms.models import SiteSettings

    settings_ = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_.organisation_name = "IFES Kyrgyzstan"
    settings_.save()
    cohort = CohortFactory(organisers=[organiser])
    application = ApplicationFactory(
        cohort=cohort, status=Status.ATTENDED, applicant=StudentFactory(preferred_language="en")
    )
    (certificate,) = services.cohort_graduate(cohort=cohort, by=organiser, application_ids=[application.pk])
    Certificate.objects.filter(pk=certificate.pk).update(issued_at="2026-03-08T09:00:00+06:00")
    certificate.refresh_from_db()
    text = _pdf_text(certificate_pdf(certificate=certificate))
    assert b"(IFES Kyrgyzstan)" in text
    assert b"(Issued on March 8, 2026)" in text
    qr = segno.make(f"http://testserver/verify/{certificate.code}", error="m")
    assert text.count(b" re f") == sum(sum(row) for row in qr.matrix)  # one square per dark module
