"""deploy/prodstack.py without the portal: rendered nginx config, supervisord's start, stop and
restarts, and the systemd units generated from the same service list (deploy/services.py)."""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import require_service
from edgecache.tests.stack_support import children, gone, wait_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def prodstack(tmp_path, monkeypatch):
    monkeypatch.setenv("PROD_DIR", str(tmp_path / "prod"))
    # Rendering creates the cache directory: keep it with the test's files, not in /dev/shm.
    monkeypatch.setenv("PROD_CACHE_DIR", str(tmp_path / "pages"))
    monkeypatch.setenv("PROD_PORT", "18082")
    monkeypatch.setenv("APP_PORT", "18083")
    spec = importlib.util.spec_from_file_location("prodstack_under_test",
                                                  ROOT / "deploy" / "prodstack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rendered_config_has_cache_bypass_beacon_and_loopback_only(prodstack):
    stack = prodstack.Stack()
    conf = prodstack.render_nginx(stack).read_text()
    site = (stack.nginx_dir / "toasoan-site.conf").read_text()
    http = (stack.nginx_dir / "toasoan-http.conf").read_text()
    assert not re.search(r"@[A-Z_]+@", site + http + conf)  # every placeholder filled
    assert "listen 127.0.0.1:18082;" in site
    assert "server 127.0.0.1:18083;" in http
    assert f"proxy_cache_path {stack.cache_dir} " in http
    assert "proxy_cache_bypass $toasoan_private $toasoan_never_stored;" in site
    assert "proxy_no_cache $toasoan_private $toasoan_never_stored;" in site
    assert "map $uri $toasoan_never_stored" in http
    assert "sessionid|toasoan_editor" in http
    assert str(stack.run_dir / "nginx-master.pid") in conf
    # Through an outage: cached pages served stale, nginx's own errors in Vietnamese, no long
    # wait for a connection (tests/test_faults_under_load.py runs the faults themselves).
    assert re.search(r"proxy_cache_use_stale error timeout invalid_header updating http_500 "
                     r"http_502 http_503\s+http_504;", site)
    assert "error_page 502 503 504 /.toasoan-errors/503.html;" in site
    assert f"alias {stack.static_root}/frontpage/errors/503.html;" in site
    assert (ROOT / "frontpage" / "static" / "frontpage" / "errors" / "503.html").is_file()
    assert "proxy_connect_timeout 5s;" in site
    if prodstack.BEACON_SERVER_SNIPPET.exists():
        beacon = (stack.nginx_dir / "toasoan-beacon.conf").read_text()
        assert str(stack.beacon_log) in beacon
        assert prodstack.INSTALLED_BEACON_LOG not in beacon
        assert f"include {stack.nginx_dir / 'toasoan-beacon.conf'};" in site
        assert f"include {prodstack.BEACON_HTTP_SNIPPET};" in conf


def test_without_beacon_snippets_the_config_renders_without_them(prodstack, monkeypatch,
                                                                 tmp_path):
    monkeypatch.setattr(prodstack, "BEACON_SERVER_SNIPPET", tmp_path / "absent.conf")
    monkeypatch.setattr(prodstack, "BEACON_HTTP_SNIPPET", tmp_path / "absent-http.conf")
    stack = prodstack.Stack()
    conf = prodstack.render_nginx(stack).read_text()
    site = (stack.nginx_dir / "toasoan-site.conf").read_text()
    assert not re.search(r"include [^;]*toasoan-beacon", conf + site)
    assert "@BEACON_INCLUDE@" not in site


@pytest.mark.nginx
def test_nginx_accepts_the_rendered_config(prodstack):
    require_service(shutil.which("nginx") is not None, "nginx")
    stack = prodstack.Stack()
    conf = prodstack.render_nginx(stack)
    result = subprocess.run(["nginx", "-t", "-p", str(stack.nginx_dir), "-c", str(conf)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _sleeper(prodstack):
    """A service of one sleeping process, for supervisord without the portal."""
    return prodstack.services.Service(
        name="sleeper", description="sleeps", user="", group="", uses_env_file=False,
        command=lambda layout: [layout.python, "-c", "import time; time.sleep(60)"])


def test_stop_ends_only_the_processes_it_recorded(prodstack):
    stack = prodstack.Stack()
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                                 start_new_session=True)
    try:
        prodstack.start_supervisor(stack, [_sleeper(prodstack)])
        deadline = time.monotonic() + 30
        while "sleeper" not in prodstack.running(stack) and time.monotonic() < deadline:
            time.sleep(0.1)
        ours = prodstack.running(stack)["sleeper"]
        assert prodstack.running(stack) == {"sleeper": ours}
        supervisord = prodstack.read_pid(stack.pid_file("supervisord"))
        prodstack.stop(stack, quiet=True)
        assert not prodstack.alive(ours)
        assert not prodstack.alive(supervisord)
        assert bystander.poll() is None
        assert list(stack.run_dir.glob("*.pid")) == []
        assert prodstack.running(stack) == {}
    finally:
        bystander.send_signal(signal.SIGKILL)
        bystander.wait()
        prodstack.stop(stack, quiet=True)


def test_a_killed_service_is_restarted_and_its_orphans_ended(prodstack):
    """supervisord restarts a program whose process was killed, and the reaper ends what the
    dead process left in its group (granian's workers outlive their server otherwise)."""
    stack = prodstack.Stack()
    parent = prodstack.services.Service(
        name="parent", description="a server with a worker", user="", group="",
        uses_env_file=False,
        command=lambda layout: [layout.python, "-c", (
            "import subprocess, sys, time; "
            "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']); "
            "time.sleep(120)")])
    try:
        prodstack.start_supervisor(stack, [parent])
        first = _wait_for_pid(prodstack, stack, "parent", lambda pid: pid != 0)
        child = wait_for(lambda: children(first), "the worker never started")[0]
        os.kill(first, signal.SIGKILL)
        second = _wait_for_pid(prodstack, stack, "parent", lambda pid: pid not in (0, first))
        wait_for(lambda: gone(child), "the killed process's worker was left running")
        assert prodstack.alive(second)
    finally:
        prodstack.stop(stack, quiet=True)


def _wait_for_pid(prodstack, stack, name: str, accept) -> int:
    def running_pid() -> int:
        info = {i["name"]: i for i in prodstack.process_info(stack)}.get(name)
        ok = info and info["statename"] == "RUNNING" and accept(info["pid"])
        return info["pid"] if ok else 0

    return wait_for(running_pid, f"{name} is not running")


def test_start_refuses_when_already_running(prodstack, monkeypatch):
    stack = prodstack.Stack()
    stack.run_dir.mkdir(parents=True)
    stack.pid_file("supervisord").write_text(f"{os.getpid()}\n")
    monkeypatch.setattr(prodstack.shutil, "which", lambda name: "/usr/sbin/nginx")
    with pytest.raises(prodstack.StackError, match="already running"):
        prodstack.start(stack)
    assert stack.pid_file("supervisord").exists()


def test_unreachable_database_is_a_clear_error(prodstack):
    with pytest.raises(prodstack.StackError, match="not reachable"):
        prodstack.ensure_database("postgres://postgres@127.0.0.1:1/toasoan_scale_nowhere")


def test_the_page_cache_lives_in_memory_one_directory_per_stack(prodstack, monkeypatch,
                                                                 tmp_path):
    monkeypatch.delenv("PROD_CACHE_DIR")
    if not os.access("/dev/shm", os.W_OK):
        assert prodstack.Stack().cache_dir == tmp_path / "prod" / "nginx" / "cache"
        return
    first = prodstack.page_cache_dir(tmp_path / "one")
    assert first.parent.parent == Path("/dev/shm") and first.name == "cache"
    assert first == prodstack.page_cache_dir(tmp_path / "one")
    assert first != prodstack.page_cache_dir(tmp_path / "two")
    monkeypatch.setenv("PROD_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert prodstack.Stack().cache_dir == tmp_path / "elsewhere"


def test_stop_takes_the_in_memory_pages_with_it(prodstack, monkeypatch):
    monkeypatch.delenv("PROD_CACHE_DIR")
    stack = prodstack.Stack()
    in_memory = stack.cache_dir.parent.parent == Path("/dev/shm")
    (stack.cache_dir / "a" / "1f").mkdir(parents=True)
    (stack.cache_dir / "a" / "1f" / "page").write_text("KEY: /")
    try:
        prodstack.stop(stack, quiet=True)
        # On disk (no writable /dev/shm) the cache is left where it is, like every other file.
        assert stack.cache_dir.parent.exists() is not in_memory
    finally:
        if in_memory:
            shutil.rmtree(stack.cache_dir.parent, ignore_errors=True)


SYSTEMD = ROOT / "deploy" / "systemd"
# Settings of the loopback stack only: it serves plain HTTP on 127.0.0.1.
LOOPBACK_ONLY = {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"}


def test_committed_units_are_exactly_the_generated_ones(prodstack):
    """`make deploy-units` output is committed: regenerating must give the same files."""
    committed = {path.name: path.read_text()
                 for path in [*SYSTEMD.glob("*.service"), *SYSTEMD.glob("*.timer")]}
    assert committed == prodstack.services.units()
    assert prodstack.services.main(["check"]) == 0


def _unit(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines()
                if "=" in line and not line.startswith("#"))


def _supervisord(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    return parser


@pytest.mark.parametrize("switch_user", [True, False])
def test_make_prod_runs_what_the_units_run(prodstack, monkeypatch, switch_user):
    """Same command (but for the installation's paths and port), user, environment keys and
    restart policy in `make prod`'s supervisord.conf as in the committed units."""
    for name in ("WEB_WORKERS", "WEB_THREADS", "WEB_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    services = prodstack.services
    stack = prodstack.Stack()
    stack.dir.mkdir(parents=True)
    stack.write_env_file()
    chosen = prodstack.stack_services(stack)
    conf = _supervisord(prodstack.render_supervisord(stack, chosen, switch_user))
    local, station = stack.layout(), services.STATION
    placement = {local.python: station.python, str(local.app_port): str(station.app_port),
                 local.beacon_log: station.beacon_log}
    example = services.read_env_file(SYSTEMD / "toasoan.env.example")
    assert {s.name for s in chosen if s.unit} == {"web", "worker", "scheduler", "views"}
    assert [s.name for s in chosen if not s.unit] == ["nginx"]
    for service in chosen:
        program = conf[f"program:{service.name}"]
        command = shlex.split(program["command"].replace("%%", "%"))
        assert program["directory"] == str(ROOT)
        assert program["autorestart"] == "true"
        if not service.unit:
            continue
        unit = _unit(SYSTEMD / service.unit_name)
        assert [placement.get(arg, arg) for arg in command] == shlex.split(unit["ExecStart"])
        assert unit["User"] == service.user == "www-data"
        assert program.get("user") == (service.user if switch_user else None)
        assert unit["WorkingDirectory"] == station.app_dir
        assert unit["EnvironmentFile"] == station.env_file
        assert unit["Restart"] == "always"
        assert unit["StartLimitIntervalSec"] == "0"  # restarts go on through an outage
        environment = dict(re.findall(r'(\w+)="([^"]*)"', program["environment"]))
        assert environment == services.read_env_file(stack.env_file)
        assert set(environment) - LOOPBACK_ONLY == set(example)
    # The granian command the units run is the one make prod runs, workers and threads included.
    web = shlex.split(conf["program:web"]["command"])
    assert web[1:4] == ["-m", "granian", "--interface"] and "--workers" in web
    assert "nginx" in conf["program:nginx"]["command"]
    assert conf["eventlistener:reaper"]["events"] == "PROCESS_STATE_EXITED"
