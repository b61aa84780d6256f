"""Two schedulers importing the same channel's week at once (PostgreSQL: real concurrency)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from schedule.importing import import_file
from schedule.tests.conftest import WEEK_ROWS, csv_bytes, slot_table

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_imports_of_one_week_end_as_one_of_them_whole(channels):
    stv1 = channels["stv1"]
    first = csv_bytes(WEEK_ROWS)
    second = csv_bytes([[day, start, "20", f"{title} (sửa)", code]
                        for day, start, _length, title, code in WEEK_ROWS])
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run(data: bytes) -> None:
        try:
            barrier.wait()
            import_file(data, "lich.csv", stv1)
        except BaseException as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(data,)) for data in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    table = slot_table(stv1)
    titles = [title for _start, _end, title in table]
    assert len(table) == 4
    assert titles in ([row[3] for row in WEEK_ROWS], [f"{row[3]} (sửa)" for row in WEEK_ROWS])
