"""Editorial actions against the running production stack, driven by the end-to-end tests.

Run with the stack's environment (deploy/prodstack.py Stack.django_env()); reads one JSON
command per line on stdin and answers one JSON line, after the change has committed and the
same signals as the admin's publish/unpublish buttons have fired in this process.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402

from edgecache.conf import conf  # noqa: E402
from news.models import Article, Section  # noqa: E402


def setup(command: dict) -> dict:
    """A fresh section tree and two published articles in it; unique per run."""
    run = uuid.uuid4().hex[:8]
    root = Section.objects.create(name=f"Gốc {run}", slug=f"goc-{run}", sort_order=0)
    local = Section.objects.create(name=f"Địa phương {run}", slug=f"dia-phuong-{run}",
                                   parent=root, sort_order=1)
    topic = Section.objects.create(name=f"Chủ đề {run}", slug=f"chu-de-{run}", is_topic=True,
                                   sort_order=2)
    stories = {}
    for key, minutes in (("older", 30), ("story", 5)):
        article = Article(
            title=f"Bài {key} {run}", sapo="Tóm tắt.", byline="Phóng viên",
            body=[{"type": "paragraph", "value": "<p>Nội dung.</p>"}],
            primary_section=local, is_featured=True, live=False,
            published_at=timezone.now() - timedelta(minutes=minutes),
        )
        article.save()
        article.topic_sections.set([topic])
        article.save_revision().publish()
        stories[key] = article.pk
    user_model = get_user_model()
    username = f"editor{run}"
    user_model.objects.create_superuser(username=username, email="", password=f"pw-{run}-x")
    return {"run": run, "root": root.slug, "local": local.slug, "topic": topic.slug,
            "story": stories["story"], "older": stories["older"],
            "username": username, "password": f"pw-{run}-x"}


def url(command: dict) -> dict:
    return {"url": Article.objects.get(pk=command["id"]).get_absolute_url()}


def edit(command: dict) -> dict:
    article = Article.objects.get(pk=command["id"])
    article.title = command["title"]
    article.save_revision().publish()
    return {"url": article.get_absolute_url()}


def unpublish(command: dict) -> dict:
    Article.objects.get(pk=command["id"]).unpublish()
    return {}


def publish(command: dict) -> dict:
    article = Article.objects.get(pk=command["id"])
    article.save_revision().publish()
    return {}


def schedule(command: dict) -> dict:
    """Publish now but dated `seconds` ahead: readers see it only from that moment."""
    article = Article.objects.get(pk=command["id"])
    article.title = command["title"]
    article.published_at = timezone.now() + timedelta(seconds=command["seconds"])
    article.save_revision().publish()
    Article.objects.filter(pk=article.pk).update(published_at=article.published_at)
    return {"visible_at": article.published_at.timestamp()}


def settle(command: dict) -> dict:
    """Wait until the worker has run every job that is due: a job that finishes later (an
    article's machine-read audio, say) saves and purges the article's pages."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + command.get("timeout", 180)
    while (DBTaskResult.objects.ready() | DBTaskResult.objects.running()).exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the worker did not finish its due jobs")
        time.sleep(0.2)
    time.sleep(2 * float(conf.EDGE_CACHE_REPURGE_DELAY))  # a change's second purge comes that late
    return {}


ACTIONS = {"setup": setup, "url": url, "edit": edit, "unpublish": unpublish,
           "publish": publish, "schedule": schedule, "settle": settle}


def main() -> None:
    for line in sys.stdin:
        command = json.loads(line)
        try:
            answer = {"ok": True, **ACTIONS[command["op"]](command)}
        except Exception as error:  # report to the test instead of dying silently
            answer = {"ok": False, "error": repr(error)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
