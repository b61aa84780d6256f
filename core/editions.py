"""The portal's editions: one per content language, Vietnamese the default.

Everything that asks "which edition is this object in, and where do its pages live" asks here:
an object's edition is the language of its Wagtail locale, and the Khmer edition's public pages
sit under ``/km/`` while the Vietnamese ones keep their addresses without a prefix.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_delete, post_migrate, post_save
from django.urls import get_script_prefix

DEFAULT = "vi"

_locale_codes: dict[int, str] = {}


def editions() -> dict[str, str]:
    """Language code → the edition's name in its own language, in the configured order."""
    return dict(settings.WAGTAIL_CONTENT_LANGUAGES)


def is_edition(code: str) -> bool:
    return code in editions()


def path_prefix(code: str) -> str:
    """'' for the default edition, '/km' for Khmer: what goes before an unprefixed path."""
    return "" if code == DEFAULT else f"/{code}"


def edition_path(path: str, code: str) -> str:
    """`path` (as reverse() or get_absolute_url() give it, script prefix included) moved into
    the edition `code`: /thoi-su/ → /km/thoi-su/."""
    if code == DEFAULT:
        return path
    script = get_script_prefix()
    rest = path[len(script):] if path.startswith(script) else path.lstrip("/")
    return f"{script}{code}/{rest}"


def language_of_locale(locale_id: int | None) -> str:
    """The language code of a Locale row, remembered per process (locales change rarely and
    every change clears the memory)."""
    if locale_id is None:
        return DEFAULT
    code = _locale_codes.get(locale_id)
    if code is None:
        from wagtail.models import Locale

        _locale_codes.update(Locale.all_objects.values_list("id", "language_code"))
        code = _locale_codes.get(locale_id, DEFAULT)
    return code


def locale_id_of(code: str) -> int | None:
    """The id of the Locale row for `code` (None when it does not exist)."""
    for locale_id, language in _locale_codes.items():
        if language == code:
            return locale_id
    from wagtail.models import Locale

    _locale_codes.update(Locale.all_objects.values_list("id", "language_code"))
    for locale_id, language in _locale_codes.items():
        if language == code:
            return locale_id
    return None


def edition_of(obj) -> str:
    """The edition an article, section or announcement belongs to (its locale's language)."""
    return language_of_locale(getattr(obj, "locale_id", None))


def forget_locales(**kwargs) -> None:
    _locale_codes.clear()


def ensure_locales(using: str = "default", **kwargs) -> None:
    """Every content language has its Locale row: after each migrate, and after a flush (which
    sends post_migrate, as Django does to restore content types and permissions)."""
    from wagtail.models import Locale

    for code in editions():
        Locale.objects.using(using).get_or_create(language_code=code)
    forget_locales()


def connect(app_config=None) -> None:
    from wagtail.models import Locale

    if app_config is not None:
        post_migrate.connect(ensure_locales, sender=app_config,
                             dispatch_uid="core-editions-ensure-locales")
    post_save.connect(forget_locales, sender=Locale, dispatch_uid="core-editions-locale-saved")
    post_delete.connect(forget_locales, sender=Locale,
                        dispatch_uid="core-editions-locale-deleted")
