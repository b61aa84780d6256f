"""Create the groups "Phóng viên", "Biên tập viên", "Lãnh đạo duyệt bài", "Quản trị" and the
two-step workflow "Biên tập" → "Duyệt đăng" for articles (definitions in newsroom.roles)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from newsroom import roles

    roles.create_roles(apps)
    roles.create_workflow(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("newsroom", "0001_retention_and_takedown_log"),
        ("news", "0003_article_owner_withdrawn_at"),
        ("notices", "0001_initial"),
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
