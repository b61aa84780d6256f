#!/usr/bin/env python3
"""Start and stop the production stack on one machine, on loopback only (`make prod`).

nginx (page cache, static files) → granian (Django, WSGI) → PostgreSQL + Redis, plus the
background worker (`db_worker`), the scheduler and the view-log consumer when the codebase has
them. The processes are those of deploy/services.py (the list the systemd units are generated
from), run by supervisord: `start` writes PROD_DIR/supervisord.conf and the environment file
PROD_DIR/toasoan.env, then starts supervisord, which restarts any process that dies;
`stop` asks supervisord to shut down (each program's whole process group is stopped).
Everything it writes lives under PROD_DIR (default var/prod): rendered nginx config,
supervisord's configuration, socket and pid file, and the logs (log/<service>.log); the page
cache lives in memory (see page_cache_dir). Run as root, the services run as their own user
(www-data) when that user can run this interpreter, else as root, like nginx's master.

Environment: DATABASE_URL, REDIS_URL, PROD_PORT (nginx, 8080), APP_PORT (granian, 8081),
PROD_DIR, WEB_WORKERS (granian workers, 2), WEB_THREADS (threads per worker, 4),
WEB_ACCESS_LOG (1: granian logs every request too; off by default, nginx logs them),
PROD_CACHE_DIR (nginx's page cache; default /dev/shm/toasoan-<hash of PROD_DIR>/cache),
PROD_EXTRA_NGINX (a file included in the server block, used by the benchmark). Other
variables set when `start` runs reach every service (supervisord passes its environment on).
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
import xmlrpc.client
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
if str(DEPLOY) not in sys.path:
    sys.path.insert(0, str(DEPLOY))

import services  # noqa: E402  (deploy/services.py: the one list of processes)

PYTHON = Path(sys.executable)
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/toasoan"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
MIME_TYPES = Path("/etc/nginx/mime.types")
BEACON_SERVER_SNIPPET = DEPLOY / "nginx" / "toasoan-beacon.conf"
BEACON_HTTP_SNIPPET = DEPLOY / "nginx" / "toasoan-beacon-http.conf"
# The query parameters public pages vary by (generated from core/caching/query.py).
QUERY_HTTP_SNIPPET = DEPLOY / "nginx" / "toasoan-query-http.conf"
# The beacon log path written in the metrics snippet for a station install; replaced per stack.
INSTALLED_BEACON_LOG = "/var/log/nginx/toasoan-beacon.log"


class StackError(RuntimeError):
    """A clear, user-facing reason why the stack cannot start."""


def page_cache_dir(stack_dir: Path) -> Path:
    """Where nginx keeps pages: PROD_CACHE_DIR, else in memory (/dev/shm), else on disk.

    The page cache is disposable (every change empties it) and rewritten on every miss and
    purge: in memory neither costs a disk write (nor, on a filesystem mounted with `discard`,
    a trim of every deleted file). One
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


def supervisor_socket(run_dir: Path) -> Path:
    """supervisord's control socket: in run/, unless that path is too long for a Unix socket."""
    path = run_dir / "supervisor.sock"
    if len(str(path)) < 100:
        return path
    digest = hashlib.sha1(str(run_dir).encode()).hexdigest()[:12]
    return Path("/tmp") / f"toasoan-supervisor-{digest}.sock"


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
        # The environment file of the stack's services (a station's is /etc/toasoan/toasoan.env).
        self.env_file = self.dir / "toasoan.env"
        self.supervisor_conf = self.dir / "supervisord.conf"
        self.socket = supervisor_socket(self.run_dir)

    def settings_env(self) -> dict[str, str]:
        """The stack's settings: what its environment file holds (see toasoan.env.example)."""
        secret_file = self.dir / "secret_key"
        if not secret_file.exists():
            secret_file.parent.mkdir(parents=True, exist_ok=True)
            secret_file.write_text(secrets.token_urlsafe(48))
            secret_file.chmod(0o600)
        origin = f"http://127.0.0.1:{self.port}"
        return {
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
            # A station turns two-step sign-in on for its approvers and administrators; the
            # loopback stack (trials, tests, the benchmark) signs in with passwords alone.
            "NEWSROOM_TWO_FACTOR_REQUIRED": os.environ.get("NEWSROOM_TWO_FACTOR_REQUIRED", "0"),
            "BACKUP_DIR": str(self.dir / "backups"),
            "PYTHONUNBUFFERED": "1",
        }

    def django_env(self) -> dict[str, str]:
        """The environment a Django process of the stack runs with (the caller's, plus the
        environment file's values), as supervisord gives it to the services."""
        return {**os.environ, **self.settings_env()}

    def write_env_file(self) -> None:
        values = self.settings_env()
        self.env_file.write_text("# Written by deploy/prodstack.py on every start.\n" + "".join(
            f"{key}={value}\n" for key, value in values.items()))
        self.env_file.chmod(0o600)

    def layout(self) -> services.Layout:
        """Where this stack keeps what the services' commands name (see services.STATION)."""
        return services.Layout(
            python=str(PYTHON), app_dir=str(ROOT), env_file=str(self.env_file),
            app_port=self.app_port, beacon_log=str(self.beacon_log),
            web_workers=self.workers, web_threads=self.threads,
            web_access_log=self.app_access_log,
            nginx_conf=str(self.nginx_dir / "nginx.conf"))

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

    include {QUERY_HTTP_SNIPPET};
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


