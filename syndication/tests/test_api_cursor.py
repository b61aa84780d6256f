"""One cursor for every API list: the id of the last item of the previous page, as on ?sau=."""

from __future__ import annotations

import pytest
from django.utils import timezone

API = "/api/v1"


def walk(client, path: str, limit: int) -> list[list[int]]:
    """Every page of a list, following `next`; checks that `next` is the last id, as text."""
    pages: list[list[int]] = []
    cursor = None
    while True:
        url = f"{API}{path}?limit={limit}" + (f"&after={cursor}" if cursor else "")
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        ids = [item["id"] for item in body["items"]]
        pages.append(ids)
        cursor = body["next"]
        if cursor is None:
            return pages
        assert cursor == str(ids[-1])
        assert len(pages) < 50, "the cursor does not move"


@pytest.fixture
def lists(db, portal):
    """Three announcements and documents (one of each hidden) and four tags."""
    from taggit.models import Tag

    from notices.models import Announcement, OfficialDocument

    now = timezone.now()
    announcements = [Announcement.objects.create(
        title=f"Thông báo {n}", live=True, published_at=now - timezone.timedelta(hours=n))
        for n in range(1, 4)]
    Announcement.objects.create(title="Nháp", live=False)
    documents = [OfficialDocument.objects.create(
        number=f"{n}/TB", issuer="UBND tỉnh", issued_on="2024-10-31", subject=f"Văn bản {n}",
        live=True, published_at=now - timezone.timedelta(hours=n)) for n in range(1, 4)]
    OfficialDocument.objects.create(number="9/TB", issuer="UBND tỉnh", issued_on="2024-10-31",
                                    subject="Hẹn giờ", live=True,
                                    published_at=now + timezone.timedelta(days=1))
    tags = [portal["tag"]] + [Tag.objects.create(name=f"Thẻ {n}", slug=f"the-{n}")
                              for n in range(3)]
    return {"announcements": [a.id for a in announcements],
            "documents": [d.id for d in documents], "tags": sorted(t.id for t in tags)}


@pytest.mark.parametrize("path", ["/announcements", "/documents", "/tags"])
def test_each_list_pages_by_the_last_id(client, lists, path):
    pages = walk(client, path, limit=2)
    assert pages == [lists[path[1:]][:2], lists[path[1:]][2:]]


def test_a_cursor_from_the_html_pages_works_in_the_api(client, portal):
    """?sau= on a section page and ?after= in the API name the same place in the list."""
    response = client.get(f"{API}/articles?after={portal['lead'].id}")
    assert [a["id"] for a in response.json()["items"]] == [
        portal["national_story"].id, portal["second"].id]


@pytest.mark.parametrize("path", ["/articles", "/announcements", "/documents", "/tags"])
@pytest.mark.parametrize("cursor", ["abc", "0", "-5", "1.5", "9" * 20, "MjAyNC0wMS0wMXwx"])
def test_every_list_refuses_a_bad_cursor_with_400(client, db, path, cursor):
    response = client.get(f"{API}{path}?after={cursor}")
    assert response.status_code == 400, response.content
    assert response.json()["detail"].startswith("Con trỏ trang không hợp lệ")
    assert "no-store" in response["Cache-Control"]


def test_openapi_describes_the_cursor(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    for path in ("/api/v1/articles", "/api/v1/announcements", "/api/v1/documents",
                 "/api/v1/tags"):
        (after,) = [p for p in schema["paths"][path]["get"]["parameters"]
                    if p["name"] == "after"]
        assert "id of the last item" in after["description"]
    for page in ("ArticlePage", "AnnouncementPage", "DocumentPage", "TagPage"):
        assert "id of the last item" in schema["components"]["schemas"][page]["properties"][
            "next"]["description"]
