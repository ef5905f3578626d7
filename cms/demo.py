"""Demo site: home, about, contacts and privacy pages in Kyrgyz, Russian and English, footer and settings."""

from wagtail.models import Locale, Page, Site

from .models import FooterText, HomePage, SiteSettings, StandardPage

LANGS = ("ky", "ru", "en")

HOME = {
    "ky": {
        "title": "Civic — жарандык билим берүү платформасы",
        "intro": "Жаштар үчүн укуктар, медиа сабаттуулук жана жарандык активдүүлүк боюнча онлайн сабактар, "
        "Демократия лагерлери, Жаш жарандар мектеби жана бүтүрүүчүлөрдүн форумдары — баары бир жерде.",
        "audiences": [
            (
                "student",
                "Окуучуларга жана студенттерге",
                "Модулдарды өз убактыңызда окуп чыгыңыз, тесттерди тапшырыңыз жана жетишкендигиңизди көрүп туруңуз. "
                "Сабактар телефондо да тез ачылат.",
                "Сабактарга өтүү",
            ),
            (
                "teacher",
                "Мугалимдерге",
                "Укуктар, медиа сабаттуулук жана жарандык активдүүлүк боюнча даяр модулдарды сабагыңызда "
                "колдонуңуз, интерактивдүү тапшырмалардын жыйынтыктарын көрүңүз жана тесттерди H5P катары жүктөп алыңыз.",
                "Модулдарды көрүү",
            ),
            (
                "organiser",
                "Лагерлердин уюштуруучуларына",
                "Демократия лагеринин агымдарын жарыялаңыз, арыздарды кабыл алыңыз, катышууну белгилеңиз жана "
                "бүтүрүүчүлөргө сертификат бериңиз.",
                "Лагерлер",
            ),
            (
                "alumnus",
                "Бүтүрүүчүлөргө",
                "Демократия лагерин же Жаш жарандар мектебин бүтүргөндөн кийин сиз бүтүрүүчү болосуз: "
                "сертификатыңызды каалаган адам текшере алат, ал эми бүтүрүүчүлөрдүн форумдары ушул жерде жарыяланат.",
                "Программалар",
            ),
        ],
    },
    "ru": {
        "title": "Civic — платформа гражданского образования",
        "intro": "Онлайн-уроки для молодёжи о правах, медиаграмотности и гражданской активности, Лагеря демократии, "
        "Школа молодых граждан и форумы выпускников — всё в одном месте.",
        "audiences": [
            (
                "student",
                "Школьникам и студентам",
                "Проходите модули в своём темпе, решайте тесты и следите за своим прогрессом. "
                "Уроки быстро открываются даже на телефоне.",
                "К урокам",
            ),
            (
                "teacher",
                "Учителям",
                "Используйте на уроках готовые модули о правах, медиаграмотности и гражданской активности, "
                "смотрите результаты интерактивных заданий и скачивайте тесты в формате H5P.",
                "Смотреть модули",
            ),
            (
                "organiser",
                "Организаторам лагерей",
                "Публикуйте потоки Лагеря демократии, принимайте заявки, отмечайте посещаемость и выдавайте "
                "сертификаты выпускникам.",
                "Лагеря",
            ),
            (
                "alumnus",
                "Выпускникам",
                "Окончив Лагерь демократии или Школу молодых граждан, вы становитесь выпускником: ваш сертификат "
                "может проверить любой, а форумы выпускников объявляются здесь.",
                "Программы",
            ),
        ],
    },
    "en": {
        "title": "Civic — a civic-education platform",
        "intro": "Online lessons for young people on rights, media literacy and civic activism, Democracy Camps, "
        "the Young Citizens School and alumni forums — all in one place.",
        "audiences": [
            (
                "student",
                "For pupils and students",
                "Work through modules at your own pace, take quizzes and follow your progress. "
                "Lessons open quickly even on a phone.",
                "Go to lessons",
            ),
            (
                "teacher",
                "For teachers",
                "Use ready-made modules on rights, media literacy and civic activism in your lessons, see the "
                "results of interactive activities and download quizzes as H5P.",
                "See the modules",
            ),
            (
                "organiser",
                "For camp organisers",
                "Publish Democracy Camp cohorts, take applications, mark attendance and give graduates "
                "their certificates.",
                "Camps",
            ),
            (
                "alumnus",
                "For alumni",
                "Once you graduate from a Democracy Camp or the Young Citizens School you are an alumnus: anyone "
                "can verify your certificate, and alumni forums are announced here.",
                "Programmes",
            ),
        ],
    },
}

