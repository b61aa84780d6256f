"""The log consumer: exact counts, reload dedup, crawlers, bad input, restarts and rotation."""

import os
import time
from datetime import date

import pytest

from metrics.consumer import LogConsumer
from metrics.models import ArticleDailyViews, ViewLogCursor
from metrics.tests.logs import distinct_views, line, write

T0 = 1_764_300_000.0  # 2025-11-28 10:20 in Hồ Chí Minh City


def consume(path) -> ViewLogCursor:
    LogConsumer(str(path), flush_seconds=0).run(once=True)
    return ViewLogCursor.objects.get(name=os.path.abspath(path))


@pytest.fixture
def article(make_article, sections):
    return make_article(primary_section=sections["local"], view_count=5)


def test_ten_thousand_distinct_readers_add_exactly_ten_thousand(tmp_path, article,
                                                                 make_article, sections):
    other = make_article(primary_section=sections["national"], title="Khác")
    log = tmp_path / "beacon.log"
    write(log, distinct_views(article.pk, 10_000))
    write(log, distinct_views(other.pk, 250, prefix="other"))
    cursor = consume(log)
    article.refresh_from_db()
    other.refresh_from_db()
    assert article.view_count == 5 + 10_000
    assert other.view_count == 250
    assert cursor.counted == 10_250 and cursor.errors == 0
    assert cursor.offset == log.stat().st_size
    daily = ArticleDailyViews.objects.get(article=article)
    assert (daily.day, daily.count) == (date(2025, 11, 28), 10_000)


def test_running_again_counts_nothing_twice_and_new_lines_once(tmp_path, article):
    log = tmp_path / "beacon.log"
    write(log, distinct_views(article.pk, 300))
    consume(log)
    consume(log)
    write(log, distinct_views(article.pk, 20, start=T0 + 100, prefix="late"))
    consume(log)
    article.refresh_from_db()
    assert article.view_count == 5 + 320


def test_reload_within_sixty_seconds_counts_once_and_after_counts_again(tmp_path, article):
    log = tmp_path / "beacon.log"
    write(log, [line(T0, article.pk, "sameclient01"), line(T0 + 10, article.pk, "sameclient01"),
                line(T0 + 59.5, article.pk, "sameclient01")])
    cursor = consume(log)
    article.refresh_from_db()
    assert article.view_count == 6 and cursor.duplicates == 2
    # After 60 s the same reader counts again, also across a restart of the consumer.
    write(log, [line(T0 + 60.0, article.pk, "sameclient01"),
                line(T0 + 70.0, article.pk, "sameclient01")])
    consume(log)
    article.refresh_from_db()
    assert article.view_count == 7


def test_dedup_survives_a_restart_between_two_reloads(tmp_path, article):
    log = tmp_path / "beacon.log"
    write(log, [line(T0, article.pk, "restarting01")])
    consume(log)
    write(log, [line(T0 + 30, article.pk, "restarting01")])  # a reload, read by a new process
    cursor = consume(log)
    article.refresh_from_db()
    assert article.view_count == 6 and cursor.duplicates == 1


def test_clients_without_cookie_are_told_apart_by_address_and_agent(tmp_path, article):
    log = tmp_path / "beacon.log"
    write(log, [line(T0, article.pk, "-", ip="198.51.100.1"),
                line(T0 + 1, article.pk, "-", ip="198.51.100.1"),
                line(T0 + 2, article.pk, "-", ip="198.51.100.2")])
    consume(log)
    article.refresh_from_db()
    assert article.view_count == 7


def test_crawlers_never_count(tmp_path, article):
    log = tmp_path / "beacon.log"
    bots = ["Mozilla/5.0 (compatible; Googlebot/2.1)", "coccocbot-web/1.0",
            "facebookexternalhit/1.1", "Mozilla/5.0 (compatible; bingbot/2.0)"]
    write(log, [line(T0 + i, article.pk, f"botclient{i:04d}", agent=bots[i % len(bots)])
                for i in range(40)])
    cursor = consume(log)
    article.refresh_from_db()
    assert article.view_count == 5
    assert cursor.crawlers == 40 and cursor.counted == 0


def test_bad_lines_are_counted_as_errors_and_skipped(tmp_path, article):
    log = tmp_path / "beacon.log"
    write(log, [
        b"complete garbage\n",
        line(T0, "abc"),
        line(T0, 999_999_999),  # no such article
        b"1764300000.5\t" + str(article.pk).encode() + b"\t-\t1.1.1.1\t" + b"A" * 100_000 + b"\n",
        b"\xff\xfe\x00\x01\n",
        line(T0 + 1, article.pk, "goodclient01"),
    ])
    cursor = consume(log)
    article.refresh_from_db()
    assert article.view_count == 6
    assert cursor.errors == 5 and cursor.counted == 1
    assert cursor.offset == log.stat().st_size


def test_a_partial_last_line_waits_for_its_end(tmp_path, article):
    log = tmp_path / "beacon.log"
    whole = line(T0, article.pk, "partialclnt1")
    write(log, [whole[:12]])
    cursor = consume(log)
    assert cursor.offset == 0 and cursor.errors == 0
    write(log, [whole[12:]])
    cursor = consume(log)
    article.refresh_from_db()
    assert article.view_count == 6 and cursor.errors == 0


