"""deploy/prodstack.py without starting anything: rendered nginx config, stop's bookkeeping."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import require_service

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


def test_stop_ends_only_the_processes_it_recorded(prodstack):
    stack = prodstack.Stack()
    stack.run_dir.mkdir(parents=True)
    stack.log_dir.mkdir(parents=True)
    ours = prodstack.spawn(stack, "sleeper", [sys.executable, "-c",
                                              "import time; time.sleep(60)"], dict(os.environ))
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                                 start_new_session=True)
    stale = stack.pid_file("gone")
    stale.write_text("999999999\n")
    try:
        assert prodstack.running(stack) == {"sleeper": ours}
        prodstack.stop(stack, quiet=True)
        assert not prodstack.alive(ours)
        assert bystander.poll() is None
        assert list(stack.run_dir.glob("*.pid")) == []
    finally:
        bystander.send_signal(signal.SIGKILL)
        bystander.wait()


def test_start_refuses_when_already_running(prodstack, monkeypatch):
    stack = prodstack.Stack()
    stack.run_dir.mkdir(parents=True)
    stack.pid_file("web").write_text(f"{os.getpid()}\n")
    monkeypatch.setattr(prodstack.shutil, "which", lambda name: "/usr/sbin/nginx")
    with pytest.raises(prodstack.StackError, match="already running"):
        prodstack.start(stack)
    assert stack.pid_file("web").exists()


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
