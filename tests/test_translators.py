"""Translators' tools: PO files for every page type, and the ready-made Translators group."""

import shutil
import subprocess
import tempfile
from io import StringIO

import polib
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.operations import translate_object

from icssi_wagtail.models import TestimonialPage

from .localize import arabic
from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_testimonial,
    make_testimonial_index,
    make_theme,
    site_root,
)


def submit_for_translation(page, locale):
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(page, [locale])
    source = TranslationSource.objects.get_for_instance(page)
    return Translation.objects.get(source=source, target_locale=locale)


class POFileTests(TestCase):
    """A translator downloads a page's PO file, translates it offline and uploads it."""

    @classmethod
    def setUpTestData(cls):
        cls.arabic = arabic()
        cls.admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
        water = make_theme("Water and armed conflicts", slug="water")
        index = make_activity_index(title="Activities", intro="<p>What member groups plan.</p>")
        testimonials = make_testimonial_index(title="Testimonials", intro="<p>Accounts.</p>")
        cls.pages = [
            make_call_to_action(
                title="Join us in Tunis", standfirst="Tunis, 24–28 March.", themes=[water]
            ),
            index,
            make_activity(index, title="Water and the marshes", themes=[water]),
            testimonials,
            make_testimonial(testimonials, title="Quazi Baby travels to Baghdad"),
        ]

    def test_download_and_upload_for_each_page_type(self):
        self.client.force_login(self.admin)
        msgfmt = shutil.which("msgfmt")
        if not msgfmt:
            self.fail("GNU gettext is needed: apt-get install gettext.")
        for page in self.pages:
            with self.subTest(page_type=type(page).__name__):
                translation = submit_for_translation(page, self.arabic)
                response = self.client.get(
                    reverse("wagtail_localize:download_pofile", args=[translation.id])
                )
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "text/x-gettext-translation")
                with tempfile.NamedTemporaryFile(suffix=".po") as file:
                    file.write(response.content)
                    file.flush()
                    check = subprocess.run(  # noqa: S603 (our own arguments)
                        [msgfmt, "--check", "-o", "/dev/null", file.name],
                        capture_output=True,
                        text=True,
                    )
                    self.assertEqual(check.returncode, 0, check.stderr)
                    po = polib.pofile(file.name)
                self.assertIn(page.title, [entry.msgid for entry in po])
                for entry in po:
                    entry.msgstr = f"[ar] {entry.msgid}"

                target = page.get_translation(self.arabic)
                response = self.client.post(
                    reverse("wagtail_localize:upload_pofile", args=[translation.id]),
                    {
                        "file": SimpleUploadedFile("page-ar.po", str(po).encode()),
                        "next": reverse("wagtailadmin_pages:edit", args=[target.id]),
                    },
                )
                self.assertRedirects(
                    response,
                    reverse("wagtailadmin_pages:edit", args=[target.id]),
                    fetch_redirect_response=False,
                )
                self.assertEqual(
                    StringTranslation.objects.filter(
                        locale=self.arabic, context__object=translation.source.object
                    ).count(),
                    len(po),
                )
                with self.captureOnCommitCallbacks(execute=True):
                    translation.save_target(publish=True)
                target = Page.objects.get(pk=target.pk).specific
                self.assertEqual(target.title, f"[ar] {page.title}")
                self.assertTrue(target.live)


class TranslatorsGroupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.arabic = arabic()
        index = make_testimonial_index(title="Testimonials")
        cls.testimonial = make_testimonial(index, title="Quazi Baby travels to Baghdad")
        call_command("icssi_translators_group", stdout=StringIO())
        cls.group = Group.objects.get(name="Translators")
        cls.translator = get_user_model().objects.create_user("translator", password="pw")
        cls.translator.groups.add(cls.group)

    def setUp(self):
        self.client.force_login(self.translator)

    def translate_as_translator(self):
        url = reverse("wagtail_localize:submit_page_translation", args=[self.testimonial.id])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"locales": [self.arabic.id]})
        self.assertEqual(response.status_code, 302)
        return self.testimonial.get_translation(self.arabic)

    def test_the_group_may_edit_only_the_target_languages_tree(self):
        permissions = GroupPagePermission.objects.filter(group=self.group)
        self.assertEqual(
            sorted((p.page.locale.language_code, p.permission.codename) for p in permissions),
            [("ar", "change_page")],
        )
        self.assertEqual(
            sorted(self.group.permissions.values_list("codename", flat=True)),
            ["access_admin", "submit_translation"],
        )
        # Running it again changes nothing.
        call_command("icssi_translators_group", stdout=StringIO())
        self.assertEqual(GroupPagePermission.objects.filter(group=self.group).count(), 1)

    def test_command_refuses_unknown_and_source_languages(self):
        with self.assertRaisesMessage(CommandError, "No locale for fr"):
            call_command("icssi_translators_group", language=["fr"], stdout=StringIO())
        with self.assertRaisesMessage(CommandError, "en is the source language"):
            call_command("icssi_translators_group", language=["en"], stdout=StringIO())

    def test_translator_translates_and_saves_a_draft(self):
        translated = self.translate_as_translator()
        self.assertFalse(translated.live)
        edit_url = reverse("wagtailadmin_pages:edit", args=[translated.id])
        response = self.client.get(edit_url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "js-translation-editor")  # wagtail-localize's editor
        self.assertContains(response, "&quot;canPublish&quot;: false")
        perms = translated.permissions_for_user(self.translator)
        self.assertTrue(perms.can_edit())
        self.assertFalse(perms.can_publish())

    def test_translator_cannot_publish_the_translation(self):
        translated = self.translate_as_translator()
        edit_url = reverse("wagtailadmin_pages:edit", args=[translated.id])
        response = self.client.post(edit_url, {"action": "publish"})
        # Wagtail's admin answers PermissionDenied with a redirect and a message.
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.assertIn(
            "Sorry, you do not have permission to access this area.",
            [str(message).strip() for message in get_messages(response.wsgi_request)],
        )
        self.assertFalse(Page.objects.get(pk=translated.pk).live)

    def test_translator_cannot_edit_or_publish_the_source_page(self):
        perms = self.testimonial.permissions_for_user(self.translator)
        self.assertFalse(perms.can_edit())
        self.assertFalse(perms.can_publish())
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.testimonial.id])
        self.assertNotEqual(self.client.get(edit_url).status_code, 200)
        revisions = self.testimonial.revisions.count()
        self.client.post(
            edit_url,
            {"title": "Changed", "slug": self.testimonial.slug, "action-publish": "publish"},
        )
        page = TestimonialPage.objects.get(pk=self.testimonial.pk)
        self.assertEqual(page.title, "Quazi Baby travels to Baghdad")
        self.assertEqual(page.revisions.count(), revisions)
        self.assertFalse(site_root().permissions_for_user(self.translator).can_edit())
