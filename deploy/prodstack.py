#!/usr/bin/env python3
"""Start and stop the production stack on one machine, on loopback only (`make prod`).

nginx (page cache, static files) → granian (Django, WSGI) → PostgreSQL + Redis, plus the
background worker (`db_worker`), the scheduler and the view-log consumer when the codebase has
them. Everything it writes lives under PROD_DIR (default var/prod): rendered nginx config,
pid files and logs; the page cache lives in memory (see page_cache_dir). `stop` ends exactly
the processes whose pid files it wrote.

Environment: DATABASE_URL, REDIS_URL, PROD_PORT (nginx, 8080), APP_PORT (granian, 8081),
PROD_DIR, WEB_WORKERS (granian workers, 2), WEB_THREADS (threads per worker, 4),
WEB_ACCESS_LOG (1: granian logs every request too; off by default, nginx logs them),
PROD_CACHE_DIR (nginx's page cache; default /dev/shm/toasoan-<hash of PROD_DIR>/cache),
PROD_EXTRA_NGINX (a file included in the server block, used by the benchmark).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PYTHON = Path(sys.executable)
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/toasoan"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
MIME_TYPES = Path("/etc/nginx/mime.types")
BEACON_SERVER_SNIPPET = DEPLOY / "nginx" / "toasoan-beacon.conf"
BEACON_HTTP_SNIPPET = DEPLOY / "nginx" / "toasoan-beacon-http.conf"
# The beacon log path written in the metrics snippet for a station install; replaced per stack.
INSTALLED_BEACON_LOG = "/var/log/nginx/toasoan-beacon.log"


class StackError(RuntimeError):
    """A clear, user-facing reason why the stack cannot start."""


def page_cache_dir(stack_dir: Path) -> Path:
    """Where nginx keeps pages: PROD_CACHE_DIR, else in memory (/dev/shm), else on disk.

    The page cache is disposable (every change empties it) and rewritten on every miss and
    purge: in memory a miss costs nginx 0.18 ms of CPU instead of 0.3-0.6 ms on this machine's
    ext4 (mounted with `discard`, where each purge also trims every deleted file). One
    directory per stack directory, so the tests' and the bench's stacks never share one.
    """
    configured = os.environ.get("PROD_CACHE_DIR", "")
    if configured:
        return Path(configured).resolve()
    memory = Path("/dev/shm")
    if memory.is_dir() and os.access(memory, os.W_OK):
        digest = hashlib.sha1(str(stack_dir).encode()).hexdigest()[:12]
        return memory / f"toasoan-{digest}" / "cache"
    return stack_dir / "nginx" / "cache"


class Stack:
    """Paths and settings of one stack instance (the default one, the tests' or the bench's)."""

    def __init__(self) -> None:
        self.dir = Path(os.environ.get("PROD_DIR", ROOT / "var" / "prod")).resolve()
        self.port = int(os.environ.get("PROD_PORT", "8080"))
        self.app_port = int(os.environ.get("APP_PORT", "8081"))
        self.database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
        self.redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
        self.workers = int(os.environ.get("WEB_WORKERS", "2"))
        # Threads per worker: each holds a database connection (CONN_MAX_AGE); the GIL makes
        # more than a few per worker pointless for rendering.
        self.threads = int(os.environ.get("WEB_THREADS", "4"))
        # nginx keeps the access log; the app's own costs every request, so it is opt-in
        # (the end-to-end tests use it to prove a cache hit never reaches Python).
        self.app_access_log = os.environ.get("WEB_ACCESS_LOG", "") == "1"
        self.extra_nginx = os.environ.get("PROD_EXTRA_NGINX", "")
        self.nginx_dir = self.dir / "nginx"
        self.cache_dir = page_cache_dir(self.dir)
        self.temp_dir = self.nginx_dir / "tmp"
        self.run_dir = self.dir / "run"
        self.log_dir = self.dir / "log"
        self.static_root = self.dir / "static"
        self.media_root = Path(os.environ.get("MEDIA_ROOT", self.dir / "media")).resolve()
        self.beacon_log = self.log_dir / "beacon.log"

    def django_env(self) -> dict[str, str]:
        """The environment every Django process of the stack runs with."""
        secret_file = self.dir / "secret_key"
        if not secret_file.exists():
            secret_file.write_text(secrets.token_urlsafe(48))
            secret_file.chmod(0o600)
        origin = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.update({
            "DJANGO_SETTINGS_MODULE": "toasoan.settings.production",
            "SECRET_KEY": secret_file.read_text().strip(),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": f"{origin},http://localhost:{self.port}",
            "WAGTAILADMIN_BASE_URL": origin,
            # Loopback plain HTTP: TLS belongs to the real front server (see deploy/README).
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(self.static_root),
            "MEDIA_ROOT": str(self.media_root),
            "TOASOAN_NGINX_CACHE_DIR": str(self.cache_dir),
            "PYTHONUNBUFFERED": "1",
        })
        return env

    def pid_file(self, name: str) -> Path:
        return self.run_dir / f"{name}.pid"


def render_template(path: Path, values: dict[str, str]) -> str:
    text = path.read_text()
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


def render_nginx(stack: Stack) -> Path:
    """Write nginx.conf for this stack from deploy/nginx/*.conf; returns its path."""
    for directory in (stack.nginx_dir, stack.cache_dir, stack.temp_dir, stack.log_dir,
                      stack.run_dir):
        directory.mkdir(parents=True, exist_ok=True)
    session_cookie = os.environ.get("SESSION_COOKIE_NAME", "sessionid")
    values = {
        "CACHE_DIR": str(stack.cache_dir),
        "TEMP_DIR": str(stack.temp_dir),
        "APP_ADDR": f"127.0.0.1:{stack.app_port}",
        "SESSION_COOKIE": session_cookie,
        "LISTEN": f"127.0.0.1:{stack.port}",
        "SERVER_NAME": "127.0.0.1 localhost",
        "STATIC_ROOT": str(stack.static_root),
        "MEDIA_ROOT": str(stack.media_root),
        "LOG_DIR": str(stack.log_dir),
        "BEACON_INCLUDE": (f"include {stack.nginx_dir / BEACON_SERVER_SNIPPET.name};"
                           if BEACON_SERVER_SNIPPET.exists() else ""),
        "EXTRA_INCLUDE": f"include {stack.extra_nginx};" if stack.extra_nginx else "",
    }
    if BEACON_SERVER_SNIPPET.exists():
        (stack.nginx_dir / BEACON_SERVER_SNIPPET.name).write_text(
            BEACON_SERVER_SNIPPET.read_text().replace(INSTALLED_BEACON_LOG,
                                                      str(stack.beacon_log)))
    (stack.nginx_dir / "toasoan-http.conf").write_text(
        render_template(DEPLOY / "nginx" / "toasoan-http.conf", values))
    (stack.nginx_dir / "toasoan-site.conf").write_text(
        render_template(DEPLOY / "nginx" / "toasoan-site.conf", values))
    beacon_http = f"include {BEACON_HTTP_SNIPPET};" if BEACON_HTTP_SNIPPET.exists() else ""
    temp = stack.temp_dir
    # As root, workers drop to www-data (Debian's nginx user), which must write cache and temp.
    user_line = "user www-data;" if os.geteuid() == 0 else ""
    conf = f"""# Rendered by deploy/prodstack.py; edit deploy/nginx/*.conf instead.
{user_line}
daemon off;
worker_processes auto;
pid {stack.run_dir / "nginx-master.pid"};
error_log {stack.log_dir / "nginx-error.log"} warn;

events {{
    worker_connections 4096;
}}

http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    server_tokens off;
    access_log {stack.log_dir / "nginx-access.log"} combined buffer=256k flush=1s;
    client_body_temp_path {temp / "body"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};

    include {stack.nginx_dir / "toasoan-http.conf"};
    {beacon_http}
    include {stack.nginx_dir / "toasoan-site.conf"};
}}
"""
    path = stack.nginx_dir / "nginx.conf"
    path.write_text(conf)
    if os.geteuid() == 0:
        for directory in (stack.cache_dir, stack.temp_dir):
            shutil.chown(directory, "www-data", "www-data")
    return path


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in DATABASE_URL when it does not exist yet."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (name,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise StackError(f"PostgreSQL is not reachable at {parts.hostname}:{parts.port}: "
                         f"{error}".strip()) from error


def check_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        raise StackError(f"Redis is not reachable at {url}: {error}") from error


def manage(stack: Stack, *args: str) -> None:
    result = subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT,
                            env=stack.django_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise StackError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")


def has_command(name: str) -> bool:
    """Whether some app of the codebase ships `manage.py <name>` (optional services)."""
    return any(ROOT.glob(f"*/management/commands/{name}.py"))


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def running(stack: Stack) -> dict[str, int]:
    found = {}
    for pid_file in sorted(stack.run_dir.glob("*.pid")) if stack.run_dir.exists() else []:
        if pid_file.name == "nginx-master.pid":
            continue  # nginx's own copy; we track the process we spawned
        pid = read_pid(pid_file)
        if pid and alive(pid):
            found[pid_file.stem] = pid
    return found


