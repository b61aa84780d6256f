"""The demo streams' live playlists: a namespace of their own, outside the page cache rules
(each playlist labels its own one-second life). `live.m3u8` is the stream's address, a
multivariant playlist naming the media playlist numbered from the player's first segment."""

from django.urls import path

from live import views

app_name = "live_stream"

urlpatterns = [
    path("<slug:code>/live.m3u8", views.playlist, name="playlist"),
    path("<slug:code>/live/<int:since>.m3u8", views.media_playlist, name="media_playlist"),
]
