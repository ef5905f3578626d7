"""Mail is part of the behaviour: every status mail, in Kyrgyz, Russian and English, with its subject and the
facts it must carry (the person's name, the cohort and programme, the offer's deadline, the certificate's code,
the organisers' message, a link to the public site). The wording is asserted as text, not through gettext, so a
missing or broken catalogue fails here. A mail that cannot be written or queued fails the test (core/mail.py);
the change itself is kept even when its mail cannot be queued."""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from camps import services
from camps.models import NEW, Certificate, Status, StatusChange, can_transition
from camps.services import notifications
from core.mail import MailError
from tests.factories import ApplicationFactory, CohortFactory, StudentFactory

pytestmark = pytest.mark.django_db

SITE = "https://civic.example.kg"
NAME = "Айзада Токтогулова"
COHORT = "Ысык-Көл 2031"
PROGRAMME = (
    "Демократия лагери"  # the factory's programme page (Kyrgyz; no translation: the mail falls back to it)
)
CODE = "C1V1C2031"
NOTE = "Жолугушууга паспортуңузду алып келиңиз."
DEADLINE = dt.datetime(2031, 7, 25, 18, 30, tzinfo=ZoneInfo("Asia/Bishkek"))
DEADLINE_TEXT = {
    "ky": "25-июль, 2031-ж. 18:30",  # Kyrgyz dates (config/formats/ky)
    "ru": "25 июля 2031 г. 18:30",
    "en": "July 25, 2031, 6:30 p.m.",
}

HELLO = {"ky": f"Саламатсызбы, {NAME}!", "ru": f"Здравствуйте, {NAME}!", "en": f"Hello, {NAME}!"}
FROM_ORGANISERS = {
    "ky": "Уюштуруучулардын билдирүүсү:",
    "ru": "Сообщение от организаторов:",
    "en": "Message from the organisers:",
}
APPLICATIONS_HERE = {
    "ky": "Арыздарыңызды бул жерден көрө аласыз:",
    "ru": "Ваши заявки можно посмотреть здесь:",
    "en": "You can see your applications here:",
}
TEAM = {"ky": "Civic командасы", "ru": "Команда Civic", "en": "The Civic team"}
SUBJECT = {"ky": "Лагерге арызыңыз: ", "ru": "Ваша заявка в лагерь: ", "en": "Your camp application: "}

