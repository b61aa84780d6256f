"""`manage.py run_scheduler`: the newsroom's clock. Every minute, on the minute, it runs
Wagtail's `publish_scheduled`, which puts approved articles live at their go-live time and
takes them down at their expiry time, then sends core.clock's `minute_tick` to the apps'
housekeeping. Wagtail does nothing on its own: something must run it.

`make run` starts it beside the development server; in production run it as a service
(deploy/systemd/toasoan-scheduler.service) or, instead, use the timer in deploy/systemd/.
`--once` runs the due jobs a single time and exits (for cron, timers and tests).
"""

from __future__ import annotations

import io
import logging
import signal
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

from core.clock import minute_tick

logger = logging.getLogger("newsroom.scheduler")


def run_due_jobs() -> str:
    """Publish what is due and unpublish what expired, then send the minute tick to the apps'
    housekeeping (core.clock); returns the reports."""
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    lines = [out.getvalue().strip()]
    for receiver, result in minute_tick.send_robust(sender=None):
        if isinstance(result, Exception):
            logger.error("Housekeeping %r failed", receiver, exc_info=result)
        elif result:
            lines.append(str(result))
    return "\n".join(line for line in lines if line)


def seconds_to_next_tick(interval: float, now: float) -> float:
    """Sleep until the next multiple of the interval (on the minute for 60 s)."""
    return interval - (now % interval) or interval


def run_forever(interval: float, stop: threading.Event) -> int:
    """Run the due jobs on every tick until `stop` is set; returns how many runs were made."""
    runs = 0
    while not stop.is_set():
        try:
            if not connection.in_atomic_block:
                # A long-lived process must drop connections past CONN_MAX_AGE or broken
                # ones, as Django does around each request; never inside a transaction.
                close_old_connections()
            report = run_due_jobs().strip()
            if report:
                logger.info("Scheduler: %s", report)
        except Exception:  # noqa: BLE001 - one failed run must not stop the clock
            logger.exception("Scheduled publishing failed; retrying at the next tick")
        runs += 1
        stop.wait(seconds_to_next_tick(interval, time.time()))
    return runs


class Command(BaseCommand):
    help = "Run scheduled publishing every minute (Wagtail's publish_scheduled)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Run due jobs once and exit.")
        parser.add_argument("--interval", type=float, default=60.0,
                            help="Seconds between runs (default 60).")

    def handle(self, *args, once: bool = False, interval: float = 60.0, **options) -> None:
        if interval <= 0:
            raise CommandError("--interval must be positive.")
        if once:
            self.stdout.write(run_due_jobs().strip() or "Nothing due.")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"Scheduler running: publish_scheduled every {interval:g} s.")
        self.stdout.flush()
        run_forever(interval, stop)
        self.stdout.write("Scheduler stopped.")
