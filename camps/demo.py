"""Demo camps (idempotent): the programme list and two programmes in ky, ru and en, cohorts (named in ky, ru and
en) in several regions (open, full with a waiting list, running, finished with graduates), applications in every
state (a minor awaiting their guardian's consent, a guardian's consent recorded on paper with its scan, late
applicants on a waiting list), organised by organiser1; alumnus1 is a graduate with a certificate and student1
has applied to an open cohort."""

import datetime as dt
import io

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale

from accounts import roles
from accounts.models import User
from accounts.services import role_grant
from cms.demo import translate_page
from cms.models import HomePage

from .models import (
    Application,
    Attendance,
    Certificate,
    Cohort,
    Consent,
    ProgrammeIndexPage,
    ProgrammePage,
    Question,
    Status,
    StatusChange,
)
from .services.applications import CONSENT_VERSION, consents_record
from .signals import participant_graduated

INDEX = {
    "ky": ("Программалар", "Демократия лагерлери жана Жаш жарандар мектеби: ачык агымдар жана арыз берүү."),
    "ru": ("Программы", "Лагеря демократии и Школа молодых граждан: открытые потоки и подача заявок."),
    "en": ("Programmes", "Democracy Camps and the Young Citizens School: open cohorts and how to apply."),
}

PROGRAMMES = {
    "democracy-camp": {
        "ky": {
            "title": "Демократия лагери",
            "intro": "Жаштар үчүн бир жумалык лагерь: шайлоо, жарандык жана саясий укуктар, медиа сабаттуулук "
            "жана жарандык активдүүлүк.",
            "body": "Лагерде катышуучулар Борбордук шайлоо комиссиясынын (БШК) адистери жана тажрыйбалуу "
            "тренерлер менен бирге шайлоо процессин үйрөнүшөт, талаш-тартыштарга катышышат жана өз "
            "айылындагы же шаарындагы көйгөйдү чечүү боюнча долбоор даярдашат. Мүмкүнчүлүгү чектелген "
            "жаштардын катышуусу үчүн шарттар түзүлөт.",
            "who": "<p>Кыргызстандын бардык аймактарынан 16–22 жаштагы жаштар. 18 жашка чейинки "
            "катышуучуларга ата-эненин (мыйзамдуу өкүлүнүн) макулдугу керек.</p>",
            "get": "<p>Сертификат, бүтүрүүчүлөрдүн форумуна чакыруу жана өз долбоорун ишке ашыруу үчүн "
            "насаатчынын колдоосу.</p>",
        },
        "ru": {
            "title": "Лагерь демократии",
            "intro": "Недельный лагерь для молодёжи: выборы, гражданские и политические права, медиаграмотность "
            "и гражданская активность.",
            "body": "В лагере участники вместе со специалистами Центральной избирательной комиссии (ЦИК) и "
            "опытными тренерами изучают избирательный процесс, участвуют в дебатах и готовят проект решения "
            "проблемы своего села или города. Созданы условия для участия молодёжи с ограниченными "
            "возможностями здоровья.",
            "who": "<p>Молодёжь 16–22 лет из всех регионов Кыргызстана. Участникам младше 18 лет нужно "
            "согласие родителя (законного представителя).</p>",
            "get": "<p>Сертификат, приглашение на форум выпускников и поддержка наставника в реализации "
            "собственного проекта.</p>",
        },
        "en": {
            "title": "Democracy Camp",
            "intro": "A week-long camp for young people: elections, civil and political rights, media literacy "
            "and civic activism.",
            "body": "At the camp participants learn how elections work with specialists of the Central Election "
            "Commission (CEC) and experienced trainers, take part in debates and prepare a project that solves "
            "a problem of their village or town. Young people with disabilities are welcome and supported.",
            "who": "<p>Young people aged 16–22 from every region of Kyrgyzstan. Participants under 18 need the "
            "consent of a parent (guardian).</p>",
            "get": "<p>A certificate, an invitation to the alumni forum and a mentor's support to carry out "
            "their own project.</p>",
        },
    },
    "young-citizens-school": {
        "ky": {
            "title": "Жаш жарандар мектеби",
            "intro": "Мектеп окуучулары үчүн бир нече жумалык программа: жарандык билим, шайлоочуларды агартуу "
            "жана лидерлик.",
            "body": "Жаш жарандар мектебинде окуучулар мамлекеттик башкаруунун негиздерин, шайлоочунун "
            "укуктарын жана милдеттерин, маалыматты текшерүүнү үйрөнүшөт. Сабактар оюн, талкуу жана "
            "жергиликтүү өз алдынча башкаруу органдарына баруу түрүндө өтөт.",
            "who": "<p>14–18 жаштагы мектеп окуучулары. Ата-эненин (мыйзамдуу өкүлүнүн) макулдугу "
            "милдеттүү.</p>",
            "get": "<p>Сертификат жана Демократия лагерине артыкчылык менен катышуу мүмкүнчүлүгү.</p>",
        },
        "ru": {
            "title": "Школа молодых граждан",
            "intro": "Программа на несколько недель для школьников: гражданское образование, просвещение "
            "избирателей и лидерство.",
            "body": "В Школе молодых граждан ученики изучают основы государственного управления, права и "
            "обязанности избирателя, учатся проверять информацию. Занятия проходят в форме игр, дискуссий и "
            "визитов в органы местного самоуправления.",
            "who": "<p>Школьники 14–18 лет. Согласие родителя (законного представителя) обязательно.</p>",
            "get": "<p>Сертификат и приоритет при отборе в Лагерь демократии.</p>",
        },
        "en": {
            "title": "Young Citizens School",
            "intro": "A programme of several weeks for school pupils: civic education, voter education and "
            "leadership.",
            "body": "At the Young Citizens School pupils learn the basics of government, the rights and duties "
            "of a voter and how to check information. Classes are games, discussions and visits to local "
            "self-government bodies.",
            "who": "<p>School pupils aged 14–18. The consent of a parent (guardian) is required.</p>",
            "get": "<p>A certificate and priority when applying to a Democracy Camp.</p>",
        },
    },
}

