"""The schedule cases of bench/run.py: their loader runs and their URLs reach the day page."""

import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import resolve

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "deploy"))

import run  # noqa: E402


@pytest.mark.django_db
def test_loader_fills_the_week_and_the_pages_answer(client):
    from schedule.models import Slot

    call_command("shell", command=run.SCHEDULE_LOADER)
    assert Slot.objects.filter(channel__code="stv1").exists()
    assert client.get(run.SCHEDULE_PATH).status_code == 200
    lines = run.schedule_busting_urls(32, count=50).splitlines()
    assert len(lines) == len(set(lines)) == 50
    for line in (lines[0], lines[-1]):
        path, _, query = line.partition("?")
        assert resolve(path).url_name == "day" and query.startswith("r=32-")
        response = client.get(line)
        assert response.status_code == 200 and "Thời sự tối".encode() in response.content
