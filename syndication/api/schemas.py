"""What the API accepts and answers, as the OpenAPI schema publishes it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Query, Schema
from pydantic import BeforeValidator

from core.dates import BadDay, parse_day
from core.editions import DEFAULT, editions

NEXT_DESCRIPTION = ("Cursor of the next page (the id of the last item of this page); pass it "
                    "as ?after=. Null on the last page.")


def _iso_day_only(value: object) -> object:
    """Only YYYY-MM-DD (core.dates): pydantic would otherwise read "0" as a Unix timestamp."""
    if isinstance(value, str):
        try:
            return parse_day(value)
        except BadDay:
            raise ValueError("use the form YYYY-MM-DD") from None
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_day_only)]
DATE_FROM = Query(None, description="Published on or after this day (YYYY-MM-DD).")
DATE_TO = Query(None, description="Published on or before this day (YYYY-MM-DD).")


# The editions' language codes, published in the schema as an enum: another value is a 400
# with a Vietnamese sentence naming `lang` (syndication.api.responses.validation_error).
Edition = Literal[tuple(editions())]  # type: ignore[valid-type]


LANG = Query(DEFAULT, description="Edition: `vi` (Vietnamese, the default) or `km` (Khmer). "
                                  "Only that edition's items are listed.")


def after_param() -> Any:
    """The `after` query parameter of every list. A string, not an integer, so that a bad
    cursor is answered 400 with its own message rather than a generic validation error."""
    return Query(None, max_length=200,
                 description="The `next` value of the previous page: the id of the last item "
                             "seen. Omit it for the first page.")


class ErrorOut(Schema):
    """Every refusal: `detail` says what is wrong, in Vietnamese."""

    detail: str
    field: str | None = Field(None, description="The parameter at fault, when one is.")
    errors: list[dict] | None = Field(None, description="The validator's details, when a "
                                                        "parameter breaks the schema.")


class SectionRef(Schema):
    id: int
    slug: str
    name: str


class SectionOut(SectionRef):
    language: str = Field(description="The edition: vi or km.")
    parent_id: int | None
    is_topic: bool
    url: str


class ArticleSummary(Schema):
    id: int
    title: str
    slug: str
    sapo: str
    url: str
    section: SectionRef
    published_at: datetime
    updated_at: datetime | None
    views: int
    image: str | None = Field(None, description="Absolute URL of a 1200×630 rendition.")
    language: str = Field(description="The edition: vi or km.")


class ArticleDetail(ArticleSummary):
    body_html: str
    byline: str
    tags: list[str]
    topics: list[SectionRef]
    source_name: str
    source_url: str
    correction_note: str


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next: str | None = Field(None, description=NEXT_DESCRIPTION)


class TagOut(Schema):
    id: int
    name: str
    slug: str


class TagPage(Schema):
    items: list[TagOut]
    next: str | None = Field(None, description=NEXT_DESCRIPTION)


class AttachmentOut(Schema):
    title: str
    url: str


class AnnouncementSummary(Schema):
    id: int
    title: str
    url: str
    published_at: datetime
    language: str = Field(description="The edition: vi or km.")


class AnnouncementDetail(AnnouncementSummary):
    body_html: str
    attachments: list[AttachmentOut]


class AnnouncementPage(Schema):
    items: list[AnnouncementSummary]
    next: str | None = Field(None, description=NEXT_DESCRIPTION)


class DocumentSummary(Schema):
    id: int
    title: str
    number: str
    document_type: str
    issuer: str
    issued_on: date
    subject: str
    url: str
    published_at: datetime


class DocumentDetail(DocumentSummary):
    summary: str
    file_url: str | None


class DocumentPage(Schema):
    items: list[DocumentSummary]
    next: str | None = Field(None, description=NEXT_DESCRIPTION)
