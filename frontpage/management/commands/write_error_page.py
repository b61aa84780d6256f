"""`manage.py write_error_page`: nginx's copy of the 503 page, rendered from 503.html.

When the app server itself is down, nginx answers 502/503/504 with this file (see
deploy/nginx/toasoan-site.conf); collectstatic ships it like any static file. It is committed,
and a test fails when it differs from the template's Vietnamese render: run this command after
changing the template or its translation.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.template import loader
from django.utils import translation

STATIC_COPY = Path(__file__).resolve().parents[2] / "static" / "frontpage" / "errors" / "503.html"


def render_error_page() -> str:
    """The 503 page in Vietnamese, as Django itself answers it."""
    with translation.override("vi"):
        return loader.get_template("503.html").render({})


class Command(BaseCommand):
    help = "Write nginx's copy of the Vietnamese 503 page (frontpage/static/frontpage/errors/)."

    def handle(self, *args, **options) -> None:
        STATIC_COPY.write_text(render_error_page(), encoding="utf-8")
        self.stdout.write(str(STATIC_COPY))
