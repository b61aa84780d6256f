"""Rebuild the search index from every visible article."""

from django.core.management.base import BaseCommand, CommandError

from sitesearch.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from all live articles, streaming in batches."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--workers", type=int, default=1,
                            help="Processes tokenizing articles in parallel.")
        parser.add_argument("--defer-indexes", action="store_true",
                            help="PostgreSQL: drop the GIN indexes and build them at the end "
                                 "(fast first build of a big corpus; searches slow meanwhile).")
        parser.add_argument("--missing-only", action="store_true",
                            help="Only index articles that have no entry yet (resume/top up).")

    def handle(self, *args, batch_size: int, workers: int, defer_indexes: bool,
               missing_only: bool, **options) -> None:
        if batch_size < 1 or workers < 1:
            raise CommandError("--batch-size and --workers must be at least 1")
        verbose = options["verbosity"] > 1

        def progress(count: int) -> None:
            if verbose and count % (batch_size * 20) == 0:
                self.stdout.write(f"{count} articles indexed")

        total = rebuild(batch_size=batch_size, progress=progress, workers=workers,
                        defer_indexes=defer_indexes, missing_only=missing_only)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total} articles."))
