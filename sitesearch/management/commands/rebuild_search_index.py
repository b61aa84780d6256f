"""Rebuild the search index from every visible article."""

from django.core.management.base import BaseCommand

from sitesearch.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from all live articles, streaming in batches."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size: int, **options) -> None:
        if batch_size < 1:
            self.stderr.write("--batch-size must be at least 1")
            raise SystemExit(2)
        verbose = options["verbosity"] > 1

        def progress(count: int) -> None:
            if verbose and count % (batch_size * 20) == 0:
                self.stdout.write(f"{count} articles indexed")

        total = rebuild(batch_size=batch_size, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total} articles."))
