"""Kyrgyz and Russian for the camps and alumni strings: fills empty or fuzzy entries of locale/*/django.po
that come from camps/ or alumni/ (run after `make makemessages`; other apps' entries are left alone)."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

# msgid -> (Kyrgyz, Russian); plural entries -> ((ky,), (ru one, ru few, ru many, ru other))
T = {
    # alumni
    "alumnus": ("бүтүрүүчү", "выпускник"),
    "programme": ("программа", "программа"),
    "cohort": ("агым", "поток"),
    "year": ("жыл", "год"),
    "created at": ("түзүлгөн убакыт", "создано"),
    "alumni record": ("бүтүрүүчүнүн жазуусу", "запись выпускника"),
    "alumni records": ("бүтүрүүчүлөрдүн жазуулары", "записи выпускников"),
    # API labels
    "full name": ("толук аты-жөнү", "полное имя"),
    "date of birth": ("туулган күнү", "дата рождения"),
    "region": ("аймак", "регион"),
    "school or university": ("мектеп же университет", "школа или университет"),
    "phone": ("телефон", "телефон"),
    "email": ("электрондук почта", "электронная почта"),
    # certificate
    "Certificate": ("Сертификат", "Сертификат"),
    "This certifies that": ("Бул сертификат төмөнкүнү ырастайт:", "Настоящим удостоверяется, что"),
    "has completed the programme": ("программаны ийгиликтүү бүтүрдү", "успешно окончил(а) программу"),
    "Verification code: %(code)s": ("Текшерүү коду: %(code)s", "Код проверки: %(code)s"),
    "Check it at %(url)s": ("Текшерүү дареги: %(url)s", "Проверить: %(url)s"),
    # export
    "ID": ("ID", "ID"),
    "Status": ("Абалы", "Статус"),
    "Full name": ("Толук аты-жөнү", "Полное имя"),
    "Date of birth": ("Туулган күнү", "Дата рождения"),
    "Age at start": ("Башталгандагы жашы", "Возраст на начало"),
    "Region": ("Аймак", "Регион"),
    "School or university": ("Мектеп же университет", "Школа или университет"),
    "Phone": ("Телефон", "Телефон"),
    "Email": ("Электрондук почта", "Электронная почта"),
    "Parent or guardian": ("Ата-эне же мыйзамдуу өкүл", "Родитель или законный представитель"),
    "Parent or guardian's contact": (
        "Ата-эненин (мыйзамдуу өкүлүнүн) байланышы",
        "Контакт родителя (законного представителя)",
    ),
    "Parent or guardian's consent": (
        "Ата-эненин (мыйзамдуу өкүлүнүн) макулдугу",
        "Согласие родителя (законного представителя)",
    ),
    "Consent to photos": ("Сүрөткө тартууга макулдук", "Согласие на фотосъёмку"),
    "Submitted at": ("Жөнөтүлгөн убакыт", "Отправлено"),
    "yes": ("ооба", "да"),
    "no": ("жок", "нет"),
    "Days present": ("Катышкан күндөр", "Дней присутствия"),
    # forms
    "Parent or guardian's name": (
        "Ата-эненин (мыйзамдуу өкүлүнүн) аты-жөнү",
        "Имя родителя (законного представителя)",
    ),
    "Required if you are under 18 when the camp starts.": (
        "Лагерь башталганда 18 жашка чыга элек болсоңуз, милдеттүү.",
        "Обязательно, если на начало лагеря вам не исполнится 18 лет.",
    ),
    "Parent or guardian's phone or email": (
        "Ата-эненин (мыйзамдуу өкүлүнүн) телефону же электрондук почтасы",
        "Телефон или электронная почта родителя (законного представителя)",
    ),
    "All": ("Баары", "Все"),
    "Age from": ("Жашы, мындан", "Возраст от"),
    "Age to": ("Жашы, чейин", "Возраст до"),
    "Answers contain": ("Жооптордо бар сөз", "Ответы содержат"),
    "Decision": ("Чечим", "Решение"),
    "Accept": ("Кабыл алуу", "Принять"),
    "Wait-list": ("Күтүү тизмесине кошуу", "В лист ожидания"),
    "Reject": ("Четке кагуу", "Отклонить"),
    "Message to the applicant (optional)": (
        "Арыз ээсине билдирүү (милдеттүү эмес)",
        "Сообщение заявителю (необязательно)",
    ),
    "Organisers' notes": ("Уюштуруучулардын эскертмелери", "Заметки организаторов"),
    "CSV or XLSX file": ("CSV же XLSX файлы", "Файл CSV или XLSX"),
    "Dry run: only check the rows, save nothing": (
        "Сыноо: саптарды гана текшерүү, эч нерсе сакталбайт",
        "Пробный запуск: только проверить строки, ничего не сохранять",
    ),
    # regions
    "Bishkek city": ("Бишкек шаары", "г. Бишкек"),
    "Osh city": ("Ош шаары", "г. Ош"),
    "Batken oblast": ("Баткен облусу", "Баткенская область"),
    "Chüy oblast": ("Чүй облусу", "Чуйская область"),
    "Issyk-Kul oblast": ("Ысык-Көл облусу", "Иссык-Кульская область"),
    "Jalal-Abad oblast": ("Жалал-Абад облусу", "Джалал-Абадская область"),
    "Naryn oblast": ("Нарын облусу", "Нарынская область"),
    "Osh oblast": ("Ош облусу", "Ошская область"),
    "Talas oblast": ("Талас облусу", "Таласская область"),
    # statuses
    "Submitted": ("Жөнөтүлдү", "Подана"),
    "Accepted": ("Кабыл алынды", "Принята"),
    "Wait-listed": ("Күтүү тизмесинде", "В листе ожидания"),
    "Offered a place": ("Орун сунушталды", "Предложено место"),
    "Confirmed": ("Ырасталды", "Подтверждена"),
    "Rejected": ("Четке кагылды", "Отклонена"),
    "Withdrawn": ("Кайтарылып алынды", "Отозвана"),
    "Offer expired": ("Сунуштун мөөнөтү өттү", "Срок предложения истёк"),
    "Attended": ("Катышты", "Участвовал(а)"),
    "Graduated": ("Бүтүрдү", "Окончил(а)"),
    # models
    "programme index page": ("программалар тизмесинин барагы", "страница списка программ"),
    "programme index pages": ("программалар тизмесинин барактары", "страницы списка программ"),
    "description": ("сүрөттөмө", "описание"),
    "who may apply": ("ким арыз бере алат", "кто может подать заявку"),
    "what graduates get": ("бүтүрүүчүлөр эмнеге ээ болот", "что получают выпускники"),
    "programme page": ("программанын барагы", "страница программы"),
    "programme pages": ("программалардын барактары", "страницы программ"),
    "name": ("аталышы", "название"),
    "venue": ("өтүүчү жери", "место проведения"),
    "starts on": ("башталат", "начало"),
    "ends on": ("аяктайт", "окончание"),
    "applications open at": ("арыз кабыл алуу башталат", "приём заявок открывается"),
    "applications close at": ("арыз кабыл алуу бүтөт", "приём заявок закрывается"),
    "places": ("орундар", "места"),
    "minimum age": ("эң кичүү жашы", "минимальный возраст"),
    "maximum age": ("эң улуу жашы", "максимальный возраст"),
    "working language": ("иш тили", "рабочий язык"),
    "organisers": ("уюштуруучулар", "организаторы"),
    "days to confirm an offered place": (
        "сунушталган орунду ырастоо үчүн күндөр",
        "дней на подтверждение предложенного места",
    ),
    "Deadline for wait-listed people.": (
        "Күтүү тизмесиндегилер үчүн мөөнөт.",
        "Срок для тех, кто в листе ожидания.",
    ),
    "retention period (days)": ("сактоо мөөнөтү (күн)", "срок хранения (дней)"),
    "Days after the end after which answers and guardian data are purged.": (
        "Агым бүткөндөн кийин канча күндөн соң жооптор жана ата-эненин маалыматы өчүрүлөт.",
        "Через сколько дней после окончания удаляются ответы и данные родителей.",
    ),
    "personal data purged at": ("жеке маалымат өчүрүлгөн убакыт", "персональные данные удалены"),
    "Where and when": ("Кайда жана качан", "Где и когда"),
    "Applications": ("Арыздар", "Заявки"),
    "Questions": ("Суроолор", "Вопросы"),
    "cohorts": ("агымдар", "потоки"),
    "Short text": ("Кыска текст", "Короткий текст"),
    "Long text": ("Узун текст", "Длинный текст"),
    "Single choice": ("Бир жооп тандоо", "Один вариант"),
    "Multiple choice": ("Бир нече жооп тандоо", "Несколько вариантов"),
    "question": ("суроо", "вопрос"),
    "kind": ("түрү", "тип"),
    "choices": ("жооп варианттары", "варианты ответа"),
    "One choice per line.": ("Ар бир сапка бир вариант.", "Один вариант в строке."),
    "required": ("милдеттүү", "обязательный"),
    "questions": ("суроолор", "вопросы"),
    "Online": ("Онлайн", "Онлайн"),
    "Imported": ("Импорттолгон", "Импортирована"),
    "applicant": ("арыз ээси", "заявитель"),
    "status": ("абалы", "статус"),
    "parent or guardian's name": (
        "ата-эненин (мыйзамдуу өкүлүнүн) аты-жөнү",
        "имя родителя (законного представителя)",
    ),
    "parent or guardian's phone or email": (
        "ата-эненин (мыйзамдуу өкүлүнүн) телефону же почтасы",
        "телефон или почта родителя (законного представителя)",
    ),
    "answers": ("жооптор", "ответы"),
    "organisers' notes": ("уюштуруучулардын эскертмелери", "заметки организаторов"),
    "source": ("булагы", "источник"),
    "submitted at": ("жөнөтүлгөн убакыт", "отправлена"),
    "updated at": ("жаңыланган убакыт", "обновлена"),
    "wait-listed at": ("күтүү тизмесине кошулган убакыт", "внесена в лист ожидания"),
    "offer expires at": ("сунуштун мөөнөтү бүтөт", "предложение действует до"),
    "anonymised at": ("анонимдештирилген убакыт", "обезличена"),
    "application": ("арыз", "заявка"),
    "applications": ("арыздар", "заявки"),
    "You have already applied to this cohort.": (
        "Сиз бул агымга буга чейин арыз бергенсиз.",
        "Вы уже подали заявку в этот поток.",
    ),
    "Parent or guardian's consent to take part": (
        "Катышууга ата-эненин (мыйзамдуу өкүлүнүн) макулдугу",
        "Согласие родителя (законного представителя) на участие",
    ),
    "Online form": ("Онлайн форма", "Онлайн-форма"),
    "Signed paper form (imported)": (
        "Кол коюлган кагаз форма (импорттолгон)",
        "Подписанная бумажная форма (импорт)",
    ),
    "given by": ("ким берди", "кем дано"),
    "how": ("кантип", "каким образом"),
    "text version": ("тексттин версиясы", "версия текста"),
    "given at": ("берилген убакыт", "дано"),
    "withdrawn at": ("кайтарылып алынган убакыт", "отозвано"),
    "consent": ("макулдук", "согласие"),
    "consents": ("макулдуктар", "согласия"),
    "from": ("мурунку абалы", "из"),
    "to": ("жаңы абалы", "в"),
    "changed by": ("ким өзгөрттү", "кем изменено"),
    "changed at": ("өзгөртүлгөн убакыт", "изменено"),
    "message": ("билдирүү", "сообщение"),
    "status change": ("абалдын өзгөрүшү", "изменение статуса"),
    "status changes": ("абалдын өзгөрүштөрү", "изменения статуса"),
    "day": ("күн", "день"),
    "present": ("катышты", "присутствовал(а)"),
    "note": ("эскертме", "заметка"),
    "marked by": ("ким белгиледи", "кем отмечено"),
    "marked at": ("белгиленген убакыт", "отмечено"),
    "attendance": ("катышуу", "посещаемость"),
    "verification code": ("текшерүү коду", "код проверки"),
    "language": ("тил", "язык"),
    "issued at": ("берилген күнү", "выдан"),
    "revoked at": ("жокко чыгарылган убакыт", "отозван"),
    "certificate": ("сертификат", "сертификат"),
    "certificates": ("сертификаттар", "сертификаты"),
    # services: applications
    "I am the parent or legal guardian of the applicant. I agree that they take part in the camp and that "
    "Civic keeps the data in this application to organise it.": (
        "Мен арыз ээсинин ата-энесимин же мыйзамдуу өкүлүмүн. Анын лагерге катышуусуна жана Civic бул "
        "арыздагы маалыматты лагерди уюштуруу үчүн сактоосуна макулмун.",
        "Я родитель или законный представитель заявителя. Я согласен(на) на его участие в лагере и на то, "
        "что Civic хранит данные этой заявки для организации лагеря.",
    ),
    "I agree that photos and videos in which the participant appears may be published by the organisers.": (
        "Катышуучу түшкөн сүрөттөрдү жана видеолорду уюштуруучулар жарыялай алышына макулмун.",
        "Я согласен(на), что организаторы могут публиковать фото и видео, на которых есть участник.",
    ),
    "There is no such question in this cohort.": (
        "Бул агымда мындай суроо жок.",
        "В этом потоке нет такого вопроса.",
    ),
    "Choose from the given options.": (
        "Берилген варианттардан тандаңыз.",
        "Выберите из предложенных вариантов.",
    ),
    "This question needs an answer.": ("Бул суроого жооп бериңиз.", "Ответьте на этот вопрос."),
    "Give one answer.": ("Бир гана жооп бериңиз.", "Дайте один ответ."),
    "The answer is too long (at most 300 characters).": (
        "Жооп өтө узун (эң көп 300 белги).",
        "Ответ слишком длинный (не более 300 символов).",
    ),
    "The answer is too long (at most 5000 characters).": (
        "Жооп өтө узун (эң көп 5000 белги).",
        "Ответ слишком длинный (не более 5000 символов).",
    ),
    "Please give your full name.": ("Толук аты-жөнүңүздү жазыңыз.", "Укажите полное имя."),
    "Choose a region.": ("Аймакты тандаңыз.", "Выберите регион."),
    "Give a phone number or an email address.": (
        "Телефон номерин же электрондук почтаңызды жазыңыз.",
        "Укажите номер телефона или адрес электронной почты.",
    ),
    "Give your date of birth.": ("Туулган күнүңүздү жазыңыз.", "Укажите дату рождения."),
    "This cohort is for people aged %(min)s to %(max)s at its start; you will be %(age)s.": (
        "Бул агым башталганда %(min)s жаштан %(max)s жашка чейинки адамдар үчүн; сиз %(age)s жаштасыз.",
        "Этот поток для тех, кому на начало от %(min)s до %(max)s лет; вам будет %(age)s.",
    ),
    "Applicants under 18 need their parent or guardian's name.": (
        "18 жашка чейинки арыз ээлери ата-энесинин (мыйзамдуу өкүлүнүн) аты-жөнүн жазышы керек.",
        "Заявителям младше 18 лет нужно указать имя родителя (законного представителя).",
    ),
    "Applicants under 18 need their parent or guardian's phone or email.": (
        "18 жашка чейинки арыз ээлери ата-энесинин (мыйзамдуу өкүлүнүн) телефонун же почтасын жазышы керек.",
        "Заявителям младше 18 лет нужно указать телефон или почту родителя (законного представителя).",
    ),
    "Applicants under 18 need their parent or guardian's consent.": (
        "18 жашка чейинки арыз ээлерине ата-эненин (мыйзамдуу өкүлүнүн) макулдугу керек.",
        "Заявителям младше 18 лет нужно согласие родителя (законного представителя).",
    ),
    "Applications for this cohort are closed.": (
        "Бул агымга арыз кабыл алуу бүттү.",
        "Приём заявок в этот поток закрыт.",
    ),
    "This cohort is full.": ("Бул агымда бош орун жок.", "В этом потоке нет свободных мест."),
    "The application window has closed; the application can no longer be changed.": (
        "Арыз кабыл алуу мөөнөтү бүттү; арызды мындан ары өзгөртүүгө болбойт.",
        "Приём заявок закрыт; заявку больше нельзя изменить.",
    ),
    "This application can no longer be changed.": (
        "Бул арызды мындан ары өзгөртүүгө болбойт.",
        "Эту заявку больше нельзя изменить.",
    ),
    "This application can no longer be withdrawn.": (
        "Бул арызды мындан ары кайтарып алууга болбойт.",
        "Эту заявку больше нельзя отозвать.",
    ),
    "The offer has expired.": ("Сунуштун мөөнөтү бүттү.", "Срок предложения истёк."),
    "Only an accepted or offered place can be confirmed.": (
        "Кабыл алынган же сунушталган орунду гана ырастоого болот.",
        "Подтвердить можно только принятое или предложенное место.",
    ),
    # import
    "Upload a .csv or .xlsx file.": (".csv же .xlsx файлын жүктөңүз.", "Загрузите файл .csv или .xlsx."),
    "The file could not be read as CSV or XLSX.": (
        "Файлды CSV же XLSX катары окуу мүмкүн болгон жок.",
        "Не удалось прочитать файл как CSV или XLSX.",
    ),
    "The file is empty.": ("Файл бош.", "Файл пуст."),
    "These columns are missing: %(columns)s.": (
        "Бул мамычалар жок: %(columns)s.",
        "Не хватает столбцов: %(columns)s.",
    ),
    "At most %(max)s rows at a time.": ("Бир жолу эң көп %(max)s сап.", "Не более %(max)s строк за раз."),
    "The name is missing.": ("Аты-жөнү жазылган эмес.", "Не указано имя."),
    "The date of birth is not a date (use YYYY-MM-DD or DD.MM.YYYY).": (
        "Туулган күнү туура эмес (ЖЖЖЖ-АА-КК же КК.АА.ЖЖЖЖ түрүндө жазыңыз).",
        "Дата рождения указана неверно (используйте ГГГГ-ММ-ДД или ДД.ММ.ГГГГ).",
    ),
    "Unknown region: %(value)s.": ("Белгисиз аймак: %(value)s.", "Неизвестный регион: %(value)s."),
    "The status must be one of: %(statuses)s.": (
        "Абалы төмөнкүлөрдүн бири болушу керек: %(statuses)s.",
        "Статус должен быть одним из: %(statuses)s.",
    ),
    "%(column)s must be yes or no.": (
        "%(column)s мамычасында yes же no болушу керек.",
        "В столбце %(column)s должно быть yes или no.",
    ),
    "The email address is not valid.": (
        "Электрондук почтанын дареги туура эмес.",
        "Неверный адрес электронной почты.",
    ),
    "Age %(age)s at the start is outside %(min)s–%(max)s.": (
        "Башталгандагы жашы %(age)s, ал %(min)s–%(max)s чегинен тышкары.",
        "Возраст на начало %(age)s вне диапазона %(min)s–%(max)s.",
    ),
    "A participant under 18 needs the guardian's name, contact and consent.": (
        "18 жашка чейинки катышуучуга ата-энесинин аты-жөнү, байланышы жана макулдугу керек.",
        "Участнику младше 18 лет нужны имя, контакт и согласие родителя.",
    ),
    "This person is already in the cohort.": (
        "Бул адам агымда мурунтан эле бар.",
        "Этот человек уже есть в потоке.",
    ),
    "This person appears twice in the file.": (
        "Бул адам файлда эки жолу жазылган.",
        "Этот человек дважды указан в файле.",
    ),
    "The cohort has no place left for this person.": (
        "Агымда бул адам үчүн бош орун калган жок.",
        "В потоке не осталось места для этого человека.",
    ),
    # notifications
    "We have received your application to %(cohort)s (%(programme)s).": (
        "Биз сиздин %(cohort)s (%(programme)s) агымына арызыңызды алдык.",
        "Мы получили вашу заявку в поток %(cohort)s (%(programme)s).",
    ),
    "You have been accepted to %(cohort)s (%(programme)s). Please confirm your place.": (
        "Сиз %(cohort)s (%(programme)s) агымына кабыл алындыңыз. Ордуңузду ырастаңыз.",
        "Вы приняты в поток %(cohort)s (%(programme)s). Пожалуйста, подтвердите своё место.",
    ),
    "You are on the waiting list for %(cohort)s (%(programme)s). We will write to you if a place frees up.": (
        "Сиз %(cohort)s (%(programme)s) агымынын күтүү тизмесиндесиз. Орун бошосо, сизге жазабыз.",
        "Вы в листе ожидания потока %(cohort)s (%(programme)s). Мы напишем вам, если место освободится.",
    ),
    "A place in %(cohort)s (%(programme)s) is free for you. Please confirm it by %(deadline)s, "
    "or it will be offered to the next person on the waiting list.": (
        "%(cohort)s (%(programme)s) агымында сиз үчүн орун бошоду. Аны %(deadline)s чейин ырастаңыз, "
        "болбосо орун күтүү тизмесиндеги кийинки адамга сунушталат.",
        "Для вас освободилось место в потоке %(cohort)s (%(programme)s). Подтвердите его до %(deadline)s, "
        "иначе место предложат следующему в листе ожидания.",
    ),
    "Your place in %(cohort)s (%(programme)s) is confirmed.": (
        "Сиздин %(cohort)s (%(programme)s) агымындагы ордуңуз ырасталды.",
        "Ваше место в потоке %(cohort)s (%(programme)s) подтверждено.",
    ),
    "We are sorry: your application to %(cohort)s (%(programme)s) was not accepted.": (
        "Тилекке каршы, сиздин %(cohort)s (%(programme)s) агымына арызыңыз кабыл алынган жок.",
        "К сожалению, ваша заявка в поток %(cohort)s (%(programme)s) не принята.",
    ),
    "Your application to %(cohort)s (%(programme)s) has been withdrawn.": (
        "Сиздин %(cohort)s (%(programme)s) агымына арызыңыз кайтарылып алынды.",
        "Ваша заявка в поток %(cohort)s (%(programme)s) отозвана.",
    ),
    "The place offered to you in %(cohort)s (%(programme)s) was not confirmed in time, so the offer has "
    "expired. While applications are open, you can apply again.": (
        "Сизге %(cohort)s (%(programme)s) агымында сунушталган орун өз убагында ырасталган жок, ошондуктан "
        "сунуштун мөөнөтү өттү. Арыз кабыл алуу уланып жатса, кайрадан арыз бере аласыз.",
        "Место в потоке %(cohort)s (%(programme)s), предложенное вам, не было вовремя подтверждено, поэтому "
        "срок предложения истёк. Пока приём заявок открыт, вы можете подать заявку снова.",
    ),
    "Your attendance at %(cohort)s (%(programme)s) has been recorded.": (
        "Сиздин %(cohort)s (%(programme)s) агымына катышууңуз белгиленди.",
        "Ваше участие в потоке %(cohort)s (%(programme)s) отмечено.",
    ),
    "Congratulations! You have graduated from %(cohort)s (%(programme)s). "
    "Your certificate can be verified with the code %(code)s.": (
        "Куттуктайбыз! Сиз %(cohort)s (%(programme)s) агымын бүтүрдүңүз. "
        "Сертификатыңызды %(code)s коду менен текшерүүгө болот.",
        "Поздравляем! Вы окончили поток %(cohort)s (%(programme)s). "
        "Ваш сертификат можно проверить по коду %(code)s.",
    ),
    # participation and selection
    "This day is not one of the camp's days.": (
        "Бул күн лагердин күндөрүнө кирбейт.",
        "Этот день не входит в дни лагеря.",
    ),
    "Some of these people are not participants of this cohort.": (
        "Бул адамдардын айрымдары бул агымдын катышуучулары эмес.",
        "Некоторые из этих людей не участники этого потока.",
    ),
    "Some of these applications are not in this cohort.": (
        "Бул арыздардын айрымдары бул агымга тиешелүү эмес.",
        "Некоторые из этих заявок не относятся к этому потоку.",
    ),
    "%(name)s has not attended the camp and cannot graduate.": (
        "%(name)s лагерге катышкан эмес, ошондуктан бүтүрө албайт.",
        "%(name)s не участвовал(а) в лагере и не может окончить его.",
    ),
    "Choose accept, waitlist or reject.": (
        "Кабыл алуу, күтүү тизмеси же четке кагуу — бирөөнү тандаңыз.",
        "Выберите: принять, в лист ожидания или отклонить.",
    ),
    "Choose at least one application.": ("Жок дегенде бир арызды тандаңыз.", "Выберите хотя бы одну заявку."),
    "%(name)s's application is %(status)s and cannot be changed this way.": (
        "%(name)s арызынын абалы: %(status)s, аны мындай өзгөртүүгө болбойт.",
        "Заявка %(name)s в статусе «%(status)s», её нельзя так изменить.",
    ),
    "Not enough places: %(free)s left of %(capacity)s, %(wanted)s asked for.": (
        "Орун жетишсиз: %(capacity)s орундан %(free)s калды, %(wanted)s орун суралды.",
        "Недостаточно мест: осталось %(free)s из %(capacity)s, запрошено %(wanted)s.",
    ),
    # templates
    "Dates": ("Күндөрү", "Даты"),
    "Apply by": ("Арыз берүү мөөнөтү", "Подать заявку до"),
    "Ages": ("Жашы", "Возраст"),
    "Filter by region": ("Аймак боюнча чыпкалоо", "Фильтр по региону"),
    "All regions": ("Бардык аймактар", "Все регионы"),
    "Show": ("Көрсөтүү", "Показать"),
    "Edit application": ("Арызды өзгөртүү", "Изменить заявку"),
    "Apply": ("Арыз берүү", "Подать заявку"),
    "We ask only for what we need to select participants. Applicants under 18 on the first day of the camp "
    "need the consent of a parent or guardian.": (
        "Биз катышуучуларды тандоо үчүн керектүү маалыматты гана сурайбыз. Лагердин биринчи күнүндө 18 жашка "
        "толо элек арыз ээлерине ата-эненин (мыйзамдуу өкүлүнүн) макулдугу керек.",
        "Мы спрашиваем только то, что нужно для отбора участников. Заявителям, которым в первый день лагеря "
        "не исполнилось 18 лет, нужно согласие родителя (законного представителя).",
    ),
    "Your data": ("Сиздин маалыматыңыз", "Ваши данные"),
    "Send application": ("Арызды жөнөтүү", "Отправить заявку"),
    "Venue": ("Өтүүчү жери", "Место проведения"),
    "Working language": ("Иш тили", "Рабочий язык"),
    "Places": ("Орундар", "Места"),
    "%(left)s of %(total)s left": ("%(total)s орундан %(left)s калды", "осталось %(left)s из %(total)s"),
    "You have applied. Status: %(status)s.": (
        "Сиз арыз бердиңиз. Абалы: %(status)s.",
        "Вы подали заявку. Статус: %(status)s.",
    ),
    "My applications": ("Менин арыздарым", "Мои заявки"),
    "Message from the organisers:": ("Уюштуруучулардын билдирүүсү:", "Сообщение от организаторов:"),
    "You can see your applications here:": (
        "Арыздарыңызды бул жерден көрө аласыз:",
        "Ваши заявки можно посмотреть здесь:",
    ),
    "The Civic team": ("Civic командасы", "Команда Civic"),
    "Your camp application: %(status)s": ("Лагерге арызыңыз: %(status)s", "Ваша заявка в лагерь: %(status)s"),
    "My camp applications": ("Лагерлерге арыздарым", "Мои заявки в лагеря"),
    "My cohorts": ("Менин агымдарым", "Мои потоки"),
    "My data: download or erase": (
        "Менин маалыматым: жүктөп алуу же өчүрүү",
        "Мои данные: скачать или удалить",
    ),
    "Confirm by %(deadline)s.": ("%(deadline)s чейин ырастаңыз.", "Подтвердите до %(deadline)s."),
    "The offered place was not confirmed in time.": (
        "Сунушталган орун өз убагында ырасталган жок.",
        "Предложенное место не было подтверждено вовремя.",
    ),
    "Apply again": ("Кайра арыз берүү", "Подать заявку снова"),
    "Certificate (PDF)": ("Сертификат (PDF файл)", "Сертификат (PDF)"),
    "code": ("коду", "код"),
    "Confirm my place": ("Ордумду ырастоо", "Подтвердить место"),
    "Edit": ("Өзгөртүү", "Изменить"),
    "Withdraw": ("Кайтарып алуу", "Отозвать"),
    "You have not applied to any camp yet.": (
        "Сиз азырынча бир да лагерге арыз берген жоксуз.",
        "Вы ещё не подавали заявок в лагеря.",
    ),
    "My data": ("Менин маалыматым", "Мои данные"),
    "You can download everything Civic keeps about your camp applications and graduations as a JSON file.": (
        "Civic лагерлерге арыздарыңыз жана бүтүрүүңүз тууралуу сактаган бардык маалыматты JSON файлы катары "
        "жүктөп ала аласыз.",
        "Вы можете скачать всё, что Civic хранит о ваших заявках в лагеря и окончании программ, в виде файла JSON.",
    ),
    "Download my data (JSON)": ("Маалыматымды жүктөп алуу (JSON)", "Скачать мои данные (JSON)"),
    "Erase my data": ("Маалыматымды өчүрүү", "Удалить мои данные"),
    "Erasure removes your name, contacts, answers and guardian data and closes your account. Only anonymous "
    "figures (how many applied, from which region) remain. This cannot be undone.": (
        "Өчүрүү атыңызды, байланыштарыңызды, жоопторуңузду жана ата-энеңиздин маалыматын жок кылат жана "
        "аккаунтуңузду жабат. Аты-жөнү көрсөтүлбөгөн сандар гана калат (канча адам арыз берди, кайсы "
        "аймактан). Муну кайра калыбына келтирүүгө болбойт.",
        "Удаление стирает ваше имя, контакты, ответы и данные родителей и закрывает учётную запись. Остаются "
        "только обезличенные цифры (сколько подали заявок, из какого региона). Это нельзя отменить.",
    ),
    "Yes, erase my personal data": (
        "Ооба, жеке маалыматымды өчүрүңүз",
        "Да, удалить мои персональные данные",
    ),
    "Cohort": ("Агым", "Поток"),
    "Attendance": ("Катышуу", "Посещаемость"),
    "Graduation": ("Бүтүрүү", "Выпуск"),
    "Import": ("Импорт", "Импорт"),
    "%(age)s years": ("%(age)s жаш", "%(age)s лет"),
    "Consents": ("Макулдуктар", "Согласия"),
    "withdrawn": ("кайтарылып алынган", "отозвано"),
    "None": ("Жок", "Нет"),
    "Answers": ("Жооптор", "Ответы"),
    "Apply decision": ("Чечимди колдонуу", "Применить решение"),
    "Save notes": ("Эскертмелерди сактоо", "Сохранить заметки"),
    "History": ("Тарых", "История"),
    "Days": ("Күндөр", "Дни"),
    "Note": ("Эскертме", "Заметка"),
    "No participants yet.": ("Азырынча катышуучулар жок.", "Участников пока нет."),
    "Save attendance": ("Катышууну сактоо", "Сохранить посещаемость"),
    "%(taken)s of %(total)s places taken": (
        "%(total)s орундан %(taken)s ээленди",
        "занято %(taken)s из %(total)s мест",
    ),
    "Filter": ("Чыпкалоо", "Фильтр"),
    "Export": ("Экспорт", "Экспорт"),
    "%(counter)s application": (
        ("%(counter)s арыз",),
        ("%(counter)s заявка", "%(counter)s заявки", "%(counter)s заявок", "%(counter)s заявки"),
    ),
    "minor": ("жашы жете элек", "несовершеннолетний"),
    "photos OK": ("сүрөткө макул", "фото разрешено"),
    "Open": ("Ачуу", "Открыть"),
    "No applications match.": ("Ылайыктуу арыз жок.", "Подходящих заявок нет."),
    "Decide for the ticked applications": (
        "Белгиленген арыздар боюнча чечим",
        "Решение по отмеченным заявкам",
    ),
    "Graduates become alumni and get a certificate in their language.": (
        "Бүтүргөндөр бүтүрүүчү болушат жана өз тилинде сертификат алышат.",
        "Окончившие становятся выпускниками и получают сертификат на своём языке.",
    ),
    "Nobody has attended yet.": ("Азырынча эч ким катышкан жок.", "Пока никто не участвовал."),
    "Graduate the ticked participants": (
        "Белгиленген катышуучуларды бүтүрүү",
        "Выпустить отмеченных участников",
    ),
    "You do not organise any cohort yet.": (
        "Сиз азырынча бир да агымды уюштурбайсыз.",
        "Вы пока не организуете ни одного потока.",
    ),
    "Import participants": ("Катышуучуларды импорттоо", "Импорт участников"),
    "For cohorts that ran offline. The first row names the columns:": (
        "Офлайн өткөн агымдар үчүн. Биринчи сапта мамычалардын аттары жазылат:",
        "Для потоков, прошедших офлайн. В первой строке названия столбцов:",
    ),
    "Dates as YYYY-MM-DD or DD.MM.YYYY; consents as yes or no; status one of accepted, confirmed, attended, "
    "graduated (attended if empty). Nothing is saved unless every row is valid.": (
        "Күндөр ЖЖЖЖ-АА-КК же КК.АА.ЖЖЖЖ түрүндө; макулдуктар yes же no; абалы accepted, confirmed, "
        "attended, graduated дегендердин бири (бош болсо — attended). Бардык саптар туура болмоюнча эч нерсе "
        "сакталбайт.",
        "Даты в виде ГГГГ-ММ-ДД или ДД.ММ.ГГГГ; согласия — yes или no; статус — один из accepted, confirmed, "
        "attended, graduated (если пусто — attended). Ничего не сохраняется, пока все строки не верны.",
    ),
    "Check and import": ("Текшерүү жана импорттоо", "Проверить и импортировать"),
    "%(counter)s row is valid.": (
        ("%(counter)s саптын баары туура.",),
        (
            "%(counter)s строка верна.",
            "Все %(counter)s строки верны.",
            "Все %(counter)s строк верны.",
            "Все %(counter)s строки верны.",
        ),
    ),
    "%(counter)s row has errors; nothing was saved.": (
        ("%(counter)s сапта ката бар; эч нерсе сакталган жок.",),
        (
            "В %(counter)s строке ошибки; ничего не сохранено.",
            "В %(counter)s строках ошибки; ничего не сохранено.",
            "В %(counter)s строках ошибки; ничего не сохранено.",
            "В %(counter)s строки ошибки; ничего не сохранено.",
        ),
    ),
    "Row": ("Сап", "Строка"),
    "Name": ("Аты-жөнү", "Имя"),
    "Errors": ("Каталар", "Ошибки"),
    "OK": ("Туура", "Верно"),
    "Open for applications": ("Арыз кабыл алынууда", "Идёт приём заявок"),
    "No cohort is open for applications right now.": (
        "Азыр бир да агымга арыз кабыл алынбайт.",
        "Сейчас ни в один поток заявки не принимаются.",
    ),
    "Who may apply": ("Ким арыз бере алат", "Кто может подать заявку"),
    "What graduates get": ("Бүтүрүүчүлөр эмнеге ээ болот", "Что получают выпускники"),
    "Certificate check": ("Сертификатты текшерүү", "Проверка сертификата"),
    "This certificate is valid.": ("Бул сертификат чыныгы жана күчүндө.", "Этот сертификат действителен."),
    "Programme": ("Программа", "Программа"),
    "No valid certificate has the code %(code)s.": (
        "%(code)s коду менен жарактуу сертификат табылган жок.",
        "Действительного сертификата с кодом %(code)s нет.",
    ),
    # views
    "Your application has been sent. We have emailed you a confirmation.": (
        "Арызыңыз жөнөтүлдү. Электрондук почтаңызга ырастоо жөнөттүк.",
        "Ваша заявка отправлена. Мы прислали подтверждение на вашу почту.",
    ),
    "Your application has been saved.": ("Арызыңыз сакталды.", "Ваша заявка сохранена."),
    "Your application has been withdrawn.": ("Арызыңыз кайтарылып алынды.", "Ваша заявка отозвана."),
    "Your place is confirmed. See you at the camp!": (
        "Ордуңуз ырасталды. Лагерде көрүшөбүз!",
        "Ваше место подтверждено. До встречи в лагере!",
    ),
    "Tick the box to confirm that you want your data erased.": (
        "Маалыматыңызды өчүрүүнү кааласаңыз, белгини коюңуз.",
        "Отметьте флажок, чтобы подтвердить удаление данных.",
    ),
    "Your personal data has been erased.": (
        "Жеке маалыматыңыз өчүрүлдү.",
        "Ваши персональные данные удалены.",
    ),
    "%(count)s application(s) updated.": ("%(count)s арыз жаңыланды.", "Обновлено заявок: %(count)s."),
    "Choose a decision.": ("Чечимди тандаңыз.", "Выберите решение."),
    "Notes saved.": ("Эскертмелер сакталды.", "Заметки сохранены."),
    "Attendance saved.": ("Катышуу сакталды.", "Посещаемость сохранена."),
    "%(count)s participant(s) graduated.": (
        "%(count)s катышуучу бүтүрдү.",
        "Выпущено участников: %(count)s.",
    ),
    "%(count)s participant(s) imported.": (
        "%(count)s катышуучу импорттолду.",
        "Импортировано участников: %(count)s.",
    ),
    "Cohorts": ("Агымдар", "Потоки"),
    "Certificates": ("Сертификаттар", "Сертификаты"),
    "Camps": ("Лагерлер", "Лагеря"),
    "There is no such consent to withdraw.": (
        "Кайтарып ала турган мындай макулдук жок.",
        "Такого согласия, которое можно отозвать, нет.",
    ),
    "Your consent to photos has been withdrawn.": (
        "Сүрөткө тартууга макулдугуңуз кайтарылып алынды.",
        "Ваше согласие на фотосъёмку отозвано.",
    ),
    "You agreed to photos.": ("Сиз сүрөткө тартууга макулдук бергенсиз.", "Вы дали согласие на фотосъёмку."),
    "Withdraw this consent": ("Бул макулдукту кайтарып алуу", "Отозвать это согласие"),
    "People with the organiser role who run this cohort and select its participants.": (
        "Бул агымды өткөргөн жана катышуучуларды тандаган уюштуруучулар.",
        "Организаторы, которые проводят этот поток и отбирают участников.",
    ),
    "Alumni": ("Бүтүрүүчүлөр", "Выпускники"),
}


def _mine(entry) -> bool:
    return any(path.startswith(("camps/", "alumni/")) for path, _line in entry.occurrences)


def main() -> int:
    missing = []
    for index, lang in enumerate(("ky", "ru")):
        path = ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(path), wrapwidth=79)
        for entry in po:
            if entry.obsolete or not _mine(entry):
                continue
            if entry.translated() and "fuzzy" not in entry.flags:
                continue
            pair = T.get(entry.msgid)
            if pair is None:
                missing.append(entry.msgid)
                continue
            value = pair[index]
            if entry.msgid_plural:
                forms = value if isinstance(value, tuple) else (value,)
                for n in entry.msgstr_plural:
                    entry.msgstr_plural[n] = forms[min(int(n), len(forms) - 1)]
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
        po.save(str(path))
    if missing:
        print("No translation for:", *sorted(set(missing)), sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
