"""`manage.py load_demo_content`: the demo portal, created once (safe to run again)."""

from django.core.management.base import BaseCommand

from demo import demo_content


class Command(BaseCommand):
    help = "Load demo sections, articles, announcements, documents and station settings."

    def handle(self, *args, **options) -> None:
        created = demo_content.load()
        summary = ", ".join(f"{name}: {count}" for name, count in created.items())
        if any(created.values()):
            self.stdout.write(f"Demo content created ({summary}).")
        else:
            self.stdout.write(f"Demo content already present; nothing added ({summary}).")
