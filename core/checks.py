"""System checks of core: what uploads need from the machine."""

from __future__ import annotations

from django.core.checks import Error, register


@register()
def libmagic_available(app_configs, **kwargs) -> list[Error]:
    """Document uploads are read by Debian's libmagic (core.documents): without it every
    upload would fail, so `manage.py check` (and every command) says so first."""
    try:
        import magic

        magic.from_buffer(b"%PDF-1.4\n", mime=True)
    except (ImportError, OSError) as error:
        return [Error(f"libmagic cannot be loaded ({error}).",
                      hint="Install it: apt-get install libmagic1", id="core.E001")]
    return []