# Each question in ky, ru and en: (text, choices one per line), then its kind and whether it is required.
QUESTIONS = [
    (
        {
            "ky": ("Эмне үчүн бул программага катышкыңыз келет?", ""),
            "ru": ("Почему вы хотите участвовать в этой программе?", ""),
            "en": ("Why do you want to take part in this programme?", ""),
        },
        Question.Kind.LONG_TEXT,
        True,
    ),
    (
        {
            "ky": ("Мурда кайсы жарандык демилгелерге катыштыңыз?", ""),
            "ru": ("В каких гражданских инициативах вы уже участвовали?", ""),
            "en": ("Which civic initiatives have you taken part in before?", ""),
        },
        Question.Kind.SHORT_TEXT,
        False,
    ),
    (
        {
            "ky": ("Кайсы тема сизге эң кызыктуу?", "Шайлоо\nМедиа сабаттуулук\nЖарандык активдүүлүк"),
            "ru": ("Какая тема вам интереснее всего?", "Выборы\nМедиаграмотность\nГражданская активность"),
            "en": ("Which topic interests you most?", "Elections\nMedia literacy\nCivic activism"),
        },
        Question.Kind.SINGLE_CHOICE,
        True,
    ),
]

# Each cohort's name and venue in ru and en (the Kyrgyz ones are in the specs below).
COHORT_TRANSLATIONS = {
    "open": {
        "ru": ("Лагерь демократии — Иссык-Куль", "Чолпон-Ата, центр отдыха «Жаштар»"),
        "en": ("Democracy Camp — Issyk-Kul", "Cholpon-Ata, Jashtar holiday centre"),
    },
    "full": {
        "ru": ("Лагерь демократии — Талас", "г. Талас, Дом культуры имени Манаса"),
        "en": ("Democracy Camp — Talas", "Talas city, Manas House of Culture"),
    },
    "open2": {
        "ru": ("Школа молодых граждан — Нарын", "г. Нарын, средняя школа №1"),
        "en": ("Young Citizens School — Naryn", "Naryn city, secondary school No. 1"),
    },
    "running": {
        "ru": ("Лагерь демократии — Ош", "г. Ош, Ошский государственный университет"),
        "en": ("Democracy Camp — Osh", "Osh city, Osh State University"),
    },
    "finished": {
        "ru": ("Школа молодых граждан — Бишкек", "г. Бишкек, Молодёжный центр"),
        "en": ("Young Citizens School — Bishkek", "Bishkek city, Youth Centre"),
    },
}

