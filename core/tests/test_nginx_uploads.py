"""deploy/nginx in front of Django: documents only through Wagtail's view (X-Accel-Redirect),
as downloads with nosniff; every upload with nosniff; the Content-Security-Policy kept with
cached pages and renewed when the admin's embed hosts change.

A real nginx, rendered from deploy/nginx/ by deploy/prodstack.py on a free port, proxies to
pytest-django's live server; the test process is the app, so its saves purge nginx's cache.
"""

from __future__ import annotations

import http.client
import importlib.util
import io
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from conftest import require_service

pytestmark = [pytest.mark.nginx, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n%%EOF\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def site(live_server, settings, monkeypatch):
    """nginx on a free port in front of the live server; yields a GET function."""
    require_service(shutil.which("nginx") is not None, "nginx")
    # nginx's workers (www-data when run as root) read the media and write the cache: not
    # under pytest's private temporary folder.
    base = Path(tempfile.mkdtemp(prefix="toasoan-uploads-", dir="/tmp"))
    base.chmod(0o755)
    media = base / "media"
    media.mkdir(mode=0o755)
    port = free_port()
    monkeypatch.setenv("PROD_DIR", str(base / "prod"))
    monkeypatch.setenv("PROD_CACHE_DIR", str(base / "pages"))
    monkeypatch.setenv("PROD_PORT", str(port))
    monkeypatch.setenv("APP_PORT", str(live_server.thread.port))
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    spec = importlib.util.spec_from_file_location("prodstack_for_uploads",
                                                  ROOT / "deploy" / "prodstack.py")
    prodstack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(prodstack)
    stack = prodstack.Stack()
    conf = prodstack.render_nginx(stack)
    for folder in (base / "prod", stack.nginx_dir):
        folder.chmod(0o755)
    # The app's side of the stack (toasoan.env / production.py): media, X-Accel, the cache.
    settings.MEDIA_ROOT = str(media)
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_ROOT = str(media / "documents")
    settings.SENDFILE_URL = "/media/documents"
    settings.EDGE_CACHE_DIR = str(stack.cache_dir)
    call_command("prepare_edge_cache", stdout=io.StringIO())  # marked: the purge may empty it
    process = subprocess.Popen(["nginx", "-p", str(stack.nginx_dir), "-c", str(conf)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def get(path: str, **headers) -> tuple[http.client.HTTPResponse, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response, response.read()

    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield {"get": get, "media": media}
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(base, ignore_errors=True)


def make_document(name: str, data: bytes, restriction: str | None = None):
    from wagtail.documents.models import Document
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    if restriction:
        collection = collection.add_child(name=f"Riêng {name}")
        CollectionViewRestriction.objects.create(collection=collection,
                                                 restriction_type=restriction)
    document = Document(title=name, collection=collection)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    Path(document.file.path).chmod(0o644)
    Path(document.file.path).parent.chmod(0o755)
    return document


def test_documents_go_out_only_through_the_view(site):
    """Before: nginx served /media/documents/<file> to anyone, a private document included."""
    public = make_document("cong-van.pdf", PDF)
    private = make_document("noi-bo.pdf", PDF, restriction="login")
    for document in (public, private):
        direct, _ = site["get"](f"/media/{document.file.name}")
        assert direct.status == 404, document.file.name
    response, body = site["get"](public.url)
    assert response.status == 200 and body == PDF
    assert response.getheader("Content-Type") == "application/pdf"
    assert response.getheader("Content-Disposition") == (
        f'attachment; filename="{public.filename}"')
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Content-Security-Policy") == "default-src 'none'"
    assert response.getheader("X-Accel-Redirect") is None
    assert response.getheader("Content-Encoding") is None
    refused, body = site["get"](private.url)
    assert refused.status == 302 and body != PDF
    assert refused.getheader("Location").startswith("/_util/login/?next=")


def test_every_upload_goes_out_with_nosniff(site):
    (site["media"] / "images").mkdir(mode=0o755)
    page = site["media"] / "images" / "trang.html"
    page.write_text("<script>alert(1)</script>")
    page.chmod(0o644)
    response, _ = site["get"]("/media/images/trang.html")
    assert response.status == 200
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_cached_pages_carry_the_policy_and_a_change_renews_it(site, station):
    from core.models import StationSettings

    def read() -> tuple[str, str]:
        response, _ = site["get"]("/van-ban/")
        assert response.status == 200
        return response.getheader("X-Cache-Status"), response.getheader(
            "Content-Security-Policy")

    first = read()
    cached = read()
    assert cached[0] == "HIT" and cached[1] == first[1]
    assert "frame-src 'self' https://www.youtube.com" in cached[1]
    station = StationSettings.load()
    station.embed_hosts = "https://player.vimeo.com"
    station.save()  # the station settings purge nginx's cache (core.caching.registry)
    renewed = read()
    assert renewed[0] != "HIT"
    directives = {part.split()[0]: part.split()[1:] for part in renewed[1].split("; ")}
    assert directives["frame-src"] == ["'self'", "https://player.vimeo.com"]
    assert "youtube" not in renewed[1]
    again = read()
    assert again == ("HIT", renewed[1])
