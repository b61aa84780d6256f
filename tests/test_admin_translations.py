"""Completeness checks for the Vietnamese admin catalogues in ``i18n/``.

Reporters must never meet an English label in the CMS, so every catalogue under
``i18n/<name>/vi/LC_MESSAGES/*.po`` has to be fully translated, keep the
placeholders of its source strings and stay in Unicode NFC.

Catalogues that override an installed package's catalogue are listed in
``SOURCE_CATALOGUES``; for those, every (msgctxt, msgid) of the package's
English source catalogue must be present, so coverage cannot silently drop
when the package (e.g. Wagtail) is upgraded and gains new strings.

Pure Python + polib: Django is never configured and the packages are only
located (``importlib.util.find_spec``), not imported.
"""

import importlib.util
import re
import unicodedata
from collections import Counter
from pathlib import Path

import polib
import pytest

I18N_DIR = Path(__file__).resolve().parents[1] / "i18n"
LANGUAGE = "vi"

# Catalogues that must exist: (catalogue directory name, file name).
EXPECTED_CATALOGUES = [
    ("wagtail_admin", "django.po"),
    ("wagtail_admin", "djangojs.po"),
    ("wagtail_core", "django.po"),
    ("wagtail_images", "django.po"),
    ("wagtail_documents", "django.po"),
    ("wagtail_snippets", "django.po"),
    ("wagtail_users", "django.po"),
    ("wagtail_settings", "django.po"),
]

# Catalogue directory name -> (package, source directory relative to the
# package).  Each ``*.po`` in that source directory (django.po, djangojs.po)
# must have a counterpart of the same name in our catalogue directory, and
# every (msgctxt, msgid) of it must be translated there.
SOURCE_CATALOGUES = {
    "wagtail_admin": ("wagtail", "admin/locale/en/LC_MESSAGES"),
    "wagtail_core": ("wagtail", "locale/en/LC_MESSAGES"),
    "wagtail_images": ("wagtail", "images/locale/en/LC_MESSAGES"),
    "wagtail_documents": ("wagtail", "documents/locale/en/LC_MESSAGES"),
    "wagtail_snippets": ("wagtail", "snippets/locale/en/LC_MESSAGES"),
    "wagtail_users": ("wagtail", "users/locale/en/LC_MESSAGES"),
    "wagtail_settings": ("wagtail", "contrib/settings/locale/en/LC_MESSAGES"),
    "wagtail_embeds": ("wagtail", "embeds/locale/en/LC_MESSAGES"),
    "wagtail_sites": ("wagtail", "sites/locale/en/LC_MESSAGES"),
    "wagtail_locales": ("wagtail", "locales/locale/en/LC_MESSAGES"),
    "wagtail_search": ("wagtail", "search/locale/en/LC_MESSAGES"),
    "wagtail_forms": ("wagtail", "contrib/forms/locale/en/LC_MESSAGES"),
    "wagtail_redirects": ("wagtail", "contrib/redirects/locale/en/LC_MESSAGES"),
}

# Catalogues that deliberately are not a full copy of one package catalogue.
# django_extra only fills the gaps of Django's own Vietnamese catalogues
# (entries untranslated, fuzzy or missing there); see test_django_extra_*.
PARTIAL_CATALOGUES = {"django_extra"}
DJANGO_GAP_SOURCES = ["conf", "contrib/auth", "contrib/admin"]

# %(name)s / %s / %d / %i / %f / %r (with optional flags, width, precision)
# and {name} / {} / {0}.  ``%%`` is a literal percent sign, not a placeholder.
PERCENT_RE = re.compile(r"%(?:\(([^)]+)\))?[-#0+]?\d*(?:\.\d+)?([sdifr])")
BRACE_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*|\d*)\}")


def _catalogue_files():
    return sorted(I18N_DIR.glob(f"*/{LANGUAGE}/LC_MESSAGES/*.po"))


def _catalogue_id(path):
    return f"{path.parents[2].name}/{path.name}"


CATALOGUE_FILES = _catalogue_files()


def _load(path):
    return polib.pofile(str(path), wrapwidth=0)


def _active(po):
    return [e for e in po if not e.obsolete]