# username, first name, last name, language, region, age at the cohort's start
CAMPERS = [
    ("camper01", "Бекзат", "Токтосунов", "ky", "issyk_kul", 17),
    ("camper02", "Асель", "Маматова", "ru", "chuy", 19),
    ("camper03", "Нурбек", "Абдыкадыров", "ky", "naryn", 18),
    ("camper04", "Жибек", "Сапарова", "ky", "talas", 20),
    ("camper05", "Тимур", "Ким", "ru", "bishkek", 21),
    ("camper06", "Айжан", "Орозбекова", "ky", "osh", 16),
    ("camper07", "Элдияр", "Жээнбеков", "ky", "jalal_abad", 19),
    ("camper08", "Мээрим", "Султанова", "ky", "batken", 17),
    ("camper09", "Даниил", "Петров", "ru", "osh_city", 22),
    ("camper10", "Каныкей", "Бакирова", "ky", "naryn", 18),
    ("camper11", "Адилет", "Мамбетов", "ky", "chuy", 16),
    ("camper12", "Нуриза", "Абдраева", "ky", "naryn", 15),
    ("camper13", "Эрлан", "Сыдыков", "ru", "talas", 20),
    ("camper14", "Аруузат", "Төлөгөнова", "ky", "talas", 19),
]


def _locales() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("ky", "ru", "en")}


