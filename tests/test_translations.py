"""The translation catalogues are complete, safe to format and compiled from what is committed.

Each app keeps its own catalogue (``firsttouch/<app>/locale/{es,fr}/LC_MESSAGES/django.po``,
decision 0022); ``make messages`` extracts and compiles them. These checks read every
catalogue that exists, so a new app's catalogue is checked as soon as it is added.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings

APPS_DIR = Path(__file__).resolve().parent.parent / "firsttouch"
TRANSLATED = ("es", "fr")
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);", "fr": "nplurals=2; plural=(n > 1);"}
# %(name)s, %s, %d and {name}: what Python's % and str.format fill in.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[^{}]*\}")

CATALOGUES = sorted(APPS_DIR.glob("*/locale/*/LC_MESSAGES/django.po"))


def _id(path: Path) -> str:
    return str(path.relative_to(APPS_DIR.parent))


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


def entries(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def test_languages_are_english_spanish_and_french() -> None:
    assert [code for code, _ in settings.LANGUAGES] == ["en-gb", "es", "fr"]


def test_there_are_catalogues_to_check() -> None:
    assert CATALOGUES, "no catalogue found: the checks below would pass on nothing"


@pytest.mark.parametrize("path", CATALOGUES, ids=_id)
def test_every_entry_is_translated_and_none_is_fuzzy(path: Path) -> None:
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in entries(po) if not e.translated()]
    fuzzy = [e.msgid for e in entries(po) if "fuzzy" in e.flags]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not po.metadata_is_fuzzy, "the header is marked fuzzy: msgfmt would skip it"


@pytest.mark.parametrize("path", CATALOGUES, ids=_id)
def test_the_header_names_the_language_and_its_plural_forms(path: Path) -> None:
    language = path.parent.parent.name
    po = polib.pofile(str(path))
    assert language in TRANSLATED, f"{language}: not one of settings.LANGUAGES"
    assert po.metadata.get("Language") == language
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")
    assert po.metadata.get("Plural-Forms") == PLURAL_FORMS[language]


@pytest.mark.parametrize("path", CATALOGUES, ids=_id)
def test_placeholders_are_the_same_in_the_translation(path: Path) -> None:
    wrong = []
    for e in entries(polib.pofile(str(path))):
        if e.msgid_plural:
            for index, text in e.msgstr_plural.items():
                source = placeholders(e.msgid if int(index) == 0 else e.msgid_plural)
                got = placeholders(text)
                # A singular that covers only 1 may leave the count out ("un día").
                if got != source and not (int(index) == 0 and got <= source):
                    wrong.append((e.msgid, text))
        elif placeholders(e.msgstr) != placeholders(e.msgid):
            wrong.append((e.msgid, e.msgstr))
    assert not wrong, f"placeholders differ: {wrong}"


@pytest.mark.parametrize("path", CATALOGUES, ids=_id)
def test_the_compiled_catalogue_matches_the_po_file(path: Path) -> None:
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"{_id(mo_path)} is missing: run `make messages`"

    def key(e: polib._BaseEntry) -> tuple[str | None, str]:
        return (e.msgctxt, e.msgid)

    def value(e: polib._BaseEntry) -> tuple[str, ...]:
        if e.msgid_plural:
            return tuple(e.msgstr_plural[i] for i in sorted(e.msgstr_plural, key=int))
        return (e.msgstr,)

    po = {key(e): value(e) for e in entries(polib.pofile(str(path))) if e.translated()}
    mo = {key(e): value(e) for e in polib.mofile(str(mo_path)) if e.msgid}
    assert mo == po, f"{_id(mo_path)} is out of date: run `make messages`"


def _speaks(app: Path) -> bool:
    """Whether an app has words for people: templates, or gettext in its code (not tests)."""
    if (app / "templates").is_dir():
        return True
    return any(
        "gettext" in module.read_text(encoding="utf-8")
        for module in app.rglob("*.py")
        if "tests" not in module.parts and "migrations" not in module.parts
    )


def test_every_app_with_words_has_spanish_and_french() -> None:
    missing = [
        app.name
        for app in sorted(APPS_DIR.iterdir())
        if app.is_dir()
        and _speaks(app)
        and not all(
            (app / "locale" / lang / "LC_MESSAGES" / "django.po").exists() for lang in TRANSLATED
        )
    ]
    assert not missing, f"apps missing a Spanish or French catalogue: {missing}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_apps_agree_on_the_words_they_share(lang: str) -> None:
    """Django merges every app's catalogue into one per language and the first app listed
    wins, so one English message translated two ways would show the other app the first
    app's words. A word that means two things takes a context (pgettext) instead."""
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for path in APPS_DIR.glob(f"*/locale/{lang}/LC_MESSAGES/django.po"):
        for entry in entries(polib.pofile(str(path))):
            if entry.msgid_plural:
                continue  # the plural forms are checked per catalogue
            seen.setdefault((entry.msgctxt, entry.msgid), {})[path.parts[-5]] = entry.msgstr
    clashes = {
        f"{msgid!r} ({context or 'no context'})": by_app
        for (context, msgid), by_app in seen.items()
        if len(set(by_app.values())) > 1
    }
    assert not clashes, f"one message, two {lang} translations: {clashes}"


def test_the_placeholder_check_sees_each_kind() -> None:
    assert placeholders("%(name)s has %s of %d {count}") == Counter(
        ["%(name)s", "%s", "%d", "{count}"]
    )