def spawn(stack: Stack, name: str, command: list[str], env: dict[str, str]) -> int:
    """Start one service in its own session (so stop can end its whole process group)."""
    log = open(stack.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - handed to the child
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    log.close()
    stack.pid_file(name).write_text(f"{process.pid}\n")
    return process.pid


def wait_http(url: str, timeout: float, pids: dict[str, int]) -> None:
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        for name, pid in pids.items():
            if not alive(pid):
                raise StackError(f"{name} exited during start-up; see its log")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
            last_error = str(error)
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last_error = str(error)
        time.sleep(0.2)
    raise StackError(f"{url} did not answer within {timeout:.0f} s ({last_error})")


def start(stack: Stack) -> None:
    if shutil.which("nginx") is None:
        raise StackError("nginx is not installed (make prod installs it: apt-get install nginx)")
    already = running(stack)
    if already:
        raise StackError(f"already running ({', '.join(already)}); run `make prod-stop` first")
    for directory in (stack.dir, stack.run_dir, stack.log_dir, stack.media_root):
        directory.mkdir(parents=True, exist_ok=True)
    ensure_database(stack.database_url)
    check_redis(stack.redis_url)
    manage(stack, "migrate", "--noinput", "-v", "0")
    manage(stack, "collectstatic", "--noinput", "-v", "0")
    conf = render_nginx(stack)
    test = subprocess.run(["nginx", "-t", "-q", "-p", str(stack.nginx_dir), "-c", str(conf)],
                          capture_output=True, text=True)
    if test.returncode != 0:
        raise StackError(f"nginx rejected {conf}:\n{test.stderr}")
    env = stack.django_env()
    pids: dict[str, int] = {}
    try:
        pids["web"] = spawn(stack, "web", [
            str(PYTHON), "-m", "granian", "--interface", "wsgi",
            "--host", "127.0.0.1", "--port", str(stack.app_port),
            "--workers", str(stack.workers), "--blocking-threads", str(stack.threads),
            "--backlog", "2048",
            *(["--access-log"] if stack.app_access_log else []), "--no-ws",
            "toasoan.wsgi:application",
        ], env)
        pids["worker"] = spawn(stack, "worker", [str(PYTHON), "manage.py", "db_worker"], env)
        if has_command("run_scheduler"):
            pids["scheduler"] = spawn(stack, "scheduler",
                                      [str(PYTHON), "manage.py", "run_scheduler"], env)
        if has_command("consume_view_log") and BEACON_SERVER_SNIPPET.exists():
            stack.beacon_log.touch()
            pids["views"] = spawn(stack, "views", [
                str(PYTHON), "manage.py", "consume_view_log", "--log", str(stack.beacon_log)],
                env)
        wait_http(f"http://127.0.0.1:{stack.app_port}/", 60, pids)
        pids["nginx"] = spawn(stack, "nginx", [
            "nginx", "-p", str(stack.nginx_dir), "-c", str(conf)], env)
        wait_http(f"http://127.0.0.1:{stack.port}/", 30, pids)
    except BaseException:
        stop(stack, quiet=True)
        raise
    print(f"toasoan is up: http://127.0.0.1:{stack.port}/ (nginx) → 127.0.0.1:{stack.app_port} "
          f"(granian); services: {', '.join(pids)}; logs in {stack.log_dir}")


def stop(stack: Stack, quiet: bool = False) -> None:
    """End every process group whose pid file this script wrote, then remove the pid files."""
    targets = []
    for pid_file in sorted(stack.run_dir.glob("*.pid")) if stack.run_dir.exists() else []:
        if pid_file.name == "nginx-master.pid":
            continue
        pid = read_pid(pid_file)
        if pid and alive(pid):
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            targets.append((pid_file, pid))
        else:
            pid_file.unlink(missing_ok=True)
    deadline = time.monotonic() + 15
    for pid_file, pid in targets:
        while alive(pid) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.1)
        if alive(pid):
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        pid_file.unlink(missing_ok=True)
        if not quiet:
            print(f"stopped {pid_file.stem} ({pid})")
    if not targets and not quiet:
        print("nothing was running")
    running = [pid for pid_file in (stack.run_dir.glob("*.pid") if stack.run_dir.exists() else [])
               if (pid := read_pid(pid_file)) and alive(pid)]
    if stack.cache_dir.parent.parent == Path("/dev/shm") and not running:
        # Pages kept in memory go with the stack: a later start must not serve pages of
        # content changed meanwhile, and memory is not left holding them.
        shutil.rmtree(stack.cache_dir.parent, ignore_errors=True)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop", "status", "render-nginx", "manage"])
    parser.add_argument("args", nargs=argparse.REMAINDER,
                        help="for manage: a manage.py command run with the stack's settings")
    args = parser.parse_args(argv)
    stack = Stack()
    try:
        if args.action == "start":
            start(stack)
        elif args.action == "stop":
            stop(stack)
        elif args.action == "status":
            services = running(stack)
            print(", ".join(f"{k}={v}" for k, v in services.items()) or "not running")
            return 0 if services else 3
        elif args.action == "manage":
            return subprocess.run([str(PYTHON), "manage.py", *args.args], cwd=ROOT,
                                  env=stack.django_env()).returncode
        else:
            print(render_nginx(stack))
    except StackError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
