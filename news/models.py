"""Sections and articles. Articles live in one flat table, indexed for every public listing."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from core.editions import edition_of, edition_path
from core.vietnamese import slugify_vi
from core.visibility import VisibleQuerySet, is_visible
from news.blocks import ArticleBodyBlock
from news.forms import ArticleAdminForm, SectionAdminForm

MAX_SECTION_DEPTH = 3


class SectionQuerySet(models.QuerySet):
    def in_language(self, code: str) -> SectionQuerySet:
        """The sections of one edition (its own tree)."""
        return self.filter(locale__language_code=code)


class Section(TranslatableMixin, models.Model):
    """A section of the portal (Tin tức » Tin địa phương) or a topic (Lễ hội Oóc-om-bóc).

    Each edition has its own tree: a slug is unique within its locale, and a parent is in the
    same locale as its children.
    """

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(
        _("slug"), max_length=100, allow_unicode=False,
        help_text=_("Part of the address: /tin-dia-phuong/. Letters a–z, digits and dashes."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent section"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    show_in_menu = models.BooleanField(_("show in menu"), default=True)
    is_topic = models.BooleanField(
        _("topic section"), default=False,
        help_text=_("A topic gathers articles from any section (e.g. a festival or a campaign)."),
    )
    description = models.TextField(_("description"), blank=True)

    objects = SectionQuerySet.as_manager()
    base_form_class = SectionAdminForm

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldRowPanel(
            [FieldPanel("sort_order"), FieldPanel("show_in_menu"), FieldPanel("is_topic")]
        ),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=("translation_key", "locale"),
                                    name="unique_translation_key_locale_news_section"),
            models.UniqueConstraint(fields=("locale", "slug"), name="section_slug_per_locale"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify_vi(self.name, max_length=100)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not self.slug:
            self.slug = slugify_vi(self.name, max_length=100)
        if self.slug in settings.RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is reserved by the portal.")})
        if (self.parent_id is not None and self.locale_id is not None
                and self.parent.locale_id != self.locale_id):
            raise ValidationError(
                {"parent": _("The parent section must be in the same language.")})
        depth, node = 1, self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A section cannot be inside itself.")})
            depth += 1
            node = node.parent
        if depth + self._subtree_height() > MAX_SECTION_DEPTH:
            raise ValidationError(
                {"parent": _("Sections can be nested at most three levels deep.")}
            )

    def _subtree_height(self) -> int:
        """Levels below this section (0 for a leaf), so moving a branch keeps the limit too."""
        if self.pk is None:
            return 0
        height, level = 0, [self.pk]
        while level and height < MAX_SECTION_DEPTH:
            level = list(Section.objects.filter(parent_id__in=level).values_list("pk", flat=True))
            if level:
                height += 1
        return height

    def get_absolute_url(self) -> str:
        # Built directly, like Article's: breadcrumbs and head tags ask for it on every page.
        # news/tests/test_related_shared.py checks it matches reverse().
        return edition_path(f"{get_script_prefix()}{self.slug}/", edition_of(self))

    @property
    def language_code(self) -> str:
        return edition_of(self)

    def lineage(self) -> list[Section]:
        """This section and its ancestors, outermost first (for the breadcrumb)."""
        chain: list[Section] = []
        node: Section | None = self
        while node is not None and len(chain) < MAX_SECTION_DEPTH:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


def article_path(section_slug: str, slug: str, pk: int, language: str = "vi") -> str:
    """An article's public address, /<section>/<slug>-<id>.html (model and listing cards),
    under its edition's prefix (/km/… for Khmer)."""
    return edition_path(f"{get_script_prefix()}{section_slug}/{slug}-{pk}.html", language)


class ArticleQuerySet(VisibleQuerySet):
    def in_language(self, code: str) -> ArticleQuerySet:
        """The articles of one edition. Filters on the locale id, so listings stay on the
        (locale, published_at, id) indexes."""
        from core.editions import locale_id_of

        return self.filter(locale_id=locale_id_of(code))


