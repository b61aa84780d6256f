"""The command as a whole: idempotent re-runs, updates, drafts, and files it cannot read."""

from __future__ import annotations

import json
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry, Revision

from importer import content
from importer.models import ImportRecord
from importer.tests.test_jsonlines import FERRY, FESTIVAL, jsonl
from importer.tests.test_page_dump import OWN_DUMP
from news.models import Article, Section


def snapshot() -> dict:
    """Everything an import may touch, to prove that a run changed nothing."""
    return {
        "articles": list(Article.objects.order_by("pk").values()),
        "sections": list(Section.objects.order_by("pk").values()),
        "revisions": list(Revision.objects.order_by("pk").values_list("pk", "created_at")),
        "logs": ModelLogEntry.objects.count(),
        "records": list(ImportRecord.objects.order_by("pk").values()),
    }


@pytest.fixture
def imported(run_import, sections, tmp_path):
    """A dump and a JSON Lines file, imported once."""
    dump = tmp_path / "cho.txt"
    dump.write_text(OWN_DUMP, encoding="utf-8")
    export = tmp_path / "export.jsonl"
    export.write_text(jsonl(FERRY, FESTIVAL), encoding="utf-8")
    first = run_import(dump, export)
    assert first.ok, first.stderr
    return {"dump": dump, "export": export, "first": first}


def test_reimport_changes_nothing(run_import, imported):
    before = snapshot()

    again = run_import(imported["dump"], imported["export"])

    assert again.ok, again.stderr
    assert again.lines == [line.replace("created", "unchanged")
                           for line in imported["first"].lines]
    assert snapshot() == before


def test_reimport_with_a_changed_body_updates_with_a_new_revision(run_import, imported):
    article = Article.objects.get(title=FERRY["title"])
    revisions = article.revisions.count()
    published_at = article.published_at
    imported["export"].write_text(
        jsonl({**FERRY, "body": "Nội dung đã sửa.", "views": 10}, FESTIVAL), encoding="utf-8")

    result = run_import(imported["export"])

    assert result.ok, result.stderr
    assert result.lines[0] == f"updated {article.get_absolute_url()}"
    assert result.lines[1].startswith("unchanged ")
    article.refresh_from_db()
    assert article.body.raw_data[0]["value"] == "<p>Nội dung đã sửa.</p>"
    assert article.revisions.count() == revisions + 1
    assert article.live_revision == article.latest_revision
    assert article.published_at == article.updated_at == published_at  # original dates kept
    assert article.view_count == FERRY["views"]  # an older, lower count never lowers it
    assert Article.objects.count() == 3
    assert log_registry.get_logs_for_instance(article).filter(action="wagtail.publish").count() \
        == 2


def test_draft_import_is_invisible_to_readers_until_published(run_import, sections, tmp_path,
                                                               client):
    export = tmp_path / "draft.jsonl"
    export.write_text(jsonl(FERRY), encoding="utf-8")

    result = run_import(export, draft=True)

    assert result.ok, result.stderr
    article = Article.objects.get()
    assert not article.live and article.has_unpublished_changes
    assert article.revisions.count() == 1 and article.latest_revision is not None
    assert not Article.objects.visible().exists()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert result.lines == [f"created {article.get_absolute_url()}"]
    assert run_import(export, draft=True).lines[0].startswith("unchanged ")

    published = run_import(export)

    assert published.lines == [f"updated {article.get_absolute_url()}"]
    article.refresh_from_db()
    assert article.live and Article.objects.visible().get() == article
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.published_at.isoformat() == "2024-12-18T00:30:00+00:00"


def test_draft_of_a_change_leaves_the_live_article_alone(run_import, imported, client):
    article = Article.objects.get(title=FERRY["title"])
    imported["export"].write_text(jsonl({**FERRY, "title": "Tiêu đề mới"}, FESTIVAL),
                                  encoding="utf-8")

    result = run_import(imported["export"], draft=True)

    assert result.ok and result.lines[0].startswith("updated ")
    article.refresh_from_db()
    assert article.live and article.title == FERRY["title"]
    assert article.has_unpublished_changes
    assert article.latest_revision.as_object().title == "Tiêu đề mới"
    assert FERRY["title"] in client.get(article.get_absolute_url()).content.decode()


def test_directory_argument_imports_every_file(run_import, sections, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(OWN_DUMP, encoding="utf-8")
    (folder / "b.jsonl").write_text(jsonl(FERRY), encoding="utf-8")
    (folder / ".hidden").write_text("garbage", encoding="utf-8")
    result = run_import(folder)
    assert result.ok, result.stderr
    assert len(result.lines) == 2 and Article.objects.count() == 2


def test_broken_files_are_reported_and_leave_data_unchanged(run_import, imported, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank_jsonl = tmp_path / "blank.jsonl"
    blank_jsonl.write_bytes(b"\n\n  \n")
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes(range(256)) * 8 + os.urandom(512))
    garbage_jsonl = tmp_path / "garbage.jsonl"
    garbage_jsonl.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(256))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 cr\xe8me (Lượt xem: 1)".encode("latin-1", "replace"))
    missing = tmp_path / "does-not-exist.jsonl"
    oversize = tmp_path / "oversize.jsonl"
    huge_body = "x" * (content.MAX_LINE_CHARS + 10)
    oversize.write_text(jsonl({**FERRY, "body": huge_body}), encoding="utf-8")
    changed_then_broken = tmp_path / "export-broken.jsonl"
    changed_then_broken.write_text(
        jsonl({**FERRY, "body": "Sửa", "published_at": "hôm qua"}), encoding="utf-8")
    before = snapshot()

    result = run_import(empty, blank_jsonl, garbage, garbage_jsonl, latin1, missing, oversize,
                        changed_then_broken)

    assert not result.ok
    assert result.stdout == ""
    errors = result.stderr.splitlines()
    for path in (empty, blank_jsonl, garbage, garbage_jsonl, latin1, missing):
        assert any(line.startswith(f"{path}") for line in errors), path
    assert any(line.startswith(f"{oversize}:1: ") for line in errors)
    assert any(line.startswith(f"{changed_then_broken}:1: ") for line in errors)
    assert "0 created, 0 updated, 0 unchanged, 8 errors" in result.stderr \
        or "8 lỗi" in result.stderr
    assert snapshot() == before


