"""Body blocks: paragraphs, captioned images and video, as a Vietnamese newsroom writes them."""

from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText, expand_db_html

from core.embed_policy import check_embed_url


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text rendered straight to HTML: the common block of every article body.

    Wagtail would render two templates per paragraph (the block's and richtext.html, which
    only prints the expanded HTML); the output is the same without them.
    """

    def render_basic(self, value: RichText, context=None) -> SafeString:
        return mark_safe(expand_db_html(value.source))  # noqa: S308 (sanitised on input)


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)
    credit = blocks.CharBlock(label=_("Photo credit"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "news/blocks/captioned_image.html"


class VideoBlock(blocks.StructBlock):
    """A video by direct file/HLS URL or an embeddable player URL; no oEmbed fetch needed."""

    video_url = blocks.URLBlock(
        label=_("Video file or stream URL"), required=False,
        help_text=_("An .mp4 file or an .m3u8 HLS stream."),
    )
    embed_url = blocks.URLBlock(
        label=_("Player URL"), required=False,
        help_text=_("An embeddable player address, e.g. https://www.youtube.com/embed/…"),
    )
    poster = ImageChooserBlock(label=_("Poster image"), required=False)
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("video_url") and not cleaned.get("embed_url"):
            raise blocks.StructBlockValidationError(
                block_errors={"video_url": ValidationError(
                    _("Give a video URL or a player URL."))}
            )
        # Readers' browsers load players and files only from the hosts the admin allows.
        errors = {}
        for name in ("video_url", "embed_url"):
            try:
                check_embed_url(cleaned.get(name))
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return cleaned

    class Meta:
        icon = "media"
        label = _("Video")
        template = "news/blocks/video.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "news/blocks/quote.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul", "h2", "h3"],
    )
    image = CaptionedImageBlock()
    video = VideoBlock()
    quote = QuoteBlock()
