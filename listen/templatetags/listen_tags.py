"""The article page's player, shown only when an audio version is ready to play."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from listen.models import ArticleAudio, PlayableAudio

register = template.Library()


def playable_audio(article) -> PlayableAudio | None:
    """The recording or machine voice readers may hear for `article`, if one is ready."""
    if not getattr(article, "pk", None):
        return None
    # The player and the page's JSON-LD both ask: one query per rendered article.
    if "_playable_audio" not in article.__dict__:
        audio = ArticleAudio.objects.filter(pk=article.pk).first()
        article.__dict__["_playable_audio"] = audio.playable() if audio is not None else None
    return article.__dict__["_playable_audio"]


@register.simple_tag
def article_audio_player(article) -> SafeString:
    audio = playable_audio(article)
    if audio is None:
        return mark_safe("")
    return mark_safe(render_to_string(  # noqa: S308 (an autoescaped template)
        "listen/player.html", {"audio": audio, "article_id": article.pk}))
