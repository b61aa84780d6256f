"""The Khmer edition's catalogues translate every reader-facing string.

Reader-facing means: the strings of the public templates (every app's ``templates/`` but the
admin's) and of the Python modules that write to readers (PUBLIC_MODULES). They are extracted
afresh with ``makemessages -l km`` from a scratch copy holding only those files; each must be in
its app's ``locale/km/LC_MESSAGES/django.po``, translated (not empty, not fuzzy), in Khmer
script, NFC, with the source's placeholders. Strings only editors see may stay untranslated in
the km catalogues: Django then falls back to the Vietnamese catalogue, the admin's language.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
# The apps whose pages readers see, and their modules that write reader-facing text.
PUBLIC_MODULES = {
    "core": ["badinput.py", "pagination.py", "ratelimit.py", "views.py", "embeds.py"],
    "news": ["blocks.py", "views.py"],
    "notices": ["views.py"],
    "broadcast": ["views.py"],
    "frontpage": ["views.py", "sidebar.py", "templatetags"],
    "sitesearch": ["views.py", "params.py", "ranking.py"],
    "schedule": ["views.py"],
    "live": ["views.py", "templatetags"],
    "syndication": ["feeds.py", "templatetags"],
    "curation": ["templatetags"],
    "listen": ["templatetags"],
}
# Templates editors see, inside the public apps' template folders.
ADMIN_TEMPLATES = ("schedule/templates/schedule/admin", "listen/templates/listen/admin",
                   "curation/templates/curation/slot_preview.html")
PLACEHOLDER_RE = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[A-Za-z_0-9]*\}")
KHMER_LETTER = re.compile("[\u1780-\u17b3]")


def catalogue(app: str) -> Path:
    return ROOT / app / "locale" / "km" / "LC_MESSAGES" / "django.po"


def public_strings(app: str, scratch: Path) -> list[polib.POEntry]:
    """The app's reader-facing strings, as makemessages extracts them from its public files."""
    if shutil.which("xgettext") is None:
        from conftest import require_service

        require_service(False, "GNU gettext (xgettext)")
    source = ROOT / app
    copy = scratch / app
    copy.mkdir(parents=True)
    if (source / "templates").exists():
        shutil.copytree(source / "templates", copy / "templates", ignore=lambda folder, names: [
            name for name in names
            if str(Path(folder, name).relative_to(ROOT)).startswith(ADMIN_TEMPLATES)])
    for name in PUBLIC_MODULES[app]:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.exists():
            shutil.copy(path, copy / name)
    (copy / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "km", "-v", "0"],
        cwd=copy, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    fresh = copy / "locale" / "km" / "LC_MESSAGES" / "django.po"
    return [e for e in polib.pofile(str(fresh))] if fresh.exists() else []


@pytest.mark.parametrize("app", sorted(PUBLIC_MODULES))
def test_every_public_string_has_a_khmer_translation(app, tmp_path):
    path = catalogue(app)
    assert path.exists(), f"run makemessages -l km in {app}/ and translate its public strings"
    po = polib.pofile(str(path), wrapwidth=0)
    assert not po.metadata_is_fuzzy, "the catalogue header is marked fuzzy"
    assert po.metadata.get("Language") == "km"
    known = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    wanted = public_strings(app, tmp_path)
    assert wanted, f"no public string found in {app}: is PUBLIC_MODULES right?"
    problems = []
    for fresh in wanted:
        label = f"[{fresh.msgctxt}] {fresh.msgid!r}" if fresh.msgctxt else repr(fresh.msgid)
        entry = known.get((fresh.msgctxt, fresh.msgid))
        if entry is None:
            problems.append(f"missing: {label}")
            continue
        translations = (list(entry.msgstr_plural.values()) if entry.msgid_plural
                        else [entry.msgstr])
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {label}")
        if not all(t.strip() for t in translations):
            problems.append(f"untranslated: {label}")
            continue
        source = Counter(PLACEHOLDER_RE.findall(entry.msgid))
        for translation in translations:
            if not KHMER_LETTER.search(translation):
                problems.append(f"not Khmer: {label} → {translation!r}")
            if Counter(PLACEHOLDER_RE.findall(translation)) != source:
                problems.append(f"placeholders differ: {label} → {translation!r}")
            if unicodedata.normalize("NFC", translation) != translation:
                problems.append(f"not NFC: {label}")
    assert not problems, "\n".join(problems)


def test_no_khmer_entry_is_fuzzy_anywhere():
    """Editors' strings may wait for a translation; none may carry a guessed (fuzzy) one."""
    fuzzy = [f"{app}: {e.msgid!r}" for app in PUBLIC_MODULES if catalogue(app).exists()
             for e in polib.pofile(str(catalogue(app))) if "fuzzy" in e.flags]
    assert not fuzzy, fuzzy
