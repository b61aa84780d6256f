"""Show which indexes the portal's public pages use: `manage.py explain_listings [--json]`."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from metrics.query_plans import collect, seq_scans_on


class Command(BaseCommand):
    help = "EXPLAIN every query of home, section, topic, article and most-read pages."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("EXPLAIN checks need PostgreSQL (set DATABASE_URL).")
        results = collect()
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False))
            return
        for case, queries in results.items():
            self.stdout.write(case)
            for query in queries:
                scans = ", ".join(f"{s['node']} {s['table'] or ''} {s['index'] or ''}".strip()
                                  for s in query["scans"])
                self.stdout.write(f"   {scans}")
        problems = seq_scans_on(results, {"news_article", "metrics_articledailyviews"})
        if problems:
            self.stdout.write(self.style.WARNING("Sequential scans:\n  " + "\n  ".join(problems)))