def _msgstrs(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _label(entry):
    ctx = f"[{entry.msgctxt}] " if entry.msgctxt is not None else ""
    return f"{ctx}{entry.msgid!r}"


def _placeholders(text):
    named, positional = set(), Counter()
    text = text.replace("%%", "")
    for name, conv in PERCENT_RE.findall(text):
        if name:
            named.add(f"%({name}){conv}")
        else:
            positional[f"%{conv}"] += 1
    for name in BRACE_RE.findall(text):
        if name and not name.isdigit():
            named.add(f"{{{name}}}")
        else:
            positional[f"{{{name}}}"] += 1
    return named, positional


def _package_dir(package):
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def _source_files(catalogue_dir):
    package, rel = SOURCE_CATALOGUES[catalogue_dir]
    base = _package_dir(package)
    if base is None:
        pytest.fail(f"package {package!r} is not installed; cannot check {catalogue_dir}")
    source_dir = base / rel
    files = sorted(source_dir.glob("*.po"))
    assert files, f"no source catalogue found in {source_dir}"
    return files


def test_catalogues_found():
    assert CATALOGUE_FILES, f"no catalogues found under {I18N_DIR}"


def test_expected_catalogues_exist():
    missing = [
        f"{d}/{LANGUAGE}/LC_MESSAGES/{f}"
        for d, f in EXPECTED_CATALOGUES
        if not (I18N_DIR / d / LANGUAGE / "LC_MESSAGES" / f).is_file()
    ]
    assert not missing, "missing catalogues:\n  " + "\n  ".join(missing)


def test_every_catalogue_is_registered():
    unknown = sorted(
        {
            p.parents[2].name
            for p in CATALOGUE_FILES
            if p.parents[2].name not in SOURCE_CATALOGUES
            and p.parents[2].name not in PARTIAL_CATALOGUES
        }
    )
    assert not unknown, (
        "catalogues not listed in SOURCE_CATALOGUES or PARTIAL_CATALOGUES "
        f"(register them so their coverage is checked): {unknown}"
    )


def test_no_untranslated_or_fuzzy_entries():
    offenders = []
    for path in CATALOGUE_FILES:
        for entry in _active(_load(path)):
            msgstrs = _msgstrs(entry)
            if "fuzzy" in entry.flags:
                offenders.append(f"{_catalogue_id(path)}: fuzzy: {_label(entry)}")
            elif not msgstrs or not all(text.strip() for text in msgstrs):
                offenders.append(f"{_catalogue_id(path)}: untranslated: {_label(entry)}")
    assert not offenders, (
        f"{len(offenders)} untranslated/fuzzy entries:\n  " + "\n  ".join(offenders)
    )


@pytest.mark.parametrize("path", CATALOGUE_FILES, ids=_catalogue_id)
def test_header(path):
    po = _load(path)
    assert po.metadata.get("Language") == LANGUAGE
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")
    plural_forms = po.metadata.get("Plural-Forms", "").replace(" ", "")
    assert "nplurals=1;" in plural_forms, plural_forms
    for entry in _active(po):
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0], (
                f"{_label(entry)} must have exactly msgstr[0]"
            )


@pytest.mark.parametrize(
    "catalogue_dir",
    sorted(
        {p.parents[2].name for p in CATALOGUE_FILES} & set(SOURCE_CATALOGUES)
        | {d for d, _ in EXPECTED_CATALOGUES}
    ),
)
def test_covers_installed_source_catalogue(catalogue_dir):
    problems = []
    for source_path in _source_files(catalogue_dir):
        ours_path = I18N_DIR / catalogue_dir / LANGUAGE / "LC_MESSAGES" / source_path.name
        if not ours_path.is_file():
            problems.append(f"missing {ours_path.relative_to(I18N_DIR)} (source {source_path})")
            continue
        ours = {(e.msgctxt, e.msgid): e for e in _active(_load(ours_path))}
        for src in _active(_load(source_path)):
            entry = ours.get((src.msgctxt, src.msgid))
            where = f"{catalogue_dir}/{source_path.name}"
            if entry is None:
                problems.append(f"{where}: missing {_label(src)}")
            elif (entry.msgid_plural or None) != (src.msgid_plural or None):
                problems.append(
                    f"{where}: msgid_plural differs for {_label(src)}: "
                    f"{entry.msgid_plural!r} != {src.msgid_plural!r}"
                )
    assert not problems, f"{len(problems)} coverage problems:\n  " + "\n  ".join(problems)


def test_placeholders_match():
    offenders = []
    for path in CATALOGUE_FILES:
        for entry in _active(_load(path)):
            # With nplurals=1, msgstr[0] serves every count, so it must fit
            # the plural source string.
            reference = entry.msgid_plural or entry.msgid
            expected = _placeholders(reference)
            for text in _msgstrs(entry):
                if not text:
                    continue
                got = _placeholders(text)
                if got != expected:
                    offenders.append(
                        f"{_catalogue_id(path)}: {_label(entry)}\n"
                        f"      expected {sorted(expected[0])} {dict(expected[1])}, "
                        f"got {sorted(got[0])} {dict(got[1])} in {text!r}"
                    )
    assert not offenders, (
        f"{len(offenders)} placeholder mismatches:\n  " + "\n  ".join(offenders)
    )


def test_msgstrs_are_nfc():
    offenders = []
    for path in CATALOGUE_FILES:
        for entry in _active(_load(path)):
            for text in _msgstrs(entry):
                if not unicodedata.is_normalized("NFC", text):
                    offenders.append(f"{_catalogue_id(path)}: {_label(entry)} -> {text!r}")
    assert not offenders, f"{len(offenders)} msgstrs not in NFC:\n  " + "\n  ".join(offenders)


def test_django_extra_fills_djangos_vietnamese_gaps():
    """Everything Django's own vi catalogues leave untranslated is in django_extra."""
    extra_path = I18N_DIR / "django_extra" / LANGUAGE / "LC_MESSAGES" / "django.po"
    django_dir = _package_dir("django")
    assert django_dir is not None, "Django must be installed (it is a hard dependency)"
    if not extra_path.is_file():
        pytest.fail(f"missing {extra_path.relative_to(I18N_DIR)}")
    ours = {(e.msgctxt, e.msgid) for e in _active(_load(extra_path))}
    missing = []
    for rel in DJANGO_GAP_SOURCES:
        en_path = django_dir / rel / "locale" / "en" / "LC_MESSAGES" / "django.po"
        vi_path = django_dir / rel / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
        vi = {(e.msgctxt, e.msgid): e for e in _active(_load(vi_path))} if vi_path.is_file() else {}
        for src in _active(_load(en_path)):
            key = (src.msgctxt, src.msgid)
            theirs = vi.get(key)
            if theirs is not None and theirs.translated():
                continue
            if key not in ours:
                missing.append(f"django/{rel}: {_label(src)}")
    assert not missing, (
        f"{len(missing)} Django strings untranslated in Django's vi catalogues "
        "and absent from django_extra:\n  " + "\n  ".join(missing)
    )