LABEL = {
    Status.AWAITING_GUARDIAN: {
        "ky": "Ата-эненин (мыйзамдуу өкүлүнүн) макулдугун күтүүдө",
        "ru": "Ожидает согласия родителя (законного представителя)",
        "en": "Awaiting the parent's (guardian's) consent",
    },
    Status.SUBMITTED: {"ky": "Жөнөтүлдү", "ru": "Подана", "en": "Submitted"},
    Status.ACCEPTED: {"ky": "Кабыл алынды", "ru": "Принята", "en": "Accepted"},
    Status.WAITLISTED: {"ky": "Күтүү тизмесинде", "ru": "В листе ожидания", "en": "Wait-listed"},
    Status.OFFERED: {"ky": "Орун сунушталды", "ru": "Предложено место", "en": "Offered a place"},
    Status.CONFIRMED: {"ky": "Ырасталды", "ru": "Подтверждена", "en": "Confirmed"},
    Status.REJECTED: {"ky": "Четке кагылды", "ru": "Отклонена", "en": "Rejected"},
    Status.WITHDRAWN: {"ky": "Кайтарылып алынды", "ru": "Отозвана", "en": "Withdrawn"},
    Status.EXPIRED: {"ky": "Сунуштун мөөнөтү өттү", "ru": "Срок предложения истёк", "en": "Offer expired"},
    Status.ATTENDED: {"ky": "Катышты", "ru": "Участие отмечено", "en": "Attended"},
    Status.GRADUATED: {"ky": "Бүтүрдү", "ru": "Программа пройдена", "en": "Graduated"},
}
C, P = COHORT, PROGRAMME
SENTENCE = {
    Status.AWAITING_GUARDIAN: {
        "ky": f"Биз сиздин {C} ({P}) агымына арызыңызды алдык. Ата-энеңизге (мыйзамдуу өкүлүңүзгө) макулдук берүү "
        "үчүн шилтеме жөнөттүк; алар макулдук бергенден кийин уюштуруучулар арызыңызды карашат.",
        "ru": f"Мы получили вашу заявку в поток {C} ({P}). Мы отправили вашему родителю (законному представителю) "
        "ссылку для согласия; организаторы рассмотрят заявку после того, как согласие будет дано.",
        "en": f"We have received your application to {C} ({P}). We have sent your parent or guardian a link to give "
        "their consent; the organisers will consider your application once they have.",
    },
    Status.SUBMITTED: {
        "ky": f"Биз сиздин {C} ({P}) агымына арызыңызды алдык.",
        "ru": f"Мы получили вашу заявку в поток {C} ({P}).",
        "en": f"We have received your application to {C} ({P}).",
    },
    Status.ACCEPTED: {
        "ky": f"Сиз {C} ({P}) агымына кабыл алындыңыз. Ордуңузду ырастаңыз.",
        "ru": f"Вы приняты в поток {C} ({P}). Пожалуйста, подтвердите своё место.",
        "en": f"You have been accepted to {C} ({P}). Please confirm your place.",
    },
    Status.WAITLISTED: {
        "ky": f"Сиз {C} ({P}) агымынын күтүү тизмесиндесиз. Орун бошосо, сизге жазабыз.",
        "ru": f"Вы в листе ожидания потока {C} ({P}). Мы напишем вам, если место освободится.",
        "en": f"You are on the waiting list for {C} ({P}). We will write to you if a place frees up.",
    },
    Status.OFFERED: {
        "ky": f"{C} ({P}) агымында сиз үчүн орун бошоду. Ырастоонун акыркы мөөнөтү: {DEADLINE_TEXT['ky']}. Болбосо "
        "орун күтүү тизмесиндеги кийинки адамга сунушталат.",
        "ru": f"Для вас освободилось место в потоке {C} ({P}). Подтвердите его до {DEADLINE_TEXT['ru']}, иначе "
        "место предложат следующему в листе ожидания.",
        "en": f"A place in {C} ({P}) is free for you. Please confirm it by {DEADLINE_TEXT['en']}, or it will be "
        "offered to the next person on the waiting list.",
    },
    Status.CONFIRMED: {
        "ky": f"Сиздин {C} ({P}) агымындагы ордуңуз ырасталды.",
        "ru": f"Ваше место в потоке {C} ({P}) подтверждено.",
        "en": f"Your place in {C} ({P}) is confirmed.",
    },
    Status.REJECTED: {
        "ky": f"Тилекке каршы, сиздин {C} ({P}) агымына арызыңыз кабыл алынган жок.",
        "ru": f"К сожалению, ваша заявка в поток {C} ({P}) не принята.",
        "en": f"We are sorry: your application to {C} ({P}) was not accepted.",
    },
    Status.WITHDRAWN: {
        "ky": f"Сиздин {C} ({P}) агымына арызыңыз кайтарылып алынды.",
        "ru": f"Ваша заявка в поток {C} ({P}) отозвана.",
        "en": f"Your application to {C} ({P}) has been withdrawn.",
    },
    Status.EXPIRED: {
        "ky": f"Сизге {C} ({P}) агымында сунушталган орун өз убагында ырасталган жок, ошондуктан сунуштун мөөнөтү "
        "өттү. Арыз кабыл алуу уланып жатса, кайрадан арыз бере аласыз.",
        "ru": f"Место в потоке {C} ({P}), предложенное вам, не было вовремя подтверждено, поэтому срок предложения "
        "истёк. Пока приём заявок открыт, вы можете подать заявку снова.",
        "en": f"The place offered to you in {C} ({P}) was not confirmed in time, so the offer has expired. While "
        "applications are open, you can apply again.",
    },
    Status.ATTENDED: {
        "ky": f"Сиздин {C} ({P}) агымына катышууңуз белгиленди.",
        "ru": f"Ваше участие в потоке {C} ({P}) отмечено.",
        "en": f"Your attendance at {C} ({P}) has been recorded.",
    },
    Status.GRADUATED: {
        "ky": f"Куттуктайбыз! Сиз {C} ({P}) агымын бүтүрдүңүз. Сертификатыңызды {CODE} коду менен текшерүүгө болот.",
        "ru": f"Поздравляем! Вы окончили поток {C} ({P}). Ваш сертификат можно проверить по коду {CODE}.",
        "en": f"Congratulations! You have graduated from {C} ({P}). Your certificate can be verified with the code "
        f"{CODE}.",
    },
}
LANGUAGES = ("ky", "ru", "en")
EVERY_MAIL = [(status, lang) for status in Status.values for lang in LANGUAGES]


