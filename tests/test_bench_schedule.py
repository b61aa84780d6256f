"""The schedule cases of bench/run.py: their loader runs and their URL reaches the day page."""

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
    path = run.schedule_day_path()
    assert resolve(path).url_name == "day"
    response = client.get(path)
    assert response.status_code == 200 and "Thời sự tối".encode() in response.content


def test_cases_are_chosen_by_name(monkeypatch):
    monkeypatch.setattr(run, "SELECTED", {"cache_bust"})
    assert run.wanted("cache_bust") and run.wanted("static_limit")
    assert not run.wanted("search") and not run.wanted("view_beacon")
    monkeypatch.setattr(run, "SELECTED", set())
    assert all(run.wanted(case) for case in run.CASES)