def test_a_rotated_log_is_finished_before_the_new_one(tmp_path, article):
    log = tmp_path / "beacon.log"
    write(log, distinct_views(article.pk, 10))
    consume(log)
    write(log, distinct_views(article.pk, 5, start=T0 + 1, prefix="beforerot"))
    os.rename(log, str(log) + ".1")  # logrotate, then nginx reopens a fresh file
    write(log, distinct_views(article.pk, 7, start=T0 + 2, prefix="afterrot"))
    consume(log)
    article.refresh_from_db()
    assert article.view_count == 5 + 10 + 5 + 7


MINUTE = T0 - T0 % 60  # the start of a clock minute


def test_an_address_inventing_cookies_adds_at_most_the_cap_per_minute(tmp_path, article,
                                                                      settings):
    settings.METRICS_VIEWS_PER_ADDRESS_MINUTE = 30
    log = tmp_path / "beacon.log"
    write(log, [line(MINUTE + i / 100, article.pk, f"invented{i:06d}", ip="203.0.113.66")
                for i in range(1000)])  # ten seconds of a new cookie per beacon
    write(log, [line(MINUTE + 10 + i / 100, article.pk, f"sixline{i:06d}",
                     ip=f"2001:db8:7:7::{i + 1:x}") for i in range(100)])  # one /64
    write(log, [line(MINUTE + 61 + i / 100, article.pk, f"nextmin{i:06d}", ip="203.0.113.66")
                for i in range(100)])
    write(log, [line(MINUTE + 62, article.pk, "neighbour001", ip="203.0.113.67")])
    cursor = consume(log)
    article.refresh_from_db()
    assert article.view_count == 5 + 30 + 30 + 30 + 1
    assert cursor.capped == 970 + 70 + 70 and cursor.counted == 91


def test_the_cap_holds_across_a_restart_of_the_consumer(tmp_path, article, settings):
    settings.METRICS_VIEWS_PER_ADDRESS_MINUTE = 30
    log = tmp_path / "beacon.log"
    write(log, [line(MINUTE + i, article.pk, f"firsthalf{i:04d}", ip="203.0.113.70")
                for i in range(20)])
    consume(log)
    write(log, [line(MINUTE + 20 + i, article.pk, f"secondhalf{i:04d}", ip="203.0.113.70")
                for i in range(20)])
    cursor = consume(log)  # a new process: the minute's count is rebuilt from the log
    article.refresh_from_db()
    assert article.view_count == 5 + 30 and cursor.capped == 10


def test_views_of_articles_readers_cannot_see_are_dropped(tmp_path, article, make_article,
                                                          sections):
    from django.utils import timezone

    now = timezone.now()
    hidden = [make_article(primary_section=sections["local"], live=False),
              make_article(primary_section=sections["local"],
                           published_at=now + timezone.timedelta(days=1)),
              make_article(primary_section=sections["local"],
                           expire_at=now - timezone.timedelta(minutes=1)),
              make_article(primary_section=sections["local"], withdrawn_at=now)]
    log = tmp_path / "beacon.log"
    write(log, [line(T0 + i, item.pk, f"hiddenview{i:03d}", ip=f"198.51.100.{i}")
                for i, item in enumerate(hidden)])
    write(log, [line(T0 + 9, article.pk, "visibleview1")])
    cursor = consume(log)
    assert [item.__class__.objects.get(pk=item.pk).view_count for item in hidden] == [0] * 4
    article.refresh_from_db()
    assert article.view_count == 6 and cursor.counted == 1 and cursor.errors == 4


def test_a_database_outage_is_ridden_out_from_the_committed_offset(tmp_path, article,
                                                                   monkeypatch):
    """Flushes fail while the database is down; the consumer waits, starts again from what was
    committed and counts every line once."""
    from django.db import OperationalError

    from metrics import consumer as consumer_module

    log = tmp_path / "beacon.log"
    write(log, distinct_views(article.pk, 400))
    real_apply = consumer_module.apply_counts
    failures = {"left": 3}

    def apply_while_down(by_day):
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return real_apply(by_day)

    monkeypatch.setattr(consumer_module, "apply_counts", apply_while_down)
    deadline = time.monotonic() + 60  # a consumer that never gets through fails, not hangs
    done = consumer_module.run_resuming(lambda: LogConsumer(str(log), flush_seconds=0),
                                        once=True, retry_seconds=0.01,
                                        should_stop=lambda: time.monotonic() > deadline)
    assert done is not None and failures["left"] == 0
    article.refresh_from_db()
    assert article.view_count == 5 + 400
    assert ViewLogCursor.objects.get(name=os.path.abspath(log)).offset == log.stat().st_size


def test_a_commit_that_went_through_before_the_connection_broke_is_not_counted_again(
        tmp_path, article, monkeypatch):
    """The connection may break after COMMIT reached the server: the consumer cannot know, so
    it starts again from the offset the database holds, never from its own memory."""
    from django.db import OperationalError

    from metrics import consumer as consumer_module

    log = tmp_path / "beacon.log"
    write(log, distinct_views(article.pk, 250))
    real_flush = LogConsumer.flush
    broke = {"done": False}

    def flush_then_lose_connection(self, force=False):
        applied = real_flush(self, force)
        if applied and not broke["done"]:
            broke["done"] = True
            raise OperationalError("connection lost after COMMIT")
        return applied

    monkeypatch.setattr(LogConsumer, "flush", flush_then_lose_connection)
    write(log, distinct_views(article.pk, 50, start=T0 + 10, prefix="after"))
    deadline = time.monotonic() + 60
    consumer_module.run_resuming(lambda: LogConsumer(str(log), flush_seconds=0), once=True,
                                 retry_seconds=0.01,
                                 should_stop=lambda: time.monotonic() > deadline)
    assert broke["done"]
    article.refresh_from_db()
    assert article.view_count == 5 + 300
