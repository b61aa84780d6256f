"""`manage.py backup` (`make backup`): one timestamped archive of everything a station would
lose; with --prune, the retention rule runs after a good backup."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from backup.archive import BackupError, create_backup, prune


class Command(BaseCommand):
    help = "Write one archive of the database, the media files and the secret files."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dir", help="where to write (default: BACKUP_DIR, var/backups)")
        parser.add_argument("--env-file", action="append", default=[],
                            help="an environment file to keep with the data (repeatable)")
        parser.add_argument("--prune", action="store_true",
                            help="then delete the archives the retention rule does not keep")
        parser.add_argument("--keep-daily", type=int)
        parser.add_argument("--keep-monthly", type=int)

    def handle(self, *args, **options) -> None:
        try:
            result = create_backup(options["dir"], env_files=options["env_file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Backup written: %(path)s (%(size).1f MB, %(files)d media files, "
                            "%(seconds).1f s)") % {
            "path": result.path, "size": result.size / 1e6, "files": result.media_files,
            "seconds": result.seconds})
        if result.secrets:
            self.stdout.write(_("Secret files kept with it: %(names)s")
                              % {"names": ", ".join(result.secrets)})
        if options["prune"]:
            _kept, deleted = prune(result.path.parent, options["keep_daily"],
                                   options["keep_monthly"])
            for path in deleted:
                self.stdout.write(_("Deleted by the retention rule: %(name)s")
                                  % {"name": path.name})
