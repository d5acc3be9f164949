"""Count each index's activities per country too (``ActivityCount.country``): the listing's
country filter offers the countries that have activities, without reading them per request.
The counts are deleted here, both ways (unapplied, the rows per country would collide), and
counted again when next asked for."""

from django.db import migrations, models


def forget_counts(apps, schema_editor):
    apps.get_model("icssi_wagtail", "ActivityCount").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("icssi_wagtail", "0007_remove_listing_copies")]

    operations = [
        migrations.RemoveConstraint(model_name="activitycount", name="icssi_activity_count_unique"),
        migrations.AddField(
            model_name="activitycount",
            name="country",
            field=models.CharField(blank=True, max_length=2, verbose_name="country"),
        ),
        migrations.AddConstraint(
            model_name="activitycount",
            constraint=models.UniqueConstraint(
                fields=("index", "locale", "theme", "country"), name="icssi_activity_count_unique"
            ),
        ),
        migrations.RunPython(forget_counts, forget_counts, elidable=True),
    ]
