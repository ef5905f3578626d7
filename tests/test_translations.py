"""The ky and ru catalogues are complete, not fuzzy, keep every placeholder, and Kyrgyz is Kyrgyz."""

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
KYRGYZ_LETTERS = set("ңөүҢӨҮ")


def _catalogues(lang):
    return sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po"))


def _entries(lang):
    for path in _catalogues(lang):
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                yield path.name, entry


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_catalogue_exists(lang):
    assert _catalogues(lang), f"locale/{lang} has no catalogue"


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_every_entry_is_translated_and_not_fuzzy(lang):
    untranslated = [e.msgid for _name, e in _entries(lang) if not e.translated()]
    fuzzy = [e.msgid for _name, e in _entries(lang) if "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated in {lang}: {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {lang}: {fuzzy[:10]}"


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_placeholders_are_kept(lang):
    broken = []
    for _name, e in _entries(lang):
        if not e.translated():
            continue  # reported by the completeness test
        wanted = sorted(PLACEHOLDER.findall(e.msgid))
        strings = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        for s in strings:
            if sorted(PLACEHOLDER.findall(s)) != wanted:
                broken.append((e.msgid, s))
    assert not broken, broken[:10]


def test_kyrgyz_is_kyrgyz_not_russian_left_in_place():
    ky = {e.msgid: e.msgstr for _n, e in _entries("ky") if not e.msgid_plural}
    ru = {e.msgid: e.msgstr for _n, e in _entries("ru") if not e.msgid_plural}
    letters = "".join(ky.values())
    assert KYRGYZ_LETTERS & set(letters), "no ң, ө or ү anywhere in the Kyrgyz catalogue"
    cyrillic = [s for s in ky.values() if re.search(r"[а-яА-ЯёЁңөүҢӨҮ]", s)]
    latin_only = [
        m for m, s in ky.items() if re.fullmatch(r"[\sA-Za-z.,:;!?'\"()%\-]+", s) and len(s.split()) > 2
    ]
    assert not latin_only, f"English left in the Kyrgyz catalogue: {latin_only[:10]}"
    same = [m for m in ky if m in ru and ky[m] == ru[m] and len(ky[m].split()) > 1]
    assert len(same) <= max(3, len(ky) // 50), f"Kyrgyz identical to Russian: {same[:10]}"
    assert len(cyrillic) >= 0.9 * len([s for s in ky.values() if re.search(r"[A-Za-zА-я]", s)])
