"""Previews by a headless front end (the ``preview`` extra, wagtail-headless-preview), which the
test site installs when the package is installed (tests/settings.py) and enables per test."""

import html
import importlib.util
import json
import re
import unittest
from urllib.parse import parse_qs, urlsplit

from django.test import RequestFactory, override_settings
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase

from icssi_wagtail.models import CallToActionPage

from .test_admin import call_to_action_data
from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_testimonial,
    make_testimonial_index,
)

PREVIEW_INSTALLED = importlib.util.find_spec("wagtail_headless_preview") is not None
GRAPPLE_INSTALLED = importlib.util.find_spec("grapple") is not None
HEADLESS = override_settings(ICSSI_WAGTAIL={"HEADLESS_PREVIEW": True})


def front_end_url(response):
    """The front end's address that a headless preview shows in its iframe."""
    return html.unescape(re.search(r'<iframe src="([^"]+)"', response.content.decode())[1])


@unittest.skipUnless(
    PREVIEW_INSTALLED,
    "wagtail-headless-preview is not installed: pip install -e '.[preview]' to run these tests",
)
class HeadlessPreviewTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.call = make_call_to_action(title="Published title", slug="wsf-2015")
        cls.index = make_activity_index(parent=cls.call)
        cls.activity = make_activity(cls.index)
        cls.testimonials = make_testimonial_index(parent=cls.call)
        cls.testimonial = make_testimonial(cls.testimonials)

    def setUp(self):
        self.login()

    def preview_in_admin(self, page, **changes):
        """Preview ``page`` with ``changes`` as an editor does: post the edit form, then open
        the preview."""
        url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
        response = self.client.post(url, call_to_action_data(**changes))
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        return self.client.get(url)

    def test_previews_render_the_page_templates_unless_enabled(self):
        from wagtail_headless_preview.models import PagePreview

        response = self.preview_in_admin(self.call, title="Draft title", slug="wsf-2015")
        self.assertContains(response, "Draft title")
        self.assertTemplateUsed(response, "icssi_wagtail/pages/call_to_action_page.html")
        self.assertFalse(PagePreview.objects.exists())
        self.assertIsNone(CallToActionPage.get_page_from_preview_token("id=1:forged"))

    @HEADLESS
    def test_enabled_previews_go_to_the_front_end_with_a_token(self):
        from wagtail_headless_preview.models import PagePreview

        response = self.preview_in_admin(self.call, title="Draft title", slug="wsf-2015")
        self.assertTemplateUsed(response, "wagtail_headless_preview/preview.html")
        self.assertNotContains(response, "Draft title")
        src = front_end_url(response)
        self.assertTrue(src.startswith("https://front.example/preview/?"), src)
        query = parse_qs(urlsplit(src).query)
        self.assertEqual(query["content_type"], ["icssi_wagtail.calltoactionpage"])
        (token,) = query["token"]
        self.assertEqual(PagePreview.objects.get().token, token)
        draft = CallToActionPage.get_page_from_preview_token(token)
        self.assertEqual((draft.pk, draft.title), (self.call.pk, "Draft title"))
        self.call.refresh_from_db()
        self.assertEqual(self.call.title, "Published title")  # the live page is untouched

    @HEADLESS
    def test_every_page_type_is_previewed_by_the_front_end(self):
        request = RequestFactory().get("/")
        for page in (self.call, self.index, self.activity, self.testimonials, self.testimonial):
            with self.subTest(page=type(page).__name__):
                response = page.serve_preview(request, page.default_preview_mode)
                query = parse_qs(urlsplit(front_end_url(response)).query)
                content_type = f"icssi_wagtail.{type(page).__name__.lower()}"
                self.assertEqual(query["content_type"], [content_type])
                draft = type(page).get_page_from_preview_token(query["token"][0])
                self.assertEqual(draft.pk, page.pk)

    @HEADLESS
    def test_pages_are_still_served_by_their_templates(self):
        response = self.client.get(self.call.url)
        self.assertContains(response, "Published title")

    @HEADLESS
    @unittest.skipUnless(
        GRAPPLE_INSTALLED, "wagtail-grapple is not installed: pip install -e '.[graphql]'"
    )
    def test_front_end_fetches_the_draft_through_graphql(self):
        self.preview_in_admin(self.call, title="Draft title", slug="wsf-2015", headline="New!")
        from wagtail_headless_preview.models import PagePreview

        token = PagePreview.objects.get().token
        query = '{ page(token: "' + token + '") { title ... on CallToActionPage { headline } } }'
        self.client.logout()  # the front end holds the token, not an admin session
        response = self.client.post(
            "/graphql/", json.dumps({"query": query}), content_type="application/json"
        )
        self.assertEqual(
            response.json(), {"data": {"page": {"title": "Draft title", "headline": "New!"}}}
        )
        forged = query.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
        response = self.client.post(
            "/graphql/", json.dumps({"query": forged}), content_type="application/json"
        )
        self.assertIsNone(response.json()["data"]["page"])
