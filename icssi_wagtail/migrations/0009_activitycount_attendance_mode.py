"""Count each index's activities per attendance mode, in all and per theme
(``ActivityCount.attendance_mode``): a listing filtered by attendance reads its count and
facets instead of counting them per request. The counts are deleted here, both ways
(unapplied, the rows per mode would collide), and counted again when next asked for."""

from django.db import migrations, models


def forget_counts(apps, schema_editor):
    apps.get_model("icssi_wagtail", "ActivityCount").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("icssi_wagtail", "0008_activitycount_country")]

    operations = [
        migrations.RemoveConstraint(model_name="activitycount", name="icssi_activity_count_unique"),
        migrations.AddField(
            model_name="activitycount",
            name="attendance_mode",
            field=models.CharField(blank=True, max_length=20, verbose_name="attendance"),
        ),
        migrations.AddConstraint(
            model_name="activitycount",
            constraint=models.UniqueConstraint(
                fields=("index", "locale", "theme", "country", "attendance_mode"),
                name="icssi_activity_count_unique",
            ),
        ),
        # The last step forward, and so the first back, before the old constraint returns.
        migrations.RunPython(forget_counts, forget_counts, elidable=True),
    ]
