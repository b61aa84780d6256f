"""The scheduler's minute tick, for apps that keep something up to date on a clock.

The newsroom's scheduler (`manage.py run_scheduler`) sends `minute_tick` once per run, after
scheduled publishing. Receivers do short housekeeping (find stalled jobs, expire things) and
return a line for the scheduler's log or None; a receiver that raises is logged and the others
still run. Apps connect their receivers in AppConfig.ready(), so core and the scheduler need
not know them.
"""

from __future__ import annotations

from django.dispatch import Signal

minute_tick = Signal()