def _pages(locales) -> dict[str, ProgrammePage]:
    home = HomePage.objects.filter(locale=locales["ky"], depth=2).first()
    index = ProgrammeIndexPage.objects.filter(locale=locales["ky"], slug="programmes").first()
    if index is None:
        title, intro = INDEX["ky"]
        index = ProgrammeIndexPage(
            title=title, intro=intro, slug="programmes", show_in_menus=True, locale=locales["ky"]
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    for code in ("ru", "en"):
        title, intro = INDEX[code]
        translate_page(index, locales[code], {"title": title, "intro": intro, "show_in_menus": True})
    pages = {}
    for slug, texts in PROGRAMMES.items():
        page = ProgrammePage.objects.filter(locale=locales["ky"], slug=slug).first()
        if page is None:
            page = ProgrammePage(slug=slug, locale=locales["ky"], **_fields(texts["ky"]))
            index.add_child(instance=page)
            page.save_revision().publish()
        for code in ("ru", "en"):
            translate_page(page, locales[code], _fields(texts[code]))
        pages[slug] = page
    return pages


def _fields(text: dict) -> dict:
    return {
        "title": text["title"],
        "intro": text["intro"],
        "body": [("paragraph", f"<p>{text['body']}</p>")],
        "who_may_apply": text["who"],
        "graduates_get": text["get"],
    }


def _cohorts(pages, organiser) -> dict[str, Cohort]:
    today = timezone.localdate()
    now = timezone.now()
    specs = {
        "open": (
            pages["democracy-camp"],
            "Демократия лагери — Ысык-Көл",
            "issyk_kul",
            "Чолпон-Ата, «Жаштар» эс алуу борбору",
            today + dt.timedelta(days=40),
            6,
            now - dt.timedelta(days=5),
            now + dt.timedelta(days=20),
            6,
            (16, 22),
        ),
        "full": (
            pages["democracy-camp"],
            "Демократия лагери — Талас",
            "talas",
            "Талас шаары, Манас атындагы маданият үйү",
            today + dt.timedelta(days=30),
            5,
            now - dt.timedelta(days=7),
            now + dt.timedelta(days=12),
            2,
            (16, 22),
        ),
        "open2": (
            pages["young-citizens-school"],
            "Жаш жарандар мектеби — Нарын",
            "naryn",
            "Нарын шаары, №1 орто мектеп",
            today + dt.timedelta(days=25),
            20,
            now - dt.timedelta(days=3),
            now + dt.timedelta(days=14),
            25,
            (14, 18),
        ),
        "running": (
            pages["democracy-camp"],
            "Демократия лагери — Ош",
            "osh_city",
            "Ош шаары, Ош мамлекеттик университети",
            today - dt.timedelta(days=2),
            6,
            now - dt.timedelta(days=60),
            now - dt.timedelta(days=20),
            20,
            (16, 22),
        ),
        "finished": (
            pages["young-citizens-school"],
            "Жаш жарандар мектеби — Бишкек",
            "bishkek",
            "Бишкек шаары, Жаштар борбору",
            today - dt.timedelta(days=120),
            20,
            now - dt.timedelta(days=200),
            now - dt.timedelta(days=150),
            20,
            (14, 25),
        ),
    }
    cohorts = {}
    for key, (programme, name, region, venue, starts, days, opens, closes, capacity, ages) in specs.items():
        cohort, created = Cohort.objects.get_or_create(
            name=name,
            defaults={
                "programme": programme,
                "region": region,
                "venue": venue,
                "starts_on": starts,
                "ends_on": starts + dt.timedelta(days=days),
                "applications_open_at": opens,
                "applications_close_at": closes,
                "capacity": capacity,
                "min_age": ages[0],
                "max_age": ages[1],
                "language": "ky",
            },
        )
        if created:
            for order, (texts, kind, required) in enumerate(QUESTIONS):
                Question.objects.create(
                    cohort=cohort,
                    text=texts["ky"][0],
                    choices=texts["ky"][1],
                    kind=kind,
                    required=required,
                    sort_order=order,
                )
        _translate(cohort, COHORT_TRANSLATIONS[key])
        cohort.organisers.add(organiser)
        cohorts[key] = cohort
    return cohorts


def _translate(cohort, translations) -> None:
    """The cohort's and its questions' words in ru and en (set again on every run, so edits here arrive)."""
    for code, (name, venue) in translations.items():
        setattr(cohort, f"name_{code}", name)
        setattr(cohort, f"venue_{code}", venue)
    cohort.save()
    by_text = {texts["ky"][0]: texts for texts, _kind, _required in QUESTIONS}
    for question in cohort.questions.all():
        texts = by_text.get(question.text)
        if texts is None:
            continue
        for code in ("ru", "en"):
            setattr(question, f"text_{code}", texts[code][0])
            setattr(question, f"choices_{code}", texts[code][1])
        question.save()


def _user(username, first, last, language) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.org",
            "preferred_language": language,
        },
    )
    if created:
        user.set_password(settings.CIVIC_DEMO_PASSWORD)
        user.save()
        role_grant(user=user, role=roles.STUDENT)
    return user


def _birth(age: int, on: dt.date) -> dt.date:
    birthday = on - dt.timedelta(days=10)
    try:
        return birthday.replace(year=birthday.year - age)
    except ValueError:  # 29 February in a year that has none
        return birthday.replace(year=birthday.year - age, day=28)


