"""Demo alumni (idempotent): alumnus1 and thirty other alumni across the regions (some under 18, kept out of the
directory), the forum's event list in ky, ru and en, two upcoming events (one full with a waiting list and an
open offer, one online) and a past one with attendance and feedback, all organised by organiser1."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale

from accounts import roles
from accounts.models import User
from accounts.services import role_grant
from camps.models import ProgrammePage
from cms.demo import translate_page
from cms.models import HomePage

from .models import (
    RS,
    AlumniProfile,
    AlumniRecord,
    EventIndexPage,
    EventPage,
    Feedback,
    ForumEvent,
    ProfileInterest,
    Registration,
    RegistrationChange,
)
from .services.profiles import alumni_record_create

# username, first name, last name, language, region, age, listed, interests, bio
ALUMNI = [
    (
        "alumni01",
        "Нурбек",
        "Абдыкадыров",
        "ky",
        "bishkek",
        24,
        True,
        ["elections", "activism"],
        "Шайлоо байкоочусу, жаштар уюмунда волонтёр.",
    ),
    (
        "alumni02",
        "Айгерим",
        "Султанова",
        "ru",
        "bishkek",
        22,
        True,
        ["media"],
        "Журналистика факультетинин студенти, медиа сабаттуулук боюнча тренер.",
    ),
    (
        "alumni03",
        "Бакыт",
        "Токтосунов",
        "ky",
        "osh_city",
        26,
        True,
        ["local", "elections"],
        "Ош шаардык кеңешинин алдындагы жаштар кеңешинин мүчөсү.",
    ),
    (
        "alumni04",
        "Жылдыз",
        "Маматова",
        "ky",
        "osh",
        21,
        True,
        ["inclusion", "rights"],
        "Мүмкүнчүлүгү чектелген жаштар үчүн долбоорлорду уюштурам.",
    ),
    (
        "alumni05",
        "Тимур",
        "Исмаилов",
        "ru",
        "chuy",
        23,
        True,
        ["environment", "volunteering"],
        "Экологиялык акцияларды уюштурам, Токмок шаары.",
    ),
    (
        "alumni06",
        "Асель",
        "Жээнбекова",
        "ky",
        "issyk_kul",
        25,
        True,
        ["education", "gender"],
        "Каракол шаарында мугалим, кыздардын лидерлиги боюнча клуб жетектейм.",
    ),
    (
        "alumni07",
        "Эрлан",
        "Асанов",
        "ky",
        "naryn",
        20,
        True,
        ["activism"],
        "Нарындагы жаштар борборунда дебат клубун жүргүзөм.",
    ),
    (
        "alumni08",
        "Динара",
        "Касымова",
        "ru",
        "talas",
        27,
        True,
        ["rights", "local"],
        "Юрист, айылдык кеңештерге укуктук кеңеш берем.",
    ),
    (
        "alumni09",
        "Азамат",
        "Бейшеев",
        "ky",
        "batken",
        22,
        True,
        ["elections"],
        "Баткен облусунда шайлоочуларды агартуу боюнча волонтёр.",
    ),
    (
        "alumni10",
        "Сезим",
        "Орозбекова",
        "ky",
        "jalal_abad",
        19,
        True,
        ["media", "education"],
        "Жалал-Абаддагы мектептерде медиа сабаттуулук сабагын өтөм.",
    ),
    (
        "alumni11",
        "Руслан",
        "Ким",
        "ru",
        "bishkek",
        28,
        True,
        ["local"],
        "Муниципалдык кызматкер, ачык бюджет долбоорунда иштейм.",
    ),
    (
        "alumni12",
        "Гулнара",
        "Алиева",
        "ru",
        "osh_city",
        24,
        True,
        ["gender", "rights"],
        "Аялдардын укуктары боюнча коомдук бирикменин координатору.",
    ),
    ("alumni13", "Мирлан", "Сыдыков", "ky", "chuy", 21, True, ["volunteering", "environment"], ""),
    (
        "alumni14",
        "Аида",
        "Бообекова",
        "ky",
        "issyk_kul",
        23,
        True,
        ["education"],
        "Жаш жарандар мектебинин тренери.",
    ),
    (
        "alumni15",
        "Канат",
        "Мусаев",
        "ky",
        "naryn",
        29,
        True,
        ["local", "activism"],
        "Айыл өкмөтүнүн жаштар боюнча адиси.",
    ),
    (
        "alumni16",
        "Элнура",
        "Жумалиева",
        "ky",
        "talas",
        20,
        True,
        ["media"],
        "Жергиликтүү телеканалда стажёр.",
    ),
    (
        "alumni17",
        "Данияр",
        "Эркинбеков",
        "ru",
        "jalal_abad",
        25,
        True,
        ["elections", "rights"],
        "Шайлоо комиссиясынын мүчөсү болуп иштегем.",
    ),
    (
        "alumni18",
        "Чолпон",
        "Абдрахманова",
        "ky",
        "batken",
        22,
        True,
        ["inclusion"],
        "Инклюзивдүү билим берүү боюнча волонтёр.",
    ),
    ("alumni19", "Улан", "Токтогулов", "ky", "osh", 24, True, ["activism", "environment"], ""),
    (
        "alumni20",
        "Айпери",
        "Джолдошева",
        "ru",
        "bishkek",
        26,
        True,
        ["gender", "education"],
        "Гендердик теңчилик боюнча изилдөөчү.",
    ),
    (
        "alumni21",
        "Бекзат",
        "Айтматов",
        "ky",
        "chuy",
        30,
        True,
        ["local"],
        "Кара-Балта шаардык кеңешинин депутаты.",
    ),
    (
        "alumni22",
        "Нургуль",
        "Шаршеева",
        "ky",
        "naryn",
        18,
        True,
        ["volunteering"],
        "Быйыл университетке тапшырдым.",
    ),
    ("alumni23", "Адилет", "Калыков", "ky", "osh_city", 27, False, ["media"], ""),
    ("alumni24", "Мээрим", "Сатыбалдиева", "ky", "issyk_kul", 23, False, ["rights"], ""),
    ("alumni25", "Алмаз", "Осмонов", "ky", "talas", 21, False, [], ""),
    (
        "alumni26",
        "Зарина",
        "Усенова",
        "ru",
        "bishkek",
        25,
        True,
        ["media", "activism"],
        "Фактчекинг боюнча долбоорлордо иштейм.",
    ),
    ("alumni27", "Байэл", "Кадыров", "ky", "jalal_abad", 17, False, ["elections"], ""),
    ("alumni28", "Айзада", "Темирова", "ky", "batken", 16, False, ["education"], ""),
    ("alumni29", "Эмир", "Жусупов", "ky", "osh", 17, False, ["activism"], ""),
    ("alumni30", "Салтанат", "Ибраимова", "ky", "chuy", 16, False, ["environment"], ""),
]

INDEX = {
    "ky": (
        "Бүтүрүүчүлөрдүн форуму",
        "Демократия лагерлеринин жана Жаш жарандар мектебинин бүтүрүүчүлөрү үчүн иш-чаралар.",
    ),
    "ru": ("Форум выпускников", "Мероприятия для выпускников Лагерей демократии и Школы молодых граждан."),
    "en": ("Alumni forum", "Events for graduates of the Democracy Camps and the Young Citizens School."),
}

EVENTS = {
    "annual": {
        "days": 25,
        "hours": (10, 17),
        "capacity": 12,
        "ask_dietary": True,
        "ask_travel": True,
        "online_url": "",
        "pages": {
            "ky": (
                "Бүтүрүүчүлөрдүн жылдык форуму — Бишкек",
                "Бүткүл өлкөдөн келген бүтүрүүчүлөр жергиликтүү демилгелер менен бөлүшүп, жаңы долбоорлорду пландашат.",
                "Жаштар борбору",
                "Бишкек шаары, Чүй проспекти 106",
            ),
            "ru": (
                "Ежегодный форум выпускников — Бишкек",
                "Выпускники со всей страны делятся местными инициативами и планируют новые проекты.",
                "Молодёжный центр",
                "г. Бишкек, проспект Чуй, 106",
            ),
            "en": (
                "Annual alumni forum — Bishkek",
                "Alumni from all over the country share local initiatives and plan new projects.",
                "Youth centre",
                "106 Chüy Avenue, Bishkek",
            ),
        },
        "agenda": {
            "ky": [
                ("10:00–10:30", "Каттоо жана таанышуу"),
                ("10:30–12:00", "Жергиликтүү шайлоолордо жаштардын ролу"),
                ("13:00–15:30", "Долбоор ярмаркасы"),
                ("15:30–17:00", "Кийинки жылдын пландары"),
            ],
            "ru": [
                ("10:00–10:30", "Регистрация и знакомство"),
                ("10:30–12:00", "Роль молодёжи на местных выборах"),
                ("13:00–15:30", "Ярмарка проектов"),
                ("15:30–17:00", "Планы на следующий год"),
            ],
            "en": [
                ("10:00–10:30", "Registration and introductions"),
                ("10:30–12:00", "Young people in local elections"),
                ("13:00–15:30", "Project fair"),
                ("15:30–17:00", "Plans for next year"),
            ],
        },
    },
    "online": {
        "days": 40,
        "hours": (18, 20),
        "capacity": 50,
        "ask_dietary": False,
        "ask_travel": False,
        "online_url": "https://meet.jit.si/civic-alumni-media-literacy",
        "pages": {
            "ky": (
                "Медиа сабаттуулук: онлайн жолугушуу",
                "Жалган маалыматты кантип тааныйбыз: бүтүрүүчүлөрдүн тажрыйбасы.",
                "",
                "",
            ),
            "ru": (
                "Медиаграмотность: онлайн-встреча",
                "Как распознать дезинформацию: опыт выпускников.",
                "",
                "",
            ),
            "en": (
                "Media literacy: an online meeting",
                "How to spot disinformation: what alumni have learnt.",
                "",
                "",
            ),
        },
        "agenda": {
            "ky": [("18:00–18:45", "Фактчекинг куралдары"), ("18:45–20:00", "Суроо-жооп")],
            "ru": [("18:00–18:45", "Инструменты фактчекинга"), ("18:45–20:00", "Вопросы и ответы")],
            "en": [("18:00–18:45", "Fact-checking tools"), ("18:45–20:00", "Questions and answers")],
        },
    },
    "osh": {
        "days": -60,
        "hours": (10, 16),
        "capacity": 25,
        "ask_dietary": True,
        "ask_travel": True,
        "online_url": "",
        "pages": {
            "ky": (
                "Түштүк бүтүрүүчүлөрүнүн форуму — Ош",
                "Ош, Жалал-Абад жана Баткен облустарынын бүтүрүүчүлөрү жарандык активдүүлүк боюнча тажрыйба алмашты.",
                "Ош мамлекеттик университети",
                "Ош шаары, Ленин көчөсү 331",
            ),
            "ru": (
                "Форум выпускников юга — Ош",
                "Выпускники Ошской, Джалал-Абадской и Баткенской областей обменялись опытом гражданской активности.",
                "Ошский государственный университет",
                "г. Ош, ул. Ленина, 331",
            ),
            "en": (
                "Southern alumni forum — Osh",
                "Alumni from Osh, Jalal-Abad and Batken oblasts shared their experience of civic activism.",
                "Osh State University",
                "331 Lenin Street, Osh",
            ),
        },
        "agenda": {
            "ky": [
                ("10:00–12:00", "Жергиликтүү демилгелер"),
                ("13:00–16:00", "Мүмкүнчүлүгү чектелген адамдарды шайлоого тартуу"),
            ],
            "ru": [
                ("10:00–12:00", "Местные инициативы"),
                ("13:00–16:00", "Участие людей с ограниченными возможностями здоровья в выборах"),
            ],
            "en": [
                ("10:00–12:00", "Local initiatives"),
                ("13:00–16:00", "Including people with disabilities in elections"),
            ],
        },
    },
}

COMMENTS = [
    "Абдан пайдалуу болду, рахмат!",
    "Көп жаңы досторду таптым.",
    "Очень полезный форум, хотелось бы больше практики.",
    "Долбоор ярмаркасы эң кызыктуу бөлүгү болду.",
    "",
]


def _birth(age: int) -> dt.date:
    birthday = timezone.localdate() - dt.timedelta(days=40)
    try:
        return birthday.replace(year=birthday.year - age)
    except ValueError:  # 29 February in a year that has none
        return birthday.replace(year=birthday.year - age, day=28)


def _alumni(programmes) -> list[User]:
    people = []
    for i, (username, first, last, language, region, age, listed, interests, bio) in enumerate(ALUMNI):
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
        programme = programmes[i % len(programmes)]
        year = timezone.localdate().year - 1 - (i % 6)
        if age - (timezone.localdate().year - year) < 14:
            year = timezone.localdate().year - 1
        if not AlumniRecord.objects.filter(user=user).exists():
            alumni_record_create(user=user, programme=programme, year=year, source=AlumniRecord.Source.IMPORT)
        profile = AlumniProfile.objects.get(user=user)
        if created or not profile.bio:
            profile.region = region
            profile.date_of_birth = _birth(age)
            profile.bio = bio
            profile.directory_visible = listed and age >= 18
            profile.contact_note = "Кыргызча жана орусча жооп берем." if listed else ""
            profile.save()
            for interest in interests:
                ProfileInterest.objects.get_or_create(profile=profile, interest=interest)
        people.append(user)
    return people


def _index(locales) -> EventIndexPage:
    home = HomePage.objects.filter(locale=locales["ky"], depth=2).first()
    index = EventIndexPage.objects.filter(locale=locales["ky"]).first()
    if index is None:
        title, intro = INDEX["ky"]
        index = EventIndexPage(
            title=title, intro=intro, slug="alumni-forum", show_in_menus=True, locale=locales["ky"]
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    for code in ("ru", "en"):
        title, intro = INDEX[code]
        translate_page(index, locales[code], {"title": title, "intro": intro, "show_in_menus": True})
    return index


def _event(key, spec, index, locales, organiser) -> ForumEvent:
    today = timezone.localdate() + dt.timedelta(days=spec["days"])
    start = timezone.make_aware(dt.datetime.combine(today, dt.time(spec["hours"][0])))
    end = timezone.make_aware(dt.datetime.combine(today, dt.time(spec["hours"][1])))
    name = spec["pages"]["ky"][0]
    event, _created = ForumEvent.objects.get_or_create(
        name=name,
        defaults={
            "starts_at": start,
            "ends_at": end,
            "capacity": spec["capacity"],
            "registration_opens_at": start - dt.timedelta(days=45),
            "registration_closes_at": start - dt.timedelta(days=1),
            "online_url": spec["online_url"],
            "ask_dietary": spec["ask_dietary"],
            "ask_travel": spec["ask_travel"],
        },
    )
    event.organisers.add(organiser)

    def fields(code):
        title, intro, venue, address = spec["pages"][code]
        agenda = [("item", {"time": t, "title": what, "details": ""}) for t, what in spec["agenda"][code]]
        return {"title": title, "intro": intro, "venue": venue, "address": address, "agenda": agenda}

    page = EventPage.objects.filter(event=event, locale=locales["ky"]).first()
    if page is None:
        page = EventPage(slug=f"forum-{key}", locale=locales["ky"], event=event, **fields("ky"))
        index.add_child(instance=page)
        page.save_revision().publish()
    for code in ("ru", "en"):
        translate_page(page, locales[code], fields(code))
    return event


def _register(event, user, status, when, **extra) -> Registration | None:
    if Registration.objects.filter(event=event, user=user).exists():
        return None
    if status == RS.WAITLISTED:
        extra.setdefault("waitlisted_at", when)
    registration = Registration.objects.create(
        event=event, user=user, status=status, created_at=when, **extra
    )
    path = {RS.OFFERED: [RS.WAITLISTED, RS.OFFERED], RS.ATTENDED: [RS.CONFIRMED, RS.ATTENDED]}.get(
        status, [status]
    )
    previous = ""
    for step in path:
        RegistrationChange.objects.create(
            registration=registration,
            from_status=previous,
            to_status=step,
            changed_by=None if step == RS.OFFERED else user,
            changed_at=when,
        )
        previous = step
    return registration


def seed(*, stdout) -> None:
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("ky", "ru", "en")}
    if not HomePage.objects.filter(locale=locales["ky"], depth=2).exists():
        stdout.write("Demo alumni skipped: run the cms demo first.")
        return
    organiser = User.objects.filter(username="organiser1").first()
    programmes = list(ProgrammePage.objects.filter(locale=locales["ky"]).order_by("pk"))
    if organiser is None or not programmes:
        stdout.write("Demo alumni skipped: run the accounts and camps demos first.")
        return
    people = _alumni(programmes)
    alumnus = User.objects.filter(username="alumnus1").first()
    if alumnus is not None:
        if not AlumniRecord.objects.filter(user=alumnus).exists():
            alumni_record_create(user=alumnus, programme=programmes[0], year=timezone.localdate().year - 1)
        AlumniProfile.objects.filter(user=alumnus, bio="").update(
            bio="Жаш жарандар мектебинин бүтүрүүчүсү. Медиа сабаттуулукка кызыгам.", region="bishkek"
        )
    index = _index(locales)
    events = {key: _event(key, spec, index, locales, organiser) for key, spec in EVENTS.items()}
    now = timezone.now()

    # Annual forum: every place held (one of them offered to the first person who waited), three waiting.
    annual = events["annual"]
    holders = ([alumnus] if alumnus else []) + people[:10]
    for i, user in enumerate(holders):
        _register(
            annual,
            user,
            RS.CONFIRMED,
            now - dt.timedelta(days=10, hours=-i),
            dietary_needs="Вегетариан" if i == 3 else "",
        )
    _register(
        annual,
        people[10],
        RS.OFFERED,
        now - dt.timedelta(days=6),
        waitlisted_at=now - dt.timedelta(days=6),
        offer_expires_at=now + dt.timedelta(hours=30),
    )
    for i, user in enumerate(people[11:14]):
        _register(annual, user, RS.WAITLISTED, now - dt.timedelta(days=5, hours=-i))

    # Online meeting: a few registrations, places left.
    for i, user in enumerate(people[14:19]):
        _register(events["online"], user, RS.CONFIRMED, now - dt.timedelta(days=2, hours=i))

    # Past forum in Osh: who came (checked in by organiser1), who did not, and their feedback.
    osh = events["osh"]
    came = ([alumnus] if alumnus else []) + people[2:14]
    for i, user in enumerate(came):
        registration = _register(
            osh,
            user,
            RS.ATTENDED,
            osh.starts_at - dt.timedelta(days=20),
            checked_in_at=osh.starts_at + dt.timedelta(minutes=5 + i),
            checked_in_by=organiser,
        )
        if registration is not None and i % 4 != 3:
            Feedback.objects.get_or_create(
                registration=registration,
                defaults={
                    "rating": 5 - (i % 3),
                    "comment": COMMENTS[i % len(COMMENTS)],
                    "created_at": osh.ends_at + dt.timedelta(hours=2),
                },
            )
    for user in people[14:17]:
        _register(osh, user, RS.CONFIRMED, osh.starts_at - dt.timedelta(days=15))
    stdout.write(f"Demo alumni ready: {len(people) + 1} alumni, {len(events)} forum events.")