PAGES = {
    "about": {
        "menu": True,
        "ky": (
            "Биз жөнүндө",
            "Civic — жаштарды жарандык жана саясий укуктар, шайлоо жана медиа сабаттуулук "
            "боюнча окутуу үчүн ачык платформа.",
            "Платформа Борбордук шайлоо комиссиясы (БШК) менен биргеликте өткөрүлгөн жарандык билим берүү "
            "программаларына кызмат кылат. Жаштар Демократия лагерлеринде жана Жаш жарандар мектебинде "
            "жарандык жана саясий укуктар, эркиндиктер, медиа сабаттуулук жана жарандык активдүүлүк "
            "тууралуу билим алышат, лидер катары өсүшөт. Бүтүрүүчүлөр бүтүрүүчүлөрдүн форумдарында "
            "тажрыйба алмашып, жергиликтүү демилгелерди улантышат. Биз мүмкүнчүлүгү чектелген адамдарды "
            "жана бардык аймактардагы жаштарды камтууга умтулабыз.",
        ),
        "ru": (
            "О нас",
            "Civic — открытая платформа для обучения молодёжи гражданским и политическим правам, "
            "выборам и медиаграмотности.",
            "Платформа служит программам гражданского образования, которые проводятся вместе с Центральной "
            "избирательной комиссией (ЦИК). В Лагерях демократии и Школе молодых граждан молодые люди узнают "
            "о гражданских и политических правах, свободах, медиаграмотности и гражданской активности и растут "
            "как лидеры. Выпускники обмениваются опытом на форумах выпускников и продолжают местные "
            "инициативы. Мы стремимся включать людей с ограниченными возможностями здоровья и молодёжь "
            "из всех регионов.",
        ),
        "en": (
            "About us",
            "Civic is an open platform that teaches young people about civil and political rights, "
            "elections and media literacy.",
            "The platform serves civic-education programmes run with the Central Election Commission (CEC). "
            "At Democracy Camps and the Young Citizens School young people learn about civil and political "
            "rights, freedoms, media literacy and civic activism, and grow as leaders. Graduates share their "
            "experience at alumni forums and carry on local initiatives. We aim to include people with "
            "disabilities and young people from every region.",
        ),
    },
    "contacts": {
        "menu": True,
        "ky": (
            "Байланыш",
            "Суроолоруңуз болсо, бизге жазыңыз.",
            "Электрондук почта: info@civic.kg. Дарек: Бишкек шаары. Иш убактысы: дүйшөмбүдөн жумага чейин, "
            "саат 9:00дөн 18:00гө чейин.",
        ),
        "ru": (
            "Контакты",
            "Если у вас есть вопросы, напишите нам.",
            "Электронная почта: info@civic.kg. Адрес: г. Бишкек. Часы работы: с понедельника по пятницу, "
            "с 9:00 до 18:00.",
        ),
        "en": (
            "Contacts",
            "If you have questions, write to us.",
            "Email: info@civic.kg. Address: Bishkek city. Office hours: Monday to Friday, 9:00 to 18:00.",
        ),
    },
    "privacy": {
        "menu": False,
        "ky": (
            "Купуялык саясаты",
            "Жеке маалыматыңызды кантип сактайбыз жана колдонобуз.",
            "Биз сиздин атыңызды, электрондук почтаңызды жана окуудагы жетишкендигиңизди платформанын "
            "иштеши үчүн гана сактайбыз. 18 жашка чейинки катышуучулар үчүн ата-эненин (мыйзамдуу "
            "өкүлүнүн) макулдугу талап кылынат. Сиз каалаган убакта өз маалыматыңызды жүктөп ала аласыз "
            "же аны өчүрүүнү сурай аласыз.",
        ),
        "ru": (
            "Политика конфиденциальности",
            "Как мы храним и используем ваши персональные данные.",
            "Мы храним ваше имя, электронную почту и прогресс в обучении только для работы платформы. "
            "Для участников младше 18 лет требуется согласие родителя (законного представителя). "
            "Вы можете в любой момент скачать свои данные или попросить их удалить.",
        ),
        "en": (
            "Privacy policy",
            "How we keep and use your personal data.",
            "We keep your name, email and learning progress only to run the platform. Participants under 18 "
            "need the consent of a parent (guardian). You can download your data or ask us to erase it at "
            "any time.",
        ),
    },
}

