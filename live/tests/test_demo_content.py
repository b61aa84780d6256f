"""The demo content's channels play their local demo streams."""

from __future__ import annotations

import pytest

from broadcast.models import Channel
from demo import demo_content

pytestmark = pytest.mark.django_db


def test_demo_channels_point_at_their_demo_playlists_and_keep_an_editors_address(settings,
                                                                                tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # the demo's images and PDFs
    Channel.objects.create(code="stv2", name="STV2", stream_url="https://live.example.vn/2.m3u8")
    demo_content.load()
    streams = dict(Channel.objects.values_list("code", "stream_url"))
    assert streams == {"stv1": "/truc-tuyen/stv1/live.m3u8",
                       "stv2": "https://live.example.vn/2.m3u8",
                       "radio": "/truc-tuyen/radio/live.m3u8"}
    radio = Channel.objects.get(code="radio")
    assert (radio.name, radio.kind) == ("Phát thanh Sóc Trăng", Channel.Kind.RADIO)
    demo_content.load()  # again: nothing changes
    assert dict(Channel.objects.values_list("code", "stream_url")) == streams
