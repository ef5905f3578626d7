"""Our own H5P content type (kept as source in content_types/) packaged the H5P way, and the demo package."""

from functools import cache
from pathlib import Path

from .package import Dependency, Library, h5p_json, library_from_dir, write_package

CONTENT_TYPES = Path(__file__).resolve().parent / "content_types"
CIVIC_STATEMENTS = Dependency("H5P.CivicStatements", 1, 0)

DEMO_TEXTS = {
    "en": {
        "title": "Your rights: agree or disagree?",
        "intro": "<p>Read each statement and choose whether you <strong>agree</strong> or "
        "<strong>disagree</strong>. After each answer you will see why.</p>",
        "l10n": {
            "agree": "Agree",
            "disagree": "Disagree",
            "correct": "Right.",
            "wrong": "Not quite.",
            "score": "Score: :num of :total",
            "retry": "Try again",
        },
        "statements": [
            (
                "A citizen of Kyrgyzstan who is 18 or older has the right to vote.",
                "agree",
                "The Constitution gives every citizen who has reached 18 the right to vote in elections and "
                "referendums.",
            ),
            (
                "The police may search your home whenever they like, without a court decision.",
                "disagree",
                "The home is inviolable: as a rule a search needs a court decision and may only happen in the "
                "cases the law sets out.",
            ),
            (
                "Children only get rights when they turn 18.",
                "disagree",
                "The UN Convention on the Rights of the Child, which Kyrgyzstan ratified in 1994, protects "
                "everyone under 18.",
            ),
            (
                "You may criticise the government peacefully, in speech or in writing.",
                "agree",
                "Freedom of expression and the right to peaceful assembly are guaranteed by the Constitution.",
            ),
            (
                "A person accused of a crime is presumed innocent until a court proves their guilt.",
                "agree",
                "This is the presumption of innocence: the prosecution must prove guilt; the accused does not "
                "have to prove innocence.",
            ),
        ],
    },
    "ru": {
        "title": "Ваши права: согласны или нет?",
        "intro": "<p>Прочитайте каждое утверждение и выберите, <strong>согласны</strong> вы или "
        "<strong>не согласны</strong>. После каждого ответа вы увидите объяснение.</p>",
        "l10n": {
            "agree": "Согласен",
            "disagree": "Не согласен",
            "correct": "Верно.",
            "wrong": "Не совсем так.",
            "score": "Баллы: :num из :total",
            "retry": "Начать заново",
        },
        "statements": [
            (
                "Гражданин Кыргызстана, которому исполнилось 18 лет, имеет право голосовать.",
                "agree",
                "Конституция даёт каждому гражданину, достигшему 18 лет, право голосовать на выборах и "
                "референдумах.",
            ),
            (
                "Милиция может обыскать ваш дом в любое время без решения суда.",
                "disagree",
                "Жилище неприкосновенно: обыск, как правило, проводится только по решению суда и в случаях, "
                "установленных законом.",
            ),
            (
                "Права появляются у человека только в 18 лет.",
                "disagree",
                "Конвенция ООН о правах ребёнка, которую Кыргызстан ратифицировал в 1994 году, защищает "
                "каждого, кому ещё нет 18.",
            ),
            (
                "Критиковать власть мирно, устно или письменно, — можно.",
                "agree",
                "Свобода выражения мнения и право на мирные собрания гарантированы Конституцией.",
            ),
            (
                "Обвиняемый в преступлении считается невиновным, пока его вина не доказана судом.",
                "agree",
                "Это презумпция невиновности: вину доказывает обвинение, а обвиняемый не обязан доказывать "
                "свою невиновность.",
            ),
        ],
    },
    "ky": {
        "title": "Сиздин укуктарыңыз: макулсузбу же жокпу?",
        "intro": "<p>Ар бир пикирди окуп, ага <strong>макулсузбу</strong> же <strong>макул эмессизби</strong>, "
        "тандаңыз. Ар бир жооптон кийин түшүндүрмө чыгат.</p>",
        "l10n": {
            "agree": "Макулмун",
            "disagree": "Макул эмесмин",
            "correct": "Туура.",
            "wrong": "Туура эмес.",
            "score": "Упай: :num / :total",
            "retry": "Кайра баштоо",
        },
        "statements": [
            (
                "18 жашка толгон Кыргызстандын жараны шайлоодо добуш берүүгө укуктуу.",
                "agree",
                "Конституция 18 жашка толгон ар бир жаранга шайлоодо жана референдумда добуш берүү укугун "
                "берет.",
            ),
            (
                "Милиция каалаган убакта соттун чечимисиз үйүңүздү тинте алат.",
                "disagree",
                "Турак жайга кол тийбейт: тинтүү, эреже катары, соттун чечими менен жана мыйзамда "
                "көрсөтүлгөн учурларда гана жүргүзүлөт.",
            ),
            (
                "Балдардын укуктары 18 жашка толгондо гана башталат.",
                "disagree",
                "Кыргызстан 1994-жылы ратификациялаган БУУнун Баланын укуктары жөнүндө конвенциясы 18 жашка "
                "чейинки ар бир адамды коргойт.",
            ),
            (
                "Бийликти тынч жол менен, оозеки же жазуу түрүндө сындоого болот.",
                "agree",
                "Сөз эркиндиги жана тынч чогулуу укугу Конституция менен кепилденген.",
            ),
            (
                "Кылмышка айыпталган адам күнөөсүн сот далилдегенге чейин күнөөсүз деп эсептелет.",
                "agree",
                "Бул — күнөөсүздүк презумпциясы: күнөөнү айыптоочу тарап далилдейт, айыпталуучу өзүнүн "
                "күнөөсүздүгүн далилдөөгө милдеттүү эмес.",
            ),
        ],
    },
}


@cache
def civic_statements_library() -> Library:
    """H5P.CivicStatements 1.0, read from its source folder and validated like any uploaded library."""
    return library_from_dir(CONTENT_TYPES / CIVIC_STATEMENTS.folder)


def civic_statements_content(*, intro: str, statements, l10n: dict, pass_percentage: int = 60) -> dict:
    return {
        "intro": intro,
        "statements": [{"text": t, "correct": c, "explanation": e} for t, c, e in statements],
        "passPercentage": pass_percentage,
        "l10n": l10n,
    }


def demo_package(language: str) -> bytes:
    """The demo package (statements about rights) in ky, ru or en, with its library inside."""
    texts = DEMO_TEXTS[language]
    content = civic_statements_content(
        intro=texts["intro"], statements=texts["statements"], l10n=texts["l10n"]
    )
    meta = h5p_json(title=texts["title"], language=language, main=CIVIC_STATEMENTS)
    return write_package(h5p=meta, content=content, libraries=[civic_statements_library()])
