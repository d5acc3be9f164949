"""The translation editor as translators, editors and moderators find it (issue 19, items 8 and 9).

Translators never see "Delete" or "Convert to alias page"; they mark a finished translation
"Ready for review", which saves a draft revision and submits it to Wagtail's moderation, whose
reviewers are emailed; a moderator publishes it from the page editor.
"""

import json
import re
from html import unescape
from io import StringIO
from unittest import skipUnless

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.contrib.staticfiles import finders
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowState
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import translate_object

from icssi_wagtail.translation_review import pages_ready_for_review

from .localize import arabic
from .utils import make_testimonial, make_testimonial_index, site_root


def editor_props(response):
    """The props that the translation editor's React component reads."""
    html = response.content.decode()
    start = html.index('class="js-translation-editor" data-props="') + len(
        'class="js-translation-editor" data-props="'
    )
    return json.loads(unescape(html[start : html.index('"', start)]))


def make_member(name, group):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


class TranslationReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.arabic = arabic()
        index = make_testimonial_index(title="Testimonials")
        cls.testimonial = make_testimonial(index, title="Quazi Baby travels to Baghdad")
        with cls.captureOnCommitCallbacks(execute=True):
            translate_object(cls.testimonial, [cls.arabic])
        cls.translation = Translation.objects.get(target_locale=cls.arabic)
        cls.translated = cls.testimonial.get_translation(cls.arabic)
        call_command("icssi_translators_group", stdout=StringIO())
        call_command("icssi_groups", stdout=StringIO())
        cls.translator = make_member("translator", "Translators")
        cls.editor = make_member("editor", "Editors")
        cls.moderator = make_member("moderator", "Moderators")
        cls.edit_url = reverse("wagtailadmin_pages:edit", args=[cls.translated.pk])
        cls.ready_url = reverse("icssi_wagtail_translation_ready", args=[cls.translation.pk])

    def translate_every_string(self):
        for segment in StringSegment.objects.filter(source=self.translation.source):
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=self.arabic,
                context=segment.context,
                data=f"[ar] {segment.string.data}",
            )

    def mark_ready(self, user):
        self.client.force_login(user)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.ready_url)

    def test_footer_offers_no_delete_or_alias_to_who_may_not_publish(self):
        # An editor owns the translation it submitted, so Wagtail lets it delete the draft.
        self.translated.owner = self.editor
        self.translated.save()
        for user in (self.translator, self.editor):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                props = editor_props(self.client.get(self.edit_url))
                self.assertFalse(props["perms"]["canPublish"])
                self.assertFalse(props["perms"]["canDelete"])
                self.assertIsNone(props["links"]["convertToAliasUrl"])
        self.client.force_login(self.moderator)
        props = editor_props(self.client.get(self.edit_url))
        self.assertTrue(props["perms"]["canPublish"])
        self.assertEqual(
            props["links"]["convertToAliasUrl"],
            reverse("wagtail_localize:convert_to_alias", args=[self.translated.pk]),
        )

    def test_translator_is_offered_ready_for_review_and_publishers_are_not(self):
        self.client.force_login(self.translator)
        response = self.client.get(self.edit_url)
        self.assertContains(response, f'method="post" action="{self.ready_url}"')
        self.assertContains(response, "icssi_wagtail/translation_editor.css")
        self.client.force_login(self.moderator)
        response = self.client.get(self.edit_url)
        self.assertNotContains(response, self.ready_url)
        self.assertNotContains(response, "icssi-translation-footer")

    def test_the_translators_footer_leads_with_ready_for_review(self):
        """wagtail-localize's footer would make "Stop Synced translation" a translator's main
        action: translators get a footer whose main action is "Ready for review", then the
        previews, and nothing that stops, deletes or converts the translation."""
        self.client.force_login(self.translator)
        response = self.client.get(self.edit_url)
        html = response.content.decode()
        footer = html[html.index('<footer class="footer icssi-translation-footer">') :]
        footer = footer[: footer.index("</footer>")]
        buttons = re.findall(r"<(?:button|a)\b[^>]*>(.*?)</(?:button|a)>", footer, re.S)
        labels = [re.sub(r"<[^>]+>|\s+", " ", label).strip() for label in buttons]
        self.assertEqual(labels, ["Ready for review", "Preview"])
        self.assertIn('type="submit" form="icssi-ready-for-review" class="button"', footer)
        preview = reverse("wagtail_localize:preview_translation", args=[self.translation.pk])
        self.assertIn(f'href="{preview}"', footer)
        for action in ("Stop Synced translation", "Convert to alias page", "Delete"):
            self.assertNotIn(action, footer)
        # wagtail-localize's own footer, drawn in the browser, is hidden after the form.
        css = finders.find("icssi_wagtail/translation_editor.css")
        with open(css, encoding="utf-8") as stylesheet:
            self.assertIn(
                "#icssi-ready-for-review ~ .js-translation-editor footer {\n    display: none;",
                stylesheet.read(),
            )
        self.assertLess(
            html.index('id="icssi-ready-for-review"'), html.index("js-translation-editor")
        )

    def assert_on_dashboard(self, user, page, shown):
        """The ICSSI dashboard panel lists ``page`` under its translations waiting for review
        for ``user`` (or not)."""
        self.client.force_login(user)
        response = self.client.get(reverse("wagtailadmin_home"))
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        text = response.content.decode()
        panel = text.split("Translations waiting for review", 1)[-1].split("Photo consent", 1)[0]
        self.assertEqual(edit_url in panel, shown)

    def test_ready_for_review_saves_a_revision_and_tells_the_moderators(self):
        self.translate_every_string()
        revisions = self.translated.revisions.count()
        response = self.mark_ready(self.translator)
        self.assertRedirects(response, self.edit_url, fetch_redirect_response=False)
        page = Page.objects.get(pk=self.translated.pk)
        self.assertEqual(page.revisions.count(), revisions + 1)
        self.assertEqual(page.get_latest_revision().user, self.translator)
        self.assertEqual(
            page.get_latest_revision_as_object().title, "[ar] Quazi Baby travels to Baghdad"
        )
        self.assertFalse(page.live)
        state = WorkflowState.objects.get(object_id=str(page.pk))
        self.assertEqual(
            (state.status, state.requested_by), (WorkflowState.STATUS_IN_PROGRESS, self.translator)
        )
        recipients = {address for message in mail.outbox for address in message.to}
        self.assertIn("moderator@example.org", recipients)
        self.assertNotIn("translator@example.org", recipients)
        self.assertIn(
            "[ar] Quazi Baby travels to Baghdad", " ".join(m.subject for m in mail.outbox)
        )
        (message,) = get_messages(response.wsgi_request)
        self.assertIn("submitted to “Moderators approval”", str(message))

        self.assertEqual(list(pages_ready_for_review(self.moderator)), [page])
        self.assertEqual(list(pages_ready_for_review(self.translator)), [])
        self.assertEqual(list(pages_ready_for_review(self.editor)), [])
        self.assert_on_dashboard(self.moderator, page, True)
        self.assert_on_dashboard(self.editor, page, False)
        self.client.force_login(self.translator)
        response = self.client.get(self.edit_url)
        self.assertContains(response, "This translation is waiting for review in “Moderators")
        self.assertContains(response, "Ready for review again")
        self.assertNotContains(response, "waits for your review")  # the translator's view

    def test_a_live_translation_stays_as_it_is_until_a_moderator_publishes(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.translation.save_target(publish=True)
        live_title = Page.objects.get(pk=self.translated.pk).title
        self.translate_every_string()
        self.mark_ready(self.translator)
        page = Page.objects.get(pk=self.translated.pk)
        self.assertTrue(page.live)
        self.assertEqual(page.title, live_title)
        self.assertTrue(page.has_unpublished_changes)
        self.assertEqual(
            page.get_latest_revision_as_object().title, "[ar] Quazi Baby travels to Baghdad"
        )
        served = self.client.get(page.url)
        self.assertNotContains(served, "[ar] Quazi Baby")
        self.assertEqual(list(pages_ready_for_review(self.moderator)), [page])

    def test_translator_cannot_publish_and_a_moderator_publishes_from_the_page_editor(self):
        self.translate_every_string()
        self.mark_ready(self.translator)
        response = self.client.post(self.edit_url, {"action": "publish"})
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.assertFalse(Page.objects.get(pk=self.translated.pk).live)
        # Nor through wagtail-localize's own shortcut.
        convert = reverse("wagtail_localize:convert_to_alias", args=[self.translated.pk])
        self.client.post(convert)
        self.assertFalse(Page.objects.get(pk=self.translated.pk).live)

        self.client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.edit_url, {"action": "publish"})
        self.assertEqual(response.status_code, 302)
        page = Page.objects.get(pk=self.translated.pk)
        self.assertTrue(page.live)
        self.assertEqual(page.title, "[ar] Quazi Baby travels to Baghdad")
        self.assertEqual(list(pages_ready_for_review(self.moderator)), [])

    def test_a_moderator_approves_from_the_workflow_and_the_translation_goes_live(self):
        self.translate_every_string()
        self.mark_ready(self.translator)
        state = WorkflowState.objects.get(object_id=str(self.translated.pk))
        approve = reverse(
            "wagtailadmin_pages:workflow_action",
            args=[self.translated.pk, "approve", state.current_task_state.pk],
        )
        self.client.force_login(self.moderator)
        editor = self.client.get(self.edit_url)
        self.assertContains(editor, "This translation waits for your review")
        self.assertContains(editor, f'formaction="{approve}"')
        reject = approve.replace("/approve/", "/reject/")
        self.assertContains(editor, f'formaction="{reject}"')
        self.assertNotContains(editor, 'class="icssi-ready-for-review"')
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(approve, {"comment": "", "next": self.edit_url})
        self.assertRedirects(response, self.edit_url, fetch_redirect_response=False)
        self.assertNotContains(self.client.get(self.edit_url), "waits for your review")
        page = Page.objects.get(pk=self.translated.pk)
        self.assertTrue(page.live)
        self.assertEqual(page.title, "[ar] Quazi Baby travels to Baghdad")
        self.assertEqual(list(pages_ready_for_review(self.moderator)), [])
        self.assertContains(self.client.get(page.url), "[ar] Quazi Baby travels to Baghdad")

    def test_changes_requested_then_ready_again_resumes_the_workflow(self):
        self.mark_ready(self.translator)
        state = WorkflowState.objects.get(object_id=str(self.translated.pk))
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, self.moderator, "reject")
        state.refresh_from_db()
        self.assertEqual(state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.assertContains(self.client.get(self.edit_url), "The reviewers asked for changes.")
        self.assertEqual(list(pages_ready_for_review(self.moderator)), [])
        self.mark_ready(self.translator)
        state.refresh_from_db()
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(WorkflowState.objects.count(), 1)

    def test_without_a_workflow_the_translator_is_told_nobody_was(self):
        WorkflowPage.objects.filter(page=site_root()).delete()
        WorkflowPage.objects.all().delete()
        self.assertFalse(Workflow.objects.filter(workflow_pages__isnull=False).exists())
        response = self.mark_ready(self.translator)
        (message,) = get_messages(response.wsgi_request)
        self.assertIn("nobody has been told", str(message))
        self.assertEqual(mail.outbox, [])
        self.assertTrue(Page.objects.get(pk=self.translated.pk).has_unpublished_changes)

    @skipUnless(
        connection.vendor == "sqlite",
        "wagtail-localize's own post_save copies a title string into a 255-character column: "
        "PostgreSQL and MariaDB refuse the test's 300-character title before our code runs",
    )
    def test_a_translation_the_page_cannot_hold_is_explained_not_sent(self):
        title = StringSegment.objects.get(source=self.translation.source, context__path="title")
        StringTranslation.objects.create(
            translation_of=title.string, locale=self.arabic, context=title.context, data="ع" * 300
        )
        revisions = self.translated.revisions.count()
        response = self.mark_ready(self.translator)
        self.assertRedirects(response, self.edit_url, fetch_redirect_response=False)
        (message,) = get_messages(response.wsgi_request)
        self.assertIn("The translation was not sent for review", str(message))
        self.assertIn("at most 255 characters", str(message))
        self.assertEqual(Page.objects.get(pk=self.translated.pk).revisions.count(), revisions)
        self.assertFalse(WorkflowState.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_who_may_not_edit_the_translation_cannot_mark_it_ready(self):
        stranger = get_user_model().objects.create_user("stranger", "s@example.org", "pw")
        stranger.groups.add(Group.objects.get(name="Translators"))
        Group.objects.get(name="Translators").page_permissions.all().delete()
        revisions = self.translated.revisions.count()
        self.client.force_login(stranger)
        response = self.client.post(self.ready_url)
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(Page.objects.get(pk=self.translated.pk).revisions.count(), revisions)
        self.assertEqual(self.client.get(self.ready_url).status_code, 405)
