"""The demo streams' live playlists: a namespace of their own, outside the page cache rules
(each playlist labels its own one-second life)."""

from django.urls import path

from live import views

app_name = "live_stream"

urlpatterns = [
    path("<slug:code>/live.m3u8", views.playlist, name="playlist"),
]