def test_oversized_file_is_refused(run_import, sections, tmp_path, monkeypatch):
    monkeypatch.setattr(content, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr("importer.sources.MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text(OWN_DUMP + "x" * 2000, encoding="utf-8")
    result = run_import(big)
    assert not result.ok and result.stderr.startswith(f"{big}: ")
    assert Article.objects.count() == 0


def test_a_failing_write_rolls_back_that_article_only(run_import, sections, tmp_path,
                                                      monkeypatch):
    from wagtail.actions.create import CreateAction

    real_execute = CreateAction.execute

    def execute(self, *args, **kwargs):
        if self.instance.title == FESTIVAL["title"]:
            raise ValidationError({"title": ["refused for the test"]})
        return real_execute(self, *args, **kwargs)

    monkeypatch.setattr(CreateAction, "execute", execute)
    export = tmp_path / "export.jsonl"
    export.write_text(jsonl(FESTIVAL, FERRY), encoding="utf-8")

    result = run_import(export)

    assert not result.ok
    assert f"{export}:1: title: refused for the test" in result.stderr
    assert [a.title for a in Article.objects.all()] == [FERRY["title"]]
    assert not Section.objects.filter(name="Du lịch").exists()  # created, then rolled back


def test_cli_exit_status(sections, tmp_path, capsys):
    """Through the real entry point: non-zero exit and the error on stderr."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["manage.py", "import_articles", str(bad)])
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert f"{bad}:1: " in captured.err and captured.out == ""


def test_unknown_user_is_refused(sections, tmp_path):
    from django.core.management import CommandError

    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps(FERRY), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_articles", str(export), "--user", "nobody")
    assert Article.objects.count() == 0


def test_utf16_jsonl_and_implausible_views(run_import, sections, tmp_path):
    utf16 = tmp_path / "windows.jsonl"
    utf16.write_bytes(jsonl(FERRY).encode("utf-16"))
    huge = tmp_path / "huge-views.jsonl"
    huge.write_text(jsonl({**FESTIVAL, "views": 10**30}, {**FESTIVAL, "views": float("nan")}),
                    encoding="utf-8")
    result = run_import(utf16, huge)
    assert not result.ok
    assert [line.split()[0] for line in result.lines] == ["created"]
    assert Article.objects.get().title == FERRY["title"]
    assert f"{huge}:1: " in result.stderr and f"{huge}:2: " in result.stderr


def test_a_fifo_is_refused_without_blocking(run_import, sections, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = run_import(fifo)
    assert not result.ok and result.stderr.startswith(f"{fifo}: ")


def test_an_unexpected_failure_is_reported_and_the_batch_goes_on(run_import, sections, tmp_path,
                                                                 monkeypatch):
    from importer import writer

    real = writer.resolve_section

    def resolve(names, **options):
        if names == ("Du lịch",):
            raise OverflowError("simulated")
        return real(names, **options)

    monkeypatch.setattr(writer, "resolve_section", resolve)
    export = tmp_path / "export.jsonl"
    export.write_text(jsonl(FESTIVAL, FERRY), encoding="utf-8")
    result = run_import(export)
    assert not result.ok
    assert f"{export}:1: " in result.stderr and "OverflowError: simulated" in result.stderr
    assert [a.title for a in Article.objects.all()] == [FERRY["title"]]


def test_a_locked_article_is_not_overwritten(run_import, imported, admin_user):
    article = Article.objects.get(title=FERRY["title"])
    Article.objects.filter(pk=article.pk).update(locked=True, locked_by=admin_user)
    imported["export"].write_text(jsonl({**FERRY, "sapo": "Sapo mới."}, FESTIVAL),
                                  encoding="utf-8")
    before = snapshot()
    result = run_import(imported["export"])
    assert not result.ok
    assert f"{imported['export']}:1: " in result.stderr and "Unikey" not in result.stderr
    assert result.lines[0].startswith("unchanged ")
    assert snapshot() == before


def test_imported_articles_open_in_the_admin_editor_with_their_history(run_import, sections,
                                                                        tmp_path, admin_client):
    from django.urls import reverse

    export = tmp_path / "export.jsonl"
    export.write_text(jsonl(
        {**FERRY, "body": "<h2>Phụ đề</h2><p><strong>Đậm</strong> <em>nghiêng</em> "
                          '<a href="https://example.vn">liên kết</a></p><ul><li>Một</li></ul>'
                          "<blockquote>Trích dẫn</blockquote>"},
    ), encoding="utf-8")
    assert run_import(export, draft=True).ok
    article = Article.objects.get()

    edit = admin_client.get(reverse("wagtailsnippets_news_article:edit", args=[article.pk]))
    assert edit.status_code == 200
    page = edit.content.decode()
    assert FERRY["title"] in page
    # Draftail's content state, JSON inside JSON inside an HTML attribute.
    assert r"Ph\\u1ee5 \\u0111\\u1ec1" in page
    history = admin_client.get(reverse("wagtailsnippets_news_article:history",
                                       args=[article.pk]))
    assert history.status_code == 200
    assert list(log_registry.get_logs_for_instance(article).values_list("action", flat=True)) \
        == ["wagtail.create"]
