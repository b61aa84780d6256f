"""The project's URLs plus one view that fails, to exercise the 500 handler."""

from django.urls import path

from toasoan.urls import handler404, handler500
from toasoan.urls import urlpatterns as project_urlpatterns


def explode(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [path("loi-thu/", explode), *project_urlpatterns]

__all__ = ["handler404", "handler500", "urlpatterns"]
