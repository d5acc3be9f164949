"""simple_translation without i18n_patterns, and editors adding the site's own subclass."""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import TestCase

from events.models import LocalActivityPage

from .content import build_site, translate


class SimpleTranslationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.call = cls.site["call"]
        cls.french_call = translate(
            cls.call,
            "Forum social mondial 2015",
            headline="Rejoignez les militants irakiens au Forum social mondial !",
        )

    def test_the_french_page_is_in_french_in_the_layout(self):
        # Without i18n_patterns, Wagtail serves the page of the visitor's language.
        response = self.client.get(self.french_call.url, headers={"accept-language": "fr"})
        self.assertEqual(response.status_code, 200)
        soup = BeautifulSoup(response.content, "html.parser")
        self.assertIn("Rejoignez", soup.select_one("main#riverside-main h1").get_text())
        self.assertEqual(soup.html["lang"], "fr")

    def test_the_language_switcher_leads_to_the_french_page(self):
        """Without i18n_patterns, a visitor following "Français" on the English page must get
        the French page, whatever language their browser asks for."""
        response = self.client.get(self.call.url)
        soup = BeautifulSoup(response.content, "html.parser")
        link = soup.select_one('main nav.icssi-languages a[hreflang="fr"]')
        self.assertIsNotNone(link, "no link to the French page")
        french = self.client.get(link["href"], headers={"accept-language": "en"}, follow=True)
        self.assertEqual(french.status_code, 200)
        self.assertContains(french, "Rejoignez les militants irakiens")
        # Without i18n_patterns both languages share one address: no hreflang alternates
        # then (they would name one address twice), or, where they differ, one each.
        alternates = {
            a["hreflang"]: a["href"] for a in soup.head.select('link[rel="alternate"][hreflang]')
        }
        if alternates:
            self.assertNotEqual(alternates["fr"], alternates["en"])


class AdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")

    def test_editors_may_add_the_site_subclass_under_an_activity_index(self):
        self.client.force_login(self.admin)
        index = self.site["index"]
        response = self.client.get(f"/cms/pages/add/events/localactivitypage/{index.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertIn(LocalActivityPage, index.specific_class.allowed_subpage_models())
