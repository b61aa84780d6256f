"""Background work for articles: the image renditions a published story's page will show.

AVIF encoding costs up to a few seconds per rendition; made by the worker when an article is
published, the first reader finds them ready (in the database and the rendition cache) instead
of waiting for them.
"""

from __future__ import annotations

from django_tasks import task

from core.pictures import LIGHTBOX_FILTER, SIZES


def article_renditions(article) -> list[tuple[object, tuple[str, ...]]]:
    """(image, filters) for every image the article's page and listing cards show."""
    wanted: list[tuple[object, tuple[str, ...]]] = []
    if article.featured_image is not None:
        wanted.append((article.featured_image, SIZES["card"].filters
                       + SIZES["card-big"].filters + SIZES["body"].filters
                       + SIZES["wide"].filters))
    for block in article.body:
        if block.block_type == "image" and block.value["image"] is not None:
            size = "wide" if block.value.get("full_width") else "body"
            wanted.append((block.value["image"], SIZES[size].filters))
        elif block.block_type == "gallery":
            for item in block.value["images"]:
                if item["image"] is not None:
                    wanted.append((item["image"], SIZES["gallery"].filters
                                   + SIZES["body"].filters + (LIGHTBOX_FILTER,)))
    return wanted


def make_article_renditions(article_id: int) -> int:
    """Create the missing renditions of one article; returns how many images it went through."""
    from news.models import Article

    article = Article.objects.filter(pk=article_id).select_related("featured_image").first()
    if article is None:
        return 0
    wanted = article_renditions(article)
    for image, filters in wanted:
        image.get_renditions(*filters)
    return len(wanted)


@task()
def prepare_article_renditions(article_id: int) -> int:
    """The worker's entry point; never run inside a request."""
    return make_article_renditions(article_id)