def _apply(cohort, user, region, age, path: list[str], organiser) -> Application | None:
    """An application that went through `path` (statuses in order), with its log, consents and answers."""
    if Application.objects.filter(cohort=cohort, applicant=user).exists():
        return None
    questions = list(cohort.questions.all())
    minor = age < 18
    answers = {str(questions[0].pk): "Өз айылымда жаштардын шайлоого катышуусун көбөйткүм келет."}
    answers[str(questions[2].pk)] = "Шайлоо"
    status = path[-1]
    submitted_at = min(cohort.applications_open_at + dt.timedelta(days=1), timezone.now())
    application = Application.objects.create(
        cohort=cohort,
        applicant=user,
        status=status,
        full_name=user.get_full_name(),
        date_of_birth=_birth(age, cohort.starts_on),
        region=region,
        school="Орто мектеп" if minor else "Университет",
        contact_email=user.email,
        contact_phone="+996 555 123 456",
        guardian_name=f"{user.last_name} (ата-эне)" if minor else "",
        guardian_contact="+996 700 000 000" if minor else "",
        guardian_language="ru" if user.preferred_language == "ru" else "ky",
        guardian_link_version=1 if minor else 0,
        guardian_link_sent_at=submitted_at if minor else None,
        answers=answers,
        submitted_at=submitted_at,
        waitlisted_at=submitted_at if Status.WAITLISTED in path else None,
        offer_expires_at=timezone.now() + dt.timedelta(days=cohort.offer_days)
        if status == Status.OFFERED
        else None,
    )
    if Status.AWAITING_GUARDIAN not in path:  # otherwise the guardian consents by their link, or on paper
        consents_record(
            application=application,
            minor=minor,
            guardian_consent=minor,
            photo_consent=True,
            new=True,
            given_at=submitted_at,
        )
    previous = ""
    for step in path:
        by = user if step in (Status.SUBMITTED, Status.CONFIRMED, Status.WITHDRAWN) else organiser
        if step == Status.AWAITING_GUARDIAN or (step == Status.WAITLISTED and not previous):
            by = user  # applied (a minor, or late, when every place was held)
        if step == Status.SUBMITTED and previous == Status.AWAITING_GUARDIAN:
            by = organiser  # recorded the guardian's paper consent
        if step in (Status.OFFERED, Status.EXPIRED):
            by = None  # the system offers and lets an unconfirmed offer lapse
        StatusChange.objects.create(
            application=application,
            from_status=previous,
            to_status=step,
            changed_by=by,
            changed_at=submitted_at,
        )
        previous = step
    return application


def _paper_consent(application, organiser) -> None:
    """The guardian's consent as an organiser records a signed form: who signed, the words, a scan."""
    from django.core.files.base import ContentFile
    from reportlab.pdfgen import canvas

    from .services.guardians import consent_texts

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 760, f"Consent form, application {application.pk} (demo scan)")
    pdf.showPage()
    pdf.save()
    texts = consent_texts(application=application, language=application.cohort.language)
    consent = Consent(
        application=application,
        kind=Consent.Kind.PARTICIPATION,
        given_by=application.guardian_name,
        method=Consent.Method.PAPER,
        text_version=CONSENT_VERSION,
        text=texts[Consent.Kind.PARTICIPATION],
        given_at=application.submitted_at,
        recorded_by=organiser,
    )
    consent.scan.save(f"consent-{application.pk}.pdf", ContentFile(buffer.getvalue()), save=False)
    consent.save()


def _attend(application, organiser, days) -> None:
    for day in days:
        Attendance.objects.get_or_create(
            application=application, day=day, defaults={"present": True, "marked_by": organiser}
        )


def _graduate(application) -> None:
    Certificate.objects.get_or_create(
        application=application,
        defaults={
            "holder_name": application.full_name,
            "language": application.applicant.preferred_language,
            "issued_at": timezone.make_aware(dt.datetime.combine(application.cohort.ends_on, dt.time(15))),
        },
    )
    # As a real graduation does: apps built on camps (alumni) act on it.
    participant_graduated.send(sender=Application, application=application)


