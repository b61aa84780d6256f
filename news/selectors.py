"""Read-side queries for the portal, each one an indexed listing; shared parts are cached."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet

from core.edition_routing import current_edition
from core.pictures import rendition_prefetch
from news.models import Article, Section

MENU_CACHE_KEY = "news:menu:v2"
SECTION_TREE_CACHE_KEY = "news:section-tree:v2"
RELATED_COUNT = 12


def _listing_fields(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("primary_section", "featured_image").only(
        "id", "title", "slug", "sapo", "published_at", "updated_at", "view_count",
        "is_featured", "locale_id", "primary_section__id", "primary_section__slug",
        "primary_section__name", "primary_section__locale_id",
        "featured_image__id", "featured_image__file", "featured_image__title",
        "featured_image__file_hash", "featured_image__description",
        "featured_image__width", "featured_image__height", "featured_image__focal_point_x",
        "featured_image__focal_point_y", "featured_image__focal_point_width",
        "featured_image__focal_point_height",
    ).prefetch_related(rendition_prefetch("featured_image", "card", "card-big"))


def visible_articles() -> QuerySet[Article]:
    return _listing_fields(Article.objects.visible()).newest_first()


def edition_articles(language: str | None = None) -> QuerySet[Article]:
    """What readers of one edition see listed: its visible articles, newest first (the edition
    being rendered when `language` is None)."""
    return visible_articles().in_language(language or current_edition())


def section_tree() -> dict[int, dict]:
    """All sections by id with their parent and children ids; small, cached, cleared on edit.

    Also kept in this process's memory for the content generation (a section edit bumps it),
    so a page reads it without a cache round trip.
    """
    from core.caching.memo import shared

    return shared("section-tree", _cached_section_tree)


def _cached_section_tree() -> dict[int, dict]:
    tree = cache.get(SECTION_TREE_CACHE_KEY)
    if tree is None:
        tree = {
            s.id: {"id": s.id, "name": s.name, "slug": s.slug, "parent_id": s.parent_id,
                   "sort_order": s.sort_order, "show_in_menu": s.show_in_menu,
                   "is_topic": s.is_topic, "language": s.locale.language_code,
                   "children": []}
            for s in Section.objects.select_related("locale")
        }
        for node in sorted(tree.values(), key=lambda n: (n["sort_order"], n["name"])):
            if node["parent_id"] in tree:
                tree[node["parent_id"]]["children"].append(node["id"])
        cache.set(SECTION_TREE_CACHE_KEY, tree, 3600)
    return tree


def descendant_ids(section_id: int) -> list[int]:
    tree = section_tree()
    found, stack = [], [section_id]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(tree.get(current, {}).get("children", []))
    return found


def menu_sections(language: str | None = None) -> list[dict]:
    """One edition's top-level menu entries (the edition being rendered when `language` is
    None), each with its menu children, in editor-chosen order."""
    language = language or current_edition()
    key = f"{MENU_CACHE_KEY}:{language}"
    menu = cache.get(key)
    if menu is None:
        tree = section_tree()
        roots = sorted(
            (n for n in tree.values() if n["parent_id"] is None and n["show_in_menu"]
             and n["language"] == language),
            key=lambda n: (n["sort_order"], n["name"]),
        )
        menu = [
            {"name": root["name"], "slug": root["slug"],
             "children": [{"name": tree[c]["name"], "slug": tree[c]["slug"]}
                          for c in root["children"] if tree[c]["show_in_menu"]]}
            for root in roots
        ]
        cache.set(key, menu, 3600)
    return menu


def sections_by_id() -> dict[int, Section]:
    """Every section with its parents attached (lineage without queries), per generation."""
    from core.caching.memo import shared

    def build() -> dict[int, Section]:
        sections = {section.id: section for section in Section.objects.all()}
        for section in sections.values():
            if section.parent_id in sections:
                section.parent = sections[section.parent_id]
        return sections

    return shared("sections-by-id", build)


def section_by_slug(slug: str, language: str = "vi") -> Section | None:
    """One edition's section (each edition has its own slugs)."""
    return next((s for s in sections_by_id().values()
                 if s.slug == slug and s.language_code == language), None)


def edition_sections(language: str | None = None) -> list[dict]:
    """One edition's sections (section_tree nodes) in menu order: the search's section list."""
    language = language or current_edition()
    return sorted((n for n in section_tree().values() if n["language"] == language),
                  key=lambda n: (n["sort_order"], n["name"]))


def forget_sections() -> None:
    from core.editions import editions

    cache.delete_many([SECTION_TREE_CACHE_KEY,
                       *(f"{MENU_CACHE_KEY}:{language}" for language in editions())])


def section_shards(section: Section, base: QuerySet[Article] | None = None) -> list[QuerySet]:
    """A section's listing as core.pagination shards: a topic's tagged articles, or one shard
    per section of its subtree, each read on its own (section, published_at, id) index."""
    base = Article.objects.all() if base is None else base
    if section.is_topic:
        return [base.filter(topic_sections=section)]
    return [base.filter(primary_section_id=pk) for pk in descendant_ids(section.id)]


def section_articles(section: Section) -> QuerySet[Article]:
    """Newest first: a topic lists its tagged articles, a section its own and its subsections'."""
    if section.is_topic:
        return visible_articles().filter(topic_sections=section)
    ids = descendant_ids(section.id)
    if len(ids) == 1:
        return visible_articles().filter(primary_section_id=section.id)
    return visible_articles().filter(primary_section_id__in=ids)


def featured_articles(limit: int = 5, language: str | None = None) -> list[Article]:
    """One edition's featured stories (the edition being rendered when `language` is None)."""
    return list(edition_articles(language).filter(is_featured=True)[:limit])


def latest_articles(limit: int = 10, language: str | None = None) -> list[Article]:
    """One edition's newest stories (the edition being rendered when `language` is None)."""
    return list(edition_articles(language)[:limit])


def related_articles(article: Article, limit: int = RELATED_COUNT) -> list[Article]:
    """Hand-picked first, then the same section's newest; never the article itself.

    Works on an unsaved preview too: the hand-picked links are read from the in-memory
    cluster, and a missing primary key simply excludes nothing. The section's newest stories
    are the same for every article of the section, so they are shared per content generation
    (edgecache): an uncached article page queries only its hand-picked links.
    """
    from core.caching.memo import shared

    targets = getattr(article, "related_ids", None)  # set by page_article: no query
    if targets is None:
        links = sorted(article.related_links.all(), key=lambda link: link.sort_order or 0)
        targets = [link.target_id for link in links]
    order = {target: position for position, target in enumerate(targets)}
    picked: list[Article] = []
    if order:
        picked = sorted(
            _listing_fields(Article.objects.visible())
            .filter(pk__in=list(order)).exclude(pk=article.pk),
            key=lambda a: order[a.id],
        )[:limit]
    exclude_ids = {pk for pk in (article.pk, *(a.id for a in picked)) if pk is not None}
    remaining = limit - len(picked)
    recent: list[Article] = []
    if remaining > 0 and article.primary_section_id:
        section_id = article.primary_section_id
        size = limit + 1 + RELATED_COUNT
        newest = shared(
            f"section-newest:{section_id}:{size}",
            lambda: list(visible_articles().filter(primary_section_id=section_id)[:size]),
        )
        recent = [a for a in newest if a.id not in exclude_ids][:remaining]
        if len(recent) < remaining and len(newest) >= size:
            recent = list(
                visible_articles().filter(primary_section_id=section_id)
                .exclude(pk__in=exclude_ids)[:remaining]
            )
    return picked + recent
