"""Remove the copies of where each activity is listed (``listed_under``, ``listed_locale``) and
their indexes: pages far into a listing skip keys in ``icssi_activity_order`` instead
(``listing.deferred_join``). Add ``ActivityCount``, the listing's unfiltered count and facets
kept up to date on publish (``listing.recount``; filled on first use). See docs/performance.md,
"Deep pages and kept counts"."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("icssi_wagtail", "0006_organisation_directory"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="activitypage", name="icssi_activity_listed"),
        migrations.RemoveIndex(model_name="activitypage", name="icssi_activity_listed_locale"),
        migrations.RemoveIndex(model_name="activitypage", name="icssi_activity_order"),
        migrations.AddIndex(
            model_name="activitypage",
            index=models.Index(
                fields=["starts_at", "page_ptr", "ends_at"], name="icssi_activity_order"
            ),
        ),
        migrations.RemoveField(model_name="activitypage", name="listed_under"),
        migrations.RemoveField(model_name="activitypage", name="listed_locale"),
        migrations.CreateModel(
            name="ActivityCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("theme", models.SlugField(blank=True, max_length=100, verbose_name="theme")),
                ("count", models.PositiveIntegerField(verbose_name="number of activities")),
                (
                    "index",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.page",
                    ),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.locale",
                    ),
                ),
            ],
            options={
                "verbose_name": "number of activities",
                "verbose_name_plural": "numbers of activities",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("index", "locale", "theme"), name="icssi_activity_count_unique"
                    )
                ],
            },
        ),
    ]
