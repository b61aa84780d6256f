"""`manage.py load_demo_content`: the demo portal, created once (safe to run again)."""

from django.core.management.base import BaseCommand

from demo import demo_content


class Command(BaseCommand):
    help = ("Load demo sections, articles, announcements, documents, station settings and "
            "programme episodes (transcoded here when ffmpeg is installed), and one article "
            "read aloud (espeak-ng).")

    def handle(self, *args, **options) -> None:
        created = demo_content.load()
        created["episodes"], note = demo_content.load_episodes()
        if note:
            self.stdout.write(note)
        created["article audio"], note = demo_content.load_article_audio()
        if note:
            self.stdout.write(note)
        summary = ", ".join(f"{name}: {count}" for name, count in created.items())
        if any(created.values()):
            self.stdout.write(f"Demo content created ({summary}).")
        else:
            self.stdout.write(f"Demo content already present; nothing added ({summary}).")
