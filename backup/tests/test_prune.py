"""Retention: the newest archive of each of the last N days and of each of the last M months."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command

from backup.archive import archive_times, prune, prune_plan


def _archives(folder, moments):
    paths = []
    for moment in moments:
        path = folder / f"toasoan-backup-{moment:%Y%m%d-%H%M%S}.tar"
        path.write_bytes(b"archive")
        paths.append(path)
    return paths


def test_nightly_archives_keep_seven_days_and_twelve_months(tmp_path, settings):
    settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_MONTHLY = 7, 12
    start = dt.datetime(2024, 1, 1, 2, 30)
    nightly = [start + dt.timedelta(days=day) for day in range(500)]
    # A second, hand-made backup on the last day, and files that are not ours.
    extra = [nightly[-1] + dt.timedelta(hours=10)]
    _archives(tmp_path, nightly + extra)
    (tmp_path / "notes.txt").write_text("không phải bản sao lưu")
    (tmp_path / "toasoan-backup-20240101-023000.tar.partial").write_bytes(b"half")

    kept, deleted = prune(tmp_path)

    kept_times = sorted(moment for moment, _path in archive_times(tmp_path))
    newest = extra[0]
    days = [newest.date() - dt.timedelta(days=offset) for offset in range(7)]
    # The last 7 days: the newest archive of each (the hand-made one on the last day).
    assert [moment for moment in kept_times if moment.date() in days] == sorted(
        [newest] + [moment for moment in nightly if moment.date() in days[1:]])
    # Before them, the newest archive of each of the 12 months, the current month included.
    older = [moment for moment in kept_times if moment.date() not in days]
    assert len(older) == 11 and all(moment.day == _last_day(moment) for moment in older)
    assert len(kept) == 18 and len(deleted) == 501 - 18
    assert (tmp_path / "notes.txt").exists()
    assert (tmp_path / "toasoan-backup-20240101-023000.tar.partial").exists()


def _last_day(moment: dt.datetime) -> int:
    following = (moment.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (following - dt.timedelta(days=1)).day


def test_the_newest_archive_is_always_kept(tmp_path):
    paths = _archives(tmp_path, [dt.datetime(2024, 5, 1, 2, 30), dt.datetime(2024, 5, 2, 2, 30)])
    kept, deleted = prune_plan(archive_times(tmp_path), keep_daily=0, keep_monthly=0)
    assert kept == [paths[1]] and deleted == [paths[0]]


def test_prune_command_dry_run_deletes_nothing(tmp_path):
    _archives(tmp_path, [dt.datetime(2024, 5, day, 2, 30) for day in range(1, 11)])
    out = StringIO()
    call_command("prune_backups", "--dir", str(tmp_path), "--keep-daily", "3",
                 "--keep-monthly", "1", "--dry-run", stdout=out)
    assert len(list(tmp_path.iterdir())) == 10
    assert out.getvalue().count("toasoan-backup-") == 7
    call_command("prune_backups", "--dir", str(tmp_path), "--keep-daily", "3",
                 "--keep-monthly", "1", stdout=StringIO())
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "toasoan-backup-20240508-023000.tar", "toasoan-backup-20240509-023000.tar",
        "toasoan-backup-20240510-023000.tar"]
