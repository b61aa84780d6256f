"""Backup settings with their defaults (see core.conf)."""

from core.conf import AppSettings

conf = AppSettings({
    # Where `manage.py backup` writes its archives; empty: var/backups (TOASOAN_VAR_DIR).
    "BACKUP_DIR": "",
    # Retention of `backup --prune` / `prune_backups`: the newest archive of each of the last
    # N days that have one, and of each of the last M months.
    "BACKUP_KEEP_DAILY": 7,
    "BACKUP_KEEP_MONTHLY": 12,
    # Folders of MEDIA_ROOT left out because they are rebuilt without loss: the demo
    # channels' looping streams (`make demo-streams`). Image renditions and episode outputs
    # stay in: rows point at them (docs/deploy.md, "Backups").
    "BACKUP_MEDIA_EXCLUDE": ("live",),
    # Secret files kept with the data, besides the environment files given with --env-file:
    # paths relative to the project (BASE_DIR) or absolute; those missing are skipped.
    "BACKUP_SECRET_FILES": (".admin-password", "var/prod/secret_key", "var/prod/toasoan.env"),
})