def seed(*, stdout) -> None:
    locales = _locales()
    if not HomePage.objects.filter(locale=locales["ky"], depth=2).exists():
        stdout.write("Demo camps skipped: run the cms demo first.")
        return
    organiser = User.objects.get(username="organiser1")
    pages = _pages(locales)
    cohorts = _cohorts(pages, organiser)
    campers = [(_user(u, f, last, lang), region, age) for u, f, last, lang, region, age in CAMPERS]
    S = Status

    # Open Democracy Camp: one application in each state before the camp.
    open_paths = [
        [S.SUBMITTED],
        [S.SUBMITTED, S.ACCEPTED],
        [S.SUBMITTED, S.WAITLISTED],
        [S.SUBMITTED, S.WAITLISTED, S.OFFERED],
        [S.SUBMITTED, S.ACCEPTED, S.CONFIRMED],
        [S.SUBMITTED, S.REJECTED],
        [S.SUBMITTED, S.ACCEPTED, S.WITHDRAWN],
        [S.SUBMITTED, S.WAITLISTED],
        [S.SUBMITTED, S.WAITLISTED, S.OFFERED, S.EXPIRED],
    ]
    for (user, region, age), path in zip(campers, open_paths, strict=False):
        _apply(cohorts["open"], user, region, age, path, organiser)
    # A 16-year-old whose mother has not yet opened the consent link.
    user, region, age = campers[10]
    _apply(cohorts["open"], user, region, age, [S.AWAITING_GUARDIAN], organiser)
    student = User.objects.filter(username="student1").first()
    if student is not None:
        _apply(cohorts["open"], student, "chuy", 18, [S.SUBMITTED], organiser)

    # Running camp in Osh: confirmed participants, most already marked present.
    running = cohorts["running"]
    elapsed = [d for d in running.days if d <= timezone.localdate()]
    for i, (user, region, age) in enumerate(campers[2:8]):
        path = [S.SUBMITTED, S.ACCEPTED, S.CONFIRMED] + ([S.ATTENDED] if i < 4 else [])
        application = _apply(running, user, region, max(age, 16), path, organiser)
        if application and i < 4:
            _attend(application, organiser, elapsed)

    # Finished Young Citizens School in Bishkek: graduates with certificates, alumnus1 among them.
    finished = cohorts["finished"]
    alumnus = User.objects.filter(username="alumnus1").first()
    graduates = [(alumnus, "bishkek", 17)] if alumnus else []
    graduates += [(u, r, min(max(a, 15), 24)) for u, r, a in campers[:3]]
    for user, region, age in graduates:
        application = _apply(
            finished,
            user,
            region,
            age,
            [S.SUBMITTED, S.ACCEPTED, S.CONFIRMED, S.ATTENDED, S.GRADUATED],
            organiser,
        )
        if application:
            _attend(application, organiser, finished.days)
            _graduate(application)
    for user, region, age in campers[8:10]:
        application = _apply(
            finished,
            user,
            region,
            min(age, 24),
            [S.SUBMITTED, S.ACCEPTED, S.CONFIRMED, S.ATTENDED],
            organiser,
        )
        if application:
            _attend(application, organiser, finished.days[:3])
    # A 15-year-old in Naryn whose mother signed the consent form on paper at the school; the organiser scanned it.
    user, region, age = campers[11]
    paper = _apply(cohorts["open2"], user, region, age, [S.AWAITING_GUARDIAN, S.SUBMITTED], organiser)
    if paper:
        _paper_consent(paper, organiser)

    # Talas: both places held, then two late applicants joined the waiting list in the order they came.
    full = cohorts["full"]
    for user, region, age in campers[2:4]:
        _apply(full, user, region, age, [S.SUBMITTED, S.ACCEPTED, S.CONFIRMED], organiser)
    for hours, (user, region, age) in enumerate(campers[12:14], start=1):
        late = _apply(full, user, region, age, [S.WAITLISTED], organiser)
        if late:
            when = timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=hours)
            Application.objects.filter(pk=late.pk).update(submitted_at=when, waitlisted_at=when)
            late.status_changes.update(changed_at=when, changed_by=late.applicant)
    stdout.write(
        "Demo camps ready: 2 programmes, 5 cohorts, applications in every state (a guardian's consent awaited, "
        "one given on paper, late applicants on a waiting list)."
    )
