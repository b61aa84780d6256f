"""`manage.py import_articles PATH... [--draft]`: page dumps and JSON Lines into articles.

stdout gets one line per article of the input, "<status> <URL path>" with status created,
updated or unchanged (English words, stable for scripts). stderr gets "FILE:LINE: reason" (or
"FILE: reason" for a whole file) in the site's language for everything that could not be
imported, then a summary; the exit status is non-zero when anything failed.
"""

from __future__ import annotations

import logging
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from importer.content import InputError
from importer.sources import expand_paths, iter_file
from importer.writer import write_article

logger = logging.getLogger(__name__)


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(str(m) for m in messages)}"
            for field, messages in error.message_dict.items()
        )
    return " ".join(str(message) for message in error.messages)


class Command(BaseCommand):
    help = (
        "Import articles from plain-text page dumps and JSON Lines files (.jsonl/.ndjson). "
        "A directory imports every file in it. Re-running on the same files changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH",
                            help="Files or directories to import.")
        parser.add_argument("--draft", action="store_true",
                            help="Import as drafts for editors to review instead of publishing.")
        parser.add_argument("--user", metavar="USERNAME",
                            help="Record this admin user as the author of the revisions.")

    def handle(self, *args, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self._run(options["paths"], draft=options["draft"], username=options["user"])

    def _run(self, paths: list[str], *, draft: bool, username: str | None) -> None:
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(_("No user named “%(name)s”.") % {"name": username})
        counts: Counter[str] = Counter()
        for path in expand_paths(paths):
            for item in iter_file(path):
                if isinstance(item, InputError):
                    self._report(str(path), item.line, item.message)
                    counts["errors"] += 1
                    continue
                try:
                    with transaction.atomic():
                        result = write_article(item, draft=draft, user=user, source=str(path))
                except ValidationError as error:
                    self._report(str(path), item.line, _validation_message(error))
                    counts["errors"] += 1
                    continue
                except DatabaseError as error:
                    self._report(str(path), item.line,
                                 _("Database error: %(reason)s") % {"reason": error})
                    counts["errors"] += 1
                    continue
                except Exception as error:  # noqa: BLE001 - one bad article must not stop a batch
                    logger.exception("Importing %s:%s failed", path, item.line)
                    self._report(str(path), item.line,
                                 _("Unexpected error: %(reason)s")
                                 % {"reason": f"{type(error).__name__}: {error}"})
                    counts["errors"] += 1
                    continue
                counts[result.status] += 1
                self.stdout.write(f"{result.status} {result.article.get_absolute_url()}")
        self.stderr.write(self._summary(counts))
        if counts["errors"]:
            raise CommandError(
                ngettext("%(count)d article or file could not be imported.",
                         "%(count)d articles or files could not be imported.",
                         counts["errors"]) % {"count": counts["errors"]}
            )

    def _report(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else path
        self.stderr.write(f"{where}: {message}")

    @staticmethod
    def _summary(counts: Counter[str]) -> str:
        return _(
            "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(errors)d errors"
        ) % {name: counts[name] for name in ("created", "updated", "unchanged", "errors")}
