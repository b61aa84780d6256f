"""The WSGI entry point hands finished pages over whole and still ends each request."""

from __future__ import annotations

import io

import pytest
from django.core.signals import request_finished
from django.test.client import RequestFactory


def _environ(path: str) -> dict:
    environ = RequestFactory(HTTP_HOST="127.0.0.1")._base_environ(
        PATH_INFO=path, REQUEST_METHOD="GET", QUERY_STRING="")
    environ["wsgi.input"] = io.BytesIO(b"")
    return environ


@pytest.mark.django_db
def test_pages_are_one_bytes_object_and_the_request_is_finished(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.SECURE_SSL_REDIRECT = False
    from toasoan.wsgi import application

    finished, statuses = [], []
    def note(sender, **kwargs):
        finished.append(sender)

    request_finished.connect(note, weak=False, dispatch_uid="test-wsgi")
    try:
        body = application(_environ("/robots.txt"), lambda status, headers: statuses.append(status))
    finally:
        request_finished.disconnect(dispatch_uid="test-wsgi")
    assert isinstance(body, list) and len(body) == 1 and b"Sitemap:" in body[0]
    assert statuses == ["200 OK"] and len(finished) == 1


@pytest.mark.django_db
def test_streaming_responses_pass_through(settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    from django.http import StreamingHttpResponse

    import toasoan.wsgi as entry

    streamed = StreamingHttpResponse(iter([b"a", b"b"]))
    monkeypatch.setattr(entry, "django_application", lambda environ, start: streamed)
    assert entry.application(_environ("/"), lambda *a: None) is streamed
