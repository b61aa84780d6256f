"""WSGI entry point for granian (or gunicorn)."""

import os
from collections.abc import Callable, Iterable

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toasoan.settings.production")
django_application = get_wsgi_application()


def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
    """Django's WSGI app, handing a finished page to the server as one bytes object.

    A Django response is an iterable the server would pull chunk by chunk, crossing back into
    Python for each; a page is already complete in memory, so it is passed as a one-item list
    (granian then sends it in one call). Streaming and file responses are passed through.
    """
    response = django_application(environ, start_response)
    if isinstance(response, HttpResponse):  # never StreamingHttpResponse or FileResponse
        body = response.content
        response.close()  # what the server would call: request_finished, connection cleanup
        return [body]
    return response
