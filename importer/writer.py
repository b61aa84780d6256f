"""Store parsed articles through Wagtail's own create/edit/publish actions.

Every change goes through a revision (so the admin's history and "compare" work and editors can
pick up drafts), and published imports go through `Revision.publish()`. Publishing stamps "now"
on the Wagtail and portal dates (news.signals); the original dates are put back afterwards with
a queryset update, which fires no signal and creates no revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
from wagtail.models import Locale

from core.vietnamese import fold, slugify_vi
from importer.content import ParsedArticle
from importer.models import ImportRecord
from news.models import Article, Section

Status = Literal["created", "updated", "unchanged"]
NEWS_ROOT_NAME = "tin tuc"  # folded "Tin tức": where unknown JSON Lines sections go


@dataclass(frozen=True)
class WriteResult:
    status: Status
    article: Article


# --- Sections ----------------------------------------------------------------------------------


def _depth(section: Section) -> int:
    depth, node = 1, section.parent
    while node is not None:
        depth, node = depth + 1, node.parent
    return depth


def _find(name: str, parent: Section | None, locale: Locale) -> Section | None:
    wanted = fold(name).strip()
    for section in Section.objects.filter(parent=parent, locale=locale).order_by(
            "sort_order", "id"):
        if fold(section.name).strip() == wanted:
            return section
    return None


def _unique_slug(name: str, locale: Locale) -> str:
    """A slug free in the section's own edition (editions' slugs are independent)."""
    base = slugify_vi(name, max_length=90) or "chuyen-muc"
    slug, counter = base, 1
    while (slug in settings.RESERVED_SLUGS
           or Section.objects.filter(slug=slug, locale=locale).exists()):
        counter += 1
        slug = f"{base}-{counter}"
    return slug


def _display_name(name: str, parent: Section | None) -> str:
    """A top-level crumb comes upper-cased from the page ("TIN TỨC"); the portal upper-cases
    top-level names itself, so store the sentence-case form. Single words stay (acronyms)."""
    if parent is None and name.isupper() and len(name.split()) > 1:
        return name[0] + name[1:].lower()
    return name


def _create_section(name: str, parent: Section | None, locale: Locale) -> Section:
    name = _display_name(name, parent)
    last = (Section.objects.filter(parent=parent, locale=locale)
            .aggregate(last=Max("sort_order"))["last"])
    section = Section(name=name, parent=parent, slug=_unique_slug(name, locale),
                      sort_order=(last or 0) + 1, locale=locale)
    section.full_clean()
    section.save()
    return section


def resolve_section(names: tuple[str, ...], *, anywhere: bool = False,
                    locale: Locale | None = None) -> Section:
    """The section at the end of a breadcrumb, creating the missing ones where it puts them,
    in `locale`'s own section tree (the default language's when None).

    Names match accent- and case-insensitively ("TIN TỨC" is "Tin tức"). With `anywhere`, a
    single name may match a section at any depth (shallowest first); unknown, it is created
    under "Tin tức" if that exists, else at the top level.
    """
    locale = locale or Locale.get_default()
    if anywhere and len(names) == 1:
        wanted = fold(names[0]).strip()
        matches = [s for s in Section.objects.filter(locale=locale)
                   .select_related("parent__parent") if fold(s.name).strip() == wanted]
        if matches:
            return min(matches, key=lambda s: (_depth(s), s.sort_order, s.pk))
        news_root = _find(NEWS_ROOT_NAME, None, locale)
        return _create_section(names[0], news_root, locale)
    parent: Section | None = None
    for name in names:
        parent = _find(name, parent, locale) or _create_section(name, parent, locale)
    assert parent is not None
    return parent


# --- Articles ----------------------------------------------------------------------------------


def _apply(article: Article, parsed: ParsedArticle, section: Section) -> None:
    article.title = parsed.title
    article.sapo = parsed.sapo
    article.body = parsed.body
    article.byline = parsed.byline
    article.primary_section = section
    article.source_url = parsed.source_url
    article.source_name = parsed.source_name
    article.import_key = parsed.import_key
    if parsed.published_at is not None:
        article.published_at = parsed.published_at
        article.updated_at = parsed.published_at
    article.tags.set(parsed.tags)


def _restore_dates(article: Article, parsed: ParsedArticle, views: int) -> None:
    """Undo the publish-time stamps: the article keeps the dates it had at its source."""
    changes: dict = {"view_count": views}
    if parsed.published_at is not None:
        changes.update(
            published_at=parsed.published_at, updated_at=parsed.published_at,
            first_published_at=parsed.published_at, last_published_at=parsed.published_at,
        )
    Article.objects.filter(pk=article.pk).update(**changes)
    for name, value in changes.items():
        setattr(article, name, value)


def _original(parsed: ParsedArticle, locale: Locale, article: Article | None) -> Article | None:
    """The article `parsed` translates, checked: it exists, it is in another language and
    has no other translation in this one."""
    if not parsed.translation_of:
        return None
    original = Article.objects.filter(import_key=parsed.translation_of).first()
    if original is None:
        raise ValidationError(_("The original article (“translation_of”) has not been "
                                "imported: import it first."))
    if original.locale_id == locale.pk:
        raise ValidationError(_("The original article is in the same language as its "
                                "translation."))
    if article is not None and article.translation_key != original.translation_key:
        raise ValidationError(_("This article was imported before as a translation of "
                                "another article."))
    twin = original.get_translation_or_none(locale)
    if twin is not None and (article is None or twin.pk != article.pk):
        raise ValidationError(_("The original article already has a translation in this "
                                "language."))
    return original


def write_article(parsed: ParsedArticle, *, draft: bool = False,
                  user: AbstractBaseUser | None = None, source: str = "") -> WriteResult:
    """Create, update or leave alone the article for `parsed`; call inside transaction.atomic.

    Unchanged input (same fingerprint as the last import) writes nothing, except raising the
    view count when the input's is higher than the live one. Raises Django's ValidationError
    for content the model refuses.
    """
    fingerprint = parsed.fingerprint(draft=draft)
    record = (ImportRecord.objects.select_related("article__primary_section")
              .filter(article__import_key=parsed.import_key).first())
    article = record.article if record is not None else (
        Article.objects.filter(import_key=parsed.import_key).first())
    if article is not None:
        if record is not None and record.fingerprint == fingerprint:
            if parsed.views is not None and parsed.views > article.view_count:
                Article.objects.filter(pk=article.pk).update(view_count=parsed.views)
                article.view_count = parsed.views
                return WriteResult("updated", article)
            return WriteResult("unchanged", article)

    if article is not None and article.locked:
        # An editor locked it to work undisturbed: the import waits rather than overwrite.
        raise ValidationError(_("An editor has locked this article; unlock it in the admin to "
                                "import the changes."))
    locale = Locale.objects.get(language_code=parsed.language)
    if article is not None and article.locale_id != locale.pk:
        raise ValidationError(_("This article was imported in another language; its language "
                                "cannot change."))
    original = _original(parsed, locale, article)
    section = resolve_section(parsed.section.path, anywhere=parsed.section.anywhere,
                              locale=locale)
    if article is None:
        status: Status = "created"
        article = Article(view_count=parsed.views or 0, locale=locale)
        if original is not None:
            article.translation_key = original.translation_key
        _apply(article, parsed, section)
        if parsed.published_at is not None and not draft:
            article.first_published_at = parsed.published_at
        CreateAction(article, user=user, publish=not draft, clean=True).execute(
            skip_permission_checks=True)
        views = parsed.views or 0
    else:
        status = "updated"
        views = max(article.view_count, parsed.views or 0)
        _apply(article, parsed, section)
        EditAction(article, user=user, publish=not draft, clean=True).execute(
            skip_permission_checks=True)
    if not draft:
        _restore_dates(article, parsed, views)
    elif views != article.view_count:
        Article.objects.filter(pk=article.pk).update(view_count=views)
    ImportRecord.objects.update_or_create(
        article=article,
        defaults={"fingerprint": fingerprint, "source": source[:500],
                  "source_line": parsed.line},
    )
    article.refresh_from_db()
    return WriteResult(status, article)
