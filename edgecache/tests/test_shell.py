"""Pages poured into the cached shell are byte for byte the pages a full render gives."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.template import TemplateSyntaxError, engines

from core.caching import shell
from core.caching.memo import forget_local
from core.models import StationSettings
from edgecache.purge import invalidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(sections, make_article, station):
    article = make_article(title="Hội nghị tổng kết <năm> & “phong trào”",
                           sapo='Tóm tắt có "dấu ngoặc" & ký tự <đặc biệt>.',
                           primary_section=sections["local"], byline="Thuý Liễu")
    article.tags.add("Chữ thập đỏ", "Sóc Trăng")
    article.save()
    for n in range(3):
        make_article(title=f"Tin cùng mục {n}", primary_section=sections["local"])
    return article


def _both(client, monkeypatch, path: str) -> tuple[bytes, bytes]:
    fast = client.get(path)
    monkeypatch.setattr(shell, "is_reader", lambda request: False)
    full = client.get(path)
    monkeypatch.undo()
    assert fast.status_code == full.status_code == 200
    return fast.content, full.content


@pytest.mark.parametrize("path", ["article", "/", "/tin-dia-phuong/", "/tin-tuc/",
                                  "/tin-dia-phuong/?sau=AFTER",
                                  "/hoc-va-lam-theo-guong-bac/"])
def test_shell_page_equals_the_full_render(client, story, monkeypatch, path):
    if path == "article":
        path = story.get_absolute_url()
    path = path.replace("AFTER", str(story.pk))
    client.get(path)  # the first reader builds the shell
    fast, full = _both(client, monkeypatch, path)
    assert fast == full
    assert "Hội nghị tổng kết &lt;năm&gt; &amp; “phong trào”".encode() in fast or (
        path != story.get_absolute_url())


def test_shell_follows_the_content_generation(client, story, station):
    path = story.get_absolute_url()
    assert "Trang thông tin điện tử tổng hợp" in client.get(path).content.decode()
    settings = StationSettings.load()
    settings.portal_name = "Cổng thông tin mới"
    settings.save()  # saving station settings invalidates (edgecache.signals)
    page = client.get(path).content.decode()
    assert "Cổng thông tin mới" in page and "Trang thông tin điện tử tổng hợp" not in page


def test_shell_is_built_once_per_generation(client, story, monkeypatch):
    built = []
    original = shell._build_shell
    monkeypatch.setattr(shell, "_build_shell", lambda *a: built.append(a[0]) or original(*a))
    forget_local()
    for _ in range(3):
        client.get(story.get_absolute_url())
    assert built == ["news/article.html"]
    invalidate("test")
    client.get(story.get_absolute_url())
    assert built == ["news/article.html"] * 2


def test_logged_in_editors_get_the_full_render_with_their_user_bar(client, story):
    user = get_user_model().objects.create_superuser("bientap", "bt@example.vn", "mat-khau-dai")
    client.force_login(user)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "wagtail-userbar" in page


def test_a_template_outside_base_html_is_refused(rf):
    with pytest.raises(ValueError):
        shell._page_blocks("includes/footer.html")


def test_sharedcache_keeps_one_copy_per_key(db):
    template = engines["django"].from_string(
        '{% load shared_fragments %}{% sharedcache "demo" key=n %}[{{ n }}]{% endsharedcache %}')
    forget_local()
    assert template.render({"n": 1}) == "[1]"
    assert template.render({"n": 2}) == "[2]"
    assert template.render({"n": 1}) == "[1]"


@pytest.mark.parametrize("source", [
    '{% load shared_fragments %}{% sharedcache demo %}{% endsharedcache %}',
    '{% load shared_fragments %}{% sharedcache "demo" colour=1 %}{% endsharedcache %}',
    '{% load shared_fragments %}{% sharedcache "demo" requires=x %}{% endsharedcache %}',
])
def test_sharedcache_syntax_errors_are_clear(source):
    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string(source)


def test_development_renders_pages_whole(client, story, monkeypatch, settings):
    settings.DEBUG = True
    monkeypatch.setattr(shell, "_build_shell", lambda *a: pytest.fail("shell used in DEBUG"))
    forget_local()
    assert client.get(story.get_absolute_url()).status_code == 200
