"""The nightly backup on a station: a generated systemd timer and one-shot unit (deploy/)."""

from __future__ import annotations

import importlib.util
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "deploy" / "systemd"


def _services():
    spec = importlib.util.spec_from_file_location("services_under_test",
                                                  ROOT / "deploy" / "services.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _keys(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines()
                if "=" in line and not line.startswith("#"))


def test_a_timer_starts_the_backup_every_night_with_the_environment_file():
    services = _services()
    generated = services.units()
    unit = _keys(generated["toasoan-backup.service"])
    timer = _keys(generated["toasoan-backup.timer"])
    assert (SYSTEMD / "toasoan-backup.service").read_text() == generated["toasoan-backup.service"]
    assert (SYSTEMD / "toasoan-backup.timer").read_text() == generated["toasoan-backup.timer"]
    assert unit["Type"] == "oneshot" and "Restart" not in unit
    assert unit["EnvironmentFile"] == services.STATION.env_file
    command = shlex.split(unit["ExecStart"])
    assert command[1:3] == ["manage.py", "backup"]
    # The environment file (secret key, database address) goes into the archive; old
    # archives are pruned after a good backup.
    assert command[command.index("--env-file") + 1] == services.STATION.env_file
    assert "--prune" in command
    assert timer["OnCalendar"] == "*-*-* 02:30:00" and timer["Persistent"] == "true"
    assert timer["WantedBy"] == "timers.target"
    # Not part of the loopback stack: `make backup` is the manual way there.
    assert "backup" not in {service.name for service in services.stack_services(ROOT)}
