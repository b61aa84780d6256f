"""`manage.py prune_backups`: keep the newest archive of each of the last N days and M
months (BACKUP_KEEP_DAILY, BACKUP_KEEP_MONTHLY) and delete the other archives."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from backup.archive import prune


class Command(BaseCommand):
    help = "Delete the backup archives the retention rule does not keep."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dir", help="the archives' folder (default: BACKUP_DIR)")
        parser.add_argument("--keep-daily", type=int)
        parser.add_argument("--keep-monthly", type=int)
        parser.add_argument("--dry-run", action="store_true", help="only say what would go")

    def handle(self, *args, **options) -> None:
        kept, deleted = prune(options["dir"], options["keep_daily"], options["keep_monthly"],
                              dry_run=options["dry_run"])
        for path in deleted:
            message = (_("Would be deleted by the retention rule: %(name)s") if options["dry_run"]
                       else _("Deleted by the retention rule: %(name)s"))
            self.stdout.write(message % {"name": path.name})
        self.stdout.write(_("%(kept)d archives kept, %(deleted)d deleted.")
                          % {"kept": len(kept), "deleted": len(deleted)})
