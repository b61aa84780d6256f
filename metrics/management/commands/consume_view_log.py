"""Count the views nginx logged for the beacon: `manage.py consume_view_log --log PATH`.

Runs forever (a systemd service / `make prod` process) and flushes every --flush-seconds; with
--once it counts what is in the file now and exits. SIGTERM/SIGINT flush before exiting; after a
SIGKILL the next start resumes exactly at the last committed offset, and while the database is
down it waits and then does the same (metrics.consumer.run_resuming).
"""

from __future__ import annotations

import signal

from django.core.management.base import BaseCommand, CommandError

from metrics import buffer
from metrics.consumer import LogConsumer, run_resuming


class Command(BaseCommand):
    help = "Tail the beacon access log and write exact view counts in batches."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--log", required=True, help="nginx beacon log (toasoan_beacon)")
        parser.add_argument("--flush-seconds", type=float, default=None)
        parser.add_argument("--once", action="store_true", help="stop at the end of the file")

    def handle(self, *args, **options) -> None:
        seconds = options["flush_seconds"] or buffer.flush_seconds()
        if not 0.05 <= seconds <= 3600:
            raise CommandError("--flush-seconds must be between 0.05 and 3600.")
        stop = {"now": False}

        def request_stop(signum, frame) -> None:
            stop["now"] = True

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        redis = buffer.redis_client()
        # The Django beacon's Redis buffer (if any) is flushed on the same rhythm.
        after_flush = (lambda: buffer.flush(redis)) if redis is not None else None
        consumer = run_resuming(
            lambda: LogConsumer(options["log"], flush_seconds=seconds, after_flush=after_flush),
            once=options["once"], should_stop=lambda: stop["now"])
        if consumer is None:
            return
        if redis is not None:
            buffer.flush(redis)
        c = consumer.cursor
        c.refresh_from_db()
        self.stdout.write(
            f"{c.name}: offset {c.offset}, lines {c.lines}, counted {c.counted}, "
            f"reloads {c.duplicates}, over the address cap {c.capped}, crawlers {c.crawlers}, "
            f"errors {c.errors}")
