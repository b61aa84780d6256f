"""Home slots that editors fill and order, and the breaking-news ticker.

Both are snippets with draft state and revisions: an arrangement or a ticker is published,
scheduled (Wagtail's go-live and expiry times, run by newsroom's scheduler) and unpublished
like an article, and readers see only the live, unexpired version.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PublishingPanel
from wagtail.models import DraftStateMixin, Orderable, PreviewableMixin, RevisionMixin

from core.visibility import is_visible
from news.models import Article, Section


class HomeSlot(DraftStateMixin, RevisionMixin, PreviewableMixin, ClusterableModel):
    """A named place on the home page and the stories an editor put there, in order."""

    class Kind(models.TextChoices):
        LEAD = "lead", _("Lead story")
        ROW = "row", _("Highlights row")
        SECTION = "section", _("Section block")

    # How many stories each place shows; picks beyond it are kept but not shown.
    SIZES = {Kind.LEAD: 1, Kind.ROW: 4, Kind.SECTION: 4}
    # Order of the places on the page (section blocks follow the menu).
    PAGE_ORDER = (Kind.LEAD, Kind.ROW, Kind.SECTION)

    kind = models.CharField(_("place on the home page"), max_length=10, choices=Kind.choices)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+", help_text=_("Only for a section block: the section it shows."),
    )

    revisions = GenericRelation(
        "wagtailcore.Revision", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="home_slot", for_concrete_model=False,
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("section"),
        InlinePanel(
            "items", label=_("Stories"), min_num=0, max_num=12,
            help_text=_("Drag to reorder. The lead shows the first story, the highlights row "
                        "and section blocks the first four; empty places are filled with the "
                        "newest stories."),
        ),
        PublishingPanel(),
    ]

    class Meta:
        verbose_name = _("home slot")
        verbose_name_plural = _("home slots")
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=Q(section__isnull=True),
                                    name="home_slot_one_per_place"),
            models.UniqueConstraint(fields=["section"], name="home_slot_one_per_section"),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.SECTION and self.section_id:
            return _("Section block: %(section)s") % {"section": self.section.name}
        return str(self.Kind(self.kind).label) if self.kind in self.Kind.values else ""

    @property
    def size(self) -> int:
        return self.SIZES.get(self.kind, 0)

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.SECTION and not self.section_id:
            raise ValidationError({"section": _("Choose the section this block shows.")})
        if self.kind != self.Kind.SECTION and self.section_id:
            raise ValidationError({"section": _("Only a section block has a section.")})
        duplicate = HomeSlot.objects.exclude(pk=self.pk)
        duplicate = (duplicate.filter(section_id=self.section_id) if self.section_id
                     else duplicate.filter(kind=self.kind, section__isnull=True))
        if self.kind and duplicate.exists():
            raise ValidationError(_("This place already has its slot: edit that one instead."))

    def get_preview_template(self, request, mode_name: str) -> str:
        return "curation/slot_preview.html"

    def get_preview_context(self, request, mode_name: str) -> dict:
        context = super().get_preview_context(request, mode_name)
        context["articles"] = [item.article for item in self.items.all()
                               if item.article_id and is_visible(item.article)]
        return context


class HomeSlotItem(Orderable):
    """One story in a slot; its sort order is the editor's drag-and-drop order."""

    slot = ParentalKey(HomeSlot, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE,
                                related_name="+")

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("story in the slot")
        verbose_name_plural = _("stories in the slot")

    def clean(self) -> None:
        """Only a story readers can see (or will see when the arrangement goes live)."""
        super().clean()
        if not self.article_id:
            return
        slot = getattr(self, "slot", None)
        moment = timezone.now()
        if slot is not None and slot.go_live_at and slot.go_live_at > moment:
            moment = slot.go_live_at
        if not is_visible(self.article, moment):
            raise ValidationError({"article": _(
                "Only a published story that readers can see may be placed on the home page."
            )})


class BreakingNews(DraftStateMixin, RevisionMixin, models.Model):
    """The "Tin nóng" line above every public page, until its expiry."""

    text = models.CharField(_("text"), max_length=200)
    article = models.ForeignKey(
        Article, verbose_name=_("linked article"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Optional: the story the line links to."),
    )

    revisions = GenericRelation(
        "wagtailcore.Revision", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="breaking_news",
        for_concrete_model=False,
    )

    panels = [FieldPanel("text"), FieldPanel("article"), PublishingPanel()]

    class Meta:
        verbose_name = _("breaking news")
        verbose_name_plural = _("breaking news")

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        if self.expire_at is None:
            raise ValidationError({"expire_at": _("Breaking news needs an expiry time.")})
        if self.expire_at <= timezone.now():
            raise ValidationError({"expire_at": _("The expiry time must be in the future.")})