def stack_services(stack: Stack) -> list[services.Service]:
    """The services this stack runs: the list's, less the view counter without its snippet."""
    return [service for service in services.stack_services(ROOT)
            if service.name != "views" or BEACON_SERVER_SNIPPET.exists()]


def can_switch_user(chosen: list[services.Service]) -> bool:
    """Whether supervisord may run the services as their own users: only as root, and only when
    each of those users can run this interpreter and import Django from this checkout."""
    if os.geteuid() != 0:
        return False
    for user in {service.user for service in chosen if service.user}:
        try:
            result = subprocess.run([str(PYTHON), "-c", "import django, manage"], cwd=ROOT,
                                    user=user, capture_output=True, timeout=60)
        except (OSError, KeyError, subprocess.SubprocessError):
            return False
        if result.returncode != 0:
            return False
    return True


def render_supervisord(stack: Stack, chosen: list[services.Service],
                       switch_user: bool) -> str:
    """supervisord.conf: the control socket, the group reaper and one program per service."""
    sections = [f"""; Rendered by deploy/prodstack.py from deploy/services.py on every start.
[supervisord]
nodaemon=true
logfile={stack.log_dir / "supervisord.log"}
logfile_maxbytes=10MB
logfile_backups=2
pidfile={stack.pid_file("supervisord")}
childlogdir={stack.log_dir}
directory={ROOT}

[unix_http_server]
file={stack.socket}
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{stack.socket}

[eventlistener:reaper]
command={PYTHON} {DEPLOY / "supervisor_reaper.py"}
events=PROCESS_STATE_EXITED
autorestart=true
stdout_logfile=NONE
stderr_logfile={stack.log_dir / "reaper.log"}
"""]
    layout = stack.layout()
    for service in chosen:
        sections.append(services.render_program(service, layout, stack.log_dir, switch_user))
    return "\n".join(sections)


def rpc(stack: Stack) -> xmlrpc.client.ServerProxy:
    """supervisord's XML-RPC interface, over the stack's Unix socket."""
    from supervisor.xmlrpc import SupervisorTransport

    transport = SupervisorTransport(None, None, f"unix://{stack.socket}")
    return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)


def process_info(stack: Stack) -> list[dict]:
    """supervisord's view of each service (the reaper left out); [] when it does not answer."""
    try:
        infos = rpc(stack).supervisor.getAllProcessInfo()
    except (OSError, xmlrpc.client.Error):
        return []
    return [info for info in infos if info["group"] != "reaper"]


def supervisord_pid(stack: Stack) -> int | None:
    pid = read_pid(stack.pid_file("supervisord"))
    return pid if pid and alive(pid) else None


def running(stack: Stack) -> dict[str, int]:
    """The running services and their pids; {"supervisord": pid} while it does not answer."""
    pid = supervisord_pid(stack)
    if pid is None:
        return {}
    infos = process_info(stack)
    if not infos:
        return {"supervisord": pid}
    return {info["name"]: info["pid"] for info in infos if info["pid"]}


def start_supervisor(stack: Stack, chosen: list[services.Service],
                     switch_user: bool = False) -> None:
    """Write supervisord.conf and start supervisord detached; returns once it answers."""
    for directory in (stack.run_dir, stack.log_dir):
        directory.mkdir(parents=True, exist_ok=True)
    stack.supervisor_conf.write_text(render_supervisord(stack, chosen, switch_user))
    stack.supervisor_conf.chmod(0o600)  # it carries the environment file's secrets
    log = open(stack.log_dir / "supervisord.out", "ab")  # noqa: SIM115 - handed to the child
    process = subprocess.Popen(
        [str(PYTHON), "-m", "supervisor.supervisord", "-c", str(stack.supervisor_conf)],
        cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)
    log.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StackError(f"supervisord exited at once; see {stack.log_dir}/supervisord.*")
        if process_info(stack) or (not chosen and supervisord_pid(stack)):
            return
        time.sleep(0.1)
    raise StackError("supervisord did not answer on its socket within 30 s")


