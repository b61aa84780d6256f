"""Royalty rates as the station sets them, and the frozen rows of a locked month.

Rates carry the month they apply from: a month's report uses the newest rate card that starts
on or before its first day, so changing the rates never rewrites the past. A locked month keeps
its report as rows (LockedLine) computed when it was locked; views, articles and rates changing
afterwards leave it as it was.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from news.models import Genre


class RateCard(ClusterableModel):
    """Points per genre and the value of a point, in force from a month onward."""

    valid_from = models.DateField(
        _("applies from"), unique=True,
        help_text=_("The month these rates start to apply; the day is set to the 1st."),
    )
    point_value = models.PositiveIntegerField(
        _("value of one point (đồng)"), validators=[MinValueValidator(0)],
    )
    note = models.CharField(_("note"), max_length=300, blank=True,
                            help_text=_("E.g. the decision that set these rates."))

    panels = [
        FieldPanel("valid_from"),
        FieldPanel("point_value"),
        FieldPanel("note"),
        InlinePanel("rates", label=_("Points per genre")),
    ]

    class Meta:
        verbose_name = _("royalty rate card")
        verbose_name_plural = _("royalty rate cards")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return _("Royalty rates from %(month)s") % {"month": self.valid_from.strftime("%m/%Y")}

    def clean(self) -> None:
        if self.valid_from:
            self.valid_from = self.valid_from.replace(day=1)
            clash = RateCard.objects.filter(valid_from=self.valid_from).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {"valid_from": _("Rates starting in this month already exist.")})

    def save(self, *args, **kwargs) -> None:
        self.valid_from = self.valid_from.replace(day=1)
        super().save(*args, **kwargs)

    @classmethod
    def in_force(cls, month: dt.date) -> RateCard | None:
        """The card applying to `month` (its first day): the newest starting no later."""
        return (cls.objects.filter(valid_from__lte=month).order_by("-valid_from")
                .prefetch_related("rates").first())

    def points_by_genre(self) -> dict[str, Decimal]:
        return {rate.genre: rate.points for rate in self.rates.all()}


class GenreRate(models.Model):
    """Points one article of a genre earns under a rate card."""

    card = ParentalKey(RateCard, on_delete=models.CASCADE, related_name="rates")
    genre = models.CharField(_("genre"), max_length=20, choices=Genre.choices)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2,
                                 validators=[MinValueValidator(Decimal(0))])

    panels = [FieldPanel("genre"), FieldPanel("points")]

    class Meta:
        verbose_name = _("points for a genre")
        verbose_name_plural = _("points per genre")
        constraints = [models.UniqueConstraint(fields=["card", "genre"],
                                               name="royalty_rate_one_per_genre")]

    def __str__(self) -> str:
        return f"{self.get_genre_display()}: {self.points}"


class LockedMonth(models.Model):
    """A month an approver closed: its report is read from LockedLine from then on."""

    month = models.DateField(_("month"), unique=True)
    point_value = models.PositiveIntegerField(_("value of one point (đồng)"))
    rate_card = models.ForeignKey(RateCard, verbose_name=_("rate card"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    locked_at = models.DateTimeField(_("locked at"), auto_now_add=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("locked by"),
                                  null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("locked royalty month")
        verbose_name_plural = _("locked royalty months")
        ordering = ["-month"]
        permissions = [
            ("view_all_royalties", "Can see every person's royalties"),
            ("lock_royalty_month", "Can lock and unlock a month's royalties"),
        ]

    def __str__(self) -> str:
        return self.month.strftime("%m/%Y")


class LockedLine(models.Model):
    """One article of a locked month, with every figure as it stood at locking."""

    locked_month = models.ForeignKey(LockedMonth, on_delete=models.CASCADE, related_name="lines")
    article_id = models.BigIntegerField()  # kept as a number: a purged article keeps its line
    title = models.CharField(max_length=300)
    published_at = models.DateTimeField()
    section = models.ForeignKey("news.Section", null=True, on_delete=models.SET_NULL,
                                related_name="+")
    section_name = models.CharField(max_length=150)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    person_name = models.CharField(max_length=300)
    genre = models.CharField(max_length=20)
    words = models.PositiveIntegerField()
    views = models.PositiveBigIntegerField()
    points = models.DecimalField(max_digits=7, decimal_places=2)
    amount = models.BigIntegerField()

    class Meta:
        ordering = ["published_at", "article_id"]

    def __str__(self) -> str:
        return f"{self.locked_month}: {self.title}"
