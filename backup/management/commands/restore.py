"""`manage.py restore FILE` (`make restore FILE=…`): an archive back into an empty install.

The whole archive is checked before anything is touched; a database or media folder that is
not empty is replaced only with --force (FORCE=1). Afterwards every cached page and fragment
is dropped: they describe the content that was there before.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from backup.archive import BackupError, restore_backup
from edgecache.purge import invalidate


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and media folder."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="a toasoan-backup-….tar file")
        parser.add_argument("--force", action="store_true",
                            help="replace a database and media folder that are not empty")

    def handle(self, *args, **options) -> None:
        try:
            result = restore_backup(options["archive"], replace=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        invalidate("restore")
        self.stdout.write(_("Restored %(archive)s: the %(engine)s database and %(files)d media "
                            "files.") % {"archive": options["archive"], "engine": result.engine,
                                         "files": result.media_files})
        for path in result.secrets_written:
            self.stdout.write(_("Secret file written: %(path)s") % {"path": path})
        for path in result.secrets_kept:
            self.stdout.write(_("Kept the existing %(path)s; the archive's copy is beside it "
                                "(.restored).") % {"path": path})
