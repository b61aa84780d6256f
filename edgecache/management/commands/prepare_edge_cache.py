"""`manage.py prepare_edge_cache`: create nginx's page cache directory and mark it as toasoan's,
so that a purge may empty it (edgecache.purge). `make prod` runs it, and so does the web unit
before it starts (the cache may live in a tmpfs that a reboot empties)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from edgecache.purge import CacheDirError, cache_dir, marker_path, prepare_cache_dir


class Command(BaseCommand):
    help = "Create and mark nginx's page cache directory (TOASOAN_NGINX_CACHE_DIR)."

    def handle(self, *args, **options) -> None:
        root = cache_dir()
        if root is None:
            self.stdout.write("TOASOAN_NGINX_CACHE_DIR is not set: no nginx page cache here.")
            return
        try:
            created = prepare_cache_dir(root)
        except (CacheDirError, OSError) as error:
            raise CommandError(str(error)) from error
        if created:
            self.stdout.write(f"Marked {root} as the page cache ({marker_path(root)}).")
