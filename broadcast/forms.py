"""The episode's admin form: checks on the uploaded file before anything is saved."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

UploadCheck = Callable[[object], None]


class EpisodeForm(WagtailAdminModelForm):
    """Apps that process uploads (transcode) register checks on the file here from their
    AppConfig.ready(), so broadcast stays below them in the layers."""

    upload_checks: list[UploadCheck] = []

    @classmethod
    def register_upload_check(cls, check: UploadCheck) -> None:
        if check not in cls.upload_checks:
            cls.upload_checks.append(check)

    def clean_source_file(self):
        upload = self.cleaned_data.get("source_file")
        if upload and "source_file" in self.changed_data:
            if self.instance.pk and self.instance.live:
                raise ValidationError(
                    _("Unpublish the episode before replacing its file: readers would be left "
                      "without media while the new one is processed."), code="live_episode")
            for check in self.upload_checks:
                check(upload)
        return upload
