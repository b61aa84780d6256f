"""The article's audio screen in the admin (Bài viết » Sửa » Âm thanh bài viết).

An announcer's recording is probed before anything is stored: a file that is not audio is
refused and nothing changes. Whoever may edit the article manages its audio; on a published
article, where the change reaches readers at once, only those who may publish it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.permissions import policy_registry

from listen.conf import conf
from listen.models import ArticleAudio, AudioState
from listen.signals import request_speech
from listen.tasks import encode_article_recording, remove_recordings
from news.models import Article
from transcode.media import MediaError, probe


def may_view(user, article: Article) -> bool:
    policy = policy_registry.get_by_type(Article)
    return policy.user_has_permission_for_instance(user, "change", article)


def may_change(user, article: Article) -> bool:
    """Changing the audio of a live article reaches readers at once: a publisher's right."""
    policy = policy_registry.get_by_type(Article)
    action = "publish" if article.live else "change"
    return policy.user_has_permission_for_instance(user, action, article)


def _probe_upload(upload) -> None:
    """ffprobe reads the upload (from its temporary file, or a copy of a small one in memory)."""
    path = getattr(upload, "temporary_file_path", None)
    if path is not None:
        info = probe(Path(path()))
    else:
        suffix = Path(upload.name or "").suffix[:10]
        with tempfile.NamedTemporaryFile(prefix="listen-upload-", suffix=suffix) as copy:
            for chunk in upload.chunks():
                copy.write(chunk)
            copy.flush()
            info = probe(Path(copy.name))
        upload.seek(0)
    if not info.has_audio:
        raise forms.ValidationError(_("The file has no sound: upload an audio recording."),
                                    code="no_audio")


class RecordingForm(forms.Form):
    announcer = forms.CharField(label=gettext_lazy("Announcer"), max_length=150,
                                help_text=gettext_lazy("Shown to readers beside the player."))
    recording = forms.FileField(label=gettext_lazy("Recording"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recording"].help_text = _(
            "An audio file (MP3, WAV, M4A, OGG…) of at most %(limit)s; readers get an MP3 "
            "made from it.") % {"limit": filesizeformat(int(conf.LISTEN_MAX_UPLOAD_BYTES))}

    def clean_recording(self):
        upload = self.cleaned_data["recording"]
        limit = int(conf.LISTEN_MAX_UPLOAD_BYTES)
        if getattr(upload, "oversized", False) or (upload.size or 0) > limit:
            raise forms.ValidationError(
                _("The file is too large: at most %(limit)s.") % {"limit": filesizeformat(limit)},
                code="file_too_large")
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."), code="empty")
        try:
            _probe_upload(upload)
        except MediaError as error:
            raise forms.ValidationError(str(error.message), code="not_audio") from error
        return upload


def _save_recording(article: Article, audio: ArticleAudio | None, form: RecordingForm) -> None:
    audio = audio or ArticleAudio(article=article)
    previous = audio.recording_upload.name if audio.recording_upload else ""
    upload = form.cleaned_data["recording"]
    audio.recording_upload.save(Path(upload.name).name[-100:], upload, save=False)
    audio.announcer = form.cleaned_data["announcer"]
    audio.recording_state = AudioState.PENDING
    audio.recording_error = ""
    audio.recording_path = ""
    audio.recording_duration = None
    audio.save()
    name, storage, pk = audio.recording_upload.name, audio.recording_upload.storage, article.pk
    transaction.on_commit(lambda: encode_article_recording.enqueue(pk, name))
    if previous and previous != name:
        transaction.on_commit(lambda: storage.delete(previous))


def _remove_recording(audio: ArticleAudio) -> None:
    upload = audio.recording_upload
    name, storage, pk = upload.name, upload.storage, audio.pk
    audio.recording_upload = ""
    audio.announcer = ""
    audio.recording_state = ""
    audio.recording_error = ""
    audio.recording_path = ""
    audio.recording_duration = None
    audio.save()

    def remove_files() -> None:
        remove_recordings(pk)
        if name:
            storage.delete(name)

    transaction.on_commit(remove_files)


def article_audio(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=article_id)
    if not may_view(request.user, article):
        raise PermissionDenied
    changeable = may_change(request.user, article)
    audio = ArticleAudio.objects.filter(pk=article.pk).first()
    here = reverse("listen_admin:article", args=[article.pk])
    form = RecordingForm()
    if request.method == "POST":
        if not changeable:
            raise PermissionDenied
        action = request.POST.get("action", "upload")
        if action == "remove-recording":
            if audio is not None and audio.recording_upload:
                with transaction.atomic():
                    _remove_recording(audio)
                messages.success(request, _("The recording was removed."))
            return redirect(here)
        if action == "regenerate":
            if article.live:
                with transaction.atomic():
                    request_speech(article, again=True)
                messages.success(request, _("The machine voice is being brought up to date."))
            return redirect(here)
        form = RecordingForm(request.POST, request.FILES)
        if form.is_valid():
            with transaction.atomic():
                _save_recording(article, audio, form)
            messages.success(request, _("The recording was uploaded; it plays once it has been "
                                        "processed."))
            return redirect(here)
        messages.error(request, _("The recording was refused: nothing has been changed."))
    return TemplateResponse(request, "listen/admin/article_audio.html", {
        "article": article, "audio": audio, "form": form, "changeable": changeable,
        "action_url": here, "states": AudioState, "media_url": settings.MEDIA_URL,
        "edit_url": reverse("wagtailsnippets_news_article:edit", args=[article.pk]),
        "page_title": _("Article audio"), "page_subtitle": article.title,
        "header_icon": "media",
    }, status=400 if form.is_bound and form.errors else 200)
