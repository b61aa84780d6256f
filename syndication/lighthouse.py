"""Lighthouse mobile audits of the portal: `make lighthouse` (or `PAGES=home make lighthouse`).

Serves the demo content from its own SQLite database (var/lighthouse/) with Django's server,
DEBUG off, static files and media served by Django as the development stack does, warms each
page once (the image renditions are made on a first view), then runs npm `lighthouse` (pinned
in syndication/lighthouse/) with Debian's Chromium on the home page, a section and an article
and prints the performance and accessibility scores with the metrics behind them.
`audit(url)` is what syndication/tests/test_lighthouse.py calls against its live server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "syndication/lighthouse/node_modules/lighthouse/cli/index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync"
PORT = int(os.environ.get("LIGHTHOUSE_PORT", "8090"))
STATE = ROOT / "var" / "lighthouse"
PAGES = {"home": "/", "section": "/tin-tuc/", "km-home": "/km/",
         "article": None, "gallery": None, "longform": None}  # articles: found in the demo
TARGETS = {"performance": 95, "accessibility": 100}
# This interpreter as it was started (`-S` included), for the Django commands it runs.
PYTHON = [sys.executable, *(["-S"] if sys.flags.no_site else [])]


class LighthouseError(RuntimeError):
    """Lighthouse itself failed (Chromium did not start, the page never painted…)."""


def _report(url: str, timeout: int, attempts: int = 2) -> dict:
    """Lighthouse's JSON report. A run that fails inside Lighthouse or Chromium (not a low
    score) is tried once more; its own error output is kept for the message."""
    errors = []
    for _attempt in range(attempts):
        with tempfile.TemporaryDirectory() as folder:
            report_path = Path(folder) / "report.json"
            done = subprocess.run(
                ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json",
                 f"--output-path={report_path}", "--only-categories=performance,accessibility",
                 f"--chrome-flags={CHROME_FLAGS}", "--form-factor=mobile"],
                timeout=timeout, env={**os.environ, "CHROME_PATH": CHROME},
                capture_output=True, text=True)
            if done.returncode == 0:
                return json.loads(report_path.read_text(encoding="utf-8"))
            errors.append(f"exit {done.returncode}: {(done.stderr or done.stdout)[-2000:]}")
    raise LighthouseError(f"Lighthouse failed on {url}: " + " | ".join(errors))


def audit(url: str, timeout: int = 300) -> dict:
    """One mobile Lighthouse run: category scores (0–100) and the metrics that explain them."""
    report = _report(url, timeout)
    audits = report["audits"]
    failed_accessibility = [
        ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]
        if ref["weight"] and audits[ref["id"]]["score"] not in (None, 1)]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "bytes": round(audits["total-byte-weight"]["numericValue"]),
        "render_blocking": [item["url"] for item in
                            audits["render-blocking-resources"]["details"].get("items", [])]
        if audits["render-blocking-resources"].get("details") else [],
        "accessibility_failures": failed_accessibility,
    }


def _manage(*args: str, env: dict) -> None:
    subprocess.run([*PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _demo_urls(env: dict) -> dict[str, str]:
    """The addresses of a standard article, the photo story and the long-form story."""
    code = ("from news.models import Article as A;import json;"
            "print(json.dumps({n: A.objects.get(import_key=k).get_absolute_url() for n, k in "
            "(('article', 'demo:1'), ('gallery', 'demo:gallery'), "
            "('longform', 'demo:longform'))}))")
    out = subprocess.run([*PYTHON, "manage.py", "shell", "-v0", "-c", code], cwd=ROOT,
                         env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(names: list[str]) -> int:
    STATE.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "toasoan.settings.dev", "DEBUG": "0",
           "SERVE_MEDIA": "1", "DATABASE_URL": f"sqlite:///{STATE / 'db.sqlite3'}",
           "MEDIA_ROOT": str(STATE / "media"), "REDIS_URL": "",
           "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    _manage("migrate", "--noinput", "-v0", env=env)
    _manage("load_demo_content", env=env)
    pages = {**PAGES, **_demo_urls(env)}
    names = names or list(pages)
    server = subprocess.Popen(
        [*PYTHON, "manage.py", "runserver", "--insecure", "--noreload",
         f"127.0.0.1:{PORT}"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{PORT}"
    failures = 0
    try:
        deadline = time.monotonic() + 300  # system checks take a while on a busy machine
        while True:
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        for name in names:
            urllib.request.urlopen(base + pages[name], timeout=300).read()  # renditions
            result = audit(base + pages[name])
            short = {k: v for k, v in result.items() if k not in ("render_blocking",)}
            print(f"{name:9} {pages[name]}\n          {json.dumps(short, ensure_ascii=False)}")
            if result["render_blocking"]:
                print(f"          render-blocking: {', '.join(result['render_blocking'])}")
            failures += any(result[key] < target for key, target in TARGETS.items())
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"targets: performance ≥ {TARGETS['performance']}, accessibility = 100; "
          f"{failures} page(s) below")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
