"""The project's URLs plus views that fail, to exercise the 500 and 503 handler."""

import redis
from django.db import OperationalError
from django.urls import path

from toasoan.urls import handler404, handler500
from toasoan.urls import urlpatterns as project_urlpatterns


def explode(request):
    raise RuntimeError("deliberate failure for the 500 page test")


def database_down(request):
    raise OperationalError("connection refused: the database is down")


def redis_down(request):
    raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


urlpatterns = [path("loi-thu/", explode), path("csdl-ngung/", database_down),
               path("redis-ngung/", redis_down), *project_urlpatterns]

__all__ = ["handler404", "handler500", "urlpatterns"]
