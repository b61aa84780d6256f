"""Fixtures: a media folder per test, the newsroom's users, a published article."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.tests.conftest import (  # noqa: F401 (fixtures)
    approver,
    editor,
    make_user,
    reporter,
)


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def speech_calls(monkeypatch) -> list[str]:
    """Count the readings espeak-ng really makes (the real engine still runs)."""
    from listen.speech import EspeakEngine

    calls: list[str] = []
    original = EspeakEngine.synthesize

    def counted(self, text, language):
        calls.append(text)
        return original(self, text, language)

    monkeypatch.setattr(EspeakEngine, "synthesize", counted)
    return calls


@pytest.fixture(autouse=True)
def _speech_engine(settings) -> None:
    """The project's default engine (the test settings turn generated audio off elsewhere)."""
    settings.LISTEN_ENGINE = "espeak-ng"
