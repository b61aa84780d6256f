"""`manage.py import_schedule FILE [--channel CODE]`: the admin import, for stations' scripts.

Exits non-zero with every problem listed when the file is refused; nothing is changed then.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from broadcast.models import Channel
from schedule.importing import ScheduleImportError, import_file


class Command(BaseCommand):
    help = "Import a week of broadcast schedule (.xlsx, CSV or XMLTV); refused whole on error."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--channel", default="",
                            help="channel code for every row, when the file has no Kênh column")

    def handle(self, *args, file: Path, channel: str, **options) -> None:
        chosen = None
        if channel:
            chosen = Channel.objects.filter(code=channel).first()
            if chosen is None:
                raise CommandError(_("Unknown channel \"%(code)s\".") % {"code": channel})
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from None
        try:
            result = import_file(data, file.name, chosen)
        except ScheduleImportError as error:
            raise CommandError("\n".join([_("The file was refused: nothing has been changed."),
                                          *error.lines()])) from None
        self.stdout.write(_(
            "Imported %(created)s slots for %(channels)s from %(first)s to %(last)s "
            "(%(replaced)s earlier slots replaced, %(linked)s linked to a programme).") % {
            "created": result.created, "channels": ", ".join(result.channels),
            "first": result.first_day.strftime("%d/%m/%Y"),
            "last": result.last_day.strftime("%d/%m/%Y"),
            "replaced": result.replaced, "linked": result.linked})