FOOTER = {
    "ky": "<p>Civic — жаштар үчүн жарандык билим берүү. Мазмуну ачык лицензия менен жеткиликтүү.</p>",
    "ru": "<p>Civic — гражданское образование для молодёжи. Материалы доступны по открытой лицензии.</p>",
    "en": "<p>Civic — civic education for young people. The materials are available under an open licence.</p>",
}


def _locales() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGS}


def _publish(page: Page) -> None:
    page.save_revision().publish()


def translate_page(page: Page, locale: Locale, fields: dict) -> Page:
    """Give `page` a real translation in `locale` (replacing the alias that tree sync may have made)."""
    translated = page.get_translation_or_none(locale)
    if translated is not None and translated.alias_of_id is None:
        return translated
    if translated is None:
        translated = page.copy_for_translation(locale)
    else:
        translated = translated.specific
        translated.alias_of = None
    for key, value in fields.items():
        setattr(translated, key, value)
    translated.save()
    _publish(translated)
    return translated


def _home(locales) -> HomePage:
    ky = locales["ky"]
    home = HomePage.objects.filter(locale=ky, depth=2).first()
    root = Page.get_first_root_node()
    if root is None:  # a flushed database (transactional tests) has no tree at all
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=ky, live=True))
    if home is None:
        # Wagtail's own welcome page goes; ours takes its place as the site root.
        for page in Page.objects.filter(
            depth=2, content_type__model="page", content_type__app_label="wagtailcore"
        ):
            page.delete()
        home = HomePage(slug="home", locale=ky, **_home_fields("ky"))
        root.add_child(instance=home)
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Civic"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Civic"
        site.save()
    for code in ("ru", "en"):
        translate_page(home, locales[code], _home_fields(code))
    return home


def _home_fields(code: str) -> dict:
    data = HOME[code]
    audiences = [
        (
            "audience",
            {
                "audience": kind,
                "title": title,
                "text": text,
                "link_label": label,
                "link_page": None,
                # The module index and the programme index are seeded by courses and camps with these slugs.
                "link_url": f"/{code}/lessons/" if kind in ("student", "teacher") else f"/{code}/programmes/",
            },
        )
        for kind, title, text, label in data["audiences"]
    ]
    return {"title": data["title"], "intro": data["intro"], "audiences": audiences}


def _standard_pages(home: HomePage, locales) -> None:
    for slug, spec in PAGES.items():
        ky_page = StandardPage.objects.filter(locale=locales["ky"], slug=slug).first()
        if ky_page is None:
            title, intro, text = spec["ky"]
            ky_page = StandardPage(
                title=title,
                slug=slug,
                intro=intro,
                show_in_menus=spec["menu"],
                locale=locales["ky"],
                body=[("paragraph", f"<p>{text}</p>")],
            )
            home.add_child(instance=ky_page)
            _publish(ky_page)
        for code in ("ru", "en"):
            title, intro, text = spec[code]
            translate_page(
                ky_page,
                locales[code],
                {
                    "title": title,
                    "intro": intro,
                    "body": [("paragraph", f"<p>{text}</p>")],
                },
            )


def seed(*, stdout) -> None:
    locales = _locales()
    home = _home(locales)
    _standard_pages(home, locales)
    for code, text in FOOTER.items():
        FooterText.objects.get_or_create(locale=locales[code], defaults={"body": text})
    site = Site.objects.get(is_default_site=True)
    settings_obj = SiteSettings.for_site(site)
    if not settings_obj.contact_email:
        settings_obj.organisation_name = "Civic"
        settings_obj.contact_email = "info@civic.kg"
        settings_obj.address = "Бишкек"
        settings_obj.save()
    stdout.write("Demo pages ready in ky, ru and en.")
