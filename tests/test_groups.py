"""The ready-made Editors and Moderators groups (``icssi_groups``) do what README.md says,
through the admin, next to the Translators group (tests/test_translators.py)."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from wagtail.models import GroupPagePermission, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from icssi_wagtail.models import ActivityPage, Organisation, Theme

from . import test_translators
from .localize import arabic
from .utils import make_activity, make_activity_index, make_organisation, make_theme, site_root


def activity_form(activity, organisation, **overrides):
    """The admin's edit form of ``activity``, as a browser posts it."""
    data = {
        "title": activity.title,
        "slug": activity.slug,
        "summary": "Iraq, Syria and Turkey.",
        "organisers": inline_formset([{"organisation": organisation.pk}]),
        "body": streamfield([("paragraph", rich_text("<p>Dams and wars.</p>"))]),
        "start_date": "2025-03-25",
        "start_time": "10:00",
        "end_date": "",
        "end_time": "12:00",
        "time_zone": "Africa/Tunis",
        "attendance_mode": "in_person",
        "city": "Tunis",
        "country": "TN",
        "status": "scheduled",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return {**nested_form_data(data), "languages": ["ar"]}


class GroupsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.arabic = arabic()
        cls.forum = make_organisation("Iraqi Social Forum")
        cls.index = make_activity_index(title="Activities")
        cls.activity = make_activity(cls.index, title="Water and the marshes")
        call_command("icssi_groups", stdout=StringIO())
        users = get_user_model().objects
        cls.editor = users.create_user("editor", password="pw")
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.moderator = users.create_user("moderator", password="pw")
        cls.moderator.groups.add(Group.objects.get(name="Moderators"))

    def edit(self, user, action=None, **overrides):
        self.client.force_login(user)
        data = activity_form(self.activity, self.forum, **overrides)
        if action:
            data[f"action-{action}"] = action
        url = reverse("wagtailadmin_pages:edit", args=[self.activity.pk])
        return self.client.post(url, data)

    def live_title(self):
        return ActivityPage.objects.get(pk=self.activity.pk).title


class GroupDefinitionTests(GroupsTestCase):
    def test_page_permissions_on_the_site_root_in_every_language(self):
        for name, codenames in [
            ("Editors", ["add_page", "change_page"]),
            ("Moderators", ["add_page", "change_page", "lock_page", "publish_page", "unlock_page"]),
        ]:
            with self.subTest(group=name):
                granted = GroupPagePermission.objects.filter(group__name=name)
                roots = {(p.page.translation_key, p.page.locale.language_code) for p in granted}
                # Only the site roots: Wagtail's own groups of these names held their page
                # permissions on the root of the tree (depth 1), which the command takes away.
                self.assertIn((site_root().translation_key, "ar"), roots)
                self.assertEqual(
                    roots,
                    {
                        (site.root_page.translation_key, language)
                        for site in Site.objects.all()
                        for language in ("en", "ar")
                    },
                )
                for language in ("en", "ar"):
                    self.assertEqual(
                        sorted(
                            p.permission.codename
                            for p in granted
                            if p.page.locale.language_code == language
                        ),
                        codenames,
                    )

    def test_groups_under_other_names_may_submit_pages_for_translation(self):
        # wagtail-localize's migration gives its permission to groups named "Editors" and
        # "Moderators" that exist then; a group the command creates gets it from the command.
        call_command("icssi_groups", editors="Redaction", moderators="Relecture", stdout=StringIO())
        for name in ("Redaction", "Relecture"):
            with self.subTest(group=name):
                user = get_user_model().objects.create_user(name.lower(), password="pw")
                user.groups.add(Group.objects.get(name=name))
                self.assertTrue(user.has_perm("wagtail_localize.submit_translation"))

    def test_running_it_again_changes_nothing(self):
        before = GroupPagePermission.objects.count(), Group.objects.count()
        out = StringIO()
        call_command("icssi_groups", stdout=out)
        self.assertIn("Updated the group “Editors”", out.getvalue())
        self.assertEqual((GroupPagePermission.objects.count(), Group.objects.count()), before)


class EditorTests(GroupsTestCase):
    def test_editor_saves_a_draft_of_an_activity(self):
        response = self.edit(self.editor, title="Water, dams and the marshes")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.live_title(), "Water and the marshes")
        latest = ActivityPage.objects.get(pk=self.activity.pk).get_latest_revision()
        self.assertEqual(latest.as_object().title, "Water, dams and the marshes")
        self.assertEqual(latest.user, self.editor)

    def test_editor_cannot_publish_an_activity(self):
        self.assertFalse(self.activity.permissions_for_user(self.editor).can_publish())
        live_revision = self.activity.live_revision_id
        # Wagtail saves a draft instead when someone who may not publish asks to.
        self.edit(self.editor, action="publish", title="Published by an editor")
        page = ActivityPage.objects.get(pk=self.activity.pk)
        self.assertEqual(page.title, "Water and the marshes")
        self.assertEqual(page.live_revision_id, live_revision)
        self.assertEqual(page.get_latest_revision().as_object().title, "Published by an editor")
        self.client.post(reverse("wagtailadmin_pages:unpublish", args=[self.activity.pk]))
        self.assertTrue(ActivityPage.objects.get(pk=self.activity.pk).live)

    def test_editor_submits_for_moderation_and_a_moderator_approves(self):
        # Wagtail's own "Moderators approval" workflow, on the root page, asks the Moderators.
        response = self.edit(self.editor, action="submit", title="Submitted by an editor")
        self.assertEqual(response.status_code, 302)
        page = ActivityPage.objects.get(pk=self.activity.pk)
        state = page.current_workflow_state
        self.assertIsNotNone(state)
        self.assertEqual(self.live_title(), "Water and the marshes")
        task_state = state.current_task_state
        self.assertIn("Moderators", task_state.task.specific.groups.values_list("name", flat=True))
        self.client.force_login(self.moderator)
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
        )
        self.client.post(url, {"comment": ""})
        self.assertEqual(self.live_title(), "Submitted by an editor")

    def test_editor_edits_but_cannot_delete_snippets(self):
        self.client.force_login(self.editor)
        url = reverse("wagtailsnippets_icssi_wagtail_theme:add")
        data = {"name": "Water", "slug": "water", "description": "", "sort_order": "1"}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        theme = Theme.objects.get(slug="water")
        edit = reverse("wagtailsnippets_icssi_wagtail_theme:edit", args=[theme.pk])
        self.assertEqual(self.client.post(edit, {**data, "name": "Water!"}).status_code, 302)
        self.assertEqual(Theme.objects.get(pk=theme.pk).name, "Water!")
        organisation = make_organisation("PDAP")
        delete = "wagtailsnippets_icssi_wagtail_organisation:delete"
        self.client.post(reverse(delete, args=[organisation.pk]))
        self.assertTrue(Organisation.objects.filter(pk=organisation.pk).exists())

    def test_editor_cannot_lock(self):
        self.assertFalse(self.activity.permissions_for_user(self.editor).can_lock())


