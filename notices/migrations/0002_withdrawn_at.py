from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notices", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="announcement",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, editable=False, null=True,
                                       verbose_name="withdrawn at"),
        ),
        migrations.AddField(
            model_name="officialdocument",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, editable=False, null=True,
                                       verbose_name="withdrawn at"),
        ),
    ]
