"""Live pages (cached by nginx until the next slot boundary)."""

from django.urls import path

from live import views

app_name = "live"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/", views.channel, name="channel"),
]