class ModeratorTests(GroupsTestCase):
    def test_moderator_publishes_an_activity(self):
        response = self.edit(self.moderator, action="publish", title="Water, dams and the marshes")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.live_title(), "Water, dams and the marshes")
        page = ActivityPage.objects.get(pk=self.activity.pk)
        self.assertEqual(page.live_revision.user, self.moderator)

    def test_moderator_publishes_an_editors_draft(self):
        self.edit(self.editor, title="Drafted by an editor")
        self.edit(self.moderator, action="publish", title="Drafted by an editor")
        self.assertEqual(self.live_title(), "Drafted by an editor")

    def test_moderator_unpublishes_and_locks(self):
        perms = self.activity.permissions_for_user(self.moderator)
        self.assertTrue(perms.can_lock())
        self.assertTrue(perms.can_unpublish())
        self.client.force_login(self.moderator)
        self.client.post(reverse("wagtailadmin_pages:lock", args=[self.activity.pk]))
        self.assertTrue(ActivityPage.objects.get(pk=self.activity.pk).locked)
        self.client.post(reverse("wagtailadmin_pages:unlock", args=[self.activity.pk]))
        self.client.post(reverse("wagtailadmin_pages:unpublish", args=[self.activity.pk]))
        self.assertFalse(ActivityPage.objects.get(pk=self.activity.pk).live)

    def test_moderator_deletes_an_unused_snippet(self):
        organisation = make_organisation("PDAP")
        theme = make_theme("Sports")
        self.client.force_login(self.moderator)
        for model, obj in (("organisation", organisation), ("theme", theme)):
            url = reverse(f"wagtailsnippets_icssi_wagtail_{model}:delete", args=[obj.pk])
            self.assertEqual(self.client.post(url).status_code, 302)
        self.assertFalse(Organisation.objects.filter(pk=organisation.pk).exists())
        self.assertFalse(Theme.objects.filter(pk=theme.pk).exists())

    def test_moderator_publishes_a_translators_draft(self):
        call_command("icssi_translators_group", stdout=StringIO())
        translator = get_user_model().objects.create_user("translator", password="pw")
        translator.groups.add(Group.objects.get(name="Translators"))
        self.client.force_login(translator)
        url = reverse("wagtail_localize:submit_page_translation", args=[self.activity.pk])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, {"locales": [self.arabic.pk]})
        translated = self.activity.get_translation(self.arabic)
        self.assertFalse(translated.live)
        self.assertTrue(translated.permissions_for_user(self.moderator).can_publish())
        with self.captureOnCommitCallbacks(execute=True):
            translated.get_latest_revision().publish(user=self.moderator)
        self.assertTrue(ActivityPage.objects.get(pk=translated.pk).live)


class TranslatorWithEditorsAndModeratorsTests(test_translators.TranslatorsGroupTests):
    """The Translators group's tests, run again with Editors and Moderators also set up: the
    new groups give translators nothing more."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        call_command("icssi_groups", stdout=StringIO())

    def test_translator_cannot_reach_pages_outside_their_permissions(self):
        other = make_activity(make_activity_index(title="Elsewhere"))
        self.assertFalse(other.permissions_for_user(self.translator).can_edit())
        edit = reverse("wagtailadmin_pages:edit", args=[other.pk])
        self.assertNotEqual(self.client.get(edit).status_code, 200)
        self.assertFalse(other.permissions_for_user(self.translator).can_publish())
