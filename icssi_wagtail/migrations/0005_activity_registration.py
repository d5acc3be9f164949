# Activity registrations (icssi_wagtail.registration). Written by makemigrations on Wagtail 7.4,
# then reduced to this change alone; applies on Wagtail 7.4 and 8.0 (to="wagtailcore.page").

import django.db.models.deletion
import wagtail.contrib.routable_page.models
import wagtail.fields
from django.db import migrations, models

import icssi_wagtail.models.base
import icssi_wagtail.models.fields
import icssi_wagtail.models.registration


class Migration(migrations.Migration):
    dependencies = [
        ("icssi_wagtail", "0004_activity_listed"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="awaiting_review",
            field=models.BooleanField(
                default=False,
                help_text="Added through the registration form and not yet reviewed: shown "
                "nowhere public until a moderator publishes one of its activities or clears "
                "this box.",
                verbose_name="awaiting review",
            ),
        ),
        migrations.CreateModel(
            name="ActivityRegistration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reference",
                    models.CharField(
                        default=icssi_wagtail.models.registration.new_reference,
                        editable=False,
                        max_length=20,
                        unique=True,
                        verbose_name="reference",
                    ),
                ),
                ("contact_name", models.CharField(max_length=200, verbose_name="contact name")),
                (
                    "contact_email",
                    models.EmailField(db_index=True, max_length=254, verbose_name="contact e-mail"),
                ),
                ("language", models.CharField(max_length=15, verbose_name="language")),
                (
                    "channel",
                    models.CharField(
                        choices=[("page", "Registration form"), ("api", "API")],
                        default="page",
                        max_length=10,
                        verbose_name="sent through",
                    ),
                ),
                (
                    "decision",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting moderation"),
                            ("published", "Published"),
                            ("declined", "Declined"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="decision",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="sent")),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="decided"),
                ),
                (
                    "new_organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="icssi_wagtail.organisation",
                        verbose_name="new organisation",
                    ),
                ),
                (
                    "page",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="icssi_wagtail.activitypage",
                        verbose_name="activity",
                    ),
                ),
            ],
            options={
                "verbose_name": "activity registration",
                "verbose_name_plural": "activity registrations",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="ActivityRegistrationPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.page",
                    ),
                ),
                (
                    "intro",
                    wagtail.fields.RichTextField(
                        blank=True,
                        help_text="Shown above the form: who may register, and what happens next.",
                        verbose_name="introduction",
                    ),
                ),
                (
                    "charter_url",
                    icssi_wagtail.models.fields.WebURLField(
                        blank=True,
                        help_text="Or the charter's address on another site.",
                        max_length=500,
                        verbose_name="charter address",
                    ),
                ),
                (
                    "thank_you_text",
                    models.TextField(
                        blank=True,
                        help_text="Shown after sending; leave empty for the standard text.",
                        max_length=1000,
                        verbose_name="thank-you text",
                    ),
                ),
                (
                    "activity_index",
                    models.ForeignKey(
                        help_text="Registered activities are created as drafts under this index "
                        "(its translation in the form's language, where it has one).",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="icssi_wagtail.activityindexpage",
                        verbose_name="activity index",
                    ),
                ),
                (
                    "charter_page",
                    models.ForeignKey(
                        blank=True,
                        help_text="The page of the charter of principles submitters agree to.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailcore.page",
                        verbose_name="charter page",
                    ),
                ),
            ],
            options={
                "verbose_name": "activity registration form",
                "verbose_name_plural": "activity registration forms",
            },
            bases=(
                icssi_wagtail.models.base.IcssiPageMixin,
                wagtail.contrib.routable_page.models.RoutablePageMixin,
                "wagtailcore.page",
            ),
        ),
    ]