def failed_services(stack: Stack) -> list[str]:
    """Services supervisord gave up on or that ended (they should all be running)."""
    return [info["name"] for info in process_info(stack)
            if info["statename"] in {"FATAL", "EXITED", "STOPPED"}]


def wait_http(url: str, timeout: float, stack: Stack) -> None:
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        if supervisord_pid(stack) is None:
            raise StackError(f"supervisord exited; see {stack.log_dir}/supervisord.log")
        failed = failed_services(stack)
        if failed:
            raise StackError(f"{', '.join(failed)} exited during start-up; see "
                             f"{', '.join(str(stack.log_dir / f'{n}.log') for n in failed)}")
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


def give_to(user: str, *paths: Path) -> None:
    for path in paths:
        path.mkdir(parents=True, exist_ok=True)
        shutil.chown(path, user, user)


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
    # Marks the page cache directory as the app's own: a purge deletes nowhere else.
    manage(stack, "prepare_edge_cache")
    test = subprocess.run(["nginx", "-t", "-q", "-p", str(stack.nginx_dir), "-c", str(conf)],
                          capture_output=True, text=True)
    if test.returncode != 0:
        raise StackError(f"nginx rejected {conf}:\n{test.stderr}")
    stack.write_env_file()
    chosen = stack_services(stack)
    switch_user = can_switch_user(chosen)
    if switch_user:
        # The app empties nginx's cache (renaming into a sibling trash directory) and stores
        # uploads: both belong to the services' user.
        users = {service.user for service in chosen if service.user}
        for user in users:
            trash = stack.cache_dir.with_name(stack.cache_dir.name + ".trash")
            owned = [stack.media_root, stack.cache_dir, trash]
            if stack.cache_dir.parent.parent == Path("/dev/shm"):
                owned.append(stack.cache_dir.parent)
            give_to(user, *owned)
    if any(service.name == "views" for service in chosen):
        stack.beacon_log.touch()
    try:
        start_supervisor(stack, chosen, switch_user)
        wait_http(f"http://127.0.0.1:{stack.app_port}/", 60, stack)
        wait_http(f"http://127.0.0.1:{stack.port}/", 30, stack)
    except BaseException:
        stop(stack, quiet=True)
        raise
    users = sorted({service.user for service in chosen if service.user}) if switch_user else []
    print(f"toasoan is up: http://127.0.0.1:{stack.port}/ (nginx) → 127.0.0.1:{stack.app_port} "
          f"(granian); services: {', '.join(s.name for s in chosen)} under supervisord "
          f"({stack.supervisor_conf}), as {', '.join(users) or 'the invoking user'}; "
          f"logs in {stack.log_dir}")


def stop(stack: Stack, quiet: bool = False, timeout: float = 120) -> None:
    """Ask supervisord to stop every service and exit; wait for it, then drop in-memory pages."""
    pid = supervisord_pid(stack)
    if pid is None:
        stack.pid_file("supervisord").unlink(missing_ok=True)
        if not quiet:
            print("nothing was running")
    else:
        names = running(stack)
        try:
            rpc(stack).supervisor.shutdown()
        except (OSError, xmlrpc.client.Error):
            os.kill(pid, signal.SIGTERM)  # supervisord shuts down the same way on SIGTERM
        deadline = time.monotonic() + timeout
        while alive(pid) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.1)
        if alive(pid):
            # A supervisord that hangs: end it and every service's process group by hand.
            for group in [pid, *names.values()]:
                try:
                    os.killpg(group, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            _reap(pid)
        stack.pid_file("supervisord").unlink(missing_ok=True)
        if not quiet:
            print(f"stopped {', '.join(n for n in names if n != 'supervisord')} and "
                  f"supervisord ({pid})")
    if stack.cache_dir.parent.parent == Path("/dev/shm") and supervisord_pid(stack) is None:
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
            found = running(stack)
            print(", ".join(f"{k}={v}" for k, v in found.items()) or "not running")
            return 0 if found else 3
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
