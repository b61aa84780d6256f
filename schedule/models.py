"""The broadcast schedule (Lịch phát sóng): what each channel airs, slot by slot."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from broadcast.models import Channel, Episode, Programme, title_in


class Slot(models.Model):
    """One programme on one channel from `starts_at` until `ends_at` (aware datetimes).

    Slots of a channel never overlap; an imported week replaces that week's slots whole.
    `episode`, when set, is the recording readers can watch again (catch-up).
    """

    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.CASCADE,
                                related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    title = models.CharField(_("programme title"), max_length=300)
    title_km = models.CharField(
        _("programme title in Khmer"), max_length=300, blank=True,
        help_text=_("Shown in the Khmer edition; the title above when empty."),
    )
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="slots")
    code = models.CharField(_("programme code"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True)
    episode = models.ForeignKey(Episode, verbose_name=_("recording"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="slots")

    class Meta:
        verbose_name = _("schedule slot")
        verbose_name_plural = _("schedule slots")
        ordering = ["channel", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "starts_at"], name="slot_unique_start"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="slot_ends_after_start"),
        ]
        indexes = [models.Index(fields=["channel", "ends_at"], name="slot_channel_ends")]

    def __str__(self) -> str:
        return f"{self.channel.code} {self.starts_at:%Y-%m-%d %H:%M} {self.title}"

    @property
    def language(self) -> str:
        """The language the slot is broadcast in: its programme's, else its channel's."""
        if self.programme_id is not None:
            return self.programme.language
        return self.channel.language

    def title_for(self, language_code: str | None) -> str:
        """The title readers of the edition `language_code` see."""
        return title_in(language_code, self.title, self.title_km)

    def clean(self) -> None:
        """A slot edited by hand in the admin keeps the rule the import enforces."""
        if self.starts_at is None or self.ends_at is None or self.channel_id is None:
            return
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The slot must end after it starts.")})
        clash = (Slot.objects.filter(channel_id=self.channel_id, starts_at__lt=self.ends_at,
                                     ends_at__gt=self.starts_at)
                 .exclude(pk=self.pk).order_by("starts_at").first())
        if clash is not None:
            raise ValidationError(_("This slot overlaps \"%(title)s\" on the same channel.")
                                  % {"title": clash.title})