@pytest.fixture(autouse=True)
def _public_site(settings):
    settings.PUBLIC_BASE_URL = SITE


def _predecessor(status: str) -> str:
    """A status from which the table lets an application become `status` (NEW for a first status)."""
    return next(s for s in [NEW, *Status.values] if can_transition(s, status))


def _application(cohort, status, **fields):
    if status in (Status.OFFERED,):
        fields.setdefault("offer_expires_at", DEADLINE)
    return ApplicationFactory(cohort=cohort, status=status, **fields)


def _mail_for(status, *, organiser, capture, lang="ky", message=NOTE, **fields):
    cohort = CohortFactory(name=COHORT, organisers=[organiser])
    fields.setdefault("applicant", StudentFactory(preferred_language=lang, email="account@example.org"))
    fields.setdefault("contact_email", "contact@example.org")
    application = _application(cohort, status, full_name=NAME, **fields)
    if status == Status.GRADUATED:
        Certificate.objects.create(application=application, code=CODE, holder_name=NAME, language=lang)
    with capture(execute=True):
        services.status_log(
            application=application,
            to_status=status,
            by=organiser,
            from_status=_predecessor(status),
            message=message,
        )
    return application


def test_every_status_has_a_mail_checked_here():
    assert set(SENTENCE) == set(LABEL) == set(Status.values) == set(notifications.STATUS_TEXT)


@pytest.mark.parametrize(("status", "lang"), EVERY_MAIL, ids=[f"{s}-{lang}" for s, lang in EVERY_MAIL])
def test_every_status_mail_in_every_language(status, lang, organiser, django_capture_on_commit_callbacks):
    _mail_for(status, organiser=organiser, capture=django_capture_on_commit_callbacks, lang=lang)
    (message,) = mail.outbox
    assert message.to == ["contact@example.org"]
    assert message.subject == SUBJECT[lang] + LABEL[status][lang]
    lines = message.body.splitlines()
    assert lines[0] == HELLO[lang]
    assert lines[2] == SENTENCE[status][lang]
    if status == Status.OFFERED:
        assert DEADLINE_TEXT[lang] in lines[2]
    if status == Status.GRADUATED:
        assert CODE in lines[2]
    assert f"{FROM_ORGANISERS[lang]}\n{NOTE}\n" in message.body
    assert f"{APPLICATIONS_HERE[lang]} {SITE}/{lang}/camps/my/" in lines
    assert message.body.rstrip().splitlines()[-1] == TEAM[lang]


def test_a_mail_without_a_message_has_no_organisers_line(organiser, django_capture_on_commit_callbacks):
    _mail_for(Status.ACCEPTED, organiser=organiser, capture=django_capture_on_commit_callbacks, message="")
    (message,) = mail.outbox
    assert FROM_ORGANISERS["ky"] not in message.body
    assert message.body.splitlines()[:4] == [HELLO["ky"], "", SENTENCE[Status.ACCEPTED]["ky"], ""]


def test_the_mail_goes_to_the_account_s_address_when_the_application_has_none(
    organiser, django_capture_on_commit_callbacks
):
    _mail_for(
        Status.ACCEPTED, organiser=organiser, capture=django_capture_on_commit_callbacks, contact_email=""
    )
    assert [m.to for m in mail.outbox] == [["account@example.org"]]


def test_no_mail_without_any_address(organiser, django_capture_on_commit_callbacks):
    _mail_for(
        Status.ACCEPTED,
        organiser=organiser,
        capture=django_capture_on_commit_callbacks,
        contact_email="",
        applicant=None,
    )
    assert mail.outbox == []


def test_no_mail_to_an_anonymised_application(organiser, django_capture_on_commit_callbacks):
    from django.utils import timezone

    _mail_for(
        Status.WITHDRAWN,
        organiser=organiser,
        capture=django_capture_on_commit_callbacks,
        anonymised_at=timezone.now(),
    )
    assert mail.outbox == []