class Genre(models.TextChoices):
    """What kind of piece an article is (thể loại), the basis of its royalty points."""

    NEWS = "news", pgettext_lazy("genre", "News item")
    BRIEF = "brief", pgettext_lazy("genre", "Short news item")
    ARTICLE = "article", pgettext_lazy("genre", "Article")
    REPORTAGE = "reportage", pgettext_lazy("genre", "Reportage")
    INTERVIEW = "interview", pgettext_lazy("genre", "Interview")
    COMMENTARY = "commentary", pgettext_lazy("genre", "Commentary")
    PHOTO = "photo", pgettext_lazy("genre", "Photo story")
    VIDEO = "video", pgettext_lazy("genre", "Video")
    COMPILATION = "compilation", pgettext_lazy("genre", "Compiled or translated")


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.Article", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Article(
    TranslatableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A news story. A snippet rather than a page, so a million rows stay one flat table."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=120, blank=True,
        help_text=_("Filled in from the title when left empty."),
    )
    sapo = models.TextField(_("lead (sapo)"), blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    byline = models.CharField(
        _("byline"), max_length=200, blank=True,
        help_text=_("As printed under the story, e.g. “Bài, ảnh: Hồng Nhung”."),
    )
    primary_section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    topic_sections = ParentalManyToManyField(
        Section, verbose_name=_("topic sections"), blank=True, related_name="topic_articles"
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    featured_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("featured image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    featured_image_caption = models.CharField(
        _("featured image caption"), max_length=300, blank=True
    )
    is_featured = models.BooleanField(_("featured story"), default=False)
    genre = models.CharField(_("genre"), max_length=20, choices=Genre.choices,
                             default=Genre.NEWS)
    published_at = models.DateTimeField(
        _("publication date"), null=True, blank=True,
        help_text=_("Shown to readers; set automatically on first publication when empty."),
    )
    updated_at = models.DateTimeField(_("last updated"), null=True, blank=True, editable=False)
    view_count = models.PositiveBigIntegerField(_("views"), default=0, editable=False)
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    correction_note = models.TextField(
        _("correction note"), blank=True,
        help_text=_("Shown under the article when a published story was corrected."),
    )
    import_key = models.CharField(max_length=255, null=True, blank=True, unique=True,
                                  editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Newsroom: the author for "edit own drafts", and the withdrawal stamp that
    # keeps a deleted or taken-down published article (legal retention) off every public page.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True,
        editable=False, on_delete=models.SET_NULL, related_name="owned_articles",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True,
                                        editable=False)

    revisions = GenericRelation(
        "wagtailcore.Revision", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="article", for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="article", for_concrete_model=False,
    )

    objects = ArticleQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("sapo"),
        index.SearchField("byline"),
        index.FilterField("primary_section"),
        index.FilterField("live"),
        index.FilterField("published_at"),
        index.FilterField("locale"),
    ]

    content_panels = [
        FieldPanel("title"),
        FieldPanel("sapo"),
        FieldPanel("body"),
        FieldPanel("byline"),
        MultiFieldPanel(
            [FieldPanel("source_name"), FieldPanel("source_url")],
            heading=_("Source credit"),
        ),
    ]
    classification_panels = [
        FieldPanel("primary_section"),
        FieldPanel("genre"),
        FieldPanel("topic_sections"),
        FieldPanel("tags"),
        FieldRowPanel([FieldPanel("featured_image"), FieldPanel("featured_image_caption")]),
        FieldPanel("is_featured"),
        InlinePanel("related_links", label=_("Related articles (hand-picked)")),
    ]
    publishing_panels = [
        FieldPanel("slug"),
        FieldPanel("published_at"),
        PublishingPanel(),
        FieldPanel("correction_note"),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Content")),
        ObjectList(classification_panels, heading=_("Classification")),
        ObjectList(publishing_panels, heading=_("Publishing")),
    ])
    base_form_class = ArticleAdminForm
    # A translation starts as a fresh draft of the new edition (copy_for_translation).
    exclude_fields_in_copy = ["import_key", "view_count", "related_links", "topic_sections",
                              "owner", "withdrawn_at", "published_at", "updated_at"]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(
                fields=["primary_section", "-published_at", "-id"],
                condition=Q(live=True), name="article_section_listing",
            ),
            models.Index(
                fields=["-published_at", "-id"], condition=Q(live=True),
                name="article_latest_listing",
            ),
            models.Index(
                fields=["-published_at", "-id"], condition=Q(live=True, is_featured=True),
                name="article_featured_listing",
            ),
            # The admin's "newest first" ordering covers drafts too (no live condition).
            models.Index(fields=["-published_at", "-id"], name="article_admin_published"),
            # The next expiry (core.visibility.next_change): the few rows that have one.
            models.Index(fields=["expire_at"], condition=Q(live=True, expire_at__isnull=False),
                         name="article_expiry"),
            # One edition's newest and featured stories (a section's listing needs no locale:
            # a section belongs to one edition).
            models.Index(fields=["locale", "-published_at", "-id"], condition=Q(live=True),
                         name="article_locale_listing"),
            models.Index(fields=["locale", "-published_at", "-id"],
                         condition=Q(live=True, is_featured=True),
                         name="article_locale_featured"),
        ]
        constraints = [
            models.UniqueConstraint(fields=("translation_key", "locale"),
                                    name="unique_translation_key_locale_news_article"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify_vi(self.title, max_length=120) or "bai-viet"
        super().save(*args, **kwargs)

    def with_content_json(self, content):
        """Owner, withdrawal and the reader-facing dates belong to the article as a whole.

        Dates are stamped on the row at publication (news.signals), after the revision was
        written; without this an edit would reopen the article with an empty publication
        date and republishing would lose it.
        """
        obj = super().with_content_json(content)
        obj.owner_id = self.owner_id
        obj.withdrawn_at = self.withdrawn_at
        obj.updated_at = self.updated_at
        if obj.published_at is None:
            obj.published_at = self.published_at
        return obj

    def get_absolute_url(self) -> str:
        # Built directly: a page links dozens of articles and reverse() is costly on an
        # uncached render. news/tests/test_related_shared.py checks it matches reverse().
        return article_path(self.primary_section.slug, self.slug, self.pk, edition_of(self))

    @property
    def language_code(self) -> str:
        """'vi' or 'km': the edition this article belongs to."""
        return edition_of(self)

    def copy_for_translation(self, locale, exclude_fields=None):
        """An unpublished draft in `locale` (simple_translation's "Translate" action), filed
        under the section's own translation when there is one; without one, its section is
        left for the editor to choose among the new edition's sections."""
        copy = super().copy_for_translation(locale, exclude_fields)
        copy.live = False
        copy.has_unpublished_changes = True
        copy.first_published_at = copy.last_published_at = None
        copy.live_revision = copy.latest_revision = None
        copy.go_live_at = copy.expire_at = None
        copy.expired = copy.locked = False
        copy.locked_by = copy.locked_at = None
        twin = self.primary_section.get_translation_or_none(locale)
        if twin is not None:
            copy.primary_section = twin
        return copy

    def clean(self) -> None:
        super().clean()
        if (self.primary_section_id is not None and self.locale_id is not None
                and self.primary_section.locale_id != self.locale_id):
            raise ValidationError({"primary_section": _(
                "Choose a section of the article's own language.")})

    @property
    def is_visible(self) -> bool:
        return is_visible(self)

    def get_preview_template(self, request, mode_name: str) -> str:
        return "news/article.html"

    def get_preview_context(self, request, mode_name: str) -> dict:
        """The public page's context, built from the unsaved form data the editor sees.

        The related list comes from the app's read side, which the app config hands over
        (news.apps): models stay below the queries built on them.
        """
        related_articles = apps.get_app_config("news").related_articles
        context = super().get_preview_context(request, mode_name)
        context.update(
            article=self, section=self.primary_section,
            breadcrumb=self.primary_section.lineage() if self.primary_section_id else [],
            tags=sorted(tag.name for tag in self.tags.all()),
            related=related_articles(self),
        )
        return context


class RelatedArticle(Orderable):
    """An editor's hand-picked related story, listed before the automatic ones."""

    article = ParentalKey(Article, on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")