def test_without_a_preferred_language_the_mail_is_in_the_cohort_s(
    organiser, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(name=COHORT, organisers=[organiser], language="ru")
    imported = ApplicationFactory(
        cohort=cohort, applicant=None, full_name=NAME, contact_email="paper@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.status_log(application=imported, to_status=Status.CONFIRMED, by=organiser, from_status=NEW)
    (message,) = mail.outbox
    assert message.subject == "Ваша заявка в лагерь: Подтверждена"
    assert f"{APPLICATIONS_HERE['ru']} {SITE}/ru/camps/my/" in message.body


def test_a_mail_for_a_change_that_no_longer_exists_is_not_sent():
    assert notifications.status_email_send.call(change_id=987654321) is False
    assert mail.outbox == []


# -- Failures ----------------------------------------------------------------------------------------------------


def test_a_mail_that_cannot_be_written_fails_the_test(
    organiser, monkeypatch, django_capture_on_commit_callbacks
):
    """A broken placeholder in one mail is an error raised here, not a line in a log."""
    broken = dict(notifications.STATUS_TEXT, **{Status.ACCEPTED: "You have been accepted to %(cohrot)s."})
    monkeypatch.setattr(notifications, "STATUS_TEXT", broken)
    with pytest.raises(MailError, match="KeyError: 'cohrot'"):
        _mail_for(Status.ACCEPTED, organiser=organiser, capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_change_is_saved_even_when_its_mail_cannot_be_queued(
    settings, cohort, organiser, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    settings.CIVIC_MAIL_ERRORS_RAISE = (
        False  # as in production: logged for operators, not shown to the person
    )

    class Unreachable:
        module_path = notifications.status_email_send.module_path  # the task it stands in for

        def enqueue(self, **kwargs):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr(notifications, "status_email_send", Unreachable())
    application = ApplicationFactory(cohort=cohort)
    with (
        caplog.at_level(logging.ERROR, logger="civic.mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.application_decide(application=application, by=organiser, decision=services.ACCEPT)
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    change = StatusChange.objects.get(application=application)
    assert [r.getMessage() for r in caplog.records] == [
        f"Could not queue the status email of change {change.pk}"
    ]
    assert "Redis is down" in caplog.records[0].exc_text
    assert mail.outbox == []


def test_a_mail_that_fails_without_a_worker_is_logged_and_the_change_kept(
    settings, cohort, organiser, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    settings.CIVIC_MAIL_ERRORS_RAISE = False
    broken = dict(notifications.STATUS_TEXT, **{Status.ACCEPTED: "%(nope)s"})
    monkeypatch.setattr(notifications, "STATUS_TEXT", broken)
    application = ApplicationFactory(cohort=cohort)
    with (
        caplog.at_level(logging.ERROR, logger="civic.mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.application_decide(application=application, by=organiser, decision=services.ACCEPT)
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    change = StatusChange.objects.get(application=application)
    (record,) = [r for r in caplog.records if r.name == "civic.mail"]
    assert record.getMessage().startswith(f"Could not send the status email of change {change.pk}:\n")
    assert "KeyError: 'nope'" in record.getMessage()


def test_in_the_tests_a_queue_that_cannot_be_reached_is_an_error(
    cohort, organiser, monkeypatch, django_capture_on_commit_callbacks
):
    class Unreachable:
        module_path = notifications.status_email_send.module_path  # the task it stands in for

        def enqueue(self, **kwargs):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr(notifications, "status_email_send", Unreachable())
    application = ApplicationFactory(cohort=cohort)
    with pytest.raises(ConnectionError), django_capture_on_commit_callbacks(execute=True):
        services.application_decide(application=application, by=organiser, decision=services.ACCEPT)


def test_a_message_civic_adds_is_not_signed_as_the_organisers(organiser, django_capture_on_commit_callbacks):
    cohort = CohortFactory(name=COHORT, organisers=[organiser])
    application = _application(cohort, Status.ACCEPTED, full_name=NAME, contact_email="contact@example.org")
    with django_capture_on_commit_callbacks(execute=True):  # as when a parent withdraws their consent
        services.status_log(
            application=application,
            to_status=Status.WITHDRAWN,
            by=None,
            from_status=Status.ACCEPTED,
            message=NOTE,
        )
    (message,) = mail.outbox
    assert f"\n{NOTE}\n" in message.body and FROM_ORGANISERS["ky"] not in message.body
